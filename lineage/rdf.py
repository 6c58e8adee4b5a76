"""Records → RDF, as N-Triples/N-Quads text.

Stores load text in bulk (Oxigraph parses N-Quads in Rust far faster than we
could build Python term objects), so the mapping writes terms as strings.
Every record becomes the triples of one named graph: `vocab.source_iri`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from lineage import vocab as v
from lineage.records import SourceRecord

_ESCAPES = {
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}
_ESCAPES.update({c: f"\\u{c:04X}" for c in range(0x20) if c not in _ESCAPES})
_ESCAPES[0x7F] = "\\u007F"


def _clean(text: str) -> str:
    # Lone surrogates (from badly decoded bytes) cannot be encoded: replace them.
    return text.encode("utf-8", "replace").decode("utf-8") if not text.isascii() else text


def lit(text: str) -> str:
    """An ``xsd:string`` literal in N-Triples syntax."""
    return '"' + _clean(text).translate(_ESCAPES) + '"'


def typed(value: object, datatype: str) -> str:
    """A typed literal."""
    return '"' + _clean(str(value)).translate(_ESCAPES) + '"^^<' + datatype + ">"


def iri(value: str) -> str:
    """An IRI term."""
    return "<" + value + ">"


_T = {
    name: iri(getattr(v, name))
    for name in dir(v)
    if name.isupper() and isinstance(getattr(v, name), str) and getattr(v, name).startswith("http")
}
_REL_PROP = {rel: iri(p) for rel, p in v.RELATION_PROPERTY.items()}
_TRUE = typed("true", v.XSD + "boolean")
_FALSE = typed("false", v.XSD + "boolean")


def _model(model_id: str, out: list[str]) -> str:
    m = iri(v.model_iri(model_id))
    out.append(f"{m} {_T['TYPE']} {_T['MLMODEL']} .")
    out.append(f"{m} {_T['HUB_ID']} {lit(model_id)} .")
    return m


def record_triples(rec: SourceRecord) -> list[str]:
    """The triples (N-Triples lines) that one source record asserts."""
    out: list[str] = []
    g = iri(v.source_iri(rec.source))
    out.append(f"{g} {_T['TYPE']} {_T['SOURCE']} .")
    out.append(f"{g} {_T['SOURCE_NAME']} {lit(rec.source)} .")
    out.append(f"{g} {_T['SOURCE_KIND']} {lit(rec.source_kind)} .")
    out.append(f"{g} {_T['LOCATION']} {lit(rec.location)} .")
    m = _model(rec.model_id, out)
    out.append(f"{g} {_T['ABOUT']} {m} .")
    if rec.describes_model:
        out.append(f"{m} {_T['DESCRIBED_BY']} {g} .")
    if rec.license:
        out.append(f"{m} {_T['LICENSE']} {lit(rec.license)} .")
    if rec.license_name:
        out.append(f"{m} {_T['LICENSE_NAME']} {lit(rec.license_name)} .")
    if rec.license_link:
        out.append(f"{m} {_T['LICENSE_LINK']} {lit(rec.license_link)} .")
    for ds in rec.datasets:
        d = iri(v.dataset_iri(ds))
        out.append(f"{m} {_T['TRAINED_ON']} {d} .")
        out.append(f"{d} {_T['TYPE']} {_T['DATASET']} .")
        out.append(f"{d} {_T['IDENTIFIER']} {lit(ds)} .")
    if rec.library:
        out.append(f"{m} {_T['LIBRARY']} {lit(rec.library)} .")
    if rec.pipeline_tag:
        out.append(f"{m} {_T['PIPELINE_TAG']} {lit(rec.pipeline_tag)} .")
    for lang in rec.languages:
        out.append(f"{m} {_T['LANGUAGE']} {lit(lang)} .")
    for tag in rec.tags:
        out.append(f"{m} {_T['KEYWORDS']} {lit(tag)} .")
    if rec.new_version:
        nv = _model(rec.new_version, out)
        out.append(f"{m} {_T['NEW_VERSION']} {nv} .")
    for i, ev in enumerate(rec.evals):
        e = iri(v.node_iri(rec.source, "eval", str(i)))
        out.append(f"{m} {_T['HAS_EVALUATION']} {e} .")
        out.append(f"{e} {_T['TYPE']} {_T['EVALUATION']} .")
        if ev.task:
            out.append(f"{e} {_T['EVAL_TASK']} {lit(ev.task)} .")
        if ev.dataset:
            out.append(f"{e} {_T['EVAL_DATASET']} {lit(ev.dataset)} .")
        out.append(f"{e} {_T['EVAL_METRIC']} {lit(ev.metric)} .")
        out.append(f"{e} {_T['EVAL_VALUE']} {lit(ev.value)} .")
    for c in rec.claims:
        p = _model(c.parent, out)
        out.append(f"{m} {_REL_PROP[c.relation]} {p} .")
        d = iri(
            v.node_iri(rec.source, rec.model_id.casefold(), c.parent.casefold(), c.kind, c.relation)
        )
        out.append(f"{m} {_T['QUALIFIED_DERIVATION']} {d} .")
        out.append(f"{d} {_T['TYPE']} {_T['DERIVATION']} .")
        out.append(f"{d} {_T['ENTITY']} {p} .")
        out.append(f"{d} {_T['RELATION']} {lit(c.relation.value)} .")
        out.append(f"{d} {_T['EVIDENCE_KIND']} {lit(c.kind.value)} .")
        out.append(f"{d} {_T['CONFIDENCE']} {typed(c.confidence, v.XSD + 'decimal')} .")
        out.append(f"{d} {_T['RELATION_INFERRED']} {_TRUE if c.relation_inferred else _FALSE} .")
        out.append(f"{d} {_T['PRIMARY_SOURCE']} {g} .")
        if c.value:
            out.append(f"{d} {_T['EVIDENCE_VALUE']} {lit(c.value[:500])} .")
        if c.revision:
            out.append(f"{d} {_T['REVISION']} {lit(c.revision)} .")
    for i, u in enumerate(rec.unresolved):
        n = iri(v.node_iri(rec.source, "unresolved", str(i)))
        out.append(f"{m} {_T['HAS_UNRESOLVED']} {n} .")
        out.append(f"{n} {_T['TYPE']} {_T['UNRESOLVED']} .")
        out.append(f"{n} {_T['UNRESOLVED_VALUE']} {lit(u.value[:500])} .")
        out.append(f"{n} {_T['EVIDENCE_KIND']} {lit(u.kind.value)} .")
        out.append(f"{n} {_T['UNRESOLVED_REASON']} {lit(u.reason)} .")
        out.append(f"{n} {_T['PRIMARY_SOURCE']} {g} .")
    return out


class PreparedSource(NamedTuple):
    """One record already mapped to N-Quads: cheap to pickle, ready to bulk-load.

    ``key`` is the source's matching key (a later record of the same source
    replaces an earlier one), ``graph`` its named graph's IRI.
    """

    key: str
    graph: str
    nquads: str


def prepare(rec: SourceRecord) -> PreparedSource:
    """Map one record to the N-Quads of its named graph."""
    graph = v.source_iri(rec.source)
    suffix = " <" + graph + "> .\n"
    # Every N-Triples line ends in " ."; swap that for the graph and the end of line.
    body = suffix.join(t[:-2] for t in record_triples(rec)) + suffix
    return PreparedSource(rec.source.casefold(), graph, body)


def to_nquads(records: Iterable[SourceRecord]) -> str:
    """N-Quads for many records, each in its own named graph."""
    return "".join(prepare(rec).nquads for rec in records)


def prepared_update(items: Sequence[PreparedSource]) -> str:
    """One SPARQL update replacing the named graph of each prepared source (atomic)."""
    drops: list[str] = []
    inserts: list[str] = []
    for item in items:
        g = iri(item.graph)
        drops.append(f"DROP SILENT GRAPH {g} ;")
        # Literals escape line breaks, so the suffix can only occur at the end of a line.
        triples = item.nquads.replace(f" {g} .\n", " .\n")
        inserts.append(f"GRAPH {g} {{\n{triples}}}")
    return "\n".join(drops) + "\nINSERT DATA {\n" + "\n".join(inserts) + "\n}"


def to_update(records: Iterable[SourceRecord]) -> str:
    """One SPARQL update replacing the named graph of each record (atomic)."""
    return prepared_update([prepare(rec) for rec in records])

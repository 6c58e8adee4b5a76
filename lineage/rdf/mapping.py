"""Records → RDF, as N-Triples/N-Quads text.

Stores load text in bulk (Oxigraph parses N-Quads in Rust far faster than we
could build Python term objects), so the mapping writes terms as strings.
Every record becomes the triples of one named graph: `vocab.source_iri`.

No statement another one implies is written (each quad costs the loader ≈ 13 µs): types
follow from the predicates' domains and ranges in ontology/lineage.ttl, a model's own
source is linked by `lin:describedBy` alone, a tag that restates a typed fact and a source
kind the source's name gives are left out (`lineage.rdf.derivable`). docs/vocabulary.md
says how to ask.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from lineage.core import vocab as v
from lineage.core.ids import key
from lineage.core.records import SourceRecord
from lineage.rdf.derivable import implied_kind, own_tags

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


def _esc(text: str) -> str:
    """The inside of a literal (`lit` without the quotes)."""
    if text.isascii():
        # Printable ASCII needs escaping only for quotes and backslashes; `translate`
        # costs far more than these scans, and most values need nothing.
        if text.isprintable() and '"' not in text and "\\" not in text:
            return text
        return text.translate(_ESCAPES)
    return _clean(text).translate(_ESCAPES)


def lit(text: str) -> str:
    """An ``xsd:string`` literal in N-Triples syntax."""
    return '"' + _esc(text) + '"'


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

# The hot path below (`prepare`) writes whole statements with f-strings: a predicate
# padded with spaces (" <p> "), objects escaped once, statements ended by ``e``
# (" <graph> .\n" for N-Quads). The text is byte for byte what the plain
# one-statement-per-line mapping gave (`record_triples` is that, as lines).
_P = {name: f" {term} " for name, term in _T.items()}
_P_REL = {rel: f" {term} " for rel, term in _REL_PROP.items()}
_P_ABOUT = _P["ABOUT"]
_P_CONFIDENCE = _P["CONFIDENCE"]
_P_DESCRIBED_BY = _P["DESCRIBED_BY"]
_P_ENTITY = _P["ENTITY"]
_P_EVAL_DATASET = _P["EVAL_DATASET"]
_P_EVAL_METRIC = _P["EVAL_METRIC"]
_P_EVAL_TASK = _P["EVAL_TASK"]
_P_EVAL_VALUE = _P["EVAL_VALUE"]
_P_EVIDENCE_KIND = _P["EVIDENCE_KIND"]
_P_EVIDENCE_VALUE = _P["EVIDENCE_VALUE"]
_P_HAS_EVALUATION = _P["HAS_EVALUATION"]
_P_HAS_UNRESOLVED = _P["HAS_UNRESOLVED"]
_P_HUB_ID = _P["HUB_ID"]
_P_IDENTIFIER = _P["IDENTIFIER"]
_P_KEYWORDS = _P["KEYWORDS"]
_P_WEIGHT_FORMAT = _P["WEIGHT_FORMAT"]
_P_QUANT_TYPE = _P["QUANT_TYPE"]
_P_BIT_WIDTH = _P["BIT_WIDTH"]
_P_LANGUAGE = _P["LANGUAGE"]
_P_LIBRARY = _P["LIBRARY"]
_P_LICENSE = _P["LICENSE"]
_P_LICENSE_LINK = _P["LICENSE_LINK"]
_P_LICENSE_NAME = _P["LICENSE_NAME"]
_P_LOCATION = _P["LOCATION"]
_P_NEW_VERSION = _P["NEW_VERSION"]
_P_PIPELINE_TAG = _P["PIPELINE_TAG"]
_P_PRIMARY_SOURCE = _P["PRIMARY_SOURCE"]
_P_QUALIFIED_DERIVATION = _P["QUALIFIED_DERIVATION"]
_P_RELATION = _P["RELATION"]
_P_RELATION_INFERRED = _P["RELATION_INFERRED"]
_P_REVISION = _P["REVISION"]
_P_SOURCE_KIND = _P["SOURCE_KIND"]
_P_SOURCE_DIGEST = _P["SOURCE_DIGEST"]
_P_IMPORTED_AT = _P["IMPORTED_AT"]
_P_SOURCE_NAME = _P["SOURCE_NAME"]
_P_TRAINED_ON = _P["TRAINED_ON"]
_P_UNRESOLVED_REASON = _P["UNRESOLVED_REASON"]
_P_UNRESOLVED_VALUE = _P["UNRESOLVED_VALUE"]
_DECIMAL = v.XSD + "decimal"
_INTEGER = v.XSD + "integer"

_path = v._path


def _model_term(model_id: str) -> str:
    """``<model IRI>`` (`vocab.model_iri`)."""
    return "<" + v.MODEL_NS + _path(key(model_id)) + ">"


def _source_graph(source: str) -> str:
    """The named graph's IRI of a source (`vocab.source_iri`)."""
    kind, _, rest = source.partition(":")
    return v.SOURCE_NS + _path(kind) + "/" + _path(key(rest))


class _Memo(dict[str, str]):
    """Values that repeat across records (tags, licences, parents): computed once.

    Bounded: cleared when full, so a long import cannot grow it without end.
    """

    def __init__(self, make: Callable[[str], str], size: int = 50_000) -> None:
        super().__init__()
        self.make = make
        self.size = size

    def __missing__(self, text: str) -> str:
        if len(self) >= self.size:
            self.clear()
        value = self[text] = self.make(text)
        return value


_LIT = _Memo(lit)
_MODEL = _Memo(_model_term)
_DATASET = _Memo(lambda ds: "<" + v.DATASET_NS + _path(key(ds)) + ">")
# Keyed by the number's text: 1 and 1.0 (or 0.0 and -0.0) are equal keys but not equal text.
_DECIMAL_LIT = _Memo(lambda text: typed(text, _DECIMAL), 1000)
# One import run stamps every source with one time: built once per run.
_DATETIME_LIT = _Memo(lambda text: typed(text, v.XSD + "dateTime"), 16)


def _statements(rec: SourceRecord, g: str, e: str) -> str:
    """The statements of one record (``g``: its graph's term), each ended by ``e``."""
    mid = rec.model_id
    m = _model_term(mid)
    parts = [
        f'{g}{_P_SOURCE_NAME}"{_esc(rec.source)}"{e}'
        f'{g}{_P_LOCATION}"{_esc(rec.location)}"{e}'
        f'{m}{_P_HUB_ID}"{_esc(mid)}"{e}'
        # A model's own source links it one way only (`lin:describedBy`); `lin:about`,
        # its inverse, is written for the other sources (docs/vocabulary.md).
        + (f"{m}{_P_DESCRIBED_BY}{g}{e}" if rec.describes_model else f"{g}{_P_ABOUT}{m}{e}")
    ]
    add = parts.append
    if rec.source_kind != implied_kind(rec.source):
        add(f"{g}{_P_SOURCE_KIND}{_LIT[rec.source_kind]}{e}")
    if rec.digest:
        add(f'{g}{_P_SOURCE_DIGEST}"{_esc(rec.digest)}"{e}')
    if rec.imported_at:
        add(f"{g}{_P_IMPORTED_AT}{_DATETIME_LIT[rec.imported_at]}{e}")
    if rec.license:
        add(f"{m}{_P_LICENSE}{_LIT[rec.license]}{e}")
    if rec.license_name:
        add(f"{m}{_P_LICENSE_NAME}{_LIT[rec.license_name]}{e}")
    if rec.license_link:
        add(f"{m}{_P_LICENSE_LINK}{_LIT[rec.license_link]}{e}")
    for ds in rec.datasets:
        d = _DATASET[ds]
        add(f"{m}{_P_TRAINED_ON}{d}{e}{d}{_P_IDENTIFIER}{_LIT[ds]}{e}")
    if rec.library:
        add(f"{m}{_P_LIBRARY}{_LIT[rec.library]}{e}")
    if rec.pipeline_tag:
        add(f"{m}{_P_PIPELINE_TAG}{_LIT[rec.pipeline_tag]}{e}")
    if rec.languages:
        head = m + _P_LANGUAGE
        add(head + (e + head).join([_LIT[x] for x in rec.languages]) + e)
    tags = own_tags(rec)
    if tags:
        head = m + _P_KEYWORDS
        add(head + (e + head).join([_LIT[x] for x in tags]) + e)
    if rec.formats:
        head = m + _P_WEIGHT_FORMAT
        add(head + (e + head).join([_LIT[x] for x in rec.formats]) + e)
    if rec.quant_types:
        head = m + _P_QUANT_TYPE
        add(head + (e + head).join([_LIT[x] for x in rec.quant_types]) + e)
    if rec.bits:
        head = m + _P_BIT_WIDTH
        add(head + (e + head).join([typed(b, _INTEGER) for b in rec.bits]) + e)
    if rec.new_version:
        nv = _MODEL[rec.new_version]
        add(f"{nv}{_P_HUB_ID}{_LIT[rec.new_version]}{e}{m}{_P_NEW_VERSION}{nv}{e}")
    if rec.evals:
        source = rec.source
        for i, ev in enumerate(rec.evals):
            n = iri(v.node_iri(source, "eval", str(i)))
            add(f"{m}{_P_HAS_EVALUATION}{n}{e}")
            if ev.task:
                add(f"{n}{_P_EVAL_TASK}{_LIT[ev.task]}{e}")
            if ev.dataset:
                add(f"{n}{_P_EVAL_DATASET}{_LIT[ev.dataset]}{e}")
            add(f'{n}{_P_EVAL_METRIC}{_LIT[ev.metric]}{e}{n}{_P_EVAL_VALUE}"{_esc(ev.value)}"{e}')
    if rec.claims:
        source, own = rec.source, mid.casefold()
        # A parent claimed twice with one relation (YAML and prose evidence) gets its id and
        # the direct link written once; each claim keeps its own qualified derivation.
        said: set[str] = set()
        for c in rec.claims:
            parent, rel = c.parent, c.relation
            p = _MODEL[parent]
            d = iri(v.node_iri(source, own, parent.casefold(), c.kind, rel))
            link = f"{m}{_P_REL[rel]}{p}{e}"
            if link not in said:
                if parent not in said:
                    said.add(parent)
                    add(f"{p}{_P_HUB_ID}{_LIT[parent]}{e}")
                said.add(link)
                add(link)
            add(
                f"{m}{_P_QUALIFIED_DERIVATION}{d}{e}"
                f"{d}{_P_ENTITY}{p}{e}"
                f"{d}{_P_RELATION}{_LIT[rel.value]}{e}"
                f"{d}{_P_EVIDENCE_KIND}{_LIT[c.kind.value]}{e}"
                f"{d}{_P_CONFIDENCE}{_DECIMAL_LIT[str(c.confidence)]}{e}"
                f"{d}{_P_RELATION_INFERRED}{_TRUE if c.relation_inferred else _FALSE}{e}"
                f"{d}{_P_PRIMARY_SOURCE}{g}{e}"
            )
            if c.value:
                add(f'{d}{_P_EVIDENCE_VALUE}"{_esc(c.value[:500])}"{e}')
            if c.revision:
                add(f"{d}{_P_REVISION}{_LIT[c.revision]}{e}")
    if rec.unresolved:
        source = rec.source
        for i, u in enumerate(rec.unresolved):
            n = iri(v.node_iri(source, "unresolved", str(i)))
            add(
                f"{m}{_P_HAS_UNRESOLVED}{n}{e}"
                f'{n}{_P_UNRESOLVED_VALUE}"{_esc(u.value[:500])}"{e}'
                f"{n}{_P_EVIDENCE_KIND}{_LIT[u.kind.value]}{e}"
                f"{n}{_P_UNRESOLVED_REASON}{_LIT[u.reason]}{e}"
                f"{n}{_P_PRIMARY_SOURCE}{g}{e}"
            )
    return "".join(parts)


def record_triples(rec: SourceRecord) -> list[str]:
    """The triples (N-Triples lines) that one source record asserts."""
    # Literals escape line breaks and IRIs hold none: every "\n" ends a statement.
    return _statements(rec, iri(_source_graph(rec.source)), " .\n").split("\n")[:-1]


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
    graph = _source_graph(rec.source)
    g = "<" + graph + ">"
    return PreparedSource(rec.source.casefold(), graph, _statements(rec, g, " " + g + " .\n"))


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

"""RDF → records: a source's named graph read back as the record that wrote it.

The inverse of `lineage.rdf.mapping.prepare`; engines that keep RDF use it to hand their
sources to another store (`lineage sync`). Tags that restated a typed fact were not
written (`lineage.rdf.derivable`): the record read back holds the source's other tags.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from pyoxigraph import NamedNode, Quad

from lineage.core import vocab as v
from lineage.core.records import Claim, EvalResult, EvidenceKind, Relation, SourceRecord, Unresolved
from lineage.rdf.derivable import implied_kind


def _value(term: Any) -> str:
    return str(term.value)


def record_from_quads(quads: Iterable[Quad], g: NamedNode) -> SourceRecord | None:
    """The record that wrote one source graph, read back from its quads (None: not a source)."""
    by_subject: dict[Any, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for q in quads:
        by_subject[q.subject][q.predicate.value].append(q.object)
    src = by_subject.get(g)
    if not src:
        return None
    if v.ABOUT in src:
        m = src[v.ABOUT][0]
    else:  # the model's own source: linked from the model only (`lin:describedBy`)
        owners = [s for s, props in by_subject.items() if g in props.get(v.DESCRIBED_BY, ())]
        if not owners:
            return None
        m = owners[0]
    facts = by_subject[m]

    def one(props: dict[str, list[Any]], pred: str) -> str | None:
        vals = props.get(pred)
        return _value(vals[0]) if vals else None

    def many(props: dict[str, list[Any]], pred: str) -> list[str]:
        return sorted(_value(o) for o in props.get(pred, []))

    def hub_id(term: Any) -> str:
        return one(by_subject[term], v.HUB_ID) or term.value

    name = one(src, v.SOURCE_NAME) or v.source_name_from_iri(g.value)
    rec = SourceRecord(
        model_id=hub_id(m),
        source=name,
        location=one(src, v.LOCATION) or "",
        # Written only where the name does not imply it (`lineage.rdf.derivable`).
        source_kind=one(src, v.SOURCE_KIND) or implied_kind(name),
        digest=one(src, v.SOURCE_DIGEST),
        imported_at=one(src, v.IMPORTED_AT),
        describes_model=v.DESCRIBED_BY in facts,
        license=one(facts, v.LICENSE),
        license_name=one(facts, v.LICENSE_NAME),
        license_link=one(facts, v.LICENSE_LINK),
        library=one(facts, v.LIBRARY),
        pipeline_tag=one(facts, v.PIPELINE_TAG),
        languages=many(facts, v.LANGUAGE),
        tags=many(facts, v.KEYWORDS),
        formats=many(facts, v.WEIGHT_FORMAT),
        quant_types=many(facts, v.QUANT_TYPE),
        bits=sorted(int(_value(o)) for o in facts.get(v.BIT_WIDTH, [])),
        datasets=sorted(
            one(by_subject[d], v.IDENTIFIER) or d.value for d in facts.get(v.TRAINED_ON, [])
        ),
    )
    if v.NEW_VERSION in facts:
        rec.new_version = hub_id(facts[v.NEW_VERSION][0])
    for e in facts.get(v.HAS_EVALUATION, []):
        ev = by_subject[e]
        rec.evals.append(
            EvalResult(
                one(ev, v.EVAL_TASK),
                one(ev, v.EVAL_DATASET),
                one(ev, v.EVAL_METRIC) or "",
                one(ev, v.EVAL_VALUE) or "",
            )
        )
    for d in facts.get(v.QUALIFIED_DERIVATION, []):
        dv = by_subject[d]
        rec.claims.append(
            Claim(
                parent=hub_id(dv[v.ENTITY][0]),
                relation=Relation(one(dv, v.RELATION) or Relation.UNKNOWN.value),
                kind=EvidenceKind(one(dv, v.EVIDENCE_KIND) or EvidenceKind.CARD_YAML.value),
                confidence=float(one(dv, v.CONFIDENCE) or 0),
                relation_inferred=one(dv, v.RELATION_INFERRED) == "true",
                value=one(dv, v.EVIDENCE_VALUE),
                revision=one(dv, v.REVISION),
            )
        )
    for u in facts.get(v.HAS_UNRESOLVED, []):
        uv = by_subject[u]
        rec.unresolved.append(
            Unresolved(
                one(uv, v.UNRESOLVED_VALUE) or "",
                EvidenceKind(one(uv, v.EVIDENCE_KIND) or EvidenceKind.CARD_YAML.value),
                one(uv, v.UNRESOLVED_REASON) or "",
            )
        )
    return rec


__all__ = ["record_from_quads"]

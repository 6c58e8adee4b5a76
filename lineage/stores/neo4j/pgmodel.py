"""The RDF ↔ property-graph mapping, in one place.

Property graph (Neo4j) model:

* ``(:Model {key, id, placeholder})`` — ``key`` is the case-insensitive id.
* ``(:Dataset {key, id})``.
* ``(:Source {key, name, kind, location, digest, facts…})`` — one per named graph of the
  RDF store, holding the model facts that source states (licence, datasets, library,
  tags, formats, quant_types, bits, new_version …), so a re-import replaces exactly them;
  ``evals`` and ``unresolved`` are JSON text (lists of lists); ``digest`` (when known) is
  the digest of what the source was read from (`SourceRecord.digest`).
* ``(:Source)-[:DESCRIBES]->(:Model)`` — the source is the model's own description.
* ``(:Source)-[:MENTIONS {id}]->(:Model)`` — every model a source names, with the
  display case it used; a model no source mentions any more is deleted.
* ``(:Model)-[:DERIVED_FROM {relation, confidence, inferred, conflict, kinds, ev_*}]->(:Model)``
  — one relationship per (child, parent) pair, whatever the relation, so
  ``[:DERIVED_FROM*]`` walks whole lineages; the parallel ``ev_*`` lists hold one
  entry per piece of evidence (source, kind, relation, confidence, inferred, value,
  location) and the top-level properties summarise them.
* ``(:Model)-[:TRAINED_ON {sources}]->(:Dataset)``.

`record_row` turns a `SourceRecord` into the parameters of the batched writes;
`records_from_rows` turns what the store holds back into records, which
`lineage.rdf.mapping` maps to the same triples the embedded store holds (round trip).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from lineage.core.graph import Edge, Evidence
from lineage.core.ids import key
from lineage.core.records import Claim, EvalResult, EvidenceKind, Relation, SourceRecord, Unresolved
from lineage.rdf.derivable import own_tags

EVIDENCE_FIELDS = ("source", "kind", "relation", "confidence", "inferred", "value", "location")
EV_PROPS = tuple(f"ev_{f}" for f in EVIDENCE_FIELDS)


def record_row(rec: SourceRecord) -> dict[str, Any]:
    """The write parameters of one source record."""
    mentions: dict[str, str] = {key(rec.model_id): rec.model_id}
    for c in rec.claims:
        mentions.setdefault(key(c.parent), c.parent)
    if rec.new_version:
        mentions.setdefault(key(rec.new_version), rec.new_version)
    facts: dict[str, Any] = {
        "license": rec.license,
        "license_name": rec.license_name,
        "license_link": rec.license_link,
        "library": rec.library,
        "pipeline_tag": rec.pipeline_tag,
        "languages": rec.languages,
        # The same tags the RDF graph keeps, so that both engines answer alike.
        "tags": own_tags(rec),
        "formats": rec.formats,
        "quant_types": rec.quant_types,
        "bits": rec.bits,
        "datasets": rec.datasets,
        "new_version": rec.new_version,
        # Neo4j properties cannot nest lists: these two travel as JSON text.
        "evals": json.dumps([[e.task, e.dataset, e.metric, e.value] for e in rec.evals])
        if rec.evals
        else None,
        "unresolved": json.dumps([[u.value, u.kind.value, u.reason] for u in rec.unresolved])
        if rec.unresolved
        else None,
    }
    return {
        "key": key(rec.source),
        "name": rec.source,
        "kind": rec.source_kind,
        "location": rec.location,
        "model": key(rec.model_id),
        "model_id": rec.model_id,
        "describes": rec.describes_model,
        "digest": rec.digest,
        "imported_at": rec.imported_at,
        "facts": {k: v for k, v in facts.items() if v not in (None, [], "")},
        "mentions": [{"key": k, "id": i} for k, i in mentions.items()],
        "datasets": [{"key": key(d), "id": d} for d in dict.fromkeys(rec.datasets)],
        "claims": [
            {
                "parent": key(c.parent),
                "source": rec.source,
                "kind": c.kind.value,
                "relation": c.relation.value,
                "confidence": c.confidence,
                "inferred": c.relation_inferred,
                "value": (c.value or "")[:500],
                "location": rec.location,
            }
            for c in rec.claims
        ],
    }


def eval_rows_of(facts: Iterable[dict[str, Any]]) -> list[tuple[str | None, str | None, str, str]]:
    """The evaluation results the ``evals`` JSON text of each source's facts holds."""
    return [(t, d, m, v) for f in facts for t, d, m, v in json.loads(f.get("evals") or "[]")]


def evidence_of(props: dict[str, Any]) -> list[Evidence]:
    """The evidence list held in a DERIVED_FROM relationship's parallel ``ev_*`` lists."""
    n = len(props.get("ev_source") or [])
    return [
        Evidence(
            kind=props["ev_kind"][i],
            source=props["ev_source"][i],
            relation=props["ev_relation"][i],
            confidence=float(props["ev_confidence"][i]),
            inferred=bool(props["ev_inferred"][i]),
            value=props["ev_value"][i] or None,
            location=props["ev_location"][i] or None,
        )
        for i in range(n)
    ]


def summarise(child: str, parent: str, evidence: list[Evidence]) -> dict[str, Any]:
    """The top-level properties of a DERIVED_FROM relationship (same rules as `Edge`)."""
    edge = Edge(child, parent, evidence)
    return {
        "relation": edge.relation,
        "confidence": edge.confidence,
        "inferred": edge.inferred,
        "conflict": edge.conflict,
        "kinds": sorted({e.kind for e in evidence}),
    }


def records_from_rows(
    sources: Iterable[dict[str, Any]], claims: Iterable[dict[str, Any]]
) -> list[SourceRecord]:
    """Rebuild source records from the property graph.

    ``sources`` rows: ``{name, kind, location, model_id, describes, facts}`` (and ``digest``);
    ``claims`` rows: ``{source, parent_id, kind, relation, confidence, inferred, value}``.
    """
    records: dict[str, SourceRecord] = {}
    for s in sources:
        f = s.get("facts") or {}
        rec = SourceRecord(
            model_id=s["model_id"],
            source=s["name"],
            location=s["location"],
            source_kind=s["kind"],
            describes_model=bool(s["describes"]),
            digest=s.get("digest"),
            imported_at=s.get("imported_at"),
            license=f.get("license"),
            license_name=f.get("license_name"),
            license_link=f.get("license_link"),
            library=f.get("library"),
            pipeline_tag=f.get("pipeline_tag"),
            languages=list(f.get("languages") or []),
            tags=list(f.get("tags") or []),
            formats=list(f.get("formats") or []),
            quant_types=list(f.get("quant_types") or []),
            bits=[int(b) for b in f.get("bits") or []],
            datasets=list(f.get("datasets") or []),
            new_version=f.get("new_version"),
            evals=[EvalResult(t, d, m, v) for t, d, m, v in json.loads(f.get("evals") or "[]")],
            unresolved=[
                Unresolved(v, EvidenceKind(k), r)
                for v, k, r in json.loads(f.get("unresolved") or "[]")
            ],
        )
        records[s["name"]] = rec
    for c in claims:
        rec = records[c["source"]]
        rec.claims.append(
            Claim(
                parent=c["parent_id"],
                relation=Relation(c["relation"]),
                kind=EvidenceKind(c["kind"]),
                confidence=float(c["confidence"]),
                relation_inferred=bool(c["inferred"]),
                value=c["value"] or None,
            )
        )
    return list(records.values())

"""Writing to Neo4j: the functions that take ``tx`` run inside one managed write transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lineage.core.ids import key
from lineage.core.records import SourceRecord
from lineage.stores.neo4j import pgmodel
from lineage.stores.neo4j.cypher import (
    ADD_CLAIMS,
    CREATE_SOURCES,
    DELETE_MODELS,
    DELETE_SOURCES,
    DESCRIBES,
    DROP_CLAIMS,
    DROP_LINKS,
    DROP_TRAINED,
    MENTIONS,
    MERGE_DATASETS,
    MERGE_MODELS,
    OLD_STATE,
    READ_EVIDENCE,
    REFRESH_MODELS,
    SET_MODELS,
    SET_SUMMARY,
    TRAINED_ON,
    UPSERT_SOURCES,
)


def source_rows(records: Sequence[SourceRecord]) -> list[dict[str, Any]]:
    """The parameters that write ``records`` (the last of each source wins)."""
    latest = {key(r.source): r for r in records}
    rows = []
    for rec in latest.values():
        row = pgmodel.record_row(rec)
        props = {
            "key": row["key"], "name": row["name"], "kind": row["kind"],
            "location": row["location"], "model": row["model"], "model_id": row["model_id"],
            "describes": row["describes"], **row["facts"],
        }  # fmt: skip
        if row["digest"]:
            props["digest"] = row["digest"]
        if row["imported_at"]:
            props["imported_at"] = row["imported_at"]
        rows.append({**row, "props": props})
    return rows


def replace_sources(tx: Any, rows: list[dict[str, Any]]) -> None:
    """Write the sources of ``rows`` over their former selves, in one transaction."""
    # Separate simple statements (no Eager operators), flat de-duplicated parameters,
    # and no clean-up work at all for sources that are new.
    refresh: set[str] = set()
    touched_children: set[str] = set()
    existing: set[str] = set()
    for rec in tx.run(OLD_STATE, keys=[r["key"] for r in rows]):
        existing.add(rec["key"])
        touched_children.add(rec["model"])
        refresh.update(rec["mentioned"])
    if existing:
        for statement in (DROP_CLAIMS, DROP_TRAINED, DROP_LINKS):
            tx.run(statement, keys=sorted(existing)).consume()
        props = [{"key": r["key"], "props": r["props"]} for r in rows if r["key"] in existing]
        tx.run(UPSERT_SOURCES, rows=props).consume()
    new = [{"props": r["props"]} for r in rows if r["key"] not in existing]
    if new:
        tx.run(CREATE_SOURCES, rows=new).consume()
    models: dict[str, dict[str, str]] = {}
    for r in rows:
        for m in r["mentions"]:
            if m["key"] not in models or m["id"] < models[m["key"]]["id"]:
                models[m["key"]] = m
    tx.run(MERGE_MODELS, models=list(models.values())).consume()
    links = [
        {"source": r["key"], "model": m["key"], "id": m["id"]} for r in rows for m in r["mentions"]
    ]
    tx.run(MENTIONS, links=links).consume()
    described = [
        {"key": r["key"], "model": r["model"], "id": r["model_id"]} for r in rows if r["describes"]
    ]
    tx.run(DESCRIBES, rows=described).consume()
    datasets = {d["key"]: d for r in rows for d in r["datasets"]}
    if datasets:
        tx.run(MERGE_DATASETS, datasets=list(datasets.values())).consume()
        trained = [
            {"source": r["key"], "model": r["model"], "dataset": d["key"]}
            for r in rows
            for d in r["datasets"]
        ]
        tx.run(TRAINED_ON, links=trained).consume()
    claims = [{**c, "child": r["model"]} for r in rows for c in r["claims"]]
    if claims:
        tx.run(ADD_CLAIMS, claims=claims).consume()
    touched_children.update(r["model"] for r in rows)
    _summarise(tx, sorted(touched_children))
    if refresh:
        # Only models that lost a mention need their display id and placeholder recomputed.
        _refresh_models(tx, sorted(refresh))


def _summarise(tx: Any, children: list[str]) -> None:
    """Recompute the edge summaries of the derivations of ``children``."""
    rows = []
    for rec in tx.run(READ_EVIDENCE, children=children):
        evidence = pgmodel.evidence_of(dict(rec))
        if evidence:
            summary = pgmodel.summarise(rec["child"], rec["parent"], evidence)
            rows.append(
                {"child": rec["child_key"], "parent": rec["parent_key"], "summary": summary}
            )
    if rows:
        tx.run(SET_SUMMARY, rows=rows).consume()


def _refresh_models(tx: Any, keys: list[str]) -> None:
    """Recompute the display id and placeholder flag of models, deleting those no source names."""
    updates, gone = [], []
    for rec in tx.run(REFRESH_MODELS, keys=keys):
        names = [(own, i) for own, i in rec["names"] if i is not None]
        if not names:
            gone.append(rec["k"])
            continue
        display = min((not own, i) for own, i in names)[1]
        updates.append(
            {"key": rec["k"], "id": display, "placeholder": not any(o for o, _ in names)}
        )
    if updates:
        tx.run(SET_MODELS, rows=updates).consume()
    if gone:
        tx.run(DELETE_MODELS, keys=gone).consume()


def remove_sources(tx: Any, keys: list[str]) -> int:
    """Delete the sources of ``keys`` and what only they said; returns how many there were."""
    present = [
        r["k"] for r in tx.run("UNWIND $keys AS k MATCH (s:Source {key: k}) RETURN k", keys=keys)
    ]
    if not present:
        return 0
    touched_children: set[str] = set()
    touched_models: set[str] = set()
    for rec in tx.run(OLD_STATE, keys=present):
        touched_children.add(rec["model"])
        touched_models.update(rec["mentioned"])
    tx.run(DROP_CLAIMS, keys=present).consume()
    tx.run(DROP_TRAINED, keys=present).consume()
    tx.run(DELETE_SOURCES, keys=present).consume()
    _summarise(tx, sorted(touched_children))
    _refresh_models(tx, sorted(touched_models))
    return len(present)

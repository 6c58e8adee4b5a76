"""Composite answers built from store primitives, shared by the CLI and the API.

Pure functions over a `LineageStore`; nothing here knows about HTTP or the
terminal: model summaries, paginated descendants, datasets → models, and the
provenance report of a card that is not stored.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any

from lineage.core.errors import NotFound, UsageError
from lineage.core.graph import Lineage, Node
from lineage.core.ids import parse_reference
from lineage.core.records import SourceRecord
from lineage.query.check import check
from lineage.query.evals import compare
from lineage.query.licenses import license_chain
from lineage.stores.base import LineageStore, recent_imports, require_node

MAX_OFFSET = 100_000
# Above this many models the overview leaves licences out: judging every chain takes long.
OVERVIEW_LICENCE_MODELS = 20_000


def model_id_from(text: str, what: str = "model") -> str:
    """A model id from user input (plain id, Hub URL, ``@rev``…), or `UsageError`."""
    ref = parse_reference(text)
    if ref.model_id is None:
        raise UsageError(f"{what} {text!r} is not a model id: {ref.unresolved}")
    return ref.model_id


def model_summary(store: LineageStore, model_id: str) -> dict[str, Any]:
    """A model's facts, its direct parents (with evidence), its children counted per relation,
    and the provenance completeness of what it declares (`lineage.query.licenses.completeness`).
    """
    node = require_node(store, model_id)
    below = store.descendants(model_id, 1, None, 0)
    return {
        **node.to_json(full=True),
        "parents": [e.to_json() for e in store.parents(model_id)],
        "children": dict(sorted(below.direct_counts.items())),
        "completeness": license_chain(store, node.id).completeness.to_json(),
    }


def _distances(lineage: Lineage) -> dict[str, int]:
    """How many derivation steps separate ``lineage.model`` from each ancestor (the fewest)."""
    out = {lineage.model.casefold(): 0}
    queue = deque([lineage.model])
    while queue:
        current = queue.popleft()
        for edge in lineage.parents_of(current):
            k = edge.parent.casefold()
            if k not in out:
                out[k] = out[current.casefold()] + 1
                queue.append(edge.parent)
    return out


def model_comparison(
    store: LineageStore,
    model_id: str,
    ancestors: bool = False,
    max_depth: int | None = None,
    tolerance: float = 0.0,
) -> dict[str, Any]:
    """A model's evaluation results beside each parent's (``ancestors``: each ancestor's).

    Each comparison lists the shared benchmarks with deltas, what only one side reports,
    and ``EVAL-REGRESSION`` findings where the model reports a worse result.
    """
    node = require_node(store, model_id)
    if ancestors:
        lineage = (
            store.ancestors(node.id) if max_depth is None else store.ancestors(node.id, max_depth)
        )
    else:
        lineage = Lineage(node.id, {node.id.casefold(): node}, store.parents(node.id))
        for edge in lineage.edges:
            parent = store.node(edge.parent)
            lineage.nodes[edge.parent.casefold()] = parent or Node(edge.parent, True)
    distance = _distances(lineage)
    relation = {e.parent.casefold(): e.relation for e in lineage.parents_of(node.id)}
    comparisons: list[dict[str, Any]] = []
    without: list[str] = []
    for k, other in sorted(lineage.nodes.items(), key=lambda kv: (distance.get(kv[0], 0), kv[0])):
        if k == node.id.casefold():
            continue
        if not other.evals:
            without.append(other.id)
            continue
        result = compare(node.evals, other.evals, node.id, other.id, tolerance)
        comparisons.append(
            {
                **result.to_json(),
                "distance": distance.get(k),
                "relation": relation.get(k),
                "parent_results": len(other.evals),
            }
        )
    return {
        "model": node.id,
        "ancestors": ancestors,
        "results": len(node.evals),
        "comparisons": comparisons,
        "without_results": without,
        "findings": [f for c in comparisons for f in c["findings"]],
        "truncated": lineage.truncated,
    }


def descendants_page(
    store: LineageStore,
    model_id: str,
    max_depth: int,
    relations: Sequence[str] | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    """Descendant counts (complete) and one page of the edges (``offset``…``offset+limit``)."""
    require_node(store, model_id)
    if offset > MAX_OFFSET:
        raise UsageError(f"offset is capped at {MAX_OFFSET:,}; narrow the query with relation=")
    result = store.descendants(
        model_id, max_depth, list(relations) if relations else None, offset + limit
    )
    page = result.edges[offset : offset + limit]
    wanted = {k.casefold() for c, p, _ in page for k in (c, p)}
    data = result.to_json()
    data["edges"] = [{"child": c, "parent": p, "relation": r} for c, p, r in page]
    data["nodes"] = [n.to_json() for k, n in result.nodes.items() if k in wanted]
    more = result.truncated and len(result.edges) >= offset + limit
    data.update(offset=offset, limit=limit, next_offset=offset + limit if more else None)
    return data


def model_edges(store: LineageStore, model_id: str, limit: int) -> dict[str, Any]:
    """Every edge at the model: parents, and children up to ``limit``, each with its evidence."""
    node = require_node(store, model_id)
    children = store.children(model_id, limit + 1)
    return {
        "model": node.id,
        "parents": [e.to_json() for e in store.parents(model_id)],
        "children": [e.to_json() for e in children[:limit]],
        "children_truncated": len(children) > limit,
    }


def graph_overview(store: LineageStore, limit: int = 10) -> dict[str, Any]:
    """What is in the graph: counts, the largest families, models with licence findings,
    the families with the most findings, and conflicts (from `lineage.query.check`)."""
    stats = store.stats()
    licences = stats["models"] <= OVERVIEW_LICENCE_MODELS
    report = check(store, limit=max(limit, 1000), licences=licences)
    by_model: dict[str, dict[str, Any]] = {}
    for item in report.licence_findings.items:
        entry = by_model.setdefault(
            item["model"].casefold(),
            {"model": item["model"], "error": 0, "warning": 0, "info": 0, "rules": []},
        )
        entry[item["severity"]] += 1
        if item["rule"] not in entry["rules"]:
            entry["rules"].append(item["rule"])
    ranked = sorted(
        by_model.values(),
        key=lambda e: (-e["error"], -e["warning"], -e["info"], e["model"].casefold()),
    )
    conflicts = [
        {"child": c["child"], "parent": c["parent"], "kind": "relation"}
        for c in report.relation_conflicts.items
    ] + [
        {"child": c["child"], "parent": None, "kind": "parents"}
        for c in report.parent_conflicts.items
    ]
    notes = list(report.notes)
    if not licences:
        notes.append(
            f"licences are judged on graphs of at most {OVERVIEW_LICENCE_MODELS:,} models "
            "here; run `lineage check` for the whole graph"
        )
    return {
        "stats": stats,
        "families": report.largest_families[:limit],
        "licence_findings": {
            "count": report.licence_findings.count,
            "models": len(by_model),
            "items": ranked[:limit],
        },
        "licence_families": report.licence_families[:limit],
        "licences_judged": licences,
        "conflicts": {"count": report.conflicts, "items": conflicts[:limit]},
        "cycles": report.cycles.count,
        "completeness_mean": report.completeness_mean,
        "notes": notes,
    }


def all_model_ids(store: LineageStore) -> Iterator[str]:
    """Every model id in the store (own spelling preferred), as fast as the engine allows."""
    return store.display_ids()


def _direct_dataset_models(store: LineageStore, dataset_id: str) -> list[str]:
    """Ids of the models trained on the dataset directly, through the engine's query language."""
    ids = []
    for k in store.models_trained_on(dataset_id):
        node = store.node(k)
        ids.append(node.id if node else k)
    return sorted(ids, key=str.casefold)


def dataset_models(
    store: LineageStore, dataset_id: str, transitive: bool, limit: int, max_depth: int
) -> dict[str, Any]:
    """Models trained on a dataset, and (``transitive``) every model derived from them."""
    direct = _direct_dataset_models(store, dataset_id)
    if not direct:
        raise NotFound(f"no model in the graph was trained on the dataset {dataset_id}")
    derived: dict[str, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    truncated = False
    if transitive:
        direct_keys = {d.casefold() for d in direct}
        for mid in direct:
            below = store.descendants(mid, max_depth, None, limit)
            counts[mid] = below.total
            truncated |= below.truncated
            for child, _parent, relation in below.edges:
                if child.casefold() in direct_keys:
                    continue
                entry = derived.setdefault(
                    child.casefold(), {"id": child, "via": [], "relations": []}
                )
                if mid not in entry["via"]:
                    entry["via"].append(mid)
                if relation not in entry["relations"]:
                    entry["relations"].append(relation)
    listed = sorted(derived.values(), key=lambda e: str(e["id"]).casefold())
    return {
        "dataset": dataset_id,
        "transitive": transitive,
        "direct": direct,
        "derived": listed[:limit],
        "derived_counts": counts,
        "truncated": truncated or len(listed) > limit,
    }


def lookup_report(store: LineageStore, records: Sequence[SourceRecord]) -> dict[str, Any]:
    """What parsed (unstored) records derive from; each parent with its lineage from the store."""
    parents: dict[str, dict[str, Any]] = {}
    unresolved: list[dict[str, str]] = []
    warnings: list[str] = []
    facts: dict[str, Any] = {"license": None, "datasets": [], "library": None, "pipeline_tag": None}
    for rec in records:
        for c in rec.claims:
            entry = parents.setdefault(c.parent.casefold(), {"id": c.parent, "evidence": []})
            entry["evidence"].append({
                "kind": c.kind.value, "relation": c.relation.value, "confidence": c.confidence,
                "inferred": c.relation_inferred, "value": c.value, "source": rec.source,
            })  # fmt: skip
        unresolved.extend(
            {"value": u.value, "kind": u.kind.value, "reason": u.reason} for u in rec.unresolved
        )
        warnings.extend(rec.warnings)
        if rec.describes_model:
            facts["license"] = facts["license"] or rec.license_name or rec.license
            facts["datasets"] = sorted({*facts["datasets"], *rec.datasets})
            facts["library"] = facts["library"] or rec.library
            facts["pipeline_tag"] = facts["pipeline_tag"] or rec.pipeline_tag
    out = []
    for entry in parents.values():
        ranked = sorted(entry["evidence"], key=lambda e: (not e["inferred"], e["confidence"]))
        node = store.node(entry["id"])
        out.append({
            "id": node.id if node else entry["id"],
            "relation": ranked[-1]["relation"],
            "evidence": ranked[::-1],
            "known": node is not None,
            "node": node.to_json(full=True) if node else None,
            "lineage": store.ancestors(entry["id"]).to_json() if node else None,
        })  # fmt: skip
    return {"parents": out, "unresolved": unresolved, "warnings": warnings, "facts": facts}


def recent_imports_report(store: LineageStore, limit: int = 10) -> dict[str, Any]:
    """The sources imports wrote last, newest first: source, its kind, model, time (UTC)."""
    if limit < 1:
        raise UsageError(f"limit must be at least 1, got {limit}")
    items = [
        {
            "source": s.source,
            "kind": s.source.partition(":")[0],
            "model": s.model_id,
            "imported_at": s.imported_at,
        }
        for s in recent_imports(store, limit)
    ]
    return {"limit": limit, "items": items}


__all__ = [
    "all_model_ids",
    "dataset_models",
    "descendants_page",
    "graph_overview",
    "lookup_report",
    "model_comparison",
    "model_edges",
    "model_id_from",
    "model_summary",
    "recent_imports_report",
    "require_node",
]

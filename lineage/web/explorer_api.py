"""The explorer's JSON endpoints: suggestions, the graph around a model, group pages.

Node and edge objects have the same shape as the node-link export
(`lineage.exporters.graph_json`), so the page and the export agree by construction.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from lineage.exporters import exporter_names, get_exporter
from lineage.exporters.graph_json import edge_json, node_json
from lineage.query.reports import graph_overview
from lineage.query.selection import DEFAULT_GROUP_THRESHOLD, SelectionSpec, Subgraph, group_members
from lineage.stores.base import LineageStore
from lineage.web.deps import SelectionCache, get_graph, get_store
from lineage.web.suggest import SuggestIndex

router = APIRouter(prefix="/explorer/api", tags=["explorer"])
suggestions = SuggestIndex()
selections = SelectionCache()
# Above this many drawn nodes the graph endpoint walks fewer levels down: the
# page stays fast, and the user goes deeper by focusing a descendant.
DEFAULT_BUDGET = 400
# The landing overview reads every edge (and every chain's licences): kept this many seconds.
OVERVIEW_TTL = 60.0

Model = Annotated[str, Query(min_length=1, max_length=300, description="Model id ORG/NAME")]
Up = Annotated[int, Query(ge=0, le=100, description="Levels of ancestors")]
Down = Annotated[int, Query(ge=0, le=20, description="Levels of descendants")]
Relations = Annotated[list[str] | None, Query(description="Follow only these relations")]
Threshold = Annotated[int, Query(ge=1, description="Fold more leaf children than this")]
ExpandAll = Annotated[bool, Query(alias="all", description="Never fold into groups")]


def _spec(
    model: str, up: int, down: int, relation: list[str] | None, threshold: int, expand_all: bool
) -> SelectionSpec:
    base = SelectionSpec.build(model, "both", 0, relation or ())  # validates the relations
    return replace(
        base, up=up, down=down, threshold=threshold, expand_all=expand_all, datasets=False
    )


@router.get("/suggest")
def suggest(
    request: Request,
    q: Annotated[str, Query(max_length=300)] = "",
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, Any]:
    """Model ids for the search box: id prefix, then NAME prefix, then substring."""
    return {"query": q, "results": suggestions.suggest(get_store(request), q, limit)}


@router.get("/formats")
def formats() -> dict[str, Any]:
    """The export formats, for the download menu."""
    out = []
    for name in exporter_names():
        exp = get_exporter(name)
        out.append(
            {
                "name": name,
                "description": exp.description,
                "extension": exp.extension,
                "media_type": exp.media_type,
            }
        )
    return {"formats": out}


def _graph_json(sub: Subgraph, spec: SelectionSpec, requested_down: int) -> dict[str, Any]:
    """The /graph answer: node-link shaped nodes and edges, plus what the page shows."""
    focus = sub.models[sub.root.casefold()]
    return {
        "root": sub.root,
        "focus": focus.to_json(full=True),
        "up": spec.up,
        "down": sub.down,
        "requested_down": requested_down,
        "depth_reduced": sub.down < requested_down,
        "threshold": spec.threshold,
        "nodes": [node_json(n) for n in sub.nodes.values()],
        "edges": [edge_json(e) for e in sub.edges],
        "groups": [
            {"id": g.id, "parent": g.parent, "relation": g.relation, "count": len(g.members)}
            for g in sub.groups.values()
        ],
        "counts": dict(sorted(sub.counts.items())),
        "truncated": sub.truncated,
    }


@router.get("/graph")
def graph(
    request: Request,
    model: Model,
    up: Up = 50,
    down: Down = 2,
    relation: Relations = None,
    threshold: Threshold = DEFAULT_GROUP_THRESHOLD,
    expand_all: ExpandAll = False,
    budget: Annotated[int, Query(ge=10, le=20_000)] = DEFAULT_BUDGET,
) -> dict[str, Any]:
    """The ancestors and descendants of ``model``, large fan-outs folded into groups."""
    store = get_store(request)
    spec = _spec(model, up, down, relation, threshold, expand_all)
    return _graph_json(selections.get(store, spec, budget), spec, down)


@router.get("/group")
def group(
    request: Request,
    model: Model,
    group: Annotated[str, Query(min_length=1, description="A group id from /graph")],
    up: Up = 50,
    down: Down = 2,
    relation: Relations = None,
    threshold: Threshold = DEFAULT_GROUP_THRESHOLD,
    expand_all: ExpandAll = False,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    budget: Annotated[int, Query(ge=10, le=20_000)] = DEFAULT_BUDGET,
) -> dict[str, Any]:
    """One page of a group's members (pass the parameters the /graph request used)."""
    store = get_store(request)
    spec = _spec(model, up, down, relation, threshold, expand_all)
    sub = selections.get(store, spec, budget)
    nodes, edges, total = group_members(store, sub, group, offset, limit)
    return {
        "group": group,
        "total": total,
        "offset": offset,
        "nodes": [node_json(n) for n in nodes],
        "edges": [edge_json(e) for e in edges],
    }


class _OverviewCache:
    """The last overview per store, for `OVERVIEW_TTL` seconds."""

    def __init__(self) -> None:
        self._items: dict[int, tuple[float, LineageStore, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def get(self, store: LineageStore, limit: int) -> dict[str, Any]:
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(id(store))
        if hit is not None and hit[1] is store and now - hit[0] < OVERVIEW_TTL:
            data = hit[2]
        else:
            data = graph_overview(store, 50)
            with self._lock:
                self._items[id(store)] = (now, store, data)
        out = dict(data)
        for name in ("families", "licence_families"):
            out[name] = data[name][:limit]
        for name in ("licence_findings", "conflicts"):
            out[name] = {**data[name], "items": data[name]["items"][:limit]}
        return out


overviews = _OverviewCache()


@router.get("/overview")
def overview(request: Request, limit: Annotated[int, Query(ge=1, le=50)] = 10) -> dict[str, Any]:
    """What is in the graph: the largest families, models with licence findings, conflicts."""
    return overviews.get(get_store(request), limit)


@router.get("/licences")
def licences(request: Request, model: Model) -> dict[str, Any]:
    """The licence report of ``model``'s chain, for the side panel (edges of findings marked)."""
    return get_graph(request).licenses(model).to_json()


@router.get("/explain")
def explain(request: Request, child: Model, parent: Model) -> dict[str, Any]:
    """Every claim for the edge ``child`` → ``parent`` and what speaks against it (side panel)."""
    return get_graph(request).explain(child, parent).to_json()

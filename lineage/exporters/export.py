"""Exports: the whole graph (streamed) or a selection, in any registered format.

Thin orchestration: `lineage.query.selection` chooses what to show, an exporter from
`lineage.exporters` renders it. The CLI (`lineage export`) and the HTTP route
(`GET /export`) both call `export`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from typing import IO, Any

from pyoxigraph import RdfFormat

from lineage.core import vocab as v
from lineage.exporters import Exporter, GraphView, exporter_names, get_exporter
from lineage.exporters.graph_json import jsonl_rows
from lineage.exporters.rdf_formats import RDF_FORMATS as _RDF
from lineage.query.selection import (
    DEFAULT_GROUP_THRESHOLD,
    GraphEdge,
    GraphNode,
    Group,
    SelectionSpec,
    dataset_edges,
    dataset_node,
    edge_view,
    group_id,
    group_label,
    model_node,
    select,
)
from lineage.stores.base import LineageStore

RDF_FORMATS: dict[str, RdfFormat] = {name: spec[0] for name, spec in _RDF.items()}
FORMATS = exporter_names()


def selection_view(store: LineageStore, spec: SelectionSpec) -> GraphView:
    """The view of a selection (in memory: selections are bounded by depth and grouping)."""
    sub = select(store, spec)
    rels = f", relations {', '.join(spec.relations)}" if spec.relations else ""
    title = f"lineage of {sub.root} (up {spec.up}, down {spec.down}{rels})"
    return GraphView(
        nodes=list(sub.nodes.values()),
        edges=list(sub.edges),
        store=store,
        title=title,
        root=sub.root,
        subgraph=sub,
    )


def whole_graph_groups(store: LineageStore, threshold: int) -> list[Group]:
    """Fan-outs of the whole graph too large to draw one by one (leaf children only).

    Members are listed by key (casefolded id): the whole-graph stream only needs
    to recognise them, and the group node carries their count.
    """
    sparql = getattr(store, "sparql", None)
    if sparql is not None:
        return _groups_by_sparql(store, sparql, threshold)
    fanout: Counter[tuple[str, str]] = Counter(
        (e.parent.casefold(), e.relation) for e in store.iter_edges()
    )
    groups: list[Group] = []
    for (parent_key, rel), n in sorted(fanout.items()):
        if n <= threshold:
            continue
        leaves = [
            e.child.casefold()
            for e in store.children(parent_key)
            if e.relation == rel
            and not store.children(e.child, limit=1)
            and len(store.parents(e.child)) == 1
        ]
        if len(leaves) > threshold:
            parent = store.node(parent_key)
            name = parent.id if parent else parent_key
            groups.append(Group(group_id(name, rel), name, rel, sorted(leaves)))
    return groups


def _groups_by_sparql(store: LineageStore, sparql: Any, threshold: int) -> list[Group]:
    # The embedded store answers both questions with aggregate queries instead of a
    # pass over every edge (its per-edge reads cost more on large fan-outs).
    preds = " ".join(f"<{p}>" for p in v.PROPERTY_RELATION)
    big = sparql(
        f"SELECT ?p ?pred WHERE {{ ?c ?pred ?p . VALUES ?pred {{ {preds} }} }} "
        f"GROUP BY ?p ?pred HAVING (COUNT(DISTINCT ?c) > {threshold})"
    )
    groups: list[Group] = []
    for row in sorted(big, key=lambda r: (r["p"].value, r["pred"].value)):
        p, pred = row["p"].value, row["pred"].value
        leaves = sparql(
            f"SELECT DISTINCT ?c WHERE {{ ?c <{pred}> <{p}> . "
            f"FILTER NOT EXISTS {{ ?x ?r ?c . VALUES ?r {{ {preds} }} }} "
            f"FILTER NOT EXISTS {{ ?c ?r2 ?o . VALUES ?r2 {{ {preds} }} FILTER(?o != <{p}>) }} }}"
        )
        keys = sorted(v.model_key_from_iri(r["c"].value) for r in leaves)
        if len(keys) > threshold:
            parent = store.node(v.model_key_from_iri(p))
            name = parent.id if parent else v.model_key_from_iri(p)
            rel = v.PROPERTY_RELATION[pred].value
            groups.append(Group(group_id(name, rel), name, rel, keys))
    return groups


def whole_graph_view(store: LineageStore, spec: SelectionSpec, groups: bool) -> GraphView:
    """The whole graph, streamed from the store: nodes, then edges."""
    folded_groups = (
        whole_graph_groups(store, spec.threshold) if groups and not spec.expand_all else []
    )
    folded = {m.casefold() for g in folded_groups for m in g.members}
    datasets: dict[str, None] = {}  # dataset ids seen, in order
    trained: list[GraphEdge] = []

    def nodes() -> Iterator[GraphNode]:
        for node in store.iter_nodes():
            if node.id.casefold() in folded:
                continue
            yield model_node(node)
            if spec.datasets:
                datasets.update(dict.fromkeys(node.datasets))
                trained.extend(dataset_edges(node))
        for d in datasets:
            yield dataset_node(d)
        for g in folded_groups:
            label = group_label(len(g.members), g.relation)
            yield GraphNode(
                g.id, "group", label, count=len(g.members), relation=g.relation, parent=g.parent
            )

    def edges() -> Iterator[GraphEdge]:
        for edge in store.iter_edges():
            if edge.child.casefold() not in folded:
                yield edge_view(edge)
        yield from trained
        for g in folded_groups:
            yield GraphEdge(g.parent, g.id, g.relation, count=len(g.members))

    return GraphView(nodes=nodes(), edges=edges(), store=store, title="model lineage")


def view_for(store: LineageStore, exporter: Exporter, spec: SelectionSpec | None) -> GraphView:
    """What ``exporter`` should render for ``spec`` (None: the whole graph)."""
    spec = spec or SelectionSpec()
    if not exporter.groups:  # data formats always carry every model
        spec = replace(spec, expand_all=True)
    if spec.root is None:
        return whole_graph_view(store, spec, exporter.groups)
    return selection_view(store, spec)


def export(
    store: LineageStore, fmt: str, out: IO[bytes], spec: SelectionSpec | None = None
) -> None:
    """Write the whole graph (``spec`` None or without root) or a selection in ``fmt``."""
    exporter = get_exporter(fmt)
    exporter.write(view_for(store, exporter, spec), out)


def download_name(fmt: str, root: str | None = None) -> str:
    """A file name for a download: ``lineage-ORG_NAME.graphml``."""
    ext = get_exporter(fmt).extension
    stem = "lineage" if root is None else "lineage-" + re.sub(r"[^A-Za-z0-9._-]+", "_", root)
    return f"{stem}.{ext}"


__all__ = [
    "DEFAULT_GROUP_THRESHOLD",
    "FORMATS",
    "RDF_FORMATS",
    "download_name",
    "export",
    "jsonl_rows",
    "selection_view",
    "view_for",
    "whole_graph_view",
]

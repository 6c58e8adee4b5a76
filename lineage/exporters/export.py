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
from typing import IO

from pyoxigraph import RdfFormat

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
from lineage.stores.base import Capability, LineageStore, fanout_store, supports

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
    if supports(store, Capability.FANOUT):
        return [
            Group(group_id(name, rel), name, rel, leaves)
            for name, rel, leaves in fanout_store(store).fanouts(threshold)
        ]
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

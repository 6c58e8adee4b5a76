"""JSON exports: node-link (D3, networkx), Cytoscape.js elements, and JSON Lines.

The two graph formats share one node and one edge object (see
`lineage.exporters.schemas`); both are written element by element, so the
whole graph streams.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from lineage.core.graph import Node
from lineage.exporters.base import Chunks, FunctionExporter, GraphView, edge_id
from lineage.query.selection import TRAINED_ON, GraphEdge, GraphNode
from lineage.stores.base import LineageStore


def node_json(node: GraphNode) -> dict[str, Any]:
    """The JSON object of a node (schema `schemas.NODE`)."""
    out: dict[str, Any] = {
        "id": node.id,
        "label": node.label,
        "kind": node.kind,
        "placeholder": node.placeholder,
        "license": node.license,
        "datasets": list(node.datasets),
        "depth": node.depth,
    }
    if node.kind == "group":
        out.update(count=node.count, relation=node.relation, parent=node.parent)
    return out


def edge_json(edge: GraphEdge) -> dict[str, Any]:
    """The JSON object of an edge (schema `schemas.EDGE`): source is the parent."""
    out: dict[str, Any] = {
        "source": edge.parent,
        "target": edge.child,
        "relation": edge.relation,
        "confidence": edge.confidence,
        "evidence_kinds": list(edge.evidence_kinds),
        "sources": list(edge.sources),
        "inferred": edge.inferred,
        "conflict": edge.conflict,
        "evidence": [e.to_json() for e in edge.evidence],
    }
    if edge.count is not None:
        out["count"] = edge.count
    return out


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _meta(view: GraphView) -> str:
    return _dumps({"name": view.title, "root": view.root})


def write_nodelink(view: GraphView, out: IO[bytes]) -> None:
    """``{"directed", "multigraph", "graph", "nodes", "links"}``, as D3 and networkx read it."""
    w = Chunks(out)
    w.add(f'{{"directed":true,"multigraph":false,"graph":{_meta(view)},\n"nodes":[')
    for i, node in enumerate(view.nodes):
        w.add(("," if i else "") + "\n" + _dumps(node_json(node)))
    w.add('\n],\n"links":[')
    for i, edge in enumerate(view.edges):
        w.add(("," if i else "") + "\n" + _dumps(edge_json(edge)))
    w.add("\n]}\n")
    w.flush()


def _node_classes(node: GraphNode) -> str:
    return " ".join([node.kind, *(["placeholder"] if node.placeholder else [])])


def _edge_classes(edge: GraphEdge) -> str:
    flags = [f for f, on in (("inferred", edge.inferred), ("conflict", edge.conflict)) if on]
    return " ".join([edge.relation, *flags])


def write_cytoscape(view: GraphView, out: IO[bytes]) -> None:
    """Cytoscape.js ``cy.json()`` elements; Cytoscape desktop imports it as ``.cyjs``."""
    w = Chunks(out)
    w.add(
        '{"format_version":"1.0","generated_by":"model-lineage",'
        f'"target_cytoscapejs_version":"~3","data":{_meta(view)},\n"elements":{{"nodes":['
    )
    for i, node in enumerate(view.nodes):
        item = {"data": node_json(node), "classes": _node_classes(node)}
        w.add(("," if i else "") + "\n" + _dumps(item))
    w.add('\n],"edges":[')
    for i, edge in enumerate(view.edges):
        item = {"data": {"id": edge_id(i), **edge_json(edge)}, "classes": _edge_classes(edge)}
        w.add(("," if i else "") + "\n" + _dumps(item))
    w.add("\n]}}\n")
    w.flush()


def _model_row(node: Node) -> dict[str, Any]:
    """A model's row; weight formats, quantisation types and bit widths only when known."""
    row: dict[str, Any] = {
        "type": "model",
        "id": node.id,
        "placeholder": node.placeholder,
        "license": node.license,
        "datasets": node.datasets,
    }
    weights = {"formats": node.formats, "quant_types": node.quant_types, "bits": node.bits}
    row.update({k: v for k, v in weights.items() if v})
    return row


def jsonl_rows(store: LineageStore) -> Iterator[dict[str, Any]]:
    """The whole graph as rows: models, then derivations (one JSON object each)."""
    for node in store.iter_nodes():
        yield _model_row(node)
    for edge in store.iter_edges():
        row = edge.to_json()
        yield {
            "type": "derivation",
            "child": row["child"],
            "parent": row["parent"],
            "relation": row["relation"],
            "evidence": row["evidence"],
            "confidence": row["confidence"],
        }


def selection_rows(view: GraphView) -> Iterator[dict[str, Any]]:
    """A selection as the same rows as `jsonl_rows`."""
    assert view.subgraph is not None
    for node in view.subgraph.models.values():
        yield _model_row(node)
    for edge in view.subgraph.edges:
        if edge.relation == TRAINED_ON or edge.count is not None:
            continue
        yield {
            "type": "derivation",
            "child": edge.child,
            "parent": edge.parent,
            "relation": edge.relation,
            "evidence": [e.to_json() for e in edge.evidence],
            "confidence": edge.confidence,
        }


def write_jsonl(view: GraphView, out: IO[bytes]) -> None:
    """One JSON object per line: ``model`` rows, then ``derivation`` rows."""
    rows = jsonl_rows(view.store) if view.subgraph is None else selection_rows(view)
    w = Chunks(out)
    for row in rows:
        w.add(json.dumps(row, ensure_ascii=False) + "\n")
    w.flush()


EXPORTERS = [
    FunctionExporter(
        "cytoscape", "application/json", "cyjs",
        "Cytoscape.js elements JSON: Cytoscape desktop, Cytoscape.js", write_cytoscape,
    ),
    FunctionExporter(
        "nodelink", "application/json", "json",
        "node-link JSON: D3 force layouts, networkx node_link_graph", write_nodelink,
    ),
    FunctionExporter(
        "jsonl", "application/x-ndjson", "jsonl",
        "JSON Lines: one model or derivation per line", write_jsonl, groups=False,
    ),
]  # fmt: skip

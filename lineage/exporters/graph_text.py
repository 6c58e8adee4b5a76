"""Text formats that draw: DOT (Graphviz) and Mermaid flowcharts."""

from __future__ import annotations

import json
from typing import IO

from lineage.exporters.base import (
    RELATION_STYLE,
    Chunks,
    FunctionExporter,
    GraphView,
    edge_values,
    node_values,
    scalar_text,
)
from lineage.query.selection import GraphEdge, GraphNode

FONT = "DejaVu Sans"
_FILL = {"model": "#f6f8fa", "placeholder": "#eaeef2", "group": "#ddf4ff", "dataset": "#fff8c5"}
_SHAPE = {"model": "box", "group": "box3d", "dataset": "cylinder"}


def _q(text: str) -> str:
    """A DOT double-quoted string (``\\n`` inside labels is Graphviz's line break)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _evidence_tip(edge: GraphEdge) -> str:
    if edge.count is not None:
        return f"{edge.count} {edge.relation} children"
    parts = [f"{e.kind} ({e.source}, {e.confidence})" for e in edge.evidence]
    return f"{edge.relation}: " + "; ".join(parts) if parts else edge.relation


def _dot_node(node: GraphNode, root: str | None) -> str:
    attrs = {k: scalar_text(v) for k, v in node_values(node).items()}
    style = "rounded,filled" + (",dashed" if node.placeholder else "")
    label = node.label
    if node.kind == "model":
        label += f"\n{node.license or 'licence unknown'}"
        if node.placeholder:
            label += " · no card"
    attrs.update(
        label=label,
        shape=_SHAPE[node.kind],
        style=style,
        fillcolor=_FILL["placeholder" if node.placeholder else node.kind],
        tooltip=node.id,
    )
    if root is not None and node.id.casefold() == root.casefold():
        attrs["penwidth"] = "2.5"
    body = ", ".join(f"{k}={_q(v)}" for k, v in attrs.items())
    return f"  {_q(node.id)} [{body}];\n"


def _dot_edge(edge: GraphEdge) -> str:
    colour, style = RELATION_STYLE.get(edge.relation, RELATION_STYLE["unknown"])
    attrs = {k: scalar_text(v) for k, v in edge_values(edge).items()}
    label = edge.relation + (" ⚠ conflict" if edge.conflict else "")
    attrs.update(
        label=label, color=colour, fontcolor=colour, style=style, tooltip=_evidence_tip(edge)
    )
    if edge.conflict:
        attrs["penwidth"] = "2.5"
    body = ", ".join(f"{k}={_q(v)}" for k, v in attrs.items())
    return f"  {_q(edge.parent)} -> {_q(edge.child)} [{body}];\n"


def write_dot(view: GraphView, out: IO[bytes]) -> None:
    """A Graphviz digraph laid out left to right (parents on the left)."""
    w = Chunks(out)
    w.add(
        "digraph lineage {\n"
        f"  graph [rankdir=LR, fontname={_q(FONT)}, fontsize=12, labelloc=t,"
        f" label={_q(view.title)}, nodesep=0.25, ranksep=0.6];\n"
        f'  node [fontname={_q(FONT)}, fontsize=10, color="#57606a", margin="0.15,0.06"];\n'
        f"  edge [fontname={_q(FONT)}, fontsize=9, arrowsize=0.7];\n"
    )
    for node in view.nodes:
        w.add(_dot_node(node, view.root))
    for edge in view.edges:
        w.add(_dot_edge(edge))
    w.add("}\n")
    w.flush()


_ARROW = {"merge": "==>", "distillation": "==>", "finetune": "-->"}
_DASH = {"adapter": "2 3", "quantized": "6 4", "unknown": "2 3", "trained-on": "2 3"}


def _m(text: str) -> str:
    """Text inside a Mermaid quoted label (Mermaid's own entity codes)."""
    return (
        text.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
    )


def _mermaid_node(mid: str, node: GraphNode) -> str:
    if node.kind == "group":
        return f'  {mid}[["{_m(node.label)}"]]:::group\n'
    if node.kind == "dataset":
        return f'  {mid}[("{_m(node.label)}")]:::dataset\n'
    extra = f"<br/>{_m(node.license)}" if node.license else ""
    cls = "placeholder" if node.placeholder else "model"
    return f'  {mid}["{_m(node.label)}{extra}"]:::{cls}\n'


def write_mermaid(view: GraphView, out: IO[bytes]) -> None:
    """A Mermaid ``flowchart LR``: paste into Markdown on GitHub/GitLab or mermaid.live."""
    w = Chunks(out)
    # The front matter is YAML, where a JSON string is a valid scalar.
    w.add(f"---\ntitle: {json.dumps(view.title, ensure_ascii=False)}\n---\nflowchart LR\n")
    ids: dict[str, str] = {}  # Mermaid ids must be plain words: n0, n1, …
    for node in view.nodes:
        mid = ids.setdefault(node.id, f"n{len(ids)}")
        w.add(_mermaid_node(mid, node))
    by_relation: dict[str, list[int]] = {}
    for i, edge in enumerate(view.edges):
        arrow = _ARROW.get(edge.relation, "-.->")
        label = edge.relation + (" ⚠ conflict" if edge.conflict else "")
        if edge.count is not None:
            label += f" ×{edge.count}"
        # setdefault: an edge to a model the node stream missed still draws (as a bare id).
        src = ids.setdefault(edge.parent, f"n{len(ids)}")
        dst = ids.setdefault(edge.child, f"n{len(ids)}")
        w.add(f"  {src} {arrow}|{_m(label)}| {dst}\n")
        by_relation.setdefault(edge.relation, []).append(i)
    w.add(
        "  classDef model fill:#f6f8fa,stroke:#57606a\n"
        "  classDef placeholder fill:#eaeef2,stroke:#57606a,stroke-dasharray:4 3\n"
        "  classDef group fill:#ddf4ff,stroke:#0969da\n"
        "  classDef dataset fill:#fff8c5,stroke:#9a6700\n"
    )
    for relation, indices in by_relation.items():
        colour = RELATION_STYLE.get(relation, RELATION_STYLE["unknown"])[0]
        dash = f",stroke-dasharray:{_DASH[relation]}" if relation in _DASH else ""
        w.add(f"  linkStyle {','.join(map(str, indices))} stroke:{colour}{dash}\n")
    w.flush()


EXPORTERS = [
    FunctionExporter(
        "dot", "text/vnd.graphviz", "dot", "DOT: Graphviz (dot -Tsvg), Gephi, yEd", write_dot,
    ),
    FunctionExporter(
        "mermaid", "text/plain; charset=utf-8", "mmd",
        "Mermaid flowchart: Markdown on GitHub/GitLab, mermaid.live", write_mermaid,
    ),
]  # fmt: skip

"""What an exporter is, and what it is given: a `GraphView` of nodes then edges."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Protocol

from lineage.query.selection import GraphEdge, GraphNode, Subgraph
from lineage.stores.base import LineageStore

# One palette for every format that draws (DOT, Mermaid); the explorer's CSS
# uses the same colours and dashes (lineage/web/static/explorer.css).
RELATION_STYLE: dict[str, tuple[str, str]] = {
    # relation: (colour, Graphviz style)
    "finetune": ("#1f6feb", "solid"),
    "adapter": ("#8250df", "dotted"),
    "quantized": ("#1a7f37", "dashed"),
    "merge": ("#bc4c00", "bold"),
    "distillation": ("#cf222e", "dashed,bold"),
    "unknown": ("#6e7781", "dotted"),
    "trained-on": ("#9a6700", "dotted"),
}
LIST_SEPARATOR = ", "


@dataclass(frozen=True, slots=True)
class GraphView:
    """What an exporter renders.

    ``nodes`` and ``edges`` may be one-shot generators (the whole graph is
    streamed from the store): consume every node before the first edge.
    ``subgraph`` is the selection behind the view, or None for the whole graph.
    """

    nodes: Iterable[GraphNode]
    edges: Iterable[GraphEdge]
    store: LineageStore
    title: str = "model lineage"
    root: str | None = None
    subgraph: Subgraph | None = None


class Exporter(Protocol):
    """A file format, registered by name."""

    # Read-only members: frozen dataclasses (`FunctionExporter`) satisfy them.
    @property
    def name(self) -> str: ...
    @property
    def media_type(self) -> str: ...
    @property
    def extension(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def groups(self) -> bool:
        """False: a data format that always gets every model (no group nodes)."""

    def write(self, view: GraphView, out: IO[bytes]) -> None:
        """Write ``view`` to a binary stream."""


WriteFn = Callable[[GraphView, IO[bytes]], None]


@dataclass(frozen=True, slots=True)
class FunctionExporter:
    """An `Exporter` made of a write function and its metadata."""

    name: str
    media_type: str
    extension: str
    description: str
    write_fn: WriteFn
    groups: bool = True

    def write(self, view: GraphView, out: IO[bytes]) -> None:
        """Write ``view`` to a binary stream."""
        self.write_fn(view, out)


def joined(values: Iterable[str]) -> str:
    """A list as one attribute value (formats without list types: GraphML, GEXF, DOT)."""
    return LIST_SEPARATOR.join(values)


def edge_id(index: int) -> str:
    """A stable edge id within one export."""
    return f"e{index}"


# The attributes every graph format carries, with their types (GraphML/GEXF
# declare them up front). Values that are None are left out of an element.
FieldType = str  # "string" | "boolean" | "int" | "double"
NODE_FIELDS: tuple[tuple[str, FieldType], ...] = (
    ("kind", "string"),
    ("label", "string"),
    ("placeholder", "boolean"),
    ("license", "string"),
    ("datasets", "string"),
    ("depth", "int"),
    ("count", "int"),
    ("relation", "string"),
    ("parent", "string"),
)
EDGE_FIELDS: tuple[tuple[str, FieldType], ...] = (
    ("relation", "string"),
    ("confidence", "double"),
    ("evidence_kinds", "string"),
    ("sources", "string"),
    ("inferred", "boolean"),
    ("conflict", "boolean"),
    ("count", "int"),
)
Scalar = str | bool | int | float


def node_values(node: GraphNode) -> dict[str, Scalar]:
    """A node's attributes as flat scalars (lists joined), None left out."""
    values: dict[str, Scalar | None] = {
        "kind": node.kind,
        "label": node.label,
        "placeholder": node.placeholder,
        "license": node.license,
        "datasets": joined(node.datasets) if node.datasets else None,
        "depth": node.depth,
        "count": node.count,
        "relation": node.relation,
        "parent": node.parent,
    }
    return {k: v for k, v in values.items() if v is not None}


def edge_values(edge: GraphEdge) -> dict[str, Scalar]:
    """An edge's attributes as flat scalars (lists joined), None and empty left out."""
    values: dict[str, Scalar | None] = {
        "relation": edge.relation,
        "confidence": edge.confidence,
        "evidence_kinds": joined(edge.evidence_kinds) or None,
        "sources": joined(edge.sources) or None,
        "inferred": edge.inferred,
        "conflict": edge.conflict,
        "count": edge.count,
    }
    return {k: v for k, v in values.items() if v is not None}


def scalar_text(value: Scalar) -> str:
    """A scalar as GraphML/GEXF/DOT text (booleans lower-case, like XML Schema)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class Chunks:
    """Collects text and writes it to a binary stream in large UTF-8 chunks."""

    def __init__(self, out: IO[bytes], size: int = 1 << 16) -> None:
        self._out = out
        self._parts: list[str] = []
        self._length = 0
        self._size = size

    def add(self, text: str) -> None:
        """Append text; writes through once enough has piled up."""
        self._parts.append(text)
        self._length += len(text)
        if self._length >= self._size:
            self.flush()

    def flush(self) -> None:
        """Write what is pending."""
        if self._parts:
            self._out.write("".join(self._parts).encode("utf-8", "replace"))
            self._parts.clear()
            self._length = 0

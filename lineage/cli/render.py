"""Text renderings of lineage results for the terminal."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from lineage.core.graph import Descendants, Edge, Lineage, Node
from lineage.core.terminal import printable as p

RELATION_STYLE = {
    "finetune": "green",
    "adapter": "magenta",
    "quantized": "cyan",
    "merge": "yellow",
    "distillation": "blue",
    "unknown": "red",
}


def _node_label(node: Node) -> Text:
    text = Text(p(node.id), style="bold")
    if node.license:
        text.append(f"  [{p(node.license)}]", style="dim")
    if node.placeholder:
        text.append("  (no card: placeholder)", style="italic dim")
    return text


def _edge_label(edge: Edge, parent: Node) -> Text:
    text = Text()
    text.append(p(edge.relation), style=RELATION_STYLE.get(edge.relation, ""))
    text.append(" ← ")
    text.append_text(_node_label(parent))
    kinds = ", ".join(
        sorted({p(e.kind) + (" (inferred)" if e.inferred else "") for e in edge.evidence})
    )
    text.append(f"   evidence: {kinds}; confidence {edge.confidence:.2f}", style="dim")
    if edge.conflict:
        text.append("  CONFLICT", style="bold red")
    return text


def lineage_tree(lineage: Lineage) -> Tree | Group:
    """The ancestor chain as a tree from the model up to its roots."""
    start = lineage.nodes.get(lineage.model.casefold()) or Node(lineage.model, True)
    tree = Tree(_node_label(start))
    shown: set[str] = set()

    def grow(branch: Tree, model_id: str, path: set[str]) -> None:
        for edge in sorted(lineage.parents_of(model_id), key=lambda e: e.parent.casefold()):
            pk = edge.parent.casefold()
            parent = lineage.nodes.get(pk) or Node(edge.parent, True)
            label = _edge_label(edge, parent)
            if pk in path:
                label.append("  ↺ cycle", style="bold red")
                branch.add(label)
                continue
            if pk in shown and lineage.parents_of(edge.parent):
                label.append("  (ancestors shown above)", style="dim")
                branch.add(label)
                continue
            shown.add(pk)
            grow(branch.add(label), edge.parent, path | {pk})

    grow(tree, start.id, {start.id.casefold()})
    notes = []
    if lineage.truncated:
        notes.append(Text("… depth limit reached; raise --depth to see more", style="yellow"))
    if not lineage.edges:
        notes.append(Text("no known parents", style="dim"))
    return Group(tree, *notes) if notes else tree


def descendants_view(result: Descendants) -> Group:
    """Counts per relation, then the listed descendants as a tree."""
    table = Table(title=Text(f"Derived from {p(result.model)}: {result.total} model(s)"))
    table.add_column("relation")
    table.add_column("direct", justify="right")
    table.add_column("all depths", justify="right")
    for rel in sorted(result.counts):
        table.add_row(
            Text(p(rel), style=RELATION_STYLE.get(rel, "")),
            str(result.direct_counts.get(rel, 0)),
            str(result.counts[rel]),
        )
    tree = Tree(Text(p(result.model), style="bold"))
    by_parent: dict[str, list[tuple[str, str]]] = {}
    for child, parent, rel in result.edges:
        by_parent.setdefault(parent.casefold(), []).append((child, rel))
    seen: set[str] = set()

    def grow(branch: Tree, model_id: str) -> None:
        for child, rel in sorted(by_parent.get(model_id.casefold(), [])):
            ck = child.casefold()
            label = Text(p(rel), style=RELATION_STYLE.get(rel, "")).append(" → ").append(p(child))
            if ck in seen:
                branch.add(label.append("  (shown above)", style="dim"))
                continue
            seen.add(ck)
            grow(branch.add(label), child)

    grow(tree, result.model)
    parts: list[Table | Tree | Text] = [table, tree]
    if result.truncated:
        parts.append(Text("… more descendants than listed (counts are complete)", style="yellow"))
    return Group(*parts)

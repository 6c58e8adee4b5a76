"""``lineage explain MODEL PARENT``: the evidence for and against one edge."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Group
from rich.table import Table
from rich.text import Text

from lineage.cli.base import (
    DbOpt,
    JsonOpt,
    StoreOpt,
    app,
    graph_for,
    print_answer,
)
from lineage.cli.render import RELATION_STYLE


@app.command()
def explain(
    model: Annotated[str, typer.Argument(help="The child model id")],
    parent: Annotated[str, typer.Argument(help="The parent model id")],
    db: DbOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Why the graph says MODEL derives from PARENT: every claim for it, and what speaks against."""
    with graph_for(db, store=store) as graph:
        data = graph.explain(model, parent).to_json()
    print_answer(as_json, lambda: data, lambda: render(data))


def _claims(title: str, claims: list[dict[str, Any]]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    for col in ("relation", "kind", "confidence", "source", "read from"):
        table.add_column(col, overflow="fold")
    for c in claims:
        rel = Text(c["relation"], style=RELATION_STYLE.get(c["relation"], ""))
        if c["inferred"]:
            rel.append(" (inferred)", style="dim")
        # Text, not markup: values are other people's text and may hold brackets.
        said = Text(c.get("value") or c["rule"])
        if c.get("location"):
            said.append("\n" + c["location"], style="dim")
        table.add_row(rel, Text(c["kind"]), f"{c['confidence']:.2f}", Text(c["source"]), said)
    return table


def render(data: dict[str, Any]) -> Group:
    """The explanation as terminal text: verdict, claims for, then everything against."""
    v = data["verdict"]
    head = Text()
    head.append(data["child"], style="bold")
    if not v["related"]:
        head.append(" has no claim naming ", style="")
        head.append(data["parent"], style="bold")
        head.append(" as a parent")
    else:
        head.append(" ← ")
        head.append(v["relation"], style=RELATION_STYLE.get(v["relation"], ""))
        head.append(" ← ")
        head.append(data["parent"], style="bold")
        head.append(f"   confidence {v['confidence']:.2f} (noisy-or of {v['claims']} claims)")
        if v["inferred"]:
            head.append("  inferred", style="dim")
        if v["conflict"]:
            head.append("  CONFLICT", style="bold red")
        if v["cycle"]:
            head.append("  CYCLE", style="bold red")
    parts: list[Any] = [head]
    if data["for"]:
        parts.append(_claims("For", data["for"]))
    against = data["against"]
    if against["conflicts"]:
        parts.append(_claims("Against: claims naming another relation", against["conflicts"]))
    if against["other_parents"]:
        lines = Text("Against: the child's other parents, per source\n", style="bold")
        for source, items in against["other_parents"].items():
            named = ", ".join(f"{i['parent']} ({i['relation']}, {i['kind']})" for i in items)
            lines.append(f"  {source}: {named}\n")
        parts.append(lines)
    if against["unresolved"]:
        lines = Text("Unresolved references that look like the parent\n", style="bold")
        for u in against["unresolved"]:
            lines.append(f"  {u['text']}  ({u['why']}; {u['kind']}, {u['source']})\n")
        parts.append(lines)
    if against["parent_new_version"]:
        parts.append(Text(f"{data['parent']} names {data['child']} as its new version"))
    if against["reversed"]:
        r = against["reversed"]
        parts.append(
            Text(f"{data['parent']} also derives from {data['child']} ({r['relation']}): a cycle")
        )
    return Group(*parts)

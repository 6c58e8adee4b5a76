"""``lineage export``: the whole graph or a selection, in any registered format."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import IO, Annotated

import typer

from lineage.cli.base import DbOpt, StoreOpt, app, graph_for
from lineage.core.terminal import printable
from lineage.query.selection import DEFAULT_GROUP_THRESHOLD

_FORMATS_HELP = (
    "graphml, gexf, cytoscape, nodelink, dot, mermaid, jsonl, "
    "turtle, ntriples, nquads, trig, jsonld, rdfxml"
)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help=_FORMATS_HELP)] = "jsonl",
    db: DbOpt = None,
    store: StoreOpt = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")
    ] = None,
    root: Annotated[
        str | None, typer.Option("--root", help="Export the lineage around this model only.")
    ] = None,
    direction: Annotated[
        str, typer.Option("--direction", help="With --root: up (ancestors), down, or both.")
    ] = "both",
    depth: Annotated[
        int | None, typer.Option("--depth", min=0, help="With --root: levels (default 50).")
    ] = None,
    relation: Annotated[
        list[str] | None,
        typer.Option("--relation", help="With --root: follow only this relation (repeatable)."),
    ] = None,
    expand_all: Annotated[
        bool, typer.Option("--all", help="Never fold large fan-outs into group nodes.")
    ] = False,
    threshold: Annotated[
        int,
        typer.Option("--group-threshold", min=1, help="Fold more than this many leaf children."),
    ] = DEFAULT_GROUP_THRESHOLD,
    datasets: Annotated[
        bool, typer.Option("--datasets/--no-datasets", help="Dataset nodes (graph formats).")
    ] = True,
) -> None:
    """Export the graph, or the lineage around --root, for Gephi, yEd, Cytoscape, Graphviz…"""
    with graph_for(db, store=store) as graph:

        def run(to: Path | IO[bytes]) -> None:
            graph.export(
                fmt, to, root=root, direction=direction, depth=depth, relations=relation or (),
                expand_all=expand_all, threshold=threshold, datasets=datasets,
            )  # fmt: skip

        if output is None and sys.stdout.isatty():
            # Shown on a terminal: the data's control characters are escaped, not obeyed.
            buf = io.BytesIO()
            run(buf)
            sys.stdout.write(printable(buf.getvalue().decode("utf-8", "replace"), lines=True))
            sys.stdout.flush()
        elif output is None:
            run(sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            run(output)

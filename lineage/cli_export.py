"""``lineage export``: the whole graph in a file format."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from lineage.cli import DbOpt, StoreOpt, app, settings_for, store_for


@app.command()
def export(
    fmt: Annotated[
        str, typer.Option("--format", help="jsonl, turtle, ntriples, nquads, trig, jsonld, rdfxml")
    ] = "jsonl",
    db: DbOpt = None,
    store: StoreOpt = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")
    ] = None,
) -> None:
    """Export the whole graph."""
    from lineage.export import export as run_export

    settings = settings_for(db, store=store)
    with store_for(settings) as s:
        if output is None:
            run_export(s, fmt, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            with output.open("wb") as fh:
                run_export(s, fmt, fh)

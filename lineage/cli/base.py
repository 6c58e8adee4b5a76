"""What every ``lineage`` command shares: the Typer app, consoles, options, settings, the graph.

Commands reach the graph through `graph_for` (the `LineageGraph` of `lineage.open`), so the
CLI, the Python API and the HTTP API answer through one layer.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console, RenderableType
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)

from lineage.core.settings import Settings
from lineage.core.terminal import printable, printable_json
from lineage.stores.base import LineageStore, open_store

if TYPE_CHECKING:  # the library loads the pipeline and the queries: only when a command runs
    from lineage.core.records import SourceFailure
    from lineage.ingest.summary import ImportSummary
    from lineage.library import LineageGraph

app = typer.Typer(
    help="What is this model really built on? Import model cards, trace derivation chains.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped output is not cut at 80 columns: lineage lines are long and meant to be grepped.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 400)
err = Console(stderr=True, soft_wrap=True)
MAX_SHOWN = 200  # failures of an import listed one by one; the rest are counted

DbOpt = Annotated[Path | None, typer.Option("--db", help="Embedded store folder (env LINEAGE_DB).")]
StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store", help="Store that answers: embedded, neo4j or sparql (env LINEAGE_STORE)."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a tree.")]
DepthOpt = Annotated[int | None, typer.Option("--depth", min=0, help="Depth cap (default 50).")]
WorkersOpt = Annotated[
    int | None, typer.Option("--workers", min=0, help="Parser processes (0: all cores).")
]
FullOpt = Annotated[
    bool,
    typer.Option("--full", help="Read and write every source, also those stored as they are now."),
]


def settings_for(db: Path | None = None, **overrides: Any) -> Settings:
    """Settings from the environment, with command-line options on top."""
    values = {k: v for k, v in overrides.items() if v is not None}
    if db is not None:
        values["db"] = db
    return Settings(**values)


def graph_for(db: Path | None = None, **overrides: Any) -> LineageGraph:
    """The lineage graph of `settings_for` (use it in ``with``: it closes its stores)."""
    from lineage.library import LineageGraph

    return LineageGraph(settings_for(db, **overrides))


@contextmanager
def store_for(settings: Settings, name: str | None = None) -> Iterator[LineageStore]:
    """One engine, opened and closed (`lineage sync` moves data between two of them)."""
    store = open_store(settings, name)
    try:
        yield store
    finally:
        store.close()


def progress(
    label: str, unit: str, *columns: ProgressColumn, show: bool = True, transient: bool = True
) -> Progress:
    """A progress bar on stderr (``label ━━ 3/10 unit …``), drawn only on a terminal."""
    return Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn(unit), *columns,
        TimeElapsedColumn(), console=err, transient=transient, disable=not (show and err.is_terminal),
    )  # fmt: skip


def print_json(data: Any) -> None:
    """``data`` as indented JSON on stdout, safe to show on a terminal."""
    # json.dumps escapes C0 controls; C1 and bidi controls are escaped here (same JSON value).
    sys.stdout.write(printable_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")


def print_answer(
    as_json: bool, data: Callable[[], Any], view: Callable[[], RenderableType]
) -> None:
    """``--json``: the answer as JSON; else its terminal view (a string is shown as plain text).

    Both are callables so that only the one printed is built.
    """
    if as_json:
        print_json(data())
        return
    shown = view()
    if isinstance(shown, str):  # data, not markup: printed as it is
        out.print(shown, highlight=False, markup=False)
    else:
        out.print(shown)


def _note(kind: str, failure: SourceFailure) -> None:
    err.print(
        printable(f"{kind}: {failure.location}: {failure.reason}"), highlight=False, markup=False
    )


def print_summary(summary: ImportSummary, as_json: bool, lead: str, quiet: bool = False) -> None:
    """An import's summary after ``lead`` (``quiet``: its failures were already said).

    Exits 1 when nothing at all could be imported.
    """
    data = summary.to_json()
    if as_json:
        print_json(data)
    else:
        out.print(
            f"{lead}: {summary.sources:,} source(s), {data['models']:,} model(s), "
            f"{summary.edges:,} lineage claim(s), {summary.unresolved:,} unresolved "
            f"reference(s), {len(summary.failures):,} error(s) in {summary.seconds:.2f}s"
        )
        out.print(f"sources: {summary.changes()}")
        if not quiet:  # else each failure was said as it happened
            for failure in summary.failures[:MAX_SHOWN]:
                _note("error", failure)
            if len(summary.failures) > MAX_SHOWN:
                err.print(f"… and {len(summary.failures) - MAX_SHOWN} more errors")
        for warning in summary.warnings:
            _note("warning", warning)
    if summary.sources == 0 and not (summary.unchanged or summary.removed):
        err.print("error: nothing could be imported")
        raise typer.Exit(1)

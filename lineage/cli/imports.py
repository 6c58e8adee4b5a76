"""``lineage check``, ``lineage import-dump`` and ``lineage import-hub``.

Argument parsing and rendering only: the work is `lineage.query.check.check`,
`lineage.ingest.dumps.import_dump` and `lineage.ingest.hub.import_from_hub`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import ProgressColumn, Task
from rich.text import Text

from lineage.cli.base import (
    DbOpt,
    FullOpt,
    JsonOpt,
    StoreOpt,
    WorkersOpt,
    app,
    err,
    graph_for,
    print_answer,
    print_summary,
    progress,
)
from lineage.core.terminal import printable

if TYPE_CHECKING:  # the import commands load the pipeline when they run
    pass


class RateColumn(ProgressColumn):
    """Models per second, as rich measures it over the last updates."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(
            f"{speed:,.0f} models/s" if speed else "… models/s", style="progress.data.speed"
        )


@app.command()
def check(
    db: DbOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Items listed per problem (counts stay complete).")
    ] = 50,
    licences: Annotated[
        bool,
        typer.Option("--licences/--no-licences", help="Judge every chain's licences (reads each)."),
    ] = True,
) -> None:
    """Data-quality report: conflicts, cycles, self references, placeholders, local paths,
    licence findings and provenance completeness."""
    from lineage.query.check import render_text

    with graph_for(db, store=store) as graph:
        report = graph.check(limit, licences)
    print_answer(as_json, report.to_json, lambda: printable(render_text(report), lines=True))


@app.command("import-dump")
def import_dump_cmd(
    paths: Annotated[
        list[Path], typer.Argument(help="Hub API dumps: .jsonl/.ndjson (.gz), .json, .parquet.")
    ],
    db: DbOpt = None,
    workers: WorkersOpt = None,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="The dumps are a snapshot: remove the models and sources earlier dumps "
            "wrote that they no longer hold.",
        ),
    ] = False,
    full: FullOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Import Hub API model-info dumps (JSON, JSONL, Parquet) on all cores.

    Rows stored as they are now are skipped (see ``--full``).
    """
    from importers.hub_dump import count_rows
    from lineage.ingest.dumps import import_dump

    with (
        graph_for(db, workers=workers) as graph,
        progress("importing", "rows", RateColumn(), show=not as_json) as bar,
    ):
        # Counting the rows reads every dump once more: only for a bar that is drawn.
        task = bar.add_task("import", total=None if bar.disable else count_rows(paths))
        summary = import_dump(
            paths, graph.write_stores(), graph.settings.workers,
            batch_size=graph.settings.batch_size, on_progress=lambda n: bar.advance(task, n),
            skip_unchanged=not full, prune=prune,
        )  # fmt: skip
    print_summary(
        summary, as_json, f"read {summary.rows:,} row(s) from {summary.files_read} dump(s)"
    )


@app.command("import-hub")
def import_hub_cmd(
    models: Annotated[list[str], typer.Argument(help="Hub model ids (ORG/NAME or hub:ORG/NAME).")],
    ancestors: Annotated[
        bool, typer.Option("--ancestors", help="Also import every parent, up to the roots.")
    ] = False,
    descendants: Annotated[
        int, typer.Option("--descendants", min=0, help="Also import children, N levels down.")
    ] = 0,
    children_limit: Annotated[
        int, typer.Option("--children-limit", min=1, help="Children listed per model.")
    ] = 100,
    max_models: Annotated[
        int, typer.Option("--max-models", min=1, help="Models fetched at most.")
    ] = 1000,
    endpoint: Annotated[
        str | None,
        typer.Option("--endpoint", help="Hub URL (default: HF_ENDPOINT or huggingface.co)."),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds per request.")
    ] = 10.0,
    cache_dir: Annotated[
        Path | None,
        typer.Option("--cache-dir", help="Download cache (default: the Hugging Face cache)."),
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import models from the live Hugging Face Hub (model info and small repo files)."""
    from importers.hub_live import HubOptions
    from lineage.ingest.hub import import_from_hub

    def note(message: str) -> None:
        if not as_json:
            err.print(printable(message), highlight=False, markup=False)

    with graph_for(db) as graph:
        options = HubOptions(
            endpoint=endpoint,
            timeout=timeout,
            cache_dir=cache_dir,
            max_models=max_models,
            max_depth=graph.settings.max_depth,
            children_limit=children_limit,
        )
        summary = import_from_hub(
            models, graph.write_stores(), ancestors=ancestors, descendants=descendants,
            options=options, on_message=note,
        )  # fmt: skip
    print_summary(
        summary, as_json, f"fetched {summary.files_read} file(s) from the Hub", quiet=True
    )


@app.command("version")
def version_cmd() -> None:
    """The version, and which build of the card readers this install runs.

    ``compiled``: the mypyc build made at install; ``pure``: none was built;
    ``stale``: a compiled module's source changed since (the sources run; reinstall to
    compile again); ``requested-pure``: ``LINEAGE_PURE_PYTHON=1`` asked for the sources.
    """
    import platform
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    from importers import _native

    try:
        number = installed("model-lineage")
    except PackageNotFoundError:  # pragma: no cover (run from a checkout never installed)
        number = "not installed"
    typer.echo(f"model-lineage {number}")
    typer.echo(f"readers: {_native.STATE}")
    typer.echo(f"Python {platform.python_version()}")

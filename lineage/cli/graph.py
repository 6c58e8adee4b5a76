"""``lineage import``, ``trace``, ``tree``, ``path``, ``show``, ``sparql`` and ``stats``.

Each command parses its arguments, asks `LineageGraph` (`graph_for`) and renders the answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lineage.cli.base import (
    DbOpt,
    DepthOpt,
    FullOpt,
    JsonOpt,
    StoreOpt,
    WorkersOpt,
    app,
    err,
    graph_for,
    out,
    print_answer,
    print_json,
    print_summary,
    progress,
)
from lineage.core.errors import UsageError
from lineage.core.graph import Descendants
from lineage.core.terminal import printable

QUERY_FILE_BYTES = 1_000_000  # a SPARQL query file read by `lineage sparql @FILE`


@app.command("import")
def import_cmd(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Folders (ORG/NAME/… or the HF cache layout), files, Hub dumps (.jsonl, .parquet), hub:ORG/NAME."
        ),
    ],
    db: DbOpt = None,
    model_id: Annotated[
        str | None, typer.Option("--id", help="Model id of a single card file.")
    ] = None,
    workers: WorkersOpt = None,
    ancestors: Annotated[
        bool, typer.Option("--ancestors", help="hub: also import every parent up to the roots.")
    ] = False,
    descendants: Annotated[
        int, typer.Option("--descendants", min=0, help="hub: also import N levels of children.")
    ] = 0,
    full: FullOpt = False,
    rehash: Annotated[
        bool,
        typer.Option(
            "--rehash",
            help="Read and hash every file to find the unchanged ones, instead of trusting "
            "an unchanged size and modification time.",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import model cards, repo files, Hub dumps and Hub models into the graph.

    Files and dump rows stored as they are now are skipped (see ``--full``); a file whose
    size and modification time are unchanged is not read (see ``--rehash``).
    """
    with (
        graph_for(db, workers=workers) as graph,
        progress("importing", "sources", show=not as_json) as bar,
    ):
        task = bar.add_task("import", total=None)
        summary = graph.import_paths(
            paths, model_id=model_id, ancestors=ancestors, descendants=descendants,
            skip_unchanged=not full, rehash=rehash, on_progress=lambda n: bar.advance(task, n),
        )  # fmt: skip
    print_summary(summary, as_json, f"read {summary.files_read:,} file(s)")


@app.command()
def trace(
    model: Annotated[
        str, typer.Argument(help="Model id, e.g. deepseek-ai/DeepSeek-R1-Distill-Qwen-32B")
    ],
    db: DbOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
    depth: DepthOpt = None,
) -> None:
    """The full derivation chain of a model, up to the roots, with the evidence of every link."""
    from lineage.cli.render import lineage_tree

    with graph_for(db, store=store) as graph:
        result = graph.trace(model, depth)
    print_answer(as_json, result.to_json, lambda: lineage_tree(result))


@app.command()
def tree(
    model: Annotated[str, typer.Argument(help="Model id")],
    db: DbOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
    depth: DepthOpt = None,
    relation: Annotated[
        list[str] | None, typer.Option("--relation", help="Follow only these relations.")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="Edges listed (counts stay complete).")
    ] = 200,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="Only descendants in this weight format (GGUF, MLX, AWQ…)."),
    ] = None,
    bits: Annotated[
        int | None,
        typer.Option("--bits", min=1, max=64, help="Only descendants of this bit width."),
    ] = None,
) -> None:
    """Everything derived from a model, counted per relation (--format/--bits: only those)."""
    from lineage.cli.render import descendants_view

    with graph_for(db, store=store) as graph:
        result: Descendants = graph.tree(model, depth, relation, limit)
    if fmt is not None or bits is not None:
        result = result.matching(fmt, bits)
    print_answer(as_json, result.to_json, lambda: descendants_view(result))


@app.command()
def path(
    source: Annotated[str, typer.Argument(help="One model id")],
    target: Annotated[str, typer.Argument(help="Another model id")],
    db: DbOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """How two models are related: the derivation path between them."""
    from lineage.cli.render import lineage_tree

    with graph_for(db, store=store) as graph:
        result = graph.path(source, target)
    none = printable(f"{source} and {target} share no known ancestry")
    print_answer(as_json, result.to_json, lambda: lineage_tree(result) if result.edges else none)


@app.command()
def show(
    model: Annotated[str, typer.Argument(help="Model id")],
    db: DbOpt = None,
    store: StoreOpt = None,
) -> None:
    """A model's facts, direct parents and children counted per relation (JSON)."""
    with graph_for(db, store=store) as graph:
        print_json(graph.show(model))


@app.command()
def sparql(
    query: Annotated[
        str, typer.Argument(help="A SPARQL 1.1 query (read-only); @FILE reads it from a file.")
    ],
    db: DbOpt = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help="table, json, csv, tsv (SELECT/ASK); turtle… (CONSTRUCT)"),
    ] = "table",
    union: Annotated[
        bool,
        typer.Option(
            "--union",
            help="Default graph: the union of every graph (each source's statements, and the "
            "view's) instead of the consolidated view.",
        ),
    ] = False,
) -> None:
    """Run a SPARQL query on the embedded store.

    The default graph is the consolidated view: each model's facts and each derivation once,
    with the fused relation, confidence and conflict flag (refreshed first after imports);
    GRAPH ?g reaches each source's own claims.
    """
    import warnings

    from lineage.library import StaleViewWarning
    from lineage.rdf.results import render_result

    if query.startswith("@"):
        from importers.files import read_bounded

        # A query file, not a FIFO or a device; bounded like any file we read.
        try:
            raw = read_bounded(Path(query[1:]), QUERY_FILE_BYTES)
        except OSError as exc:
            raise UsageError(f"{query[1:]}: cannot read: {exc.strerror or exc}") from None
        try:
            query = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UsageError(f"{query[1:]}: not UTF-8 text (byte {exc.start})") from None
    with graph_for(db, store="embedded") as graph, warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", StaleViewWarning)
        result = graph.sparql(query, union=union)
        for w in said:  # a stale view answered by the union: say so, the rows still follow
            err.print(printable(f"warning: {w.message}"), highlight=False, markup=False)
        render_result(result, fmt, out)


@app.command()
def stats(db: DbOpt = None, store: StoreOpt = None) -> None:
    """Counts of models, placeholders, edges and sources."""
    with graph_for(db, store=store) as graph:
        print_json(graph.stats())

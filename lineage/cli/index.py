"""``lineage index``: fill the embedded store's lineage index ahead of the first traces."""

from __future__ import annotations

import os
import time
from typing import Annotated

import typer

from lineage.cli.base import DbOpt, WorkersOpt, app, graph_for, print_json, progress
from lineage.stores.base import warmable_store


def _workers(setting: int) -> int:
    return setting or os.cpu_count() or 1


@app.command("index")
def index_cmd(
    db: DbOpt = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Every model, not only those with parents or children.")
    ] = False,
    workers: WorkersOpt = None,
) -> None:
    """Fill the lineage index: every model with parents or children, read once, kept on disk.

    Traces then read one SQLite row per model instead of RocksDB, in every later
    process (the index also fills as models are read, and the API fills it at start).
    """
    with graph_for(db, workers=workers, store="embedded") as graph:
        store = warmable_store(graph.store)
        store.index_info()  # refuses at once when the index is turned off
        started = time.perf_counter()
        models = store.index_models(everything)
        with progress("indexing", "models", transient=False) as bar:
            task = bar.add_task("index", total=len(models))
            done = store.build_index(
                models,
                progress=lambda n: bar.advance(task, n),
                workers=_workers(graph.settings.workers),
            )
        info = store.index_info()
        print_json(
            {
                "models": done,
                "rows": info["rows"],
                "seconds": round(time.perf_counter() - started, 1),
                "file": info["file"],
            }
        )

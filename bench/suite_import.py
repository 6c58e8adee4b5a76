"""Import tasks of the suite (run in a child process by `bench.suite_run`).

Each imports one synthetic Hub into a fresh on-disk Oxigraph store and reports
throughput, the number of quads written and the store's size on disk. Counting
the quads and sizing the store happen after the clock stops.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import time
from pathlib import Path
from typing import Any

from lineage.ingest.folders import run_import
from lineage.stores.oxigraph.store import OxigraphStore


def dir_size(path: Path) -> int:
    """Bytes of all files under ``path``."""
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for f in files:
            with contextlib.suppress(OSError):
                total += os.path.getsize(os.path.join(dirpath, f))
    return total


def _fresh_store(db: Path) -> OxigraphStore:
    if db.exists():
        shutil.rmtree(db)
    return OxigraphStore(db)


def _finish(store: OxigraphStore, db: Path, seconds: float, result: dict[str, Any]) -> None:
    store.flush()
    quads = len(store._store)
    store.close()
    sources = int(result.get("sources", 0))
    result.update(
        seconds=seconds,
        quads=quads,
        cards_per_s=sources / seconds if seconds else 0.0,
        triples_per_s=quads / seconds if seconds else 0.0,
        store_mb=dir_size(db) / 1e6,
    )


def import_folder(args: dict[str, Any]) -> dict[str, Any]:
    """``run_import`` of a folder of README cards: ``{path, db, workers}``."""
    db = Path(args["db"])
    store = _fresh_store(db)
    started = time.perf_counter()
    summary = run_import([Path(args["path"])], [store], workers=int(args["workers"]))
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {
        "sources": summary.sources,
        "edges": summary.edges,
        "failures": len(summary.failures),
    }
    _finish(store, db, seconds, result)
    return result


def dump_importer_available() -> bool:
    """Whether ``lineage.ingest.dumps.import_dump`` exists in this tree."""
    try:
        module = importlib.import_module("lineage.ingest.dumps")
    except ImportError:
        return False
    return hasattr(module, "import_dump")


def import_dump_files(args: dict[str, Any]) -> dict[str, Any]:
    """``import_dump`` of JSONL or Parquet dumps: ``{paths, db, workers}``."""
    if not dump_importer_available():
        return {"error": "lineage.ingest.dumps.import_dump is not available"}
    hub_dump: Any = importlib.import_module("lineage.ingest.dumps")
    db = Path(args["db"])
    store = _fresh_store(db)
    started = time.perf_counter()
    summary = hub_dump.import_dump(
        [Path(p) for p in args["paths"]], [store], workers=int(args["workers"])
    )
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {
        "sources": summary.sources,
        "edges": summary.edges,
        "failures": len(summary.failures),
    }
    _finish(store, db, seconds, result)
    return result

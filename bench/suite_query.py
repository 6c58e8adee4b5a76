"""Query tasks on our store (run in a child process by `bench.suite_run`).

The same questions go to the baselines (`bench.baselines`): the ancestors of
a sample of models, the size of the largest family, paths between related
models. We time both the library call users make (``store.ancestors``, which
also fetches every node's facts and every edge's evidence) and the bare SPARQL
query the rdflib baseline answers, so the ratios compare like with like.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from lineage.core import vocab as v
from lineage.stores.oxigraph.lineage_index import FILE_NAME as INDEX_FILE
from lineage.stores.oxigraph.store import OxigraphStore

DESCENDANT_REPEATS = 5
T = TypeVar("T")
RELATION_PATH = "|".join(f"<{p}>" for p in v.RELATION_PROPERTY.values())


def ancestors_sparql(model_id: str) -> str:
    """Every ancestor of a model, as a SPARQL property path (the baselines' query)."""
    return f"SELECT DISTINCT ?a WHERE {{ <{v.model_iri(model_id)}> ({RELATION_PATH})+ ?a }}"


def descendant_count_sparql(model_id: str) -> str:
    """How many models derive from a model, transitively."""
    return (
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE "
        f"{{ ?d ({RELATION_PATH})+ <{v.model_iri(model_id)}> }}"
    )


def percentiles(ms: Sequence[float]) -> dict[str, float]:
    """p50, p99, mean and max of timings in milliseconds."""
    if not ms:
        return {"n": 0}
    ordered = sorted(ms)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {
        "n": len(ms),
        "p50_ms": statistics.median(ordered),
        "p99_ms": p99,
        "mean_ms": statistics.fmean(ordered),
        "max_ms": ordered[-1],
    }


def timed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    """Milliseconds one call takes, and its result."""
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return (time.perf_counter() - t) * 1000, out


def _sparql_rows(store: OxigraphStore, query: str) -> list[Any]:
    return list(store.sparql(query))


def query_task(args: dict[str, Any]) -> dict[str, Any]:
    """``{db, ancestors: [...], largest_family, small_family, paths: [[a, b], ...]}``."""
    db = Path(args["db"])
    for leftover in db.glob(f"{INDEX_FILE}*"):  # an earlier run's lineage index
        leftover.unlink()
    # The RocksDB read path first: no lineage index (measured on its own at the end).
    store = OxigraphStore(db, index=False)
    sample: list[str] = args["ancestors"]
    out: dict[str, Any] = {}
    # Cold: the store's read caches emptied before every call (the OS page cache stays).
    cold = []
    for m in sample:
        store._invalidate()
        cold.append(timed(store.ancestors, m)[0])
    out["ancestors_cold"] = percentiles(cold)
    # Warm: one store serving the whole sample, caches kept between calls.
    store._invalidate()
    times, sizes = [], []
    for m in sample:
        ms, lin = timed(store.ancestors, m)
        times.append(ms)
        sizes.append(len(lin.nodes) - 1)
    out["ancestors"] = percentiles(times) | {"mean_ancestors": statistics.fmean(sizes)}
    # Preloaded: as the API serves after its start-up warm-up (`OxigraphStore.warm`);
    # each sampled model is still read from disk the first time.
    store._invalidate()
    warm_ms, warmed = timed(store.warm)
    out["ancestors_preloaded"] = percentiles([timed(store.ancestors, m)[0] for m in sample]) | {
        "warm_ms": warm_ms,
        "warmed_models": warmed,
    }
    sparql_times = [timed(_sparql_rows, store, ancestors_sparql(m))[0] for m in sample]
    out["ancestors_sparql"] = percentiles(sparql_times)
    for label in ("largest_family", "small_family"):
        root = args[label]
        store._invalidate()
        runs = [timed(store.descendants, root, limit=0) for _ in range(DESCENDANT_REPEATS)]
        # The first call after opening (or a write) also builds the relation index.
        out[f"descendants_{label}"] = percentiles([ms for ms, _ in runs[1:]]) | {
            "first_ms": runs[0][0],
            "root": root,
            "total": runs[0][1].total,
        }
        counts = [
            timed(_sparql_rows, store, descendant_count_sparql(root))
            for _ in range(DESCENDANT_REPEATS)
        ]
        out[f"descendants_sparql_{label}"] = percentiles([ms for ms, _ in counts]) | {
            "total": int(counts[0][1][0]["n"].value)
        }
    path_times = [timed(store.path, a, b)[0] for a, b in args["paths"]]
    out["paths"] = percentiles(path_times)
    store.close()
    out["ancestors_indexed"] = _indexed_ancestors(db, sample)
    return out


def _indexed_ancestors(db: Path, sample: list[str]) -> dict[str, Any]:
    """The lineage index: filled as ``lineage index`` does (on every core), then a new store
    answers the sample.

    The new store starts with empty caches, as a new process would: every model of
    every walk is read from the index (the OS page cache is as the runs above left it).
    """
    builder = OxigraphStore(db)
    build_ms, models = timed(builder.build_index, workers=os.cpu_count() or 1)
    builder.close()
    fresh = OxigraphStore(db)
    times = [timed(fresh.ancestors, m)[0] for m in sample]
    assert fresh.index is not None
    stats = fresh.index.stats()
    fresh.close()
    size = sum(f.stat().st_size for f in db.glob(f"{INDEX_FILE}*"))
    return percentiles(times) | {
        "build_ms": build_ms,
        "indexed_models": models,
        "index_mb": size / 2**20,
        "index_misses": stats["misses"],
    }

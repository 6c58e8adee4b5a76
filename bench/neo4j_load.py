"""Neo4j load benchmark: the batched writer against a one-query-per-row writer, same run.

    python -m bench.neo4j_load --models 100000 [--uri bolt://…] [--row-seconds 60]

Starts a private Neo4j (``lineage.neo4j_server.launcher``) unless ``--uri`` is given. The batched
writer loads the whole synthetic graph; the per-row writer (what a first attempt looks
like: one auto-commit ``MERGE`` statement per model and per edge, writing a thinner graph)
and the same writer given one record per transaction load the same records until their
time budget runs out; their rates are reported over what they wrote.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.records import synth_records
from bench.suite_data import draw_samples
from bench.suite_query import DESCENDANT_REPEATS, percentiles, timed
from lineage.core.records import SourceRecord
from lineage.stores.neo4j.store import Neo4jStore

# The synthetic Hub of the main suite (`python -m bench`, seed 1), so the query
# samples and their answers are the embedded store's.
SEED = 1


def batched(store: Neo4jStore, records: Sequence[SourceRecord], batch: int) -> dict[str, float]:
    started = time.perf_counter()
    for i in range(0, len(records), batch):
        store.write(records[i : i + batch])
    seconds = time.perf_counter() - started
    edges = sum(len(r.claims) for r in records)
    return {"models": len(records), "edges": edges, "seconds": seconds,
            "models_per_s": len(records) / seconds, "edges_per_s": edges / seconds}  # fmt: skip


def per_row(store: Neo4jStore, records: Sequence[SourceRecord], budget: float) -> dict[str, float]:
    """One auto-commit statement per model and per edge (the naive writer)."""
    driver: Any = store._driver
    started = time.perf_counter()
    models = edges = 0
    with driver.session(database=store.database) as session:
        for rec in records:
            session.run(
                "MERGE (m:Model {key: $key}) SET m.id = $id, m.placeholder = false, m.license = $license",
                key=rec.model_id.casefold(), id=rec.model_id, license=rec.license,
            ).consume()  # fmt: skip
            models += 1
            for c in rec.claims:
                session.run(
                    "MERGE (a:Model {key: $child}) MERGE (b:Model {key: $parent}) "
                    "ON CREATE SET b.id = $pid, b.placeholder = true "
                    "MERGE (a)-[r:DERIVED_FROM]->(b) SET r.relation = $rel, r.kind = $kind",
                    child=rec.model_id.casefold(), parent=c.parent.casefold(), pid=c.parent,
                    rel=c.relation.value, kind=c.kind.value,
                ).consume()  # fmt: skip
                edges += 1
            if time.perf_counter() - started > budget:
                break
    seconds = time.perf_counter() - started
    return {"models": models, "edges": edges, "seconds": seconds,
            "models_per_s": models / seconds, "edges_per_s": edges / seconds}  # fmt: skip


def one_by_one(
    store: Neo4jStore, records: Sequence[SourceRecord], budget: float
) -> dict[str, float]:
    """The same writer and graph, one record per transaction (what batching saves)."""
    started = time.perf_counter()
    models = edges = 0
    for rec in records:
        store.write([rec])
        models += 1
        edges += len(rec.claims)
        if time.perf_counter() - started > budget:
            break
    seconds = time.perf_counter() - started
    return {"models": models, "edges": edges, "seconds": seconds,
            "models_per_s": models / seconds, "edges_per_s": edges / seconds}  # fmt: skip


def queries(store: Neo4jStore, n_models: int, seed: int) -> dict[str, Any]:
    """The embedded suite's query sample (`bench.suite_query`), asked of Neo4j."""
    samples = draw_samples(n_models, seed)
    out: dict[str, Any] = {
        "ancestors": percentiles([timed(store.ancestors, m)[0] for m in samples.ancestors])
    }
    for label, root in (("largest_family", samples.largest_family),
                        ("small_family", samples.small_family)):  # fmt: skip
        runs = [timed(store.descendants, root, limit=0) for _ in range(DESCENDANT_REPEATS)]
        out[f"descendants_{label}"] = percentiles([ms for ms, _ in runs]) | {
            "root": root,
            "total": runs[0][1].total,
        }
    out["paths"] = percentiles([timed(store.path, a, b)[0] for a, b in samples.paths])
    return out


def progress(partial: dict[str, Any]) -> None:
    """A finished step, on stderr: stdout carries the one JSON result that bench.suite reads."""
    print(json.dumps(partial), file=sys.stderr, flush=True)


def run(
    n_models: int, uri: str | None, batch: int, row_seconds: float, password: str | None = None
) -> dict[str, Any]:
    records = list(synth_records(n_models, SEED))
    server_dir = None
    if uri is None:
        from lineage.neo4j_server import launcher as neo4j_dev

        server_dir = Path(tempfile.mkdtemp(prefix="bench-neo4j-"))
        uri = neo4j_dev.start(port=neo4j_dev.free_port(), data=server_dir, heap="2g").uri
    try:
        store = Neo4jStore(uri, password=password, query_timeout=600)
        store.clear()
        fast = batched(store, records, batch)
        progress({"batched": fast})
        asked = queries(store, n_models, SEED)
        progress({"queries": asked})
        store.clear()
        slow = per_row(store, records, row_seconds)
        progress({"per_row": slow})
        store.clear()
        single = one_by_one(store, records, row_seconds)
        store.clear()
        store.close()
    finally:
        if server_dir is not None:
            from lineage.neo4j_server import launcher as neo4j_dev

            neo4j_dev.stop(server_dir)
    return {
        "benchmark": "neo4j_load",
        "models": n_models,
        "batch_size": batch,
        "batched": fast,
        "per_row": slow,
        "one_record_per_transaction": single,
        "queries": asked,
        "speedup_vs_per_row_statements": fast["models_per_s"] / slow["models_per_s"],
        "speedup_vs_one_record_per_transaction": fast["models_per_s"] / single["models_per_s"],
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--models", type=int, default=100_000)
    ap.add_argument("--uri", default=None)
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--row-seconds", type=float, default=60.0)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    result = run(args.models, args.uri, args.batch, args.row_seconds)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

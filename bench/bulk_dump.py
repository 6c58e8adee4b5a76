"""Benchmark Hub-dump imports: models per second for JSONL and Parquet, 1 and 2 workers.

    python bench/bulk_dump.py [--models 20000] [--seed 1] [--workers 1,2] [--json]

Writes a synthetic Hub (`bench.synth`) as JSONL and Parquet, then for each
format and worker count measures two rates: *parse* (rows mapped to records
on the worker pool, nothing written) and *import* (`importers.hub_dump.
import_dump` into a fresh embedded store: parse plus RDF mapping and the
store's bulk load). It also checks the imported edges against the synthetic
ground truth (parents declared in YAML or tags; prose-only parents are not in
a dump's ``cardData``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import generate, truth_edges, write_jsonl, write_parquet
from importers.hub_dump import dump_tasks
from lineage.ingest.dumps import import_dump, parsed_chunks
from lineage.stores.oxigraph.store import OxigraphStore


def parse_rate(path: Path, workers: int) -> tuple[int, float]:
    """Rows parsed per second (records and their N-Quads built, nothing written)."""
    started = time.perf_counter()
    rows = sum(chunk.rows for chunk in parsed_chunks(dump_tasks(path), workers, prepared=True))
    return rows, rows / (time.perf_counter() - started)


def import_rate(path: Path, workers: int, tmp: Path) -> tuple[float, set[tuple[str, str]]]:
    """Rows imported per second into a fresh embedded store, and the edges it holds."""
    store = OxigraphStore(tmp / f"store-{path.suffix[1:]}-{workers}")
    try:
        summary = import_dump([path], [store], workers)
        edges = {(e.child.casefold(), e.parent.casefold()) for e in store.iter_edges()}
    finally:
        store.close()
    return summary.rows / summary.seconds, edges


def run(n_models: int, seed: int, workers: list[int]) -> dict[str, Any]:
    """Generate, then time every (format, workers) pair."""
    models = list(generate(n_models, seed))
    truth = {
        (e.child.casefold(), e.parent.casefold())
        for e in truth_edges(models, {"yaml", "tags"})
        if e.child.casefold() != e.parent.casefold()
    }
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bulk-dump-") as name:
        tmp = Path(name)
        files = {"jsonl": tmp / "models.jsonl", "parquet": tmp / "models.parquet"}
        write_jsonl(models, files["jsonl"])
        write_parquet(models, files["parquet"])
        del models
        for fmt, path in files.items():
            for w in workers:
                rows, parsed = parse_rate(path, w)
                imported, edges = import_rate(path, w, tmp)
                matched = len(edges & truth)
                results.append(
                    {
                        "format": fmt,
                        "workers": w,
                        "rows": rows,
                        "bytes": path.stat().st_size,
                        "parse_models_per_s": round(parsed),
                        "import_models_per_s": round(imported),
                        "edge_precision": round(matched / len(edges), 4) if edges else 1.0,
                        "edge_recall": round(matched / len(truth), 4) if truth else 1.0,
                    }
                )
    return {"models": n_models, "seed": seed, "truth_edges": len(truth), "runs": results}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--models", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.models, args.seed, [int(w) for w in args.workers.split(",")])
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['models']:,} synthetic models, {result['truth_edges']:,} declared edges")
    print(f"{'format':8} {'workers':>7} {'parse/s':>9} {'import/s':>9} {'P':>6} {'R':>6}")
    for r in result["runs"]:
        print(
            f"{r['format']:8} {r['workers']:>7} {r['parse_models_per_s']:>9,} "
            f"{r['import_models_per_s']:>9,} {r['edge_precision']:>6.3f} {r['edge_recall']:>6.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

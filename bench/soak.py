"""Soak test: imports, reads and SPARQL at once on one embedded store, for minutes.

    python -m bench.soak [--minutes 2] [--models 2000] [--db DIR] [--readers 2] [--out FILE]

Builds a store of ``--models`` synthetic models (unless ``--db`` holds one), then runs,
together until the time is up: an importer (re-imports slices of the models and adds new
ones through the batched writer, so every write replaces graphs and empties the caches),
``--readers`` threads asking ancestors, descendants and facts of random models, and one
thread running SPARQL. Prints one JSON document: operations, errors (with the first
messages), p50/p99 latency per kind, and the process's RSS at start, at its peak, at
half time and at the end (what grows in the second half is growth, not warm-up).
Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import psutil

from bench.records import synth_records
from lineage.core import vocab as v
from lineage.ingest.writer import import_records
from lineage.stores.oxigraph.store import OxigraphStore

SEED = 7
IMPORT_SLICE = 200  # records per import round
QUERIES = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?m a <%(model)s> }",
    "SELECT ?p WHERE { <%(iri)s> <%(derivation)s> ?d . ?d <%(entity)s> ?p } LIMIT 50",
    "ASK { ?m <%(derivation)s> ?d }",
)


@dataclass
class Tally:
    """Latencies (ms) and errors of one kind of operation; shared by threads under a lock."""

    ms: list[float] = field(default_factory=list)
    errors: int = 0
    first_errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.ms)

        def pct(q: float) -> float | None:
            return (
                round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2) if ordered else None
            )

        return {
            "ops": len(ordered), "errors": self.errors, "p50_ms": pct(0.5), "p99_ms": pct(0.99),
            "max_ms": round(ordered[-1], 2) if ordered else None, "first_errors": self.first_errors,
        }  # fmt: skip


class Soak:
    """The threads of one soak run and what they measured."""

    def __init__(self, store: OxigraphStore, models: int) -> None:
        self.store = store
        self.records = list(synth_records(models, SEED))
        self.ids = [r.model_id for r in self.records]
        self.models = models
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.tallies: dict[str, Tally] = {}
        self.process = psutil.Process()
        self.rss: list[int] = []

    def timed(self, kind: str, op: Callable[[], object]) -> None:
        started = time.perf_counter()
        try:
            op()
        except Exception as exc:  # counted and reported: the soak's whole point
            with self.lock:
                tally = self.tallies.setdefault(kind, Tally())
                tally.errors += 1
                if len(tally.first_errors) < 5:
                    tally.first_errors.append(f"{type(exc).__name__}: {exc}"[:300])
            return
        ms = (time.perf_counter() - started) * 1000
        with self.lock:
            self.tallies.setdefault(kind, Tally()).ms.append(ms)

    def importer(self) -> None:
        rng = random.Random(1)
        round_no = 0
        while not self.stop.is_set():
            round_no += 1
            if round_no % 2:  # re-import a slice of the stored models: graphs replaced
                start = rng.randrange(max(1, self.models - IMPORT_SLICE))
                records = self.records[start : start + IMPORT_SLICE]
            else:  # new models, from another seed
                records = list(synth_records(IMPORT_SLICE, SEED + round_no))
            self.timed("import", partial(import_records, records, [self.store], IMPORT_SLICE))

    def reader(self, seed: int) -> None:
        rng = random.Random(seed)
        while not self.stop.is_set():
            model = rng.choice(self.ids)
            kind = rng.choice(("ancestors", "descendants", "node"))
            if kind == "ancestors":
                self.timed(kind, partial(self.store.ancestors, model))
            elif kind == "descendants":
                self.timed(kind, partial(self.store.descendants, model, 10, None, 100))
            else:
                self.timed(kind, partial(self.store.node, model))

    def sparql(self) -> None:
        rng = random.Random(2)
        while not self.stop.is_set():
            text = rng.choice(QUERIES) % {
                "model": v.MLMODEL, "iri": v.model_iri(rng.choice(self.ids)),
                "derivation": v.QUALIFIED_DERIVATION, "entity": v.ENTITY,
            }  # fmt: skip
            self.timed("sparql", partial(self.ask, text))

    def ask(self, query: str) -> object:
        """Run a query and read its result through (solutions are lazy; ASK is a boolean)."""
        result = self.store.sparql(query)
        return bool(result) if type(result).__name__ == "QueryBoolean" else list(result)

    def watch(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        last_note = 0.0
        while time.monotonic() < deadline:
            self.rss.append(self.process.memory_info().rss)
            now = time.monotonic()
            if now - last_note > 15:
                last_note = now
                done = {k: len(t.ms) for k, t in self.tallies.items()}
                left = deadline - now
                print(f"soak: {left:.0f}s left, {done}", file=sys.stderr, flush=True)
            time.sleep(0.5)
        self.stop.set()


def build(db: Path, models: int) -> None:
    store = OxigraphStore(db)
    try:
        import_records(synth_records(models, SEED), [store], 2000)
    finally:
        store.close()


def run(minutes: float, models: int, db: Path | None, readers: int) -> dict[str, Any]:
    work = None
    if db is None:
        work = Path(tempfile.mkdtemp(prefix="lineage-soak-"))
        db = work / "store"
    try:
        if not (db / "CURRENT").exists():
            print(f"soak: building a store of {models:,} models …", file=sys.stderr, flush=True)
            build(db, models)
        store = OxigraphStore(db)
        soak = Soak(store, models)
        rss_start = soak.process.memory_info().rss
        threads = [threading.Thread(target=soak.importer, daemon=True)]
        threads += [
            threading.Thread(target=soak.reader, args=(i,), daemon=True) for i in range(readers)
        ]
        threads.append(threading.Thread(target=soak.sparql, daemon=True))
        started = time.monotonic()
        for t in threads:
            t.start()
        soak.watch(minutes * 60)
        for t in threads:
            t.join(timeout=120)
        seconds = time.monotonic() - started
        rss_end = soak.process.memory_info().rss
        stats = store.stats()
        store.close()
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    tallies = {k: t.summary() for k, t in sorted(soak.tallies.items())}
    mib = 2**20
    return {
        "benchmark": "soak",
        "minutes": round(seconds / 60, 2),
        "models_at_start": models,
        "store_at_end": stats,
        "readers": readers,
        "operations": tallies,
        "errors": sum(t["errors"] for t in tallies.values()),
        "rss_mib": {
            "start": round(rss_start / mib, 1),
            "peak": round(max(soak.rss, default=rss_end) / mib, 1),
            "half_time": round(soak.rss[len(soak.rss) // 2] / mib, 1) if soak.rss else None,
            "end": round(rss_end / mib, 1),
            "growth": round((rss_end - rss_start) / mib, 1),
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--minutes", type=float, default=2.0)
    ap.add_argument("--models", type=int, default=2000, help="store size (default small)")
    ap.add_argument(
        "--db", type=Path, default=None, help="store folder (kept; default: a temp one)"
    )
    ap.add_argument("--readers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    result = run(args.minutes, args.models, args.db, args.readers)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())

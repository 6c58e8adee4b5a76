"""``python -m bench``: the Hub-scale benchmark suite.

    python -m bench [--models 10000,100000] [--quick] [--out bench/out]
                    [--only import,dump,query,baselines] [--neo4j] [--api]
                    [--data DIR] [--work DIR] [--no-docs]

Generates (once, cached under ``--data``) a synthetic Hub per size, imports it
from the folder of cards (1 and 2 workers) and from the JSONL/Parquet dumps,
queries it, builds the rdflib and networkx baselines from the same cards and
asks them the same questions. Results go to ``OUT/results-*.json`` and a
Markdown table, which also replaces the generated section of
``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.suite import DEFAULT_SECTIONS, SECTIONS, Config, run_suite

ROOT = Path(__file__).resolve().parent.parent
QUICK_MODELS = [2000]


def _ints(text: str) -> list[int]:
    return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]


def parse_args(argv: Sequence[str] | None) -> Config:
    """Turn the command line into a suite `Config`."""
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--models", type=_ints, default=None, help="sizes, e.g. 10000,100000")
    ap.add_argument("--quick", action="store_true", help=f"one small size ({QUICK_MODELS[0]:,})")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--only", default=",".join(DEFAULT_SECTIONS), help=f"of {','.join(SECTIONS)}")
    ap.add_argument("--neo4j", action="store_true", help="also run bench.neo4j_load")
    ap.add_argument("--api", action="store_true", help="also run bench.api_load (when present)")
    tmp = Path(tempfile.gettempdir())
    ap.add_argument("--data", type=Path, default=tmp / "model-lineage-bench" / "data")
    ap.add_argument("--work", type=Path, default=tmp / "model-lineage-bench" / "work")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=_ints, default=[1, 2], help="folder import workers (1,2)")
    ap.add_argument("--rdflib-max", type=int, default=100_000, help="largest N for rdflib")
    ap.add_argument("--timeout", type=float, default=3600.0, help="per task, seconds")
    ap.add_argument("--docs", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ap.add_argument("--no-docs", action="store_true", help="do not touch docs/benchmarks.md")
    a = ap.parse_args(argv)
    only = [s.strip() for s in a.only.split(",") if s.strip()]
    unknown = sorted(set(only) - set(SECTIONS))
    if unknown:
        ap.error(f"unknown section(s) {unknown}; choose from {', '.join(SECTIONS)}")
    only += [s for s, on in (("neo4j", a.neo4j), ("api", a.api)) if on and s not in only]
    models = a.models or (QUICK_MODELS if a.quick else [10_000, 100_000])
    return Config(
        models=models,
        data=a.data,
        work=a.work,
        out=a.out,
        seed=a.seed,
        only=only,
        workers=a.workers,
        rdflib_max=a.rdflib_max,
        timeout=a.timeout,
        docs=None if a.no_docs else a.docs,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suite."""
    cfg = parse_args(argv)
    run_suite(cfg)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A deterministic synthetic Hugging Face Hub, for benchmarks and import tests.

``generate(n_models, seed)`` yields `SynthModel` records lazily: Hub-like ids
(unique case-insensitively), heavy-tailed families (a few bases with tens of
thousands of descendants at 1M models, most with none), about a quarter of
models with declared lineage in the Hub's relation mix (adapter, finetune,
quantized, merge, plus a little distillation), chains ten or more deep,
merges of 2–5 parents, a handful of cycles and dangling parents, and cards in
the forms found in the wild. Each record carries its ground truth; see
`truth_edges`.

Writers stream: ``write_folder`` (``DIR/ORG/NAME/README.md``), ``write_jsonl``
(Hub API model-info objects), ``write_parquet`` (same columns; needs pyarrow)
and ``write_truth``. The same seed gives byte-identical output.

Command line::

    python -m bench.synth --models 100000 --seed 1 --out /tmp/hub \\
        [--formats folder,jsonl,parquet,truth] [--with-card]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from bench.synth_gen import Engine
from bench.synth_io import (
    FolderSink,
    JsonlSink,
    ParquetSink,
    Sink,
    TruthSink,
    drain,
    parquet_schema,
    write_folder,
    write_jsonl,
    write_parquet,
    write_truth,
)
from bench.synth_model import Edge, Evidence, Parent, SynthModel, truth_edges

__all__ = [
    "Edge",
    "Evidence",
    "Parent",
    "SynthModel",
    "generate",
    "main",
    "parquet_schema",
    "truth_edges",
    "write_folder",
    "write_jsonl",
    "write_parquet",
    "write_truth",
]

FORMATS = ("folder", "jsonl", "parquet", "truth")
FILE_NAMES = {"jsonl": "models.jsonl", "parquet": "models.parquet", "truth": "truth.jsonl"}


def generate(n_models: int, seed: int) -> Iterator[SynthModel]:
    """Yield ``n_models`` synthetic models, lazily and deterministically from ``seed``."""
    if n_models < 0:
        raise ValueError("n_models must be >= 0")
    return Engine(n_models, seed).run()


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    return total


def main(argv: Sequence[str] | None = None) -> int:
    """Generate a synthetic Hub into ``--out`` in the chosen formats, in one pass."""
    ap = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.split("\n")[0])
    ap.add_argument("--models", type=int, required=True, help="number of models")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--out", type=Path, required=True, help="output directory")
    ap.add_argument(
        "--formats",
        default="folder,jsonl,parquet",
        help=f"comma-separated, of {','.join(FORMATS)} (default folder,jsonl,parquet)",
    )
    ap.add_argument(
        "--with-card",
        action="store_true",
        help="add the README text as a 'card' field to JSONL and Parquet rows",
    )
    args = ap.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        ap.error(f"unknown format(s) {unknown}; choose from {', '.join(FORMATS)}")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    sinks: list[Sink] = []
    targets: list[tuple[str, Path]] = []
    for fmt in formats:
        path = out if fmt == "folder" else out / FILE_NAMES[fmt]
        targets.append((fmt, path))
        if fmt == "folder":
            sinks.append(FolderSink(path))
        elif fmt == "jsonl":
            sinks.append(JsonlSink(path, args.with_card))
        elif fmt == "parquet":
            sinks.append(ParquetSink(path, args.with_card))
        else:
            sinks.append(TruthSink(path))
    start = time.perf_counter()
    n = drain(generate(args.models, args.seed), sinks)
    elapsed = time.perf_counter() - start
    rate = n / elapsed if elapsed else float("inf")
    print(f"{n} models, seed {args.seed}, {elapsed:.1f} s ({rate:,.0f} models/s)")
    for fmt, path in targets:
        if fmt == "folder":
            print(f"  folder  {path}/ORG/NAME/README.md")
        else:
            print(f"  {fmt:7} {path} ({_size(path) / 1e6:,.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

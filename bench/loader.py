"""Oxigraph's bulk loader alone: CPU per quad for the N-Quads an import loads.

    python -m bench.loader FILE.nq [--batch 25000] [--input str|bytes|path]
                                   [--graphs named|one|default] [--strict] [--json]

FILE holds the N-Quads of many sources, each source's lines together (the text an
import's parent loads: write it once with ``--write-from DUMP.jsonl``). The sources are
cut into loads of ``--batch`` sources (0: one load of everything) and bulk-loaded into a
fresh on-disk store, one load after the other, as the import's writer thread does. The
CPU counted is the whole process's (the loader's own threads and RocksDB's compactions
included) from the first load until the store is closed, which waits for compactions.
Run each setting in a new process: RocksDB's threads and the allocator's state carry over.

``--graphs one`` puts every quad in one named graph (fewer distinct terms), ``default``
in the default graph (three indexes instead of six); both only measure, the import
never loads such shapes (and a statement that several sources make is stored once).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pyoxigraph import RdfFormat, Store


def cpu() -> float:
    """CPU seconds of this process, every thread."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def sources(text: str) -> Iterator[str]:
    """The text cut at each change of graph (the last term of a line)."""
    start = 0
    graph = ""
    pos = 0
    while pos < len(text):
        end = text.index("\n", pos) + 1
        line_graph = text[text.rindex(" <", pos, end) : end]
        if line_graph != graph and pos > start:
            yield text[start:pos]
            start = pos
        graph = line_graph
        pos = end
    if start < len(text):
        yield text[start:]


def reshaped(text: str, graphs: str) -> str:
    """The same quads in one named graph or in the default graph."""
    if graphs == "named":
        return text
    out = []
    for line in text.splitlines(keepends=True):
        head = line[: line.rindex(" <")]
        out.append(head + (" <urn:x-bench:one> .\n" if graphs == "one" else " .\n"))
    return "".join(out)


def batches(text: str, batch: int) -> list[str]:
    """The sources of ``text`` grouped ``batch`` at a time (0: all in one)."""
    if batch <= 0:
        return [text]
    out: list[str] = []
    group: list[str] = []
    for source in sources(text):
        group.append(source)
        if len(group) >= batch:
            out.append("".join(group))
            group = []
    if group:
        out.append("".join(group))
    return out


def load(
    loads: list[str], how: str, lenient: bool, folder: Path, optimize: bool = False
) -> dict[str, Any]:
    """Bulk-load each text into a fresh store; CPU and wall of the loads and the close
    (``optimize``: and of a full compaction after the loads, the work a load may defer)."""
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(str(folder / "store"))
    inputs: list[str | bytes | Path] = []
    for i, text in enumerate(loads):
        if how == "bytes":
            inputs.append(text.encode())
        elif how == "path":
            path = folder / f"load-{i}.nq"
            path.write_text(text, encoding="utf-8")
            inputs.append(path)
        else:
            inputs.append(text)
    quads = sum(text.count("\n") for text in loads)
    fmt = RdfFormat.N_QUADS
    cpu0, wall0 = cpu(), time.perf_counter()
    per_load = []
    for item in inputs:
        c, w = cpu(), time.perf_counter()
        if isinstance(item, Path):
            store.bulk_load(path=item, format=fmt, lenient=lenient)
        else:
            store.bulk_load(item, fmt, lenient=lenient)
        per_load.append((round(cpu() - c, 3), round(time.perf_counter() - w, 3)))
    loaded_cpu = cpu() - cpu0
    store.flush()
    stored = len(store)
    compact = 0.0
    if optimize:
        c = cpu()
        store.optimize()
        compact = cpu() - c
    del store  # closing waits for running compactions
    total = cpu() - cpu0 - compact
    return {
        "quads": quads,
        "stored": stored,
        "loads": len(loads),
        "load_cpu_s": round(loaded_cpu, 2),
        "total_cpu_s": round(total, 2),
        "wall_s": round(time.perf_counter() - wall0, 2),
        "us_per_quad": round(total / quads * 1e6, 2),
        "optimize_cpu_s": round(compact, 2),
        "per_load": per_load,
    }


def write_from(dump: Path, out: Path, workers: int) -> int:
    """Write the N-Quads an import of ``dump`` loads (its workers' text, later rows win)."""
    from importers.hub_dump import dump_tasks
    from lineage.ingest.dumps import parsed_chunks
    from lineage.ingest.incremental import skipping, stamping
    from lineage.rdf.mapping import PreparedSource

    latest: dict[str, str] = {}
    with skipping(set()), stamping():
        for chunk in parsed_chunks(dump_tasks(dump), workers, prepared=True):
            for item in chunk.payload:
                assert isinstance(item, PreparedSource)
                latest.pop(item.key, None)
                latest[item.key] = item.nquads
    out.write_text("".join(latest.values()), encoding="utf-8")
    return len(latest)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", type=Path, help="N-Quads, each source's lines together")
    ap.add_argument("--batch", type=int, default=25_000, help="sources per load (0: all)")
    ap.add_argument("--input", choices=("str", "bytes", "path"), default="str")
    ap.add_argument("--graphs", choices=("named", "one", "default"), default="named")
    ap.add_argument("--strict", action="store_true", help="validate IRIs (lenient=False)")
    ap.add_argument(
        "--optimize", action="store_true", help="then compact fully (what the loads deferred)"
    )
    ap.add_argument("--write-from", type=Path, help="first write FILE from this Hub dump")
    ap.add_argument("--workers", type=int, default=2, help="for --write-from")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.write_from is not None:
        n = write_from(args.write_from, args.file, args.workers)
        print(f"wrote {n:,} sources to {args.file}", file=sys.stderr)
    text = args.file.read_text(encoding="utf-8")
    loads = [reshaped(t, args.graphs) for t in batches(text, args.batch)]
    with tempfile.TemporaryDirectory(prefix="bench-loader-") as name:
        result = load(loads, args.input, not args.strict, Path(name), args.optimize)
    result.update(batch=args.batch, input=args.input, graphs=args.graphs, lenient=not args.strict)
    if args.json:
        print(json.dumps(result))
    else:
        per = ", ".join(f"{c:.2f}/{w:.2f}" for c, w in result.pop("per_load"))
        print(" ".join(f"{k}={v}" for k, v in result.items()) + f" loads(cpu/wall)=[{per}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

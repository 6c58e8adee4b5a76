"""Import Hub API model-info dumps: JSON (a list or one object), JSONL, Parquet.

Rows are mapped by `importers.hub_rows` (one ``hub:ORG/NAME`` source per
model). Dumps are streamed (lines, JSON array elements, Parquet record
batches), parsed on all cores a chunk at a time with a bounded number of
chunks in flight, and written to the stores in batches: memory stays flat
however large the dump. `import_dump` is the entry point (CLI: ``lineage
import-dump``; benchmarks call it directly).
"""

from __future__ import annotations

import gzip
import importlib
import io
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import IO, Any, cast

from importers.hub_rows import RowError, records_from_row
from lineage.errors import CardError, UsageError
from lineage.importing import ImportSummary
from lineage.records import SourceFailure, SourceRecord
from lineage.stores.base import LineageStore

# A unit of work: (format, dump path, number of the chunk's first row, payload).
Task = tuple[str, str, int, Any]
Parsed = tuple[list[SourceRecord], list[SourceFailure], int]
CHUNK_ROWS = 1_000
_READ_CHARS = 1 << 20
_PARQUET_COLUMNS = (
    "id", "modelId", "cardData", "baseModels", "tags", "library_name", "pipeline_tag", "card",
)  # fmt: skip


def parse_task(task: Task) -> Parsed:
    """Parse one chunk of a dump; row failures are returned, never raised."""
    fmt, path, first, payload = task
    rows: Iterable[tuple[int, object]]
    if fmt == "lines":
        # Line numbers stay exact: blank lines travel with the chunk and are skipped here.
        rows = ((n, line) for n, line in enumerate(payload, start=first) if line.strip())
    elif fmt == "arrow":
        rows = enumerate(payload.to_pylist(), start=first)
    else:
        rows = enumerate(payload, start=first)
    records: list[SourceRecord] = []
    failures: list[SourceFailure] = []
    count = 0
    for n, row in rows:
        count += 1
        location = f"{path}#{n}"
        try:
            value = json.loads(cast(bytes, row)) if fmt == "lines" else row
            records.extend(records_from_row(value, location))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            failures.append(SourceFailure(location, f"invalid JSON: {exc}"))
        except (RowError, CardError) as exc:
            failures.append(SourceFailure(location, str(exc).removeprefix(location + ": ")))
        except Exception as exc:  # a mapping bug must not stop a million-row import
            failures.append(SourceFailure(location, f"{type(exc).__name__}: {exc}"))
    return records, failures, count


def dump_tasks(path: Path, chunk_rows: int = CHUNK_ROWS) -> Iterator[Task]:
    """Chunks of one dump file, by its suffix: .jsonl/.ndjson (.gz), .json, .parquet."""
    name = path.name.casefold()
    if name.endswith(".parquet"):
        yield from _parquet_tasks(path, chunk_rows)
    elif name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        yield from _line_tasks(path, chunk_rows)
    elif name.endswith((".json", ".json.gz")):
        yield from _json_tasks(path, chunk_rows)
    else:
        raise UsageError(f"{path}: not a dump (.jsonl, .ndjson, .json or .parquet)")


def _open(path: Path) -> IO[bytes]:
    if path.name.casefold().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _line_tasks(path: Path, chunk_rows: int) -> Iterator[Task]:
    chunk: list[bytes] = []
    first = 1
    with _open(path) as fh:
        for n, line in enumerate(fh, start=1):
            if not chunk:
                first = n
            chunk.append(line)
            if len(chunk) >= chunk_rows:
                yield ("lines", str(path), first, chunk)
                chunk = []
    if chunk:
        yield ("lines", str(path), first, chunk)


def _json_tasks(path: Path, chunk_rows: int) -> Iterator[Task]:
    chunk: list[object] = []
    first = 0
    for n, value in enumerate(iter_json_values(path)):
        if not chunk:
            first = n
        chunk.append(value)
        if len(chunk) >= chunk_rows:
            yield ("objects", str(path), first, chunk)
            chunk = []
    if chunk:
        yield ("objects", str(path), first, chunk)


def iter_json_values(path: Path) -> Iterator[object]:
    """The elements of a JSON array file one at a time (or the single object it holds)."""
    decoder = json.JSONDecoder()
    with _open(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig") as fh:
        buf, pos, want = fh.read(_READ_CHARS), 0, _READ_CHARS
        start = buf.lstrip()[:1]
        if start == "{":
            yield json.loads(buf + fh.read())
            return
        if start != "[":
            raise CardError(str(path), "expected a JSON array or object of model infos")
        pos = buf.index("[") + 1
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n,":
                pos += 1
            if pos < len(buf) and buf[pos] == "]":
                return
            try:
                if pos >= len(buf):
                    raise json.JSONDecodeError("need more", buf, pos)
                value, pos = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError as exc:
                more = fh.read(want)
                if not more:
                    raise CardError(str(path), f"invalid JSON: {exc.msg}") from None
                # Keep only the unread tail; grow the read so a huge element costs O(n).
                buf, pos, want = buf[pos:] + more, 0, want * 2
                continue
            want = _READ_CHARS
            yield value
            if pos > _READ_CHARS:
                buf, pos = buf[pos:], 0


def _parquet_tasks(path: Path, chunk_rows: int) -> Iterator[Task]:
    pq: Any = importlib.import_module("pyarrow.parquet")

    pf = pq.ParquetFile(path)
    columns = [c for c in _PARQUET_COLUMNS if c in pf.schema_arrow.names]
    first = 0
    for batch in pf.iter_batches(batch_size=chunk_rows, columns=columns):
        yield ("arrow", str(path), first, batch)
        first += batch.num_rows


def count_rows(paths: Sequence[Path]) -> int | None:
    """The number of rows, when cheap to know (Parquet footers only); else None."""
    total = 0
    for path in paths:
        if not path.name.casefold().endswith(".parquet"):
            return None
        pq: Any = importlib.import_module("pyarrow.parquet")

        total += pq.ParquetFile(path).metadata.num_rows
    return total


def parsed_chunks(tasks: Iterable[Task], workers: int) -> Iterator[Parsed]:
    """Parse tasks on ``workers`` processes (1: here), in order, few chunks in flight."""
    if workers <= 1:
        yield from map(parse_task, tasks)
        return
    # Pool.imap would read the whole input ahead and queue every result while the
    # stores write: a window of pending chunks keeps memory flat.
    window = workers * 3
    with get_context("fork").Pool(workers) as pool:
        pending: deque[AsyncResult[Parsed]] = deque()
        for task in tasks:
            pending.append(pool.apply_async(parse_task, (task,)))
            if len(pending) >= window:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


@dataclass(slots=True)
class DumpSummary(ImportSummary):
    """`ImportSummary` of a dump import; ``rows`` counts rows read, good or bad."""

    rows: int = 0

    def to_json(self) -> dict[str, object]:
        data = ImportSummary.to_json(self)
        data["rows"] = self.rows
        data["models"] = self.rows - len(self.failures)
        return data


def import_dump(
    paths: Sequence[Path],
    stores: Sequence[LineageStore],
    workers: int = 0,
    *,
    batch_size: int = 2000,
    chunk_rows: int = CHUNK_ROWS,
    on_progress: Callable[[int], None] | None = None,
) -> DumpSummary:
    """Import Hub API dumps into every store (``workers`` 0: one per core)."""
    started = time.perf_counter()
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
    summary = DumpSummary(files_read=len(paths))
    n_workers = workers or os.cpu_count() or 1
    tasks = (task for path in paths for task in dump_tasks(path, chunk_rows))
    batch: list[SourceRecord] = []
    for records, failures, n_rows in parsed_chunks(tasks, n_workers):
        summary.rows += n_rows
        summary.failures.extend(failures)
        batch.extend(records)
        if len(batch) >= batch_size:
            write_batch(batch, stores, summary)
            batch = []
        if on_progress is not None:
            on_progress(n_rows)
    write_batch(batch, stores, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def write_batch(
    batch: list[SourceRecord], stores: Sequence[LineageStore], summary: ImportSummary
) -> None:
    """Write one batch to every store and count it (no set of model ids: it would grow)."""
    if not batch:
        return
    for store in stores:
        store.write(batch)
    summary.sources += len(batch)
    summary.edges += sum(len(r.claims) for r in batch)
    summary.unresolved += sum(len(r.unresolved) for r in batch)

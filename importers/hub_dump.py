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
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import IO, Any, cast

from importers.hub_rows import RowError, records_from_row
from lineage.core.errors import CardError, UsageError
from lineage.core.records import SourceFailure, SourceRecord
from lineage.ingest.pipeline import (
    BatchWriter,
    ImportSummary,
    PreparedSink,
    finish_chunk,
    widen_result_pipe,
)
from lineage.rdf.mapping import PreparedSource
from lineage.stores.base import LineageStore

# A unit of work: (format, dump path, number of the chunk's first row, payload).
# Rows are numbered from 1 in every format (the line number in JSONL files).
Task = tuple[str, str, int, Any]
CHUNK_ROWS = 1_000
WINDOW_PER_WORKER = 3  # chunks in flight per worker
BULK_BATCH = 10_000  # sources per bulk load when workers build the N-Quads
_READ_CHARS = 1 << 20
_PARQUET_COLUMNS = (
    "id", "modelId", "cardData", "baseModels", "tags", "library_name", "pipeline_tag", "card",
)  # fmt: skip


@dataclass(slots=True)
class Parsed:
    """What a worker sends back for one chunk: compact and cheap to pickle.

    ``payload`` holds N-Quads built in the worker (`lineage.rdf.mapping.PreparedSource`)
    when every store can bulk-load them, else the records themselves.
    """

    payload: list[PreparedSource] | list[SourceRecord]
    failures: list[SourceFailure] = field(default_factory=list)
    rows: int = 0
    edges: int = 0
    unresolved: int = 0
    warnings: list[SourceFailure] = field(default_factory=list)


def parse_task(task: Task, prepared: bool = False) -> Parsed:
    """Parse one chunk of a dump; row failures are returned, never raised."""
    fmt, path, first, payload = task
    rows: Iterable[tuple[int, object]]
    if fmt == "lines":
        # Line numbers stay exact: blank lines travel with the chunk and are skipped here.
        rows = ((n, line) for n, line in enumerate(payload, start=first) if line.strip())
    elif fmt == "arrow":
        rows = enumerate(arrow_rows(payload), start=first)
    else:
        rows = enumerate(payload, start=first)
    records: list[SourceRecord] = []
    out = Parsed([])
    for n, row in rows:
        out.rows += 1
        location = f"{path}#{n}"
        try:
            value = json.loads(cast(bytes, row)) if fmt == "lines" else row
            records.extend(records_from_row(value, location))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            out.failures.append(SourceFailure(location, f"invalid JSON: {exc}"))
        except (RowError, CardError) as exc:
            out.failures.append(SourceFailure(location, str(exc).removeprefix(location + ": ")))
        except Exception as exc:  # a mapping bug must not stop a million-row import
            out.failures.append(SourceFailure(location, f"{type(exc).__name__}: {exc}"))
    finish_chunk(out, records, prepared)
    return out


def arrow_rows(batch: Any) -> list[dict[str, Any]]:
    """The rows of an Arrow record batch as dicts (what ``to_pylist`` gives, cheaper).

    Column by column, then zipped; ``modelId`` is left out when every row has an
    ``id`` (it is only read when ``id`` is empty).
    """
    columns = {name: batch.column(i).to_pylist() for i, name in enumerate(batch.schema.names)}
    if not columns:
        return [{} for _ in range(batch.num_rows)]
    ids = columns.get("id")
    if ids is not None and "modelId" in columns and all(ids):
        del columns["modelId"]
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


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
    for n, value in enumerate(iter_json_values(path), start=1):
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
    pq = _parquet()

    pf = pq.ParquetFile(path)
    columns = [c for c in _PARQUET_COLUMNS if c in pf.schema_arrow.names]
    first = 1  # rows are numbered from 1, like lines
    for batch in pf.iter_batches(batch_size=chunk_rows, columns=columns):
        yield ("arrow", str(path), first, batch)
        first += batch.num_rows


def _parquet() -> Any:
    """``pyarrow.parquet``, an optional dependency (the ``parquet`` extra)."""
    try:
        return importlib.import_module("pyarrow.parquet")
    except ImportError:
        raise UsageError(
            "reading Parquet needs pyarrow: pip install 'model-lineage[parquet]'"
        ) from None


def count_rows(paths: Sequence[Path]) -> int | None:
    """The number of rows, when cheap to know (Parquet footers only); else None."""
    total = 0
    for path in paths:
        if not path.name.casefold().endswith(".parquet"):
            return None
        pq = _parquet()

        total += pq.ParquetFile(path).metadata.num_rows
    return total


def parsed_chunks(tasks: Iterable[Task], workers: int, prepared: bool = False) -> Iterator[Parsed]:
    """Parse tasks on ``workers`` processes (1: here), in order, few chunks in flight."""
    if workers <= 1:
        for task in tasks:
            yield parse_task(task, prepared)
        return
    # Pool.imap would read the whole input ahead and queue every result while the
    # stores write: a window of pending chunks keeps memory flat.
    with get_context("fork").Pool(workers) as pool:
        widen_result_pipe(pool)
        pending: deque[AsyncResult[Parsed]] = deque()
        for task in tasks:
            pending.append(pool.apply_async(parse_task, (task, prepared)))
            if len(pending) >= workers * WINDOW_PER_WORKER:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


@dataclass(slots=True)
class DumpSummary(ImportSummary):
    """`ImportSummary` of a dump import; ``rows`` counts rows read, good or bad.

    No set of model ids is kept (it would grow with the dump): ``models`` in
    the JSON is the number of good rows.
    """

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
    """Import Hub API dumps into every store (``workers`` 0: one per core).

    When every store can bulk-load N-Quads, the workers build them and batches
    of at least `BULK_BATCH` sources are loaded; otherwise records go to
    ``store.write`` ``batch_size`` at a time.
    """
    started = time.perf_counter()
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
    summary = DumpSummary(files_read=len(paths))
    prepared = bool(stores) and all(isinstance(s, PreparedSink) for s in stores)
    limit = max(batch_size, BULK_BATCH) if prepared else batch_size
    n_workers = workers or os.cpu_count() or 1
    tasks = (task for path in paths for task in dump_tasks(path, chunk_rows))
    writer = BatchWriter(stores)
    batch: list[Any] = []
    try:
        for chunk in parsed_chunks(tasks, n_workers, prepared):
            summary.rows += chunk.rows
            summary.failures.extend(chunk.failures)
            summary.warnings.extend(chunk.warnings)
            summary.sources += len(chunk.payload)
            summary.edges += chunk.edges
            summary.unresolved += chunk.unresolved
            batch.extend(chunk.payload)
            if len(batch) >= limit:
                writer.submit(batch, prepared)
                batch = []
            if on_progress is not None:
                on_progress(chunk.rows)
        if batch:
            writer.submit(batch, prepared)
    finally:
        writer.close()
    summary.seconds = time.perf_counter() - started
    return summary

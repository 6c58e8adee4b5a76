"""Importing Hub API dumps (JSON, JSONL, Parquet) on every core, written in batches.

`importers.hub_dump` cuts a dump into chunks and turns each into records; here the chunks
are parsed on worker processes with a bounded number in flight (memory stays flat however
large the dump) and written through the one batched writer.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult
from pathlib import Path

from importers.hub_dump import CHUNK_ROWS, Task, dump_tasks, parse_task
from lineage.core.errors import UsageError
from lineage.core.records import SourceFailure, SourceRecord
from lineage.ingest.summary import DumpSummary
from lineage.ingest.workers import WINDOW_PER_WORKER, finish_chunk, widen_result_pipe
from lineage.ingest.writer import BatchedWrites
from lineage.rdf.mapping import PreparedSource
from lineage.stores.base import LineageStore


@dataclass(slots=True)
class Parsed:
    """What a worker sends back for one chunk: compact and cheap to pickle.

    ``payload`` holds N-Quads built in the worker when every store bulk-loads them,
    else the records themselves.
    """

    payload: list[PreparedSource] | list[SourceRecord]
    failures: list[SourceFailure] = field(default_factory=list)
    rows: int = 0
    edges: int = 0
    unresolved: int = 0
    warnings: list[SourceFailure] = field(default_factory=list)


def parse_and_prepare(task: Task, prepared: bool = False) -> Parsed:
    """Parse one chunk of a dump (row failures are returned, never raised)."""
    rows = parse_task(task)
    out = Parsed([], rows.failures, rows.rows)
    finish_chunk(out, rows.records, prepared)
    return out


def parsed_chunks(tasks: Iterable[Task], workers: int, prepared: bool = False) -> Iterator[Parsed]:
    """Parse tasks on ``workers`` processes (1: here), in order, few chunks in flight."""
    if workers <= 1:
        for task in tasks:
            yield parse_and_prepare(task, prepared)
        return
    # Pool.imap would read the whole input ahead and queue every result while the
    # stores write: a window of pending chunks keeps memory flat.
    with get_context("fork").Pool(workers) as pool:
        widen_result_pipe(pool)
        pending: deque[AsyncResult[Parsed]] = deque()
        for task in tasks:
            pending.append(pool.apply_async(parse_and_prepare, (task, prepared)))
            if len(pending) >= workers * WINDOW_PER_WORKER:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


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
    for path in paths:  # a path that is there but unreadable is that file's error, not a stop
        if not path.exists():
            raise UsageError(f"{path}: no such file")
    summary = DumpSummary(files_read=len(paths))
    n_workers = workers or os.cpu_count() or 1
    tasks = (task for path in paths for task in dump_tasks(path, chunk_rows))
    writes = BatchedWrites(stores, batch_size)
    try:
        for chunk in parsed_chunks(tasks, n_workers, writes.prepared):
            summary.rows += chunk.rows
            summary.failures.extend(chunk.failures)
            summary.warnings.extend(chunk.warnings)
            summary.sources += len(chunk.payload)
            summary.edges += chunk.edges
            summary.unresolved += chunk.unresolved
            writes.add(chunk.payload)
            if on_progress is not None:
                on_progress(chunk.rows)
        writes.finish()
    finally:
        writes.close()
    summary.seconds = time.perf_counter() - started
    return summary


__all__ = ["Parsed", "import_dump", "parse_and_prepare", "parsed_chunks"]

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
from multiprocessing.pool import AsyncResult
from pathlib import Path

from importers.hub_dump import CHUNK_ROWS, Task, dump_tasks, parse_task
from lineage.core.errors import UsageError
from lineage.core.records import SourceFailure, SourceRecord
from lineage.ingest.incremental import (
    ROW,
    baseline,
    changed_rows,
    count_changes,
    keep_digests,
    note_rows,
    skipping,
    stale_dump_sources,
    stamping,
    take_rows,
)
from lineage.ingest.incremental import prune as remove_sources
from lineage.ingest.summary import DumpSummary
from lineage.ingest.workers import WINDOW_PER_WORKER, finish_chunk, fork_pool, parsing_here
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
    unchanged: int = 0  # rows stored as they are now: not parsed (`lineage.ingest.incremental`)
    seen: list[int] = field(default_factory=list)  # their skip keys (for --prune)
    rows_noted: tuple[bytes, bytes] = (b"", b"")  # for the digest table (`take_rows`)


def parse_and_prepare(task: Task, prepared: bool = False) -> Parsed:
    """Parse one chunk of a dump (row failures are returned, never raised).

    Rows stored as they are now are skipped; the others' records carry the row's digest.
    """
    changed = changed_rows(task)
    out = Parsed([], [], changed.unchanged, unchanged=changed.unchanged, seen=changed.seen)
    records: list[SourceRecord] = []
    for sub in changed.tasks:
        rows = parse_task(sub)
        out.failures.extend(rows.failures)
        out.rows += rows.rows
        records.extend(rows.records)
    for rec in records:
        rec.digest = changed.digests.get(rec.location)
    note_rows(records, flags=ROW)
    out.rows_noted = take_rows()
    finish_chunk(out, records, prepared)
    return out


def parsed_chunks(tasks: Iterable[Task], workers: int, prepared: bool = False) -> Iterator[Parsed]:
    """Parse tasks on ``workers`` processes (1: here), in order, few chunks in flight."""
    if workers <= 1:
        with parsing_here():
            for task in tasks:
                yield parse_and_prepare(task, prepared)
        return
    # Pool.imap would read the whole input ahead and queue every result while the
    # stores write: a window of pending chunks keeps memory flat.
    with fork_pool(workers) as pool:
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
    skip_unchanged: bool = True,
    prune: bool = False,
) -> DumpSummary:
    """Import Hub API dumps into every store (``workers`` 0: one per core).

    With ``skip_unchanged`` a row every store holds as it is now is neither parsed nor
    written. With ``prune`` the dumps are a snapshot: the sources earlier dumps wrote
    that these no longer hold are removed, and the models only they described with them.
    """
    started = time.perf_counter()
    for path in paths:  # a path that is there but unreadable is that file's error, not a stop
        if not path.exists():
            raise UsageError(f"{path}: no such file")
    summary = DumpSummary(files_read=len(paths))
    n_workers = workers or os.cpu_count() or 1
    tasks = (task for path in paths for task in dump_tasks(path, chunk_rows))
    # A scan (no kept table) reads locations too: the table kept afterwards lets --prune
    # find that nothing is stale without asking the store.
    base = baseline(stores, locations=True) if stores else None
    writes = BatchedWrites(stores, batch_size)
    try:
        skip = base.skip if base is not None and skip_unchanged else set()
        with skipping(skip, track=base is not None), stamping():
            for chunk in parsed_chunks(tasks, n_workers, writes.prepared):
                summary.rows += chunk.rows
                summary.failures.extend(chunk.failures)
                summary.warnings.extend(chunk.warnings)
                summary.sources += len(chunk.payload)
                summary.edges += chunk.edges
                summary.unresolved += chunk.unresolved
                count_changes(summary, base, chunk.payload, chunk.unchanged, chunk.rows_noted)
                if base is not None:
                    base.seen_rows.update(chunk.seen)
                writes.add(chunk.payload)
                if on_progress is not None:
                    on_progress(chunk.rows)
        writes.finish()
    finally:
        writes.close()
    if prune and base is not None:
        if summary.failures:
            # A row that failed to parse may still be in the snapshot: removing its
            # model would lose it. Say so rather than guess.
            summary.warnings.append(SourceFailure(
                ", ".join(str(p) for p in paths),
                f"not pruned: {len(summary.failures):,} row(s) could not be read",
            ))  # fmt: skip
        else:
            summary.removed = remove_sources(
                writes.alive(), stale_dump_sources(stores[0], base), batch_size, base
            )
    if base is not None:
        keep_digests(stores, writes.alive(), base)
    summary.failures.extend(writes.lost())
    summary.seconds = time.perf_counter() - started
    return summary


__all__ = ["Parsed", "import_dump", "parse_and_prepare", "parsed_chunks"]

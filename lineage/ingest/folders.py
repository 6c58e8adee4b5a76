"""The import pipeline: discover sources, parse them on all cores, write in batches.

Discovery and parsing stream: memory stays flat however many cards there are.
One broken source never stops an import; it is reported with its path and reason.

The parent lists only the top of each folder it is given (for a folder of cards,
the organisations); workers walk those subtrees themselves, a bounded number of
folders per task, and hand back what they had no time for, which the parent splits
into further tasks: a huge organisation is spread over every core. Results are
still consumed in the order of a plain sorted walk, so imports are deterministic.

The steps live beside this module: `lineage.ingest.discovery` (what to read),
`lineage.ingest.parsing` (reading a chunk, in a worker) and `lineage.ingest.scheduling`
(spreading chunks over workers, in order).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from lineage.core.records import SourceFailure
from lineage.ingest.discovery import RepoUnit, Subtrees, Work, discover, walk_repos, work_items
from lineage.ingest.incremental import (
    Baseline,
    baseline,
    count_changes,
    keep_digests,
    skipping,
    stamping,
)
from lineage.ingest.parsing import MAX_BYTES, ParsedChunk, parse_chunk, parse_unit
from lineage.ingest.scheduling import parsed_chunks
from lineage.ingest.summary import ImportSummary
from lineage.ingest.writer import BatchedWrites
from lineage.stores.base import LineageStore

__all__ = [
    "MAX_BYTES",
    "ParsedChunk",
    "RepoUnit",
    "Subtrees",
    "Work",
    "discover",
    "parse_chunk",
    "parse_unit",
    "parsed_chunks",
    "run_import",
    "walk_repos",
]


def run_import(
    paths: Sequence[Path],
    stores: Sequence[LineageStore],
    *,
    explicit_id: str | None = None,
    workers: int = 0,
    batch_size: int = 2000,
    max_bytes: int = MAX_BYTES,
    on_progress: Callable[[int], None] | None = None,
    skip_unchanged: bool = True,
    rehash: bool = False,
) -> ImportSummary:
    """Import files and folders into every store; returns the summary.

    When every store bulk-loads N-Quads, workers map records to N-Quads themselves
    (`lineage.ingest.writer.BatchedWrites`). With ``skip_unchanged`` a file that every
    store holds as it is now is neither parsed nor written (`lineage.ingest.incremental`;
    not with ``explicit_id``, which may name another model than before); a file whose
    path, size and modification time are those it was stored with is not even read,
    unless ``rehash``.
    """
    started = time.perf_counter()
    summary = ImportSummary()
    base = baseline(stores, rehash=rehash) if explicit_id is None and stores else None

    ahead = _Ahead()

    def work() -> Iterator[Work]:
        for item in work_items(paths, explicit_id, ahead.listed):
            if isinstance(item, SourceFailure):
                summary.failures.append(item)
            else:
                yield item

    n_workers = workers or os.cpu_count() or 1
    writes = BatchedWrites(stores, batch_size)
    try:
        with _skipping(base, skip_unchanged), stamping():
            _consume(
                parsed_chunks(work(), n_workers, writes.prepared, max_bytes=max_bytes),
                summary, writes, base, on_progress, ahead,
            )  # fmt: skip
        writes.finish()
    finally:
        writes.close()
    if base is not None:
        keep_digests(stores, writes.alive(), base)
    summary.failures.extend(writes.lost())
    summary.seconds = time.perf_counter() - started
    return summary


def _skipping(base: Baseline | None, skip_unchanged: bool) -> AbstractContextManager[None]:
    """What the parsers skip (nothing without ``skip_unchanged``) and whether they note
    what they read for the digest table (with a baseline)."""
    if base is None:
        return skipping(set())
    if not skip_unchanged:
        return skipping(set(), track=True)
    return skipping(base.skip, base.stat_skip, track=True)


class _Ahead:
    """How many sources an import still expects: the top-level folders listed and not yet
    started, each worth the sources a started one has given so far."""

    def __init__(self) -> None:
        self.roots = 0  # top-level folders listed
        self.started = 0  # of them, started by a parser (chunks come in walk order)
        self.sources = 0  # sources parsed so far

    def listed(self, roots: int) -> None:
        self.roots += roots

    def rest(self, chunk: ParsedChunk) -> float | None:
        """The sources expected after ``chunk`` (None before any top-level folder is read)."""
        self.started += chunk.roots
        self.sources += len(chunk.payload)
        if not self.started:
            return None
        return max(0, self.roots - self.started) * self.sources / self.started


def _consume(
    chunks: Iterable[ParsedChunk],
    summary: ImportSummary,
    writes: BatchedWrites,
    base: Baseline | None,
    on_progress: Callable[[int], None] | None,
    ahead: _Ahead,
) -> None:
    """Count each parsed chunk in the summary and hand its payload to the writer."""
    for chunk in chunks:
        summary.files_read += chunk.files
        summary.failures.extend(chunk.failures)
        summary.sources += len(chunk.payload)
        summary.models.update(chunk.model_keys)
        summary.edges += chunk.edges
        summary.unresolved += chunk.unresolved
        summary.warnings.extend(chunk.warnings)
        count_changes(summary, base, chunk.payload, chunk.unchanged, chunk.rows)
        writes.add(chunk.payload, ahead.rest(chunk))
        if on_progress:
            on_progress(chunk.files)

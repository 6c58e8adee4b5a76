"""What the parser processes of every import share: the window, the result pipe, the payload."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from multiprocessing import get_context
from multiprocessing.pool import Pool
from typing import Any, Protocol

from lineage.core.limits import cap_claims
from lineage.core.records import SourceFailure, SourceRecord
from lineage.ingest.incremental import stamp
from lineage.rdf.mapping import PreparedSource, prepare

try:
    import fcntl
except ImportError:  # pragma: no cover (not on Windows)
    fcntl = None  # type: ignore[assignment]

WINDOW_PER_WORKER = 4  # chunks in flight per worker
# A parser's first generation is collected after this many allocations (Python's default:
# 700). Readers make many short-lived objects and few cycles: with this and the parent's
# objects frozen, 100k cards cost 3-11 % less worker CPU (docs/benchmarks.md, ninth round).
WORKER_GC_THRESHOLD = 10_000
_PIPE_BYTES = 1 << 20  # result pipe size asked for (Linux's unprivileged maximum)


class ChunkResult(Protocol):
    """What a worker sends back for a chunk (folder or dump): its records' tallies and payload."""

    payload: list[PreparedSource] | list[SourceRecord]
    edges: int
    unresolved: int
    warnings: list[SourceFailure]


def finish_chunk(out: ChunkResult, records: list[SourceRecord], prepared: bool) -> None:
    """Count a chunk's edges, unresolved references and warnings; set its payload.

    With ``prepared`` the records are mapped to N-Quads here, in the worker, which
    keeps the parent free to write.
    """
    for rec in records:
        cap_claims(rec)  # one cap for every reader: a source's claims never grow a write
        stamp(rec)
        out.edges += len(rec.claims)
        out.unresolved += len(rec.unresolved)
        if rec.warnings:
            out.warnings.extend(SourceFailure(rec.location, w) for w in rec.warnings)
    out.payload = [prepare(rec) for rec in records] if prepared else records


class _QuietPool(Pool):
    """A pool whose worker-keeping thread sleeps while a result waits to be read.

    CPython's pool wakes that thread whenever its result pipe is readable, so while the
    parent reads a result of a megabyte the thread spins (0.6 CPU-s of a 100k dump
    import's parent, and the GIL taken from the thread reading the result). It only has to
    notice a worker that exits and the pool closing: the workers' own sentinels and the
    pool's change notifier, which it still waits on.
    """

    def _get_sentinels(self) -> list[Any]:
        notifier: Any = getattr(self, "_change_notifier", None)
        if notifier is None:  # pragma: no cover (another Python's pool: keep its own)
            sentinels: list[Any] = super()._get_sentinels()  # type: ignore[misc]
            return sentinels
        return [notifier._reader]


def fork_pool(workers: int) -> Pool:
    """A pool of ``workers`` forked processes for parsing, its result pipe widened.

    The parent's objects are frozen while the workers fork: each worker inherits them
    outside its collector's generations, so its full collections do not walk (and, by
    touching their headers, copy) the parent's whole heap. The parent unfreezes at once.
    """
    gc.collect()
    gc.freeze()
    try:
        pool = _QuietPool(workers, initializer=_parser_gc, context=get_context("fork"))
    finally:
        gc.unfreeze()
    widen_result_pipe(pool)
    return pool


def _parser_gc() -> None:
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])


@contextlib.contextmanager
def parsing_here() -> Iterator[None]:
    """Parsing in this process (one worker): the first generation collected as a parser
    process's is, the caller's thresholds back afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(WORKER_GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def widen_result_pipe(pool: Pool) -> None:
    """Let a pool's result pipe hold a whole chunk (Linux; best effort, else a no-op).

    Results are about a megabyte of N-Quads; through a 64 KB pipe the parent reads
    them in many small pieces, each into a buffer the size of the whole message.
    A 1 MB pipe (the unprivileged maximum) cuts the parent's cost per byte by ~40 %.
    """
    setsize = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    outqueue = getattr(pool, "_outqueue", None)
    if setsize is None or outqueue is None:
        return
    for end in ("_reader", "_writer"):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            fcntl.fcntl(getattr(outqueue, end).fileno(), setsize, _PIPE_BYTES)


__all__ = [
    "WINDOW_PER_WORKER",
    "WORKER_GC_THRESHOLD",
    "ChunkResult",
    "finish_chunk",
    "fork_pool",
    "parsing_here",
    "widen_result_pipe",
]

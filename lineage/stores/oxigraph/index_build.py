"""Filling the lineage index on every core: worker processes read, the store's process writes.

Reading a model's facts and parents from RocksDB costs ≈ 1 ms of CPU, and pyoxigraph
holds the GIL while it iterates quads, so threads do not help. Worker processes open
the store read-only (RocksDB allows that beside the process that has it open for
writing), compute the same rows with the same code, and send them back as plain
tuples; the store's own process only writes them into the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lineage.core.errors import StoreError

if TYPE_CHECKING:
    from lineage.stores.oxigraph.store import OxigraphStore

#: Models per task sent to a worker.
CHUNK = 1000
#: Below this many models, one process does it (starting workers costs more).
PARALLEL_MIN = 20_000
#: Times a worker opens the store again when a file it was about to read is gone.
REOPENS = 3

_reader: OxigraphStore | None = None
_path: str = ""
_failed: str | None = None


def _open_reader(path: str) -> None:
    # An initializer that raises makes the pool start workers for ever: keep the
    # reason, and let the first task report it.
    global _reader, _path, _failed
    from lineage.stores.oxigraph.store import OxigraphStore

    _path = path
    try:
        _reader = OxigraphStore.read_only(Path(path))
        _failed = None
    except Exception as exc:
        _reader, _failed = None, f"{type(exc).__name__}: {exc}"


def _rows(models: list[str]) -> list[tuple[str, Any, Any]]:
    # A read-only opener sees the files of the moment it opens; a compaction in the
    # writing process may delete one before it is opened or read. Opening again sees
    # the files that replaced it.
    for attempt in range(REOPENS + 1):
        last = attempt == REOPENS
        if _reader is None:
            if last or not _vanished(_failed or ""):
                raise StoreError(
                    f"a lineage index worker could not open the store read-only: {_failed}"
                )
        else:
            try:
                return [(m, *_reader.index_rows(m)) for m in models]
            except OSError as exc:
                if last or not _vanished(str(exc)):
                    raise
                _reader.close()
        _open_reader(_path)
    raise AssertionError("unreachable")


def _vanished(reason: str) -> bool:
    return "No such file" in reason or "does not exist" in reason


def build_parallel(
    store: OxigraphStore,
    models: Sequence[str],
    workers: int,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[str, Any, Any]]:
    """Each model's (IRI, node row, parent rows) as computed by ``workers`` processes."""
    assert store.location is not None
    store.flush()  # read-only openers see what is on disk
    chunks = [list(models[i : i + CHUNK]) for i in range(0, len(models), CHUNK)]
    with get_context("fork").Pool(
        workers, initializer=_open_reader, initargs=(str(store.location),)
    ) as pool:
        for rows in pool.imap(_rows, chunks):
            yield from rows
            if progress is not None:
                progress(len(rows))


__all__ = ["CHUNK", "PARALLEL_MIN", "build_parallel"]

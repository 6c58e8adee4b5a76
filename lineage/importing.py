"""The import pipeline: discover sources, parse them on all cores, write in batches.

Discovery and parsing stream: memory stays flat however many cards there are.
One broken source never stops an import; it is reported with its path and reason.
"""

from __future__ import annotations

import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any, Protocol, cast, runtime_checkable

from importers.registry import FileReader, reader_for
from lineage.errors import CardError, UsageError
from lineage.ids import parse_reference
from lineage.rdf import PreparedSource, prepare
from lineage.records import SourceFailure, SourceRecord
from lineage.stores.base import LineageStore

_CACHE_DIR = re.compile(r"^models--([^/]+?)--(.+)$")
CHUNK = 256  # repos handed to a worker at a time
WINDOW_PER_WORKER = 4  # chunks in flight per worker
BULK_BATCH = 10_000  # sources per bulk load (fewer, larger loads are cheaper)


@dataclass(frozen=True, slots=True)
class RepoUnit:
    """The files of one model repo that some reader understands."""

    model_id: str
    files: tuple[Path, ...]


@dataclass(slots=True)
class ImportSummary:
    """What an import did, for people and for machines."""

    files_read: int = 0
    sources: int = 0
    models: set[str] = field(default_factory=set)
    edges: int = 0
    unresolved: int = 0
    failures: list[SourceFailure] = field(default_factory=list)
    warnings: list[SourceFailure] = field(default_factory=list)
    seconds: float = 0.0
    # Models counted without keeping their ids (dumps: the set would grow with the dump).
    models_counted: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "files_read": self.files_read,
            "sources": self.sources,
            "models": len(self.models) + self.models_counted,
            "edges": self.edges,
            "unresolved": self.unresolved,
            "errors": [{"path": f.location, "reason": f.reason} for f in self.failures],
            "warnings": [{"path": w.location, "reason": w.reason} for w in self.warnings],
            "seconds": round(self.seconds, 3),
        }


def model_id_from_path(readme: Path, root: Path) -> str | None:
    """The model id a repo file's location implies (``ORG/NAME/…`` or the HF cache layout)."""
    return _model_id_of_parts(readme.resolve().parent.parts)


def _in_cache_layout(path: Path) -> bool:
    parts = path.resolve().parent.parts
    return any(
        _CACHE_DIR.match(p) and parts[i + 1] == "snapshots" for i, p in enumerate(parts[:-1])
    )


def walk_repos(root: Path) -> Iterator[tuple[str, tuple[str, ...]]]:
    """``(dirpath, file names)`` of every non-hidden folder under ``root`` holding files.

    Like ``os.walk`` (sorted, top-down, symlinked folders listed but not entered)
    but on ``os.scandir`` entries alone: no extra ``lstat`` per folder, which
    matters at a million repos.
    """
    stack = [os.fspath(root)]
    while stack:
        top = stack.pop()
        try:
            entries = list(os.scandir(top))
        except OSError:
            continue
        dirs: list[str] = []
        files: list[str] = []
        walk_into: list[str] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                files.append(entry.name)
            elif not entry.name.startswith("."):
                dirs.append(entry.name)
                if not entry.is_symlink():
                    walk_into.append(entry.name)
        if files:
            yield top, tuple(sorted(files))
        stack.extend(os.path.join(top, d) for d in sorted(walk_into, reverse=True))


class _Readers(dict[str, FileReader | None]):
    """``reader_for`` memoised for one chunk: matching every reader's patterns per file is slow."""

    def __missing__(self, filename: str) -> FileReader | None:
        reader = self[filename] = reader_for(filename)
        return reader


def _unit_of_folder(
    dirpath: str, filenames: Sequence[str], resolved: str, readers: _Readers | None = None
) -> RepoUnit | SourceFailure | None:
    """The repo unit of one folder (``resolved``: its real path), if it has readable files."""
    lookup = _Readers() if readers is None else readers
    readable = tuple(Path(dirpath) / f for f in filenames if lookup[f] is not None)
    if not readable:
        return None
    mid = _model_id_of_parts(Path(resolved).parts)
    if mid is None:
        return SourceFailure(
            dirpath, "cannot tell the model id from the folder layout (want ORG/NAME/)"
        )
    return RepoUnit(mid, readable)


def _model_id_of_parts(parts: tuple[str, ...]) -> str | None:
    for i, part in enumerate(parts[:-1]):
        m = _CACHE_DIR.match(part)
        if m and parts[i + 1] == "snapshots":
            return f"{m.group(1)}/{m.group(2)}"
    if len(parts) >= 2:
        ref = parse_reference(f"{parts[-2]}/{parts[-1]}")
        if ref.model_id and "/" in ref.model_id:
            return ref.model_id
    return None


def _resolver(root: Path) -> Callable[[str], str]:
    """Real path of a folder found under ``root`` (resolving ``root`` once, not per folder)."""
    top, real = os.fspath(root), os.fspath(root.resolve())
    return lambda dirpath: real + dirpath[len(top) :]


def _check_paths(paths: Sequence[Path], explicit_id: str | None) -> None:
    if explicit_id is not None:
        ref = parse_reference(explicit_id)
        if ref.model_id is None or "/" not in ref.model_id:
            raise UsageError(f"--id {explicit_id!r} is not ORG/NAME")
        if len(paths) != 1 or not paths[0].is_file():
            raise UsageError("--id goes with exactly one file")
        return
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")


def _single_file(path: Path, explicit_id: str | None) -> RepoUnit | SourceFailure:
    if explicit_id is not None:
        ref = parse_reference(explicit_id)
        assert ref.model_id is not None
        return RepoUnit(ref.model_id, (path,))
    # Only the HF cache layout names a lone file's model for sure; else ask for --id.
    mid = model_id_from_path(path, path.parent) if _in_cache_layout(path) else None
    if mid is None:
        return SourceFailure(
            str(path), "cannot tell the model id of a single file; pass --id ORG/NAME"
        )
    return RepoUnit(mid, (path,))


# A unit of work for a parser: a lone file's unit, or a folder to resolve there.
Work = RepoUnit | tuple[str, tuple[str, ...], str]


def _work_items(paths: Sequence[Path], explicit_id: str | None) -> Iterator[Work | SourceFailure]:
    _check_paths(paths, explicit_id)
    for path in paths:
        if explicit_id is not None or path.is_file():
            yield _single_file(path, explicit_id)
            continue
        real = _resolver(path)
        for dirpath, filenames in walk_repos(path):
            yield dirpath, filenames, real(dirpath)


def discover(
    paths: Sequence[Path], explicit_id: str | None = None
) -> Iterator[RepoUnit | SourceFailure]:
    """Walk files and folders, grouping readable files by the repo they belong to."""
    for item in _work_items(paths, explicit_id):
        if isinstance(item, tuple):
            unit = _unit_of_folder(*item)
            if unit is not None:
                yield unit
        else:
            yield item


def parse_unit(
    unit: RepoUnit,
    max_bytes: int = 5_000_000,
    readers: Mapping[str, FileReader | None] | None = None,
) -> tuple[list[SourceRecord], list[SourceFailure]]:
    """Read every file of one repo; failures are returned, never raised."""
    records: list[SourceRecord] = []
    failures: list[SourceFailure] = []
    lookup = _Readers() if readers is None else readers
    for f in unit.files:
        reader = lookup[f.name]
        if reader is None:
            continue
        try:
            if reader.prefix_bytes is not None:
                with f.open("rb") as fh:
                    data = fh.read(reader.prefix_bytes)
            else:
                size = f.stat().st_size
                if size > max_bytes:
                    raise CardError(str(f), f"file too large ({size:,} bytes; limit {max_bytes:,})")
                data = f.read_bytes()
            records.extend(reader.read(data, unit.model_id, str(f)))
        except CardError as exc:
            failures.append(SourceFailure(exc.path, exc.reason))
        except OSError as exc:
            failures.append(SourceFailure(str(f), f"cannot read: {exc.strerror or exc}"))
        except Exception as exc:  # a reader bug must not stop the import
            failures.append(
                SourceFailure(str(f), f"reader {reader.name} failed: {type(exc).__name__}: {exc}")
            )
    return records, failures


@dataclass(slots=True)
class ParsedChunk:
    """What a parser sends back for a chunk of work: compact, cheap to pickle.

    ``payload`` holds N-Quads already built in the worker (`PreparedSource`)
    when every store can bulk-load them, else the records themselves.
    """

    payload: list[PreparedSource] | list[SourceRecord]
    failures: list[SourceFailure]
    files: int = 0
    model_keys: list[str] = field(default_factory=list)
    edges: int = 0
    unresolved: int = 0
    warnings: list[SourceFailure] = field(default_factory=list)


def parse_chunk(chunk: Sequence[Work], prepared: bool) -> ParsedChunk:
    """Parse a chunk of repos (folders are resolved to units here, off the parent)."""
    records: list[SourceRecord] = []
    out = ParsedChunk([], [])
    readers = _Readers()
    for item in chunk:
        unit = _unit_of_folder(*item, readers) if isinstance(item, tuple) else item
        if unit is None:
            continue
        if isinstance(unit, SourceFailure):
            out.failures.append(unit)
            continue
        recs, failures = parse_unit(unit, readers=readers)
        out.files += len(unit.files)
        out.failures.extend(failures)
        records.extend(recs)
    for rec in records:
        out.model_keys.append(rec.model_id.casefold())
        out.edges += len(rec.claims)
        out.unresolved += len(rec.unresolved)
        out.warnings.extend(SourceFailure(rec.location, w) for w in rec.warnings)
    out.payload = [prepare(rec) for rec in records] if prepared else records
    return out


def _chunks(items: Iterable[Work], size: int) -> Iterator[list[Work]]:
    chunk: list[Work] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def parsed_chunks(
    work: Iterable[Work], workers: int, prepared: bool, chunk_size: int = CHUNK
) -> Iterator[ParsedChunk]:
    """Parse work on ``workers`` processes (1: in this process), in input order.

    A window of pending chunks (not ``Pool.imap``, which reads its whole input
    ahead) keeps memory flat however many repos there are.
    """
    if workers <= 1:
        for chunk in _chunks(work, chunk_size):
            yield parse_chunk(chunk, prepared)
        return
    with get_context("fork").Pool(workers) as pool:
        pending: deque[AsyncResult[ParsedChunk]] = deque()
        for chunk in _chunks(work, chunk_size):
            pending.append(pool.apply_async(parse_chunk, (chunk, prepared)))
            if len(pending) >= workers * WINDOW_PER_WORKER:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


class BatchWriter:
    """Writes batches on one background thread, one batch in flight.

    Oxigraph's loader and the Neo4j driver release the GIL, so the next chunks
    are received and batched while the previous batch is written.
    """

    def __init__(self, stores: Sequence[LineageStore]) -> None:
        self.stores = stores
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lineage-writer")
        self._pending: Future[None] | None = None

    def _write(self, batch: list[Any], prepared: bool) -> None:
        for store in self.stores:
            if prepared:
                cast(PreparedSink, store).write_prepared(batch)
            else:
                store.write(batch)

    def submit(self, batch: list[Any], prepared: bool) -> None:
        self.wait()
        self._pending = self._pool.submit(self._write, batch, prepared)

    def wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def close(self) -> None:
        try:
            self.wait()
        finally:
            self._pool.shutdown(wait=True)


@runtime_checkable
class PreparedSink(Protocol):
    """A store that bulk-loads N-Quads built elsewhere (`OxigraphStore`)."""

    def write_prepared(self, items: Sequence[PreparedSource]) -> None: ...


def run_import(
    paths: Sequence[Path],
    stores: Sequence[LineageStore],
    *,
    explicit_id: str | None = None,
    workers: int = 0,
    batch_size: int = 2000,
    on_progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import files and folders into every store; returns the summary.

    When every store can bulk-load N-Quads (`OxigraphStore.write_prepared`),
    workers map records to N-Quads themselves and new sources are loaded in
    batches of at least `BULK_BATCH`; otherwise records go to ``store.write``
    ``batch_size`` at a time.
    """
    started = time.perf_counter()
    summary = ImportSummary()
    prepared = bool(stores) and all(isinstance(s, PreparedSink) for s in stores)
    limit = max(batch_size, BULK_BATCH) if prepared else batch_size

    def work() -> Iterator[Work]:
        for item in _work_items(paths, explicit_id):
            if isinstance(item, SourceFailure):
                summary.failures.append(item)
            else:
                yield item

    n_workers = workers or os.cpu_count() or 1
    writer = BatchWriter(stores)
    batch: list[Any] = []
    try:
        for chunk in parsed_chunks(work(), n_workers, prepared):
            summary.files_read += chunk.files
            summary.failures.extend(chunk.failures)
            summary.sources += len(chunk.payload)
            summary.models.update(chunk.model_keys)
            summary.edges += chunk.edges
            summary.unresolved += chunk.unresolved
            summary.warnings.extend(chunk.warnings)
            batch.extend(chunk.payload)
            if on_progress:
                on_progress(chunk.files)
            if len(batch) >= limit:
                writer.submit(batch, prepared)
                batch = []
        if batch:
            writer.submit(batch, prepared)
    finally:
        writer.close()
    summary.seconds = time.perf_counter() - started
    return summary


def import_records(
    records: Iterable[SourceRecord], stores: Sequence[LineageStore], batch_size: int = 2000
) -> ImportSummary:
    """Write already-parsed records (dump rows, Hub responses) into every store."""
    started = time.perf_counter()
    summary = ImportSummary()
    batch: list[SourceRecord] = []
    for rec in records:
        batch.append(rec)
        if len(batch) >= batch_size:
            write_batch(batch, stores, summary)
            batch = []
    write_batch(batch, stores, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def write_batch(
    batch: list[SourceRecord], stores: Sequence[LineageStore], summary: ImportSummary
) -> None:
    """Write a batch of records to every store and count it in the summary."""
    if not batch:
        return
    for store in stores:
        store.write(batch)
    summary.sources += len(batch)
    for rec in batch:
        summary.models.add(rec.model_id.casefold())
        summary.edges += len(rec.claims)
        summary.unresolved += len(rec.unresolved)
        summary.warnings.extend(SourceFailure(rec.location, w) for w in rec.warnings)

"""Parsing a chunk of an import's work: walk its subtrees, read each repo's files.

Runs in worker processes; what it sends back (`ParsedChunk`) is compact and
cheap to pickle. Failures are returned, never raised.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from importers.base import FileReader
from importers.files import read_bounded_stat
from lineage.core.errors import CardError
from lineage.core.limits import input_problem
from lineage.core.records import SourceFailure, SourceRecord
from lineage.ingest.discovery import (
    Readers,
    RepoUnit,
    Subtrees,
    Work,
    folder_model_id,
    readable_files,
    scan_folder,
)
from lineage.ingest.incremental import (
    AT_READ,
    file_stat,
    opened_stat,
    read_new,
    take_rows,
    unchanged_count,
)
from lineage.ingest.workers import finish_chunk
from lineage.rdf.mapping import PreparedSource

CHUNK = 256  # folders (about one repo each) handed to a worker at a time
BUDGET_CHUNKS = 4  # a task scans at most CHUNK * this many folders, then hands the rest back
MAX_BYTES = 5_000_000  # default of `Settings.max_card_bytes` (header formats read a prefix)


def parse_unit(
    unit: RepoUnit,
    max_bytes: int = MAX_BYTES,
    readers: Mapping[str, FileReader | None] | None = None,
) -> tuple[list[SourceRecord], list[SourceFailure]]:
    """Read every file of one repo; failures are returned, never raised."""
    lookup = Readers() if readers is None else readers
    files = [(str(f), r) for f in unit.files if (r := lookup[f.name]) is not None]
    records: list[SourceRecord] = []
    failures: list[SourceFailure] = []
    _read_files(unit.model_id, _to_read(files), max_bytes, records, failures)
    return records, failures


def _to_read(files: Iterable[tuple[str, FileReader]]) -> list[tuple[str, FileReader, int]]:
    """The files not known unchanged by their stat (`file_stat`), each with its stat key."""
    out = []
    for path, reader in files:
        stat = file_stat(path)
        if stat is not None:  # None: path, size and time as stored, not read at all
            out.append((path, reader, stat))
    return out


def _read_files(
    model_id: str,
    files: Iterable[tuple[str, FileReader, int]],
    max_bytes: int,
    records: list[SourceRecord],
    failures: list[SourceFailure],
) -> None:
    """Read files of one repo into ``records``; failures go to ``failures``, never raised."""
    for path, reader, stat in files:
        try:
            data, st = _file_bytes(path, reader, max_bytes)
            if stat == AT_READ:
                stat = opened_stat(path, st)
            records.extend(read_new(reader, data, model_id, path, stat))
        except CardError as exc:
            failures.append(SourceFailure(exc.path, exc.reason))
        except OSError as exc:
            failures.append(SourceFailure(path, f"cannot read: {exc.strerror or exc}"))
        except Exception as exc:  # a reader bug must not stop the import
            problem = input_problem(exc)  # or the input broke a parser: say what is wrong
            failures.append(
                SourceFailure(
                    path, problem or f"reader {reader.name} failed: {type(exc).__name__}: {exc}"
                )
            )


def _file_bytes(path: str, reader: FileReader, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes (a prefix for header formats), bounded by bytes read, and its
    ``fstat``. A file too large, a FIFO, a device or a socket is a `CardError`.
    """
    if reader.prefix_bytes is not None:
        return read_bounded_stat(path, reader.prefix_bytes, prefix=True)
    try:
        return read_bounded_stat(path, max_bytes)
    except PermissionError:
        # Keep the errors of checking the size before opening (a file too large
        # and unreadable is reported as too large).
        size = os.stat(path).st_size
        if size > max_bytes:
            raise CardError(path, f"file too large ({size:,} bytes; limit {max_bytes:,})") from None
        raise


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
    # The chunk's work left undone when its folder budget ran out, in walk order.
    rest: list[Work] = field(default_factory=list)
    folders: int = 0  # folders scanned
    roots: int = 0  # top-level folders (depth 0) started
    unchanged: int = 0  # files skipped: stored as they are now (`lineage.ingest.incremental`)
    # What the digest table notes of the sources read, and of files found unchanged by
    # their digest but not their stat (`lineage.ingest.incremental.take_rows`).
    rows: tuple[bytes, bytes] = (b"", b"")


def parse_chunk(
    chunk: Sequence[Work],
    prepared: bool,
    budget: int = CHUNK * BUDGET_CHUNKS,
    max_bytes: int = MAX_BYTES,
) -> ParsedChunk:
    """Parse a chunk of work: walk its subtrees, resolve folders to units, read them.

    Scans at most ``budget`` folders (at least one); what is left is returned
    in ``rest``, in walk order, for the caller to hand out again.
    """
    records: list[SourceRecord] = []
    out = ParsedChunk([], [])
    readers = Readers()
    skipped_before = unchanged_count()

    def parse(item: RepoUnit | tuple[str, tuple[str, ...], str]) -> None:
        if isinstance(item, RepoUnit):
            # A lone file (or an explicit id): every file counts as read, as it always has.
            out.files += len(item.files)
            files = [(str(f), r) for f in item.files if (r := readers[f.name]) is not None]
            _read_files(item.model_id, _to_read(files), max_bytes, records, out.failures)
            return
        dirpath, filenames, resolved = item
        found = readable_files(dirpath, filenames, readers)
        if not found:
            return
        todo = _to_read(found)
        if todo:  # the model id only when a file is read (an unchanged one had one)
            model_id = folder_model_id(dirpath, resolved)
            if isinstance(model_id, SourceFailure):
                out.failures.append(model_id)
                return
            _read_files(model_id, todo, max_bytes, records, out.failures)
        out.files += len(found)

    for i, item in enumerate(chunk):
        if not isinstance(item, Subtrees):
            parse(item)
            continue
        # Depth-first, sorted, as `walk_repos`: the stack's top is the next folder.
        stack = [(d, item.depth) for d in reversed(item.dirs)]
        while stack and out.folders < budget:
            top, depth = stack.pop()
            out.folders += 1
            out.roots += int(depth == 0)
            scanned = scan_folder(top)
            if scanned is None:
                continue
            files, walk_into = scanned
            if files:
                parse((top, files, item.resolve(top)))
            stack.extend((os.path.join(top, d), depth + 1) for d in reversed(walk_into))
        if stack:
            out.rest = [*_subtrees_of(reversed(stack), item), *chunk[i + 1 :]]
            break
    out.model_keys.extend(rec.model_id.casefold() for rec in records)
    out.unchanged = unchanged_count() - skipped_before
    out.rows = take_rows()
    finish_chunk(out, records, prepared)
    return out


def _subtrees_of(folders: Iterable[tuple[str, int]], like: Subtrees) -> Iterator[Subtrees]:
    """Consecutive ``(folder, depth)`` pairs as `Subtrees`, one per run of equal depth."""
    run: list[str] = []
    run_depth = -1
    for folder, depth in folders:
        if run and depth != run_depth:
            yield Subtrees(tuple(run), like.top, like.real, run_depth)
            run = []
        run.append(folder)
        run_depth = depth
    if run:
        yield Subtrees(tuple(run), like.top, like.real, run_depth)

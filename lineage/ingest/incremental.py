"""Incremental imports: every source remembers a digest of what it was read from.

A digest is stored with each source (`SourceRecord.digest`): of a file, its path and
bytes (`file_digest`: the same bytes elsewhere are another model's); of a dump row, its
bytes alone (`digest_of`: a row that a newer snapshot moves keeps its source, and its
first location). Before an import the parent reads every store's digests once
(`LineageStore.source_digests`) and keeps those every store holds. Workers, forked after
that, hash what they read and skip parsing and writing when the digest is known; the
parent counts sources as new, changed, unchanged or removed. Digests are kept as Python
hashes (``hash``) in sets of ints: at a million sources a few tens of megabytes, and the
forked workers share the parent's hash seed and, copy-on-write, its sets.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from importers.base import FileReader
from importers.hub_dump import Task, arrow_rows
from lineage.core.records import SourceRecord
from lineage.ingest.summary import ImportSummary
from lineage.rdf.mapping import PreparedSource
from lineage.stores.base import LineageStore, stored_digests


def _release() -> str:
    try:
        return version("model-lineage")
    except PackageNotFoundError:  # pragma: no cover (run from a source tree)
        return "unknown"


#: Keys the digest: a new release reads every source once more (its readers may read more).
_PERSON = ("lineage " + _release()).encode()[:16]
#: What a dump row's location looks like (``PATH#ROW``); the other sources come from files.
_ROW_LOCATION = re.compile(r"#\d+$")


def digest_of(data: bytes) -> str:
    """A dump row's digest: BLAKE2b-128 of its bytes, keyed by the release."""
    return hashlib.blake2b(data, digest_size=16, person=_PERSON).hexdigest()


def file_digest(location: str, data: bytes) -> str:
    """A file's digest: BLAKE2b-128 of its path and bytes, keyed by the release."""
    h = hashlib.blake2b(location.encode("utf-8", "surrogateescape"), digest_size=16, person=_PERSON)
    h.update(b"\0")
    h.update(data)
    return h.hexdigest()


def is_row_location(location: str) -> bool:
    """Whether a source was read from a dump row (its location is ``PATH#ROW``)."""
    return _ROW_LOCATION.search(location) is not None


# -- the worker side: set by the parent before it forks, read by the parsers ---------------

_SKIP: frozenset[int] | set[int] = frozenset()
_unchanged = 0


@contextmanager
def skipping(keys: set[int]) -> Iterator[None]:
    """Let the parsers of this process (and of pools forked inside) skip these keys."""
    global _SKIP
    _SKIP = keys
    try:
        yield
    finally:
        _SKIP = frozenset()


_IMPORTED_AT: str | None = None


def import_time() -> str:
    """Now, as `SourceRecord.imported_at` spells it: UTC, ISO 8601, milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@contextmanager
def stamping() -> Iterator[str]:
    """One time for every source this import run writes (here and in pools forked inside).

    One value per run, not per source: the mapping builds its literal once (`stamp`). Inside
    another run's ``stamping`` the outer time holds.
    """
    global _IMPORTED_AT
    outer = _IMPORTED_AT
    _IMPORTED_AT = outer or import_time()
    try:
        yield _IMPORTED_AT
    finally:
        _IMPORTED_AT = outer


def stamp(rec: SourceRecord) -> SourceRecord:
    """Mark a record as written by the current run (`stamping`); outside a run, or when the
    record has a time already (copied from another store), it is left as it is."""
    if rec.imported_at is None and _IMPORTED_AT is not None:
        rec.imported_at = _IMPORTED_AT
    return rec


def unchanged_count() -> int:
    """How many files or rows this process has skipped so far (parsers report differences)."""
    return _unchanged


def read_new(reader: FileReader, data: bytes, model_id: str, location: str) -> list[SourceRecord]:
    """A file's records, each with the file's digest; none when it is unchanged since stored."""
    global _unchanged
    digest = file_digest(location, data)
    if _SKIP and hash(digest) in _SKIP:
        _unchanged += 1
        return []
    records = reader.read(data, model_id, location)
    for rec in records:
        rec.digest = digest
    return records


@dataclass(slots=True)
class RowFilter:
    """A dump chunk cut to its changed rows: sub-tasks to parse and each row's digest."""

    tasks: list[Task] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # location → digest
    unchanged: int = 0
    seen: list[int] = field(default_factory=list)  # skip keys of the unchanged rows


def changed_rows(task: Task) -> RowFilter:
    """Hash each row of a dump chunk; keep runs of rows not stored as they are now.

    JSONL rows are hashed as their bytes; JSON and Parquet rows as canonical JSON.
    """
    fmt, path, first, payload = task
    out = RowFilter()
    if fmt == "error":  # a damaged file's reason: the reader reports it
        out.tasks.append(task)
        return out
    try:
        rows: Iterable[Any] = arrow_rows(payload) if fmt == "arrow" else payload
    except Exception:  # Arrow values Python cannot hold: the reader says so, row numbers kept
        out.tasks.append(task)
        return out
    run: list[Any] = []
    run_first = first
    sub_fmt = "lines" if fmt == "lines" else "objects"
    for n, row in enumerate(rows, start=first):
        if fmt == "lines":
            data = row.rstrip(b"\r\n")
            if not data.strip():
                if not run:
                    run_first = n
                run.append(row)  # blank lines travel with the run: numbers stay exact
                continue
        else:
            data = json.dumps(
                row, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
            ).encode()
        digest = digest_of(data)
        key = hash(digest)
        if _SKIP and key in _SKIP:
            out.unchanged += 1
            out.seen.append(key)
            if run:
                out.tasks.append((sub_fmt, path, run_first, run))
                run = []
            continue
        if not run:
            run_first = n
        run.append(row)
        out.digests[f"{path}#{n}"] = digest
    if run:
        out.tasks.append((sub_fmt, path, run_first, run))
    return out


# -- the parent side --------------------------------------------------------------------------


@dataclass(slots=True)
class Baseline:
    """What the stores held before an import, as sets of hashes.

    ``skip``: skip keys of the sources every store holds with the same digest;
    ``stored``: the record store's source keys (a written source is new or changed; a
    source stored before digests were kept counts as new).
    """

    skip: set[int] = field(default_factory=set)
    stored: set[int] = field(default_factory=set)
    written: set[int] = field(default_factory=set)
    seen_rows: set[int] = field(default_factory=set)

    def count(self, source_keys: Iterable[str]) -> tuple[int, int]:
        """``(new, changed)`` among sources about to be written (keys: case-folded names)."""
        new = changed = 0
        for k in source_keys:
            h = hash(k)
            self.written.add(h)
            if h in self.stored:
                changed += 1
            else:
                new += 1
        return new, changed


def baseline(stores: Sequence[LineageStore]) -> Baseline:
    """One bulk read of every store's source digests (the first store is the record store)."""
    out = Baseline()
    for i, store in enumerate(stores):
        keys: set[int] = set()
        for s in stored_digests(store):
            if i == 0:
                out.stored.add(hash(s.source.casefold()))
            if s.digest:
                keys.add(hash(s.digest))
        out.skip = keys if i == 0 else out.skip & keys
    return out


def count_changes(
    summary: ImportSummary,
    base: Baseline | None,
    payload: Sequence[PreparedSource] | Sequence[SourceRecord],
    unchanged: int,
) -> None:
    """Count a parsed chunk's sources as new or changed (against ``base``) and its skips."""
    summary.unchanged += unchanged
    if base is None:
        summary.new += len(payload)
        return
    keys = (
        item.key if isinstance(item, PreparedSource) else item.source.casefold() for item in payload
    )
    new, changed = base.count(keys)
    summary.new += new
    summary.changed += changed


def stale_dump_sources(record_store: LineageStore, base: Baseline) -> list[str]:
    """Sources read from dump rows that this import neither wrote nor found unchanged."""
    stale = []
    for s in stored_digests(record_store, locations=True):
        if (
            s.location is None
            or not is_row_location(s.location)
            or hash(s.source.casefold()) in base.written
        ):
            continue
        if s.digest is None or hash(s.digest) not in base.seen_rows:
            stale.append(s.source)
    return stale


def prune(stores: Sequence[LineageStore], sources: Sequence[str], batch: int = 2000) -> int:
    """Remove the sources from every store, in batches; returns how many the first store had."""
    removed = 0
    for i in range(0, len(sources), batch):
        part = sources[i : i + batch]
        for j, store in enumerate(stores):
            n = store.remove_sources(part)
            if j == 0:
                removed += n
    return removed


__all__ = [
    "Baseline",
    "RowFilter",
    "baseline",
    "changed_rows",
    "count_changes",
    "digest_of",
    "file_digest",
    "import_time",
    "is_row_location",
    "prune",
    "read_new",
    "skipping",
    "stale_dump_sources",
    "stamp",
    "stamping",
    "unchanged_count",
]

"""Incremental imports: every source remembers a digest of what it was read from.

A digest is stored with each source (`SourceRecord.digest`): of a file, its path and
bytes (`file_digest`: the same bytes elsewhere are another model's); of a dump row, its
bytes alone (`digest_of`: a row that a newer snapshot moves keeps its source, and its
first location). Before an import the parent reads what every store holds as a
`DigestTable` (`baseline`): the embedded store keeps one beside its database, stamped
(`DigestIndexStore`); another store, or a kept table the store no longer agrees with, is
read with one scan of every source's digest. Workers, forked after that, skip a file
whose path, size and modification time are those it was read with (no read at all;
``rehash`` turns that off), else hash what they read and skip parsing and writing when
the digest is known; the parent counts sources as new, changed, unchanged or removed,
and keeps the table up to date for the next import (`keep_digests`). Keys are 64 bits
(`lineage.stores.digests`) in sets of ints: at a million sources a few tens of
megabytes, which the forked workers share copy-on-write.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from array import array
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
from lineage.stores.base import (
    Capability,
    LineageStore,
    digest_index_store,
    stored_digests,
    supports,
)
from lineage.stores.digests import (
    ROW,
    DigestTable,
    digest_key,
    is_row_location,
    source_key,
    stat_key,
)


def _release() -> str:
    try:
        return version("model-lineage")
    except PackageNotFoundError:  # pragma: no cover (run from a source tree)
        return "unknown"


#: Keys the digest: a new release reads every source once more (its readers may read more).
_PERSON = ("lineage " + _release()).encode()[:16]
#: A file modified this recently (ns) is not known by its ``stat`` next time, only by its
#: digest: a change within the clock's resolution would leave size and time as they were
#: (git's "racily clean" files).
RACY_NS = 2_000_000_000


def digest_of(data: bytes) -> str:
    """A dump row's digest: BLAKE2b-128 of its bytes, keyed by the release."""
    return hashlib.blake2b(data, digest_size=16, person=_PERSON).hexdigest()


def file_digest(location: str, data: bytes) -> str:
    """A file's digest: BLAKE2b-128 of its path and bytes, keyed by the release."""
    h = hashlib.blake2b(location.encode("utf-8", "surrogateescape"), digest_size=16, person=_PERSON)
    h.update(b"\0")
    h.update(data)
    return h.hexdigest()


# -- the worker side: set by the parent before it forks, read by the parsers ---------------

_SKIP: frozenset[int] | set[int] = frozenset()  # digest keys stored in every store
_STAT_SKIP: frozenset[int] | set[int] = frozenset()  # stat keys of files stored as they are
_TRACK = False  # whether to note what is read for the kept digest table
_unchanged = 0
_rows = array("Q")  # sources read here since the last `take_rows`: key, digest, stat, flags
_restat = array("Q")  # files unchanged by digest, not by stat: digest, new stat key


@contextmanager
def skipping(
    keys: set[int], stats: set[int] | frozenset[int] = frozenset(), track: bool = False
) -> Iterator[None]:
    """Let the parsers of this process (and of pools forked inside) skip these digest keys
    and files of these stat keys; with ``track``, note what they read (`take_rows`)."""
    global _SKIP, _STAT_SKIP, _TRACK
    _SKIP, _STAT_SKIP, _TRACK = keys, stats, track
    take_rows()
    try:
        yield
    finally:
        _SKIP, _STAT_SKIP, _TRACK = frozenset(), frozenset(), False
        take_rows()


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


#: `file_stat`'s answer when no file is known by its stat: the key is taken from the
#: ``fstat`` of the read (`opened_stat`), one system call a file fewer on a first import.
AT_READ = -1


def file_stat(path: str) -> int | None:
    """None when the file's path, size and time are those it was stored with (unchanged:
    no need to read it); else its stat key (0: none to keep, or not tracking; `AT_READ`:
    take it from the read)."""
    global _unchanged
    if not _STAT_SKIP:
        return AT_READ if _TRACK else 0
    try:
        st = os.stat(path)
    except OSError:
        return 0  # reading it says what is wrong
    key = opened_stat(path, st)
    if key in _STAT_SKIP:
        _unchanged += 1
        return None
    return key


def opened_stat(path: str, st: os.stat_result) -> int:
    """The stat key of a file (0 when modified too recently to be known by it)."""
    if st.st_mtime_ns > time.time_ns() - RACY_NS:
        return 0
    return stat_key(path, st.st_size, st.st_mtime_ns, _PERSON)


def read_new(
    reader: FileReader, data: bytes, model_id: str, location: str, stat: int = 0
) -> list[SourceRecord]:
    """A file's records, each with the file's digest; none when it is unchanged since stored.

    ``stat``: the file's stat key (`file_stat`), kept with its sources' digests.
    """
    global _unchanged
    digest = file_digest(location, data)
    key = digest_key(digest)
    if key in _SKIP:
        _unchanged += 1
        if stat and _TRACK:
            _restat.extend((key, stat))
        return []
    records = reader.read(data, model_id, location)
    for rec in records:
        rec.digest = digest
    if _TRACK:
        # `note_rows`, with the digest's key taken once for all of the file's records.
        for rec in records:
            _rows.extend((source_key(rec.source), key, stat, 0))
    return records


def note_rows(records: Iterable[SourceRecord], stat: int = 0, flags: int = 0) -> None:
    """Note sources about to be written, for the kept digest table (when tracking)."""
    if _TRACK:
        for rec in records:
            d = digest_key(rec.digest) if rec.digest else 0
            _rows.extend((source_key(rec.source), d, stat, flags))


def take_rows() -> tuple[bytes, bytes]:
    """The rows noted since the last call (`note_rows`) and the files' new stat keys."""
    out = (_rows.tobytes(), _restat.tobytes())
    del _rows[:], _restat[:]
    return out


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
    skip = _SKIP
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
        key = int(digest[:16], 16) or 1  # `digest_key`, inline: once a row
        if key in skip:
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
    """What the stores held before an import, and what the import wrote and removed.

    ``tables``: each store's `DigestTable` (the first store is the record store);
    ``kept``: which of them the store kept (read from its file, not by a scan);
    ``skip``: digest keys every store holds; ``stat_skip``: stat keys of the files they
    were read from.
    """

    tables: list[DigestTable]
    kept: list[bool]
    skip: set[int] = field(default_factory=set)
    stat_skip: set[int] = field(default_factory=set)
    written: array[int] = field(default_factory=lambda: array("Q"))
    written_keys: set[int] = field(default_factory=set)
    restat: dict[int, int] = field(default_factory=dict)
    removed: set[int] = field(default_factory=set)
    seen_rows: set[int] = field(default_factory=set)
    _stored: set[int] | None = None

    def stored(self) -> set[int]:
        """The record store's source keys (built when first needed: an unchanged
        re-import writes nothing and never needs them)."""
        if self._stored is None:
            self._stored = set(self.tables[0].keys) if self.tables else set()
        return self._stored

    def take(self, rows: bytes, restat: bytes) -> tuple[int, int]:
        """Keep a chunk's written rows and new stat keys; ``(new, changed)`` among them."""
        new = changed = 0
        if rows:
            chunk = array("Q")
            chunk.frombytes(rows)
            self.written.extend(chunk)
            stored = self.stored()
            for key in chunk[0::4]:
                self.written_keys.add(key)
                if key in stored:
                    changed += 1
                else:
                    new += 1
        if restat:
            pairs = array("Q")
            pairs.frombytes(restat)
            self.restat.update(zip(pairs[0::2], pairs[1::2], strict=True))
        return new, changed

    def changed(self) -> bool:
        return bool(self.written or self.removed or self.restat)


def _table_of(store: LineageStore, locations: bool) -> tuple[DigestTable, bool]:
    """The store's digest table, and whether it was kept (else read by a scan; with
    ``locations`` only for a store that keeps the table: a table of another store is
    thrown away at the end of the import)."""
    keeps = supports(store, Capability.DIGEST_INDEX)
    if keeps:
        kept = digest_index_store(store).load_digests()
        if kept is not None:
            return kept, True
    locations = locations and keeps
    table = _scan(store, locations)
    if not locations and not len(table):
        # No source with a digest: an empty store (the scan with locations is as cheap and
        # says so), or one written before digests were kept, whose sources it lists.
        table = _scan(store, True)
    return table, False


def _scan(store: LineageStore, locations: bool) -> DigestTable:
    scanned = stored_digests(store, locations=locations)
    return DigestTable.of_sources(((s.source, s.digest, s.location) for s in scanned), locations)


def baseline(
    stores: Sequence[LineageStore], *, rehash: bool = False, locations: bool = False
) -> Baseline:
    """What every store holds (the first store is the record store): its kept digest table,
    or one scan of its digests (``locations``: with every source's location, which a table
    kept afterwards then knows, for `--prune`). ``rehash``: no file is known by its stat."""
    tables, kept = [], []
    for store in stores:
        table, was_kept = _table_of(store, locations)
        tables.append(table)
        kept.append(was_kept)
    out = Baseline(tables, kept)
    for i, table in enumerate(tables):
        keys = set(table.digests)
        keys.discard(0)
        out.skip = keys if i == 0 else out.skip & keys
    if not rehash:
        for table in tables:
            if len(tables) == 1:  # every digest of the one table is in ``skip``
                out.stat_skip.update(table.stats)
            else:
                out.stat_skip.update(
                    s
                    for d, s in zip(table.digests, table.stats, strict=True)
                    if s and d in out.skip
                )
        out.stat_skip.discard(0)
    return out


def count_changes(
    summary: ImportSummary,
    base: Baseline | None,
    payload: Sequence[PreparedSource] | Sequence[SourceRecord],
    unchanged: int,
    rows: tuple[bytes, bytes] = (b"", b""),
) -> None:
    """Count a parsed chunk's sources as new or changed (against ``base``) and its skips;
    ``rows``: what its parser noted for the digest table (`take_rows`)."""
    summary.unchanged += unchanged
    if base is None:
        summary.new += len(payload)
        return
    new, changed = base.take(*rows)
    summary.new += new
    summary.changed += changed


def stale_dump_sources(record_store: LineageStore, base: Baseline) -> list[str]:
    """Sources read from dump rows that this import neither wrote nor found unchanged.

    When the record store's table knows every source's kind, it names the stale keys and
    the store their names, from its graphs' names alone; else (or when a key finds no
    graph) every source's location is read.
    """
    table = base.tables[0] if base.tables else None
    if table is not None and table.rows_known:
        written, seen = base.written_keys, base.seen_rows
        keys = {
            key
            for key, digest, flags in zip(table.keys, table.digests, table.flags, strict=True)
            if flags & ROW and key not in written and digest not in seen
        }
        if not keys:
            return []
        if supports(record_store, Capability.DIGEST_INDEX):
            names = digest_index_store(record_store).sources_of(keys)
            if len(names) == len(keys):
                return names
    stale = []
    for s in stored_digests(record_store, locations=True):
        if (
            s.location is None
            or not is_row_location(s.location)
            or source_key(s.source) in base.written_keys
        ):
            continue
        if s.digest is None or digest_key(s.digest) not in base.seen_rows:
            stale.append(s.source)
    return stale


def prune(
    stores: Sequence[LineageStore],
    sources: Sequence[str],
    batch: int = 2000,
    base: Baseline | None = None,
) -> int:
    """Remove the sources from every store, in batches; returns how many the first store had."""
    removed = 0
    for i in range(0, len(sources), batch):
        part = sources[i : i + batch]
        for j, store in enumerate(stores):
            n = store.remove_sources(part)
            if j == 0:
                removed += n
    if base is not None:
        base.removed.update(source_key(s) for s in sources)
    return removed


def keep_digests(
    stores: Sequence[LineageStore], alive: Sequence[LineageStore], base: Baseline
) -> None:
    """At the end of an import: each store that keeps a digest table (and took every write)
    keeps it updated with what the import wrote and removed."""
    for store, table, kept in zip(stores, base.tables, base.kept, strict=True):
        if not supports(store, Capability.DIGEST_INDEX) or store not in alive:
            continue
        if kept and not base.changed():
            continue
        after = table.merged(base.written, base.written_keys, base.removed, base.restat)
        if len(after) or kept:
            digest_index_store(store).save_digests(after)


__all__ = [
    "AT_READ",
    "RACY_NS",
    "ROW",
    "Baseline",
    "RowFilter",
    "baseline",
    "changed_rows",
    "count_changes",
    "digest_of",
    "file_digest",
    "file_stat",
    "import_time",
    "is_row_location",
    "keep_digests",
    "note_rows",
    "opened_stat",
    "prune",
    "read_new",
    "skipping",
    "stale_dump_sources",
    "stamp",
    "stamping",
    "take_rows",
    "unchanged_count",
]

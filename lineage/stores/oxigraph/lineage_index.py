"""The lineage index: what lineage walks read, two SQLite rows per model, kept beside the store.

The embedded store answers a model's facts and parents from RocksDB, where every
term of every quad is a lookup in a string dictionary and a model's quads are
spread over several indexes: ≈ 0.3 ms a model when those blocks are in memory,
tens of milliseconds when they are not (the first ``lineage trace`` on a store of
a million models). The index keeps the store's own answers, computed once, as
two rows per model (its facts; its parents with their evidence, by IRI), next
to each other in one SQLite table, ``lineage-index.sqlite3`` inside the store's
folder: a later process reads a model with one B-tree seek.

It is a cache with exact invalidation, never a second source of truth:

- rows are written only from what the store read (write-through), and only
  when no write to the store ran meanwhile (`OxigraphStore` checks that);
- before a write, the store deletes the rows of every model the written
  sources name, as stored before and as written (a model's facts, display id,
  datasets as it spells them, and parents live in those sources; a parent's
  display id is looked up when read, not kept in its children's rows); a write
  replacing more than `FORGET_MAX` stored sources empties the index instead, and
  a store not using the index deletes the file before it writes;
- a file of another format, or one SQLite cannot read, is replaced by an empty
  one; an index that fails while reading only costs speed (it is dropped and
  the store reads RocksDB as before).
"""

from __future__ import annotations

import contextlib
import logging
import marshal
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from lineage.core import vocab as v
from lineage.core.errors import StoreError

FILE_NAME = "lineage-index.sqlite3"
#: Bumped when the rows' meaning changes: an index of another format is replaced.
#: Rows are `marshal`ed plain tuples (5× faster to read than JSON); its version is part of it.
FORMAT = f"4/marshal-{marshal.version}"
#: The kinds of row: model IRI → facts, model IRI → parents with evidence.
TABLES = ("node", "parents")
_KIND = {table: i for i, table in enumerate(TABLES)}
#: Rows a process collects before it writes them in one transaction.
PENDING_MAX = 1000
#: A write that replaces or drops more stored sources than this empties the index instead
#: of reading them back to delete row by row (20,000 take a few seconds; refilling a 1M
#: index takes minutes). New sources cost only a search of their text, whatever their number.
FORGET_MAX = 20_000
# Rows read along with the one asked for (a model's facts and its parents are one
# B-tree seek apart), kept until asked for: an ancestors walk wants both.
_SIBLINGS_MAX = 4096
# Reads go through a memory map of up to this many bytes (no copy per page read).
MMAP_BYTES = 1 << 30

log = logging.getLogger(__name__)


def _short(key: str) -> str:
    """The key as stored: every IRI kept here starts with the project's namespace."""
    return key[_BASE_LEN:] if key.startswith(v.BASE) else key


_BASE_LEN = len(v.BASE)


class LineageIndex:
    """The SQLite file, its pending rows, and its hit and miss counts."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME
        self._lock = threading.Lock()
        self._pending: dict[tuple[str, int], bytes] = {}
        self._siblings: dict[tuple[str, int], bytes] = {}
        self.hits = 0
        self.misses = 0
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._connect()
        except sqlite3.Error as exc:  # unreadable or of another format: start again
            log.warning("lineage index %s unusable (%s): rebuilding it", self.path, exc)
            try:
                self._remove_files()
                self._db = self._connect()
            except (OSError, sqlite3.Error) as again:  # the store reads RocksDB instead
                log.warning("lineage index %s cannot be rebuilt (%s)", self.path, again)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
            row = db.execute("SELECT v FROM meta WHERE k = 'format'").fetchone()
            if row is not None and row[0] != FORMAT:
                raise sqlite3.DatabaseError(f"format {row[0]}, expected {FORMAT}")
            if row is None:  # a new file; an existing one is opened without a write
                db.execute(
                    "CREATE TABLE IF NOT EXISTS row (k TEXT, t INTEGER, v BLOB, PRIMARY KEY (k, t))"
                    " WITHOUT ROWID"
                )
                db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    @property
    def usable(self) -> bool:
        return self._db is not None

    def _drop(self, exc: Exception) -> None:
        """A read or a buffered write failed: stop using the index (it only costs speed)."""
        log.warning("lineage index %s failed (%s): reading the store directly", self.path, exc)
        self._pending.clear()
        self._siblings.clear()
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        with contextlib.suppress(OSError):
            self._remove_files()

    # -- rows -----------------------------------------------------------------

    def get(self, table: str, key: str) -> Any | None:
        """The row's value, or None when the index does not hold it."""
        wanted = (_short(key), _KIND[table])
        with self._lock:
            db = self._db
            if db is None:
                return None
            text = self._pending.get(wanted) or self._siblings.pop(wanted, None)
            if text is None:
                try:
                    rows = db.execute("SELECT t, v FROM row WHERE k = ?", (wanted[0],)).fetchall()
                except sqlite3.Error as exc:
                    self._drop(exc)
                    return None
                for kind, value in rows:
                    if kind == wanted[1]:
                        text = value
                    else:
                        if len(self._siblings) >= _SIBLINGS_MAX:
                            self._siblings.clear()
                        self._siblings[(wanted[0], kind)] = value
            if text is None:
                self.misses += 1
                return None
            try:
                value = marshal.loads(text)
            except (EOFError, ValueError, TypeError) as exc:  # a damaged file
                self._drop(exc)
                return None
            self.hits += 1
            return value

    def put(self, table: str, key: str, value: Any) -> None:
        """Keep a row (plain tuples, strings, numbers); written in batches of `PENDING_MAX`."""
        text = marshal.dumps(value)
        with self._lock:
            if self._db is None:
                return
            self._pending[(_short(key), _KIND[table])] = text
            if len(self._pending) >= PENDING_MAX:
                self._write_pending()

    def missing(self, keys: Sequence[str]) -> list[str]:
        """The keys, in order, whose rows are not all in the index."""
        self.flush()
        found: set[str] = set()
        with self._lock:
            db = self._db
            if db is None:
                return list(keys)
            for i in range(0, len(keys), 500):
                chunk = [_short(k) for k in keys[i : i + 500]]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT k FROM row WHERE k IN ({marks}) GROUP BY k HAVING COUNT(*) = ?"
                try:
                    found.update(k for (k,) in db.execute(query, (*chunk, len(TABLES))))
                except sqlite3.Error as exc:
                    self._drop(exc)
                    return list(keys)
        return [k for k in keys if _short(k) not in found]

    def flush(self) -> None:
        with self._lock:
            self._write_pending()

    def _write_pending(self) -> None:
        db = self._db
        if db is None or not self._pending:
            return
        rows = [(k, t, text) for (k, t), text in self._pending.items()]
        self._pending.clear()
        failed = _transaction(db, "INSERT OR REPLACE INTO row VALUES (?, ?, ?)", rows)
        if failed is not None:
            self._drop(failed)

    # -- invalidation ---------------------------------------------------------

    def is_empty(self) -> bool:
        with self._lock:
            db = self._db
            if db is None:
                return True
            if self._pending:
                return False
            try:
                return db.execute("SELECT 1 FROM row LIMIT 1").fetchone() is None
            except sqlite3.Error as exc:
                self._drop(exc)
                return True

    def forget(self, models: Iterable[str]) -> None:
        """Delete these models' rows now (before the write that changes them).

        Raises `StoreError` when they can be neither deleted nor the file removed:
        the write must not go ahead over an index that would then be wrong.
        """
        gone = {(_short(k), kind) for k in models for kind in _KIND.values()}
        with self._lock:
            db = self._db
            if db is None:
                return
            for cached in (self._pending, self._siblings):
                for kt in gone & cached.keys():
                    del cached[kt]
            failed = _transaction(db, "DELETE FROM row WHERE k = ? AND t = ?", sorted(gone))
            if failed is not None:
                self._fail_safe(failed)

    def clear(self) -> None:
        """Empty the index (a large write: cheaper than deleting row by row)."""
        with self._lock:
            db = self._db
            if db is None:
                return
            self._pending.clear()
            self._siblings.clear()
            failed = _transaction(db, "DELETE FROM row")
            if failed is not None:
                self._fail_safe(failed)

    def _fail_safe(self, exc: Exception) -> None:
        self._drop(exc)
        if self.path.exists():
            raise StoreError(
                f"the lineage index {self.path} could not be updated ({exc}) nor removed; "
                "delete it before writing to the store"
            ) from exc

    def stats(self) -> dict[str, int]:
        """Rows of each kind (pending rows written first), hits and misses."""
        self.flush()
        with self._lock:
            counts = dict.fromkeys(TABLES, 0)
            if self._db is not None:
                for kind, n in self._db.execute("SELECT t, COUNT(*) FROM row GROUP BY t"):
                    counts[TABLES[kind]] = n
        return counts | {"hits": self.hits, "misses": self.misses}

    def close(self) -> None:
        with self._lock:
            self._write_pending()
            self._siblings.clear()
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
                self._db = None


def _transaction(
    db: sqlite3.Connection, sql: str, rows: list[tuple[Any, ...]] | None = None
) -> sqlite3.Error | None:
    """Run one statement (over ``rows``, if given) in a transaction; the error, if it failed."""
    try:
        with db:
            db.execute("BEGIN")
            if rows is None:
                db.execute(sql)
            else:
                db.executemany(sql, rows)
    except sqlite3.Error as exc:
        return exc
    return None


__all__ = ["FILE_NAME", "LineageIndex"]

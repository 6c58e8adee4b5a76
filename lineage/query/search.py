"""The one in-memory, sorted index of model ids: the API's search and the explorer's box.

Built lazily on the first search from the store's ids and rebuilt after each import
(`ModelIdIndex.invalidate`) or, for a reader that is not told of imports, once ``ttl``
seconds have passed. Prefix matches come from binary search over sorted keys, so a
100k-model graph answers in well under a millisecond; the substring fallback is one scan
over at most `SCAN_LIMIT` keys.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left
from collections.abc import Callable, Iterator
from itertools import islice
from typing import NamedTuple

from lineage.query.reports import all_model_ids
from lineage.stores.base import LineageStore

_MAX = "\U0010ffff"
# A substring scan over the whole index is the last resort; cap how far it runs.
SCAN_LIMIT = 200_000


def _prefixed(keys: list[str], prefix: str) -> Iterator[int]:
    i = bisect_left(keys, prefix)
    end = bisect_left(keys, prefix + _MAX)
    yield from range(i, end)


class _Snapshot(NamedTuple):
    keys: list[str]  # casefolded full ids, sorted
    ids: list[str]  # display ids, same order
    names: list[str]  # casefolded name parts (after the slash), sorted
    name_pos: list[int]  # index into keys of each name part


class ModelIdIndex:
    """Sorted, case-insensitive model ids: exact, prefix, name-prefix and substring matches."""

    def __init__(self, store: Callable[[], LineageStore], ttl: float | None = None) -> None:
        self._store = store
        self._ttl = ttl
        self._built = 0.0
        self._lock = threading.Lock()
        self._stale = True
        self._snapshot = _Snapshot([], [], [], [])

    def invalidate(self) -> None:
        """Mark the index out of date; the next search rebuilds it."""
        self._stale = True

    def _ensure(self) -> None:
        if self._ttl is not None and time.monotonic() - self._built > self._ttl:
            self._stale = True
        if not self._stale:
            return
        with self._lock:
            if not self._stale:
                return
            self._stale = False  # writes during the rebuild mark it stale again
            self._built = time.monotonic()
            by_key = {mid.casefold(): mid for mid in all_model_ids(self._store())}
            keys = sorted(by_key)
            names = sorted((k.rpartition("/")[2], i) for i, k in enumerate(keys))
            self._snapshot = _Snapshot(
                keys, [by_key[k] for k in keys], [n for n, _ in names], [i for _, i in names]
            )

    def __len__(self) -> int:
        self._ensure()
        return len(self._snapshot.keys)

    def search(self, text: str, limit: int = 20) -> list[str]:
        """Ids matching ``text``: exact, then id prefix, then name prefix, then substring."""
        self._ensure()
        q = text.strip().casefold()
        if not q or limit <= 0:
            return []
        snap = self._snapshot  # one consistent version, even while a rebuild runs
        keys, ids = snap.keys, snap.ids
        found: dict[int, None] = {}

        def add(i: int) -> bool:
            found.setdefault(i, None)
            return len(found) >= limit

        for i in _prefixed(keys, q):
            if add(i):
                return [ids[j] for j in found]
        if "/" not in q:
            names, pos = snap.names, snap.name_pos
            for j in _prefixed(names, q):
                if add(pos[j]):
                    return [ids[k] for k in found]
        for i, k in enumerate(islice(keys, SCAN_LIMIT)):
            if q in k and add(i):
                break
        return [ids[j] for j in found]


__all__ = ["SCAN_LIMIT", "ModelIdIndex"]

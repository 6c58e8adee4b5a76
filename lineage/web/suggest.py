"""Model-id suggestions for the explorer's search box, from a cached sorted index.

The index is built once per store from every model id (``iter_model_ids``
when the store has it, else ``iter_nodes``) and answers by binary search, so a
suggestion costs microseconds even for hundreds of thousands of ids. After
``ttl`` seconds the next request triggers a rebuild in a background thread and
keeps answering from the old index meanwhile (imports add models over time).
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from lineage.stores.base import LineageStore

DEFAULT_TTL = 60.0
# A substring scan over the whole index is the last resort; cap how far it runs.
SCAN_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class _Index:
    ids: list[str]  # display ids, sorted by key
    keys: list[str]  # casefolded ids, sorted
    name_keys: list[str]  # casefolded NAME parts (after the slash), sorted
    name_pos: list[int]  # for each of name_keys, its position in ids
    built: float


def _model_ids(store: LineageStore) -> Iterable[str]:
    ids: Iterator[str] | None = getattr(store, "iter_model_ids", lambda: None)()
    return ids if ids is not None else (n.id for n in store.iter_nodes())


def build_index(ids: Iterable[str]) -> _Index:
    """A sorted index over model ids (duplicates differing only in case collapse)."""
    by_key: dict[str, str] = {}
    for i in ids:
        by_key.setdefault(i.casefold(), i)  # the first spelling seen is the one shown
    keys = sorted(by_key)
    names = sorted((k.rpartition("/")[2], pos) for pos, k in enumerate(keys))
    return _Index(
        ids=[by_key[k] for k in keys],
        keys=keys,
        name_keys=[n for n, _ in names],
        name_pos=[p for _, p in names],
        built=time.monotonic(),
    )


def _prefixed(sorted_keys: list[str], prefix: str) -> Iterator[int]:
    """Positions of the keys that start with ``prefix`` (a contiguous run)."""
    pos = bisect_left(sorted_keys, prefix)
    while pos < len(sorted_keys) and sorted_keys[pos].startswith(prefix):
        yield pos
        pos += 1


def search(index: _Index, query: str, limit: int = 10) -> list[str]:
    """Ids matching ``query``: id prefix (exact first), then NAME prefix, then substring."""
    q = query.strip().casefold()
    if not q or limit <= 0:
        return []
    found: dict[int, None] = {}  # an ordered set of positions

    def take(positions: Iterable[int]) -> bool:
        for pos in positions:
            found.setdefault(pos, None)
            if len(found) >= limit:
                return True
        return False

    tiers = (  # lazy: a later tier only runs when the earlier ones found too few
        _prefixed(index.keys, q),
        (index.name_pos[i] for i in _prefixed(index.name_keys, q)),
        (p for p, k in enumerate(islice(index.keys, SCAN_LIMIT)) if q in k),
    )
    for positions in tiers:
        if take(positions):
            break
    return [index.ids[p] for p in found]


class SuggestIndex:
    """One cached index per store object, rebuilt in the background when stale."""

    def __init__(self, ttl: float = DEFAULT_TTL) -> None:
        self.ttl = ttl
        self._indexes: dict[int, tuple[LineageStore, _Index]] = {}
        self._rebuilding: set[int] = set()
        self._lock = threading.Lock()

    def index(self, store: LineageStore) -> _Index:
        """The current index of ``store`` (built on first use)."""
        key = id(store)
        with self._lock:
            entry = self._indexes.get(key)
        if entry is None or entry[0] is not store:
            idx = build_index(_model_ids(store))
            with self._lock:
                self._indexes[key] = (store, idx)
            return idx
        idx = entry[1]
        if time.monotonic() - idx.built > self.ttl:
            self._refresh(store, key)
        return idx

    def _refresh(self, store: LineageStore, key: int) -> None:
        with self._lock:
            if key in self._rebuilding:
                return
            self._rebuilding.add(key)

        def run() -> None:
            try:
                idx = build_index(_model_ids(store))
                with self._lock:
                    self._indexes[key] = (store, idx)
            finally:
                with self._lock:
                    self._rebuilding.discard(key)

        threading.Thread(target=run, name="lineage-suggest-index", daemon=True).start()

    def suggest(self, store: LineageStore, query: str, limit: int = 10) -> list[str]:
        """Up to ``limit`` model ids for what the user typed."""
        return search(self.index(store), query, limit)

    def clear(self) -> None:
        """Forget every index (tests, or after a large import)."""
        with self._lock:
            self._indexes.clear()

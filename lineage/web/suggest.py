"""Model-id suggestions for the explorer's search box: the shared `ModelIdIndex`, per store.

A store the explorer reads is not told of imports made elsewhere, so each index is rebuilt
on the first request after ``ttl`` seconds.
"""

from __future__ import annotations

import threading

from lineage.query.search import ModelIdIndex
from lineage.stores.base import LineageStore

DEFAULT_TTL = 60.0


class SuggestIndex:
    """One `ModelIdIndex` per store object."""

    def __init__(self, ttl: float = DEFAULT_TTL) -> None:
        self.ttl = ttl
        self._indexes: dict[int, tuple[LineageStore, ModelIdIndex]] = {}
        self._lock = threading.Lock()

    def index(self, store: LineageStore) -> ModelIdIndex:
        """The index of ``store`` (made on first use)."""
        key = id(store)
        with self._lock:
            entry = self._indexes.get(key)
            if entry is None or entry[0] is not store:
                entry = (store, ModelIdIndex(lambda: store, ttl=self.ttl))
                self._indexes[key] = entry
        return entry[1]

    def suggest(self, store: LineageStore, query: str, limit: int = 10) -> list[str]:
        """Up to ``limit`` model ids for what the user typed."""
        return self.index(store).search(query, limit)

    def clear(self) -> None:
        """Forget every index (tests, or after a large import)."""
        with self._lock:
            self._indexes.clear()


__all__ = ["DEFAULT_TTL", "SuggestIndex"]

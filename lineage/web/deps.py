"""What every route of the web package needs: the store, and one parsed selection."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from functools import cache

from fastapi import Request

from lineage.core.errors import StoreUnavailable
from lineage.core.settings import Settings
from lineage.library import LineageGraph
from lineage.query.selection import SelectionSpec, Subgraph, select
from lineage.stores.base import LineageStore

# Selections are recomputed at most this often (a group expansion re-reads the
# selection it belongs to; imports may change the graph underneath).
SELECTION_TTL = 30.0
SELECTION_CACHE_SIZE = 32


_Key = tuple[int, SelectionSpec, int | None]


def get_store(request: Request) -> LineageStore:
    """The store the app put on ``app.state.store`` (see docs/explorer.md)."""
    store: LineageStore | None = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreUnavailable("the web app has no store: set app.state.store to a LineageStore")
    return store


@cache
def _default_settings() -> Settings:
    return Settings()


def get_graph(request: Request) -> LineageGraph:
    """The library's graph over that store, for one request (closing it leaves the store open).

    Settings come from ``app.state.settings`` when the app set them, else from ``LINEAGE_*``.
    """
    settings: Settings | None = getattr(request.app.state, "settings", None)
    return LineageGraph.over(get_store(request), settings or _default_settings())


class SelectionCache:
    """A small LRU of recent selections, keyed by store and spec, with a time-to-live."""

    def __init__(self, size: int = SELECTION_CACHE_SIZE, ttl: float = SELECTION_TTL) -> None:
        self._items: OrderedDict[_Key, tuple[float, LineageStore, Subgraph]] = OrderedDict()
        self._size = size
        self._ttl = ttl
        self._lock = threading.Lock()

    def get(self, store: LineageStore, spec: SelectionSpec, budget: int | None = None) -> Subgraph:
        """The selection (`lineage.query.selection.select`), from the cache when fresh."""
        key = (id(store), spec, budget)
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[1] is store and now - hit[0] < self._ttl:
                self._items.move_to_end(key)
                return hit[2]
        sub = select(store, spec, budget)
        with self._lock:
            self._items[key] = (now, store, sub)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return sub

    def clear(self) -> None:
        """Forget every cached selection."""
        with self._lock:
            self._items.clear()

"""The embedded store's read caches: the warm-up, and the persistent lineage index.

Reads are cached per model (`OxigraphStore.__init__`) and kept across processes in the
lineage index (`lineage.stores.oxigraph.lineage_index`); a warm-up fills the caches
before requests come, `build_index` fills the index after an import.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from lineage.core import vocab as v
from lineage.core.errors import StoreError, UsageError
from lineage.stores.oxigraph import index_build
from lineage.stores.oxigraph.state import StoreState
from lineage.stores.oxigraph.terms import CACHE_MODELS
from lineage.stores.oxigraph.terms import N as _N
from lineage.stores.oxigraph.terms import NodeData as _NodeData
from lineage.stores.oxigraph.terms import parent_rows_plain as _parent_rows_plain

if TYPE_CHECKING:
    from lineage.stores.oxigraph.store import OxigraphStore

# Models a warm-up loads at most: the rest of the cache is for what requests read.
WARM_MODELS = CACHE_MODELS * 3 // 4
T = TypeVar("T")


class CachesMixin(StoreState):
    """Warm-up and lineage index (the cache half of `OxigraphStore`)."""

    def _indexed(
        self,
        table: str,
        key: str,
        compute: Callable[[str], T | None],
        encode: Callable[[T], Any] | None = None,
        decode: Callable[[Any], T] | None = None,
    ) -> T | None:
        """A row of the lineage index, else ``compute(key)`` (kept unless a write overlapped)."""
        index = self.index
        if index is None:
            return compute(key)
        row = index.get(table, key)
        if row is not None:
            return decode(row) if decode is not None else cast(T, row)
        generation = self.generation
        value = compute(key)
        if value is not None:
            with self._put_lock:
                if not self._writing and generation == self.generation:
                    index.put(table, key, encode(value) if encode is not None else value)
        return value

    def warm(self, limit: int | None = None, stop: threading.Event | None = None) -> int:
        """Preload the read caches; returns how many models it loaded.

        First every model that has children, biggest families first: every
        ancestor in a lineage is one, so once they are cached an ancestors walk
        reads at most its starting model from disk (a cold read is ≈ 10 µs per
        quad in RocksDB, ≈ 0.5 ms per model). Then, while the budget lasts
        (``limit``, else three quarters of the model cache, leaving room for
        what requests read), the other described models in store order, so that
        on a graph that fits every walk is answered from memory. The API runs
        this in a background thread at start and after each write. Stops early
        on ``stop`` or when a write changes the graph.
        """
        generation = self.generation
        index = self._relation_index()
        budget = WARM_MODELS if limit is None else limit
        hot = sorted(index, key=lambda iri: len(index[iri]), reverse=True)[:budget]
        done = 0

        def load(iri: str) -> bool:
            nonlocal done
            if done >= budget or self.generation != generation:
                return False
            if stop is not None and stop.is_set():
                return False
            self._node_data(iri)
            self._parent_data(iri)
            done += 1
            return True

        try:
            for iri in hot:
                if not load(iri):
                    return done
            last = None
            for q in self._quads(None, _N["DESCRIBED_BY"], None):
                iri = q.subject.value
                if iri == last or iri in index:  # several own sources; or loaded above
                    continue
                last = iri
                if not load(iri):
                    break
            return done
        finally:
            if self.index is not None:
                self.index.flush()

    def index_models(self, everything: bool = False) -> list[str]:
        """The models `build_index` fills: those with parents or children (or every model)."""
        if everything:
            return [m.value for m in self._model_nodes()]
        # SPARQL decodes only ?m: 5× faster than index scans that decode every term (1M: 4 s).
        query = (
            f"SELECT DISTINCT ?m WHERE {{ {{ ?m <{v.QUALIFIED_DERIVATION}> ?d }} "
            f"UNION {{ ?d <{v.ENTITY}> ?m }} }}"
        )
        rows = self._store.query(query, use_default_graph_as_union=True)
        return sorted(row[0].value for row in rows)  # type: ignore[union-attr]

    def build_index(
        self,
        models: Sequence[str] | None = None,
        progress: Callable[[int], None] | None = None,
        workers: int = 1,
    ) -> int:
        """Fill the lineage index for ``models`` (default: `index_models`); returns how many.

        Afterwards a walk over them reads one SQLite row per model in any later
        process. Models already indexed are skipped; with ``workers`` > 1 and many
        models to read, worker processes read them (`lineage.stores.oxigraph.index_build`).
        """
        index = self.index
        if index is None:
            raise UsageError("the lineage index is turned off (LINEAGE_INDEX=false)")
        todo = self.index_models() if models is None else models
        missing = index.missing(todo)
        if progress is not None and len(todo) > len(missing):
            progress(len(todo) - len(missing))
        if workers > 1 and len(missing) >= index_build.PARALLEL_MIN and self.location is not None:
            generation = self.generation
            for iri, node, parents in index_build.build_parallel(
                cast("OxigraphStore", self), missing, workers, progress
            ):
                with self._put_lock:
                    if self._writing or generation != self.generation:
                        raise StoreError("the store changed while its lineage index was built")
                    for table, row in (("node", node), ("parents", parents)):
                        if row is not None:
                            index.put(table, iri, row)
        else:
            for i, iri in enumerate(missing, 1):
                self._node_data(iri)
                self._parent_data(iri)
                if progress is not None and i % 1000 == 0:
                    progress(1000)
            if progress is not None:
                progress(len(missing) % 1000)
        index.flush()
        return len(todo)

    def index_info(self) -> dict[str, Any]:
        """The lineage index's ``rows`` and ``file`` (`UsageError` when it is turned off)."""
        if self.index is None:
            raise UsageError("the lineage index is turned off (LINEAGE_INDEX=false)")
        stats = self.index.stats()
        return {"rows": stats["node"] + stats["parents"], "file": str(self.index.path)}

    def index_rows(self, m_iri: str) -> tuple[_NodeData | None, tuple[Any, ...] | None]:
        """A model's two rows of the lineage index, as `_indexed` keeps them (None: no row)."""
        parents = self._parent_rows(m_iri)
        return self._node_row(m_iri), None if parents is None else _parent_rows_plain(parents)


__all__ = ["WARM_MODELS", "CachesMixin"]

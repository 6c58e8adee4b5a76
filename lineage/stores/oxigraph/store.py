"""The embedded store: Oxigraph on disk, the RDF system of record.

Each source's triples live in their own named graph; a write replaces whole
graphs in one transaction, so re-imports are idempotent and an interrupted
import leaves what was stored before intact. The class is assembled from its
parts: writes (`writes`), caches and the lineage index (`caches`), a model's
facts (`facts`), whole-store reads, SPARQL and dumps (`dataset`), the consolidated
view in the default graph (`view`); lineage walks live here.
"""

from __future__ import annotations

import contextlib
import threading
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, RdfFormat, Store

from lineage.core import vocab as v
from lineage.core.errors import StoreError, StoreUnavailable
from lineage.core.graph import Descendants, Edge, Evidence, Lineage
from lineage.core.settings import Settings
from lineage.core.traversal import (
    ancestors_by_bfs,
    descendants_of_walk,
    path_between,
    walk_descendants,
)
from lineage.stores.base import Capability
from lineage.stores.oxigraph.caches import WARM_MODELS, CachesMixin
from lineage.stores.oxigraph.dataset import DatasetMixin
from lineage.stores.oxigraph.digest_file import DigestFileMixin
from lineage.stores.oxigraph.facts import FactsMixin
from lineage.stores.oxigraph.lineage_index import LineageIndex
from lineage.stores.oxigraph.opening import (
    _old_logs,
    _open_problem,
    _restore_log,
    _unwritable_reason,
)
from lineage.stores.oxigraph.terms import CACHE_MODELS, PLACEHOLDER_MENTIONS
from lineage.stores.oxigraph.terms import N as _N
from lineage.stores.oxigraph.terms import ParentRows as _ParentRows
from lineage.stores.oxigraph.terms import parent_rows_of as _parent_rows_of
from lineage.stores.oxigraph.terms import parent_rows_plain as _parent_rows_plain
from lineage.stores.oxigraph.view import ViewMixin
from lineage.stores.oxigraph.writes import BULK_MIN_RECORDS, WritesMixin

RELATION_ORDER = v.RELATION_ORDER
_RANK = v.RELATION_RANK
_REL_OF_PRED = v.RELATION_OF_PROPERTY
_RELATION_IRIS = tuple(f"<{p}>" for p in _REL_OF_PRED)


class OxigraphStore(WritesMixin, ViewMixin, CachesMixin, FactsMixin, DatasetMixin, DigestFileMixin):
    """`LineageStore` on an embedded Oxigraph database (on disk, or in memory for ``None``)."""

    name = "embedded"
    capabilities = frozenset(Capability) - {Capability.CYPHER}

    def __init__(
        self, path: Path | None, max_depth: int = 50, index: bool = True, read_only: bool = False
    ) -> None:
        self.location = path
        self.max_depth = max_depth
        #: Why this store refuses writes (None: it takes them); see `_open`.
        self.unwritable: str | None = "opened read-only" if read_only else None
        self._store = self._open(path, read_only)
        read_only = read_only or self.unwritable is not None
        # Reads are cached per model and forgotten on every write: this process
        # owns the database (Oxigraph locks it), or reads a snapshot of it taken
        # when it opened (read-only beside a writer), so nothing else changes it.
        self._source_info = lru_cache(maxsize=65536)(self._source_info_uncached)
        self._node_data = lru_cache(maxsize=CACHE_MODELS)(self._node_data_uncached)
        self._parent_data = lru_cache(maxsize=CACHE_MODELS)(self._parent_data_uncached)
        self._rel_index: dict[str, list[tuple[str, str]]] | None = None
        # The index it was derived from, and `_best_relation_index`'s answer.
        self._rel_best: tuple[object, dict[str, list[tuple[str, str]]]] | None = None
        self._rel_lock = threading.Lock()
        #: Bumped by every write (before and after it); a cache warm-up stops when it changes.
        self.generation = 0
        self._writing = False
        # Held while a read decides to keep its row, and while a write begins.
        self._put_lock = threading.Lock()
        self._written: set[int] | bool | None = None
        self._stamp_fresh = False
        #: The persistent lineage index (`lineage.stores.oxigraph.lineage_index`), on disk only.
        self.index = LineageIndex(path) if path is not None and index and not read_only else None
        self._init_view()

    def _open(self, path: Path | None, read_only: bool) -> Store:
        """Open the database; when another process holds it for writing (or the disk is
        full), open it read-only: reads work beside a writer, writes are refused."""
        if path is None:
            return Store()
        if read_only:
            try:
                return Store.read_only(str(path))
            except OSError as exc:
                raise StoreUnavailable(_open_problem(path, exc)) from exc
        logs = _old_logs(path)
        try:
            path.mkdir(parents=True, exist_ok=True)
            return Store(str(path))
        except OSError as exc:
            _restore_log(path, logs)  # a failed open rotates RocksDB's LOG: put it back
            reason = _unwritable_reason(path, exc)
            if reason is None or not (path / "CURRENT").exists():
                raise StoreUnavailable(_open_problem(path, exc)) from exc
            try:
                store = Store.read_only(str(path))
            except OSError as second:
                raise StoreUnavailable(f"{_open_problem(path, exc)}; reading it: {second}") from exc
            self.unwritable = reason
            return store

    @classmethod
    def read_only(cls, path: Path) -> OxigraphStore:
        """A read-only view of a store that another process may have open (no lineage index)."""
        return cls(path, index=False, read_only=True)

    # -- reads ----------------------------------------------------------------

    def parents(self, model_id: str) -> list[Edge]:
        return self._edges_to_parents(v.model_iri(model_id), model_id)

    def _edges_to_parents(self, m_iri: str, fallback_id: str) -> list[Edge]:
        child, parents = self._parent_data(m_iri)
        return [Edge(child or fallback_id, parent, list(evs)) for parent, evs in parents]

    def _parent_data_uncached(
        self, m_iri: str
    ) -> tuple[str | None, tuple[tuple[str, tuple[Evidence, ...]], ...]]:
        m = NamedNode(m_iri)
        rows = (
            self._indexed("parents", m_iri, self._parent_rows, _parent_rows_plain, _parent_rows_of)
            or ()
        )
        edges = [(self._display(NamedNode(p)) or p, evs) for p, evs in rows]
        edges.sort(key=lambda e: e[0].casefold())
        return self._display(m), tuple(edges)

    def _parent_rows(self, m_iri: str) -> _ParentRows | None:
        """A model's parents as the lineage index keeps them (None: no such model)."""
        m = NamedNode(m_iri)
        grouped: dict[Any, list[Evidence]] = defaultdict(list)
        for q in self._quads(m, _N["QUALIFIED_DERIVATION"]):
            parent, ev = self._evidence(q.object, q.graph_name)
            grouped[parent].append(ev)
        if not grouped and self._node_data(m_iri) is None:
            return None  # not kept: requests for unknown models must not grow the index
        return tuple((p.value, tuple(evs)) for p, evs in grouped.items())

    def children(self, model_id: str, limit: int | None = None) -> list[Edge]:
        m = NamedNode(v.model_iri(model_id))
        parent = self._display(m) or model_id
        grouped: dict[Any, list[Evidence]] = defaultdict(list)
        for q in self._quads(None, _N["ENTITY"], m):
            owner = next(
                self._quads(None, _N["QUALIFIED_DERIVATION"], q.subject, q.graph_name), None
            )
            if owner is None:
                continue
            if limit is not None and owner.subject not in grouped and len(grouped) >= limit:
                continue
            _, ev = self._evidence(q.subject, q.graph_name)
            grouped[owner.subject].append(ev)
        edges = [Edge(self._display(c) or c.value, parent, evs) for c, evs in grouped.items()]
        return sorted(edges, key=lambda e: e.child.casefold())

    def ancestors(self, model_id: str, max_depth: int | None = None) -> Lineage:
        depth = self.max_depth if max_depth is None else max_depth
        return ancestors_by_bfs(model_id, self.parents, self.node, depth)

    def path(self, source: str, target: str, max_depth: int | None = None) -> Lineage:
        return path_between(source, target, lambda m: self.ancestors(m, max_depth))

    def descendants(
        self,
        model_id: str,
        max_depth: int | None = None,
        relations: Sequence[str] | None = None,
        limit: int = 1000,
    ) -> Descendants:
        depth_cap = self.max_depth if max_depth is None else max_depth
        wanted = set(relations) if relations else None
        index = self._relation_index()
        first = self._best_relation_index() if wanted is None else {}
        root = v.model_iri(model_id)

        def level(frontier: list[str]) -> dict[str, list[tuple[str, str]]]:
            if wanted is None:  # each child once, under its best relation: prepared
                return {p: first[p] for p in frontier if p in first}
            out: dict[str, list[tuple[str, str]]] = {}
            for parent in frontier:
                kids: list[tuple[str, str]] = []
                last = None
                # Children come sorted by key, each child's relations best first.
                for child, rel in index.get(parent, ()):
                    if child == last or (wanted is not None and rel not in wanted):
                        continue
                    last = child
                    kids.append((child, rel))
                if kids:
                    out[parent] = kids
            return out

        walk = walk_descendants(
            root, level, lambda frontier: any(p in index for p in frontier), depth_cap, limit
        )
        names: dict[str, str] = {}

        def name(term: str) -> str:
            if term not in names:
                names[term] = self._display(NamedNode(term)) or term
            return names[term]

        return descendants_of_walk(model_id, walk, name, self.node)

    def _relation_index(self) -> dict[str, list[tuple[str, str]]]:
        """Parent IRI → its children's IRIs and relations, for every derivation triple.

        Walking a family of 50,000 one lookup per model costs seconds; this index
        is built once (one CONSTRUCT serialised by Oxigraph, parsed as text) and
        kept until the next write. Children are sorted by model key, and each
        child's relations best first, as `descendants` lists them.
        """
        index = self._rel_index
        if index is not None:
            return index
        with self._rel_lock:
            index = self._rel_index
            if index is None:
                generation = self.generation
                index = self._build_relation_index()
                if generation == self.generation:  # no write raced the build
                    self._rel_index = index
            return index

    def _best_relation_index(self) -> dict[str, list[tuple[str, str]]]:
        """The relation index with each child once, under its best relation (unfiltered walks)."""
        index = self._relation_index()
        cached = self._rel_best
        if cached is not None and cached[0] is index:
            return cached[1]
        best: dict[str, list[tuple[str, str]]] = {}
        for parent, kids in index.items():
            once: list[tuple[str, str]] = []
            last = None
            for child, rel in kids:  # sorted by child, best relation first
                if child != last:
                    once.append((child, rel))
                    last = child
            best[parent] = once
        self._rel_best = (index, best)
        return best

    def _build_relation_index(self) -> dict[str, list[tuple[str, str]]]:
        preds = " ".join(iri for iri in _RELATION_IRIS)
        query = f"CONSTRUCT {{ ?c ?p ?x }} WHERE {{ VALUES ?p {{ {preds} }} ?c ?p ?x }}"
        try:
            result: Any = self._store.query(query, use_default_graph_as_union=True)
            text: bytes = result.serialize(format=RdfFormat.N_TRIPLES)
        except OSError as exc:
            raise StoreError(str(exc)) from exc
        pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
        rel_of = {iri: _REL_OF_PRED[iri[1:-1]] for iri in _RELATION_IRIS}
        for line in text.decode().splitlines():
            child, pred, parent, _ = line.split(" ", 3)
            if parent.startswith("<"):
                pairs[parent[1:-1]].add((child[1:-1], rel_of[pred]))
        return {
            parent: sorted(kids, key=lambda cr: (v.model_key_from_iri(cr[0]), _RANK[cr[1]]))
            for parent, kids in pairs.items()
        }

    def close(self) -> None:
        if self.unwritable is None:  # a read-only instance has nothing to flush (and refuses)
            with contextlib.suppress(OSError):
                self._store.flush()
        if self.index is not None:
            self.index.close()
        del self._store


def from_settings(settings: Settings) -> OxigraphStore:
    """Open the embedded store the settings name."""
    return OxigraphStore(settings.db, max_depth=settings.max_depth, index=settings.index)


__all__ = [
    "BULK_MIN_RECORDS",
    "CACHE_MODELS",
    "PLACEHOLDER_MENTIONS",
    "RELATION_ORDER",
    "WARM_MODELS",
    "OxigraphStore",
    "from_settings",
]

"""What the parts of the embedded store share: the state `OxigraphStore` sets up, and the
reads one part calls on another (each defined once, in the part that owns it)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pyoxigraph import NamedNode, Store

from lineage.core.graph import Edge, Node
from lineage.stores.oxigraph.lineage_index import LineageIndex
from lineage.stores.oxigraph.terms import NodeData, ParentRows

if TYPE_CHECKING:
    from functools import _lru_cache_wrapper

T = TypeVar("T")


class StoreState:
    """The attributes of an `OxigraphStore`, and the methods its parts call on each other."""

    location: Path | None
    max_depth: int
    unwritable: str | None
    generation: int
    index: LineageIndex | None
    _store: Store
    _writing: bool
    _put_lock: threading.Lock
    # `WritesMixin._graphs_written`: None until the first write, False once the store held
    # graphs that this process did not write.
    _written: set[int] | bool | None
    # `DigestFileMixin`: whether the store's digest stamp was written by this process and
    # no table kept under it yet (a write then needs no new stamp).
    _stamp_fresh: bool
    _rel_lock: threading.Lock
    _view_lock: threading.RLock
    _rel_index: dict[str, list[tuple[str, str]]] | None
    _rel_best: tuple[object, dict[str, list[tuple[str, str]]]] | None
    _source_info: _lru_cache_wrapper[tuple[str, str | None]]
    _node_data: _lru_cache_wrapper[NodeData | None]
    _parent_data: _lru_cache_wrapper[tuple[str | None, ParentRows]]

    def _quads(self, s: Any = None, p: Any = None, o: Any = None, g: Any = None) -> Any:
        if g is None:  # every source graph; the default graph holds the view (`view`)
            return (
                q
                for q in self._store.quads_for_pattern(s, p, o, g)
                if type(q.graph_name) is NamedNode
            )
        return self._store.quads_for_pattern(s, p, o, g)

    # Defined by the parts (`facts`, `caches`, `dataset`, `store`):

    def _display(self, m: NamedNode) -> str | None:
        raise NotImplementedError

    def node(self, model_id: str) -> Node | None:
        raise NotImplementedError

    def _node_row(self, m_iri: str) -> NodeData | None:
        raise NotImplementedError

    def _indexed(
        self,
        table: str,
        key: str,
        compute: Callable[[str], T | None],
        encode: Callable[[T], Any] | None = None,
        decode: Callable[[Any], T] | None = None,
    ) -> T | None:
        raise NotImplementedError

    def _model_nodes(self) -> Iterator[Any]:
        raise NotImplementedError

    def _parent_rows(self, m_iri: str) -> ParentRows | None:
        raise NotImplementedError

    def _edges_to_parents(self, m_iri: str, fallback_id: str) -> list[Edge]:
        raise NotImplementedError

    def _relation_index(self) -> dict[str, list[tuple[str, str]]]:
        raise NotImplementedError

    def _mark_view(self, graphs: int, models: Callable[[], set[str]]) -> None:
        raise NotImplementedError

    def _forget_view(self) -> None:
        raise NotImplementedError

    def _digests_change(self) -> None:
        raise NotImplementedError


__all__ = ["StoreState"]

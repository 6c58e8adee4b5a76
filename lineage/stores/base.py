"""The `LineageStore` protocol and the registry of store engines."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from lineage.core.errors import UsageError
from lineage.core.graph import Descendants, Edge, Lineage, Node
from lineage.core.records import SourceRecord

if TYPE_CHECKING:
    from lineage.core.settings import Settings


@runtime_checkable
class LineageStore(Protocol):
    """What every store engine offers; the conformance suite tests each one."""

    name: str

    def write(self, records: Sequence[SourceRecord]) -> None:
        """Replace what each record's source said with what it says now (atomic per call)."""

    def remove_sources(self, sources: Sequence[str]) -> int:
        """Forget everything these sources said; returns how many existed."""

    def node(self, model_id: str) -> Node | None:
        """A model's facts, or None when the graph has never heard of it."""

    def parents(self, model_id: str) -> list[Edge]:
        """Direct parents, each edge with all its evidence."""

    def children(self, model_id: str, limit: int | None = None) -> list[Edge]:
        """Direct children, each edge with all its evidence."""

    def ancestors(self, model_id: str, max_depth: int = 50) -> Lineage:
        """Every ancestor up to the roots, every path, cycle-safe."""

    def descendants(
        self,
        model_id: str,
        max_depth: int = 50,
        relations: Sequence[str] | None = None,
        limit: int = 1000,
    ) -> Descendants:
        """Everything derived from the model, counted per relation; edges listed up to ``limit``."""

    def path(self, source: str, target: str, max_depth: int = 50) -> Lineage:
        """The derivation path between two models (empty edges when unrelated)."""

    def iter_nodes(self) -> Iterator[Node]:
        """Every model in the graph."""

    def iter_edges(self) -> Iterator[Edge]:
        """Every derivation edge with its evidence."""

    def stats(self) -> dict[str, int]:
        """Counts of models, placeholders, edges, sources."""

    def close(self) -> None:
        """Release the store."""


StoreFactory = Callable[["Settings"], LineageStore]
_FACTORIES: dict[str, StoreFactory] = {}
_loaded = False


def register_store(name: str, factory: StoreFactory) -> None:
    """Register a store engine under a name."""
    _FACTORIES[name] = factory


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from lineage.stores.oxigraph import store as oxigraph_store

    register_store("embedded", oxigraph_store.from_settings)
    try:
        from lineage.stores.neo4j import store as neo4j_store
    except ImportError:  # the Neo4j engine is optional at import time
        pass
    else:
        register_store("neo4j", neo4j_store.from_settings)
    for ep in entry_points(group="model_lineage.stores"):
        register_store(ep.name, ep.load())


def store_names() -> list[str]:
    """Names of the registered engines."""
    _load()
    return sorted(_FACTORIES)


def open_store(settings: Settings, name: str | None = None) -> LineageStore:
    """Open the named engine (default: the settings' store)."""
    _load()
    name = name or settings.store
    try:
        factory = _FACTORIES[name]
    except KeyError:
        raise UsageError(
            f"unknown store {name!r}; choose one of {', '.join(store_names())}"
        ) from None
    return factory(settings)

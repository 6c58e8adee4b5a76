"""The `LineageStore` protocol and the registry of store engines."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, cast, runtime_checkable

from lineage.core.errors import NotFound, UsageError
from lineage.core.graph import Descendants, Edge, Lineage, Node
from lineage.core.records import SourceRecord

if TYPE_CHECKING:
    from lineage.core.settings import Settings
    from lineage.rdf.mapping import PreparedSource
    from lineage.stores.digests import DigestTable


class Capability(StrEnum):
    """What an engine can do beyond the `LineageStore` protocol (rdflib's store flags, ours).

    A surface asks for a capability with `require` (or `supports`) and never asks an engine
    what it is; an engine declares its capabilities in ``capabilities``.
    """

    SPARQL = "sparql"  # `SparqlQueryable`: SPARQL 1.1 queries over the source graphs
    CYPHER = "cypher"  # `CypherStore`: read-only Cypher
    RDF_DUMP = "rdf-dump"  # `RdfDumpStore`: serialise the whole dataset as RDF
    RECORDS = "records"  # `RecordSource`: every source read back as the record that wrote it
    BULK_LOAD = "bulk-load"  # `BulkLoadStore`: loads N-Quads that workers prepared
    UNRESOLVED = "unresolved"  # `UnresolvedStore`: keeps references that name no model
    FANOUT = "fanout"  # `FanoutStore`: counts large fan-outs by query, not by walking edges
    WARM_UP = "warm-up"  # `WarmableStore`: caches to fill before serving, a lineage index
    VIEW = "consolidated-view"  # `ViewStore`: SPARQL's default graph answers each fact once
    DIGEST_INDEX = "digest-index"  # `DigestIndexStore`: its sources' digests kept in a file


_DOING = {
    Capability.SPARQL: "answer SPARQL",
    Capability.CYPHER: "answer Cypher",
    Capability.RDF_DUMP: "serialise its graph as RDF",
    Capability.RECORDS: "read its sources back as records",
    Capability.BULK_LOAD: "bulk-load prepared N-Quads",
    Capability.UNRESOLVED: "keep unresolved references",
    Capability.FANOUT: "count fan-outs by query",
    Capability.WARM_UP: "warm its caches or keep a lineage index",
    Capability.VIEW: "keep a consolidated view",
    Capability.DIGEST_INDEX: "keep its sources' digests beside it",
}


class SourceDigest(NamedTuple):
    """A stored source's name, the digest of what it was read from, and where that was."""

    source: str
    digest: str | None  # None: stored without one (an older import, the live Hub)
    location: str | None = None  # only when asked for (`LineageStore.source_digests`)


class SourceImport(NamedTuple):
    """A source an import wrote: its name, the model it is about, when, and where from."""

    source: str
    model_id: str
    imported_at: str  # `SourceRecord.imported_at`, as `import_time_text` spells it
    location: str


def import_time_text(value: str) -> str:
    """An engine's ``xsd:dateTime`` text in one spelling: UTC, milliseconds, ``Z``.

    Engines keep the lexical form or a canonical one ("…24.780Z" or "…24.78Z"); surfaces
    and the conformance suite compare one form.
    """
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@runtime_checkable
class LineageStore(Protocol):
    """What every store engine offers; the conformance suite tests each one."""

    name: str
    #: What the engine can do beyond this protocol (see `Capability`).
    capabilities: frozenset[Capability]

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

    def unresolved_of(self, model_id: str) -> list[dict[str, str]]:
        """The model's references that name no model: ``text``, ``reason``, ``kind``, ``source``.

        Sorted by source, then text; every engine keeps them with the source that said them.
        """

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

    def iter_model_ids(self) -> Iterator[str]:
        """Every model's display id, in the order of `iter_nodes`."""

    def display_ids(self) -> Iterator[str]:
        """Every model's display id (its own card's spelling first), in no set order, fast."""

    def iter_placeholders(self) -> Iterator[str]:
        """The display ids of the models no source describes, sorted."""

    def models_trained_on(self, dataset_id: str) -> list[str]:
        """Keys (case-folded ids) of the models whose sources name the dataset directly."""

    def clear(self) -> None:
        """Forget everything (tests, ``lineage sync --replace``)."""

    def iter_edges(self) -> Iterator[Edge]:
        """Every derivation edge with its evidence."""

    def stats(self) -> dict[str, int]:
        """Counts of models, placeholders, edges, sources."""

    def source_digests(self, locations: bool = False) -> Iterator[SourceDigest]:
        """The digest of every stored source that has one, in one bulk read.

        With ``locations``: every stored source, with its location (and digest, if any).
        """

    def recent_imports(self, limit: int = 10) -> list[SourceImport]:
        """The sources imports wrote last, newest first (ties by source name); sources
        written outside an import (no `SourceRecord.imported_at`) are not listed."""

    def close(self) -> None:
        """Release the store."""


class SparqlQueryable(LineageStore, Protocol):
    """`Capability.SPARQL`."""

    def sparql(
        self,
        query: str,
        union_default_graph: bool = True,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> Any:
        """Run a read-only SPARQL query; results as pyoxigraph gives them."""


class ViewStore(SparqlQueryable, Protocol):
    """`Capability.VIEW`: the default graph of ``sparql(q, union_default_graph=False)`` is a
    consolidated view of the sources, refreshed lazily (docs/architecture.md)."""

    def view_state(self) -> str:
        """``fresh``, ``stale`` (models to refresh) or ``rebuild``."""

    def ensure_view(self) -> bool:
        """Refresh the view if it is stale and the store can write; whether it is fresh now."""

    def refresh_view(self) -> Any:
        """Bring the view up to date (`StoreUnavailable` when the store takes no writes)."""


class CypherStore(LineageStore, Protocol):
    """`Capability.CYPHER`."""

    def cypher(
        self, query: str, params: dict[str, Any] | None = None, limit: int = 10_000
    ) -> tuple[list[str], list[list[Any]], bool]:
        """Run read-only Cypher: column names, rows, whether rows were cut at ``limit``."""


class RdfDumpStore(LineageStore, Protocol):
    """`Capability.RDF_DUMP`."""

    def dump(self, fmt: Any, output: Any) -> None:
        """Serialise the dataset in a pyoxigraph `RdfFormat` (quad formats keep the graphs)."""


class RecordSource(LineageStore, Protocol):
    """`Capability.RECORDS`."""

    def iter_records(self) -> Iterator[SourceRecord]:
        """Every source, read back as the record that wrote it."""


class BulkLoadStore(LineageStore, Protocol):
    """`Capability.BULK_LOAD`."""

    def write_prepared(self, items: Sequence[PreparedSource]) -> None:
        """Write sources whose N-Quads were prepared elsewhere (by import workers)."""


class UnresolvedStore(LineageStore, Protocol):
    """`Capability.UNRESOLVED`."""

    def iter_unresolved(self) -> Iterator[dict[str, str]]:
        """Every unresolved reference: ``model``, ``text``, ``reason``, ``kind``, ``source``."""


class FanoutStore(LineageStore, Protocol):
    """`Capability.FANOUT`."""

    def fanouts(self, threshold: int) -> list[tuple[str, str, list[str]]]:
        """``(parent id, relation, leaf child keys)`` of every fan-out over ``threshold`` leaves.

        A leaf is a child with no children and this one parent.
        """


class WarmableStore(LineageStore, Protocol):
    """`Capability.WARM_UP`."""

    #: Bumped before and after every write (a warm-up that saw it change was interrupted).
    generation: int

    def warm(self, limit: int | None = None, stop: Any = None) -> int:
        """Fill the read caches, biggest families first; returns how many models were read."""

    def index_models(self, everything: bool = False) -> list[str]:
        """The models `build_index` fills: those with parents or children (or every model)."""

    def build_index(
        self,
        models: Sequence[str] | None = None,
        progress: Callable[[int], None] | None = None,
        workers: int = 1,
    ) -> int:
        """Fill the on-disk lineage index for ``models``; returns how many (`UsageError`: off)."""

    def index_info(self) -> dict[str, Any]:
        """The lineage index's ``rows`` and ``file`` (`UsageError` when it is turned off)."""


class DigestIndexStore(LineageStore, Protocol):
    """`Capability.DIGEST_INDEX`: the sources' digests kept beside the store, stamped.

    Every write makes the kept table stale at once (the store's stamp changes before the
    write starts); an import that has read the whole table, and kept it up to date with
    what it wrote and removed, saves it again at its end.
    """

    def load_digests(self) -> DigestTable | None:
        """The kept table, when its stamp is the store's (else None: read the sources)."""

    def save_digests(self, table: DigestTable) -> bool:
        """Keep ``table`` as what the store holds now (False: not kept, the store refuses
        writes); the caller vouches that it is whole and current."""

    def sources_of(self, keys: set[int]) -> list[str]:
        """The names of the stored sources whose key (`digests.source_key`) is in ``keys``,
        from the names of the store's graphs alone (cheaper than any read of their quads)."""


def supports(store: LineageStore, capability: Capability) -> bool:
    """Whether the store declares ``capability``."""
    return capability in store.capabilities


def require(store: LineageStore, capability: Capability) -> None:
    """Raise a clear `UsageError` unless the store declares ``capability``."""
    if capability not in store.capabilities:
        able = [n for n in store_names() if _declares(n, capability)]
        hint = f" (use --store {' or '.join(able)})" if able else ""
        raise UsageError(f"the {store.name} store cannot {_DOING[capability]}{hint}")


def require_node(store: LineageStore, model_id: str) -> Node:
    """The model's node, or `NotFound` with a hint (every surface says it this one way)."""
    node = store.node(model_id)
    if node is None:
        raise NotFound(f"{model_id} is not in the graph (import its card, or a card that names it)")
    return node


def _accessor(capability: Capability) -> Callable[[LineageStore], Any]:
    """The store, once it declares ``capability`` (`UsageError` when it does not).

    One body for every accessor below; each is annotated with its capability's protocol,
    so a caller gets the store typed precisely.
    """

    def accessor(store: LineageStore) -> Any:
        require(store, capability)
        return store

    accessor.__doc__ = f"The store, to {_DOING[capability]} (`UsageError` when it cannot)."
    return accessor


sparql_store: Callable[[LineageStore], SparqlQueryable] = _accessor(Capability.SPARQL)
cypher_store: Callable[[LineageStore], CypherStore] = _accessor(Capability.CYPHER)
rdf_dump_store: Callable[[LineageStore], RdfDumpStore] = _accessor(Capability.RDF_DUMP)
record_source: Callable[[LineageStore], RecordSource] = _accessor(Capability.RECORDS)
bulk_load_store: Callable[[LineageStore], BulkLoadStore] = _accessor(Capability.BULK_LOAD)
unresolved_store: Callable[[LineageStore], UnresolvedStore] = _accessor(Capability.UNRESOLVED)
fanout_store: Callable[[LineageStore], FanoutStore] = _accessor(Capability.FANOUT)
warmable_store: Callable[[LineageStore], WarmableStore] = _accessor(Capability.WARM_UP)
view_store: Callable[[LineageStore], ViewStore] = _accessor(Capability.VIEW)
digest_index_store: Callable[[LineageStore], DigestIndexStore] = _accessor(Capability.DIGEST_INDEX)


def stored_digests(store: LineageStore, locations: bool = False) -> Iterator[SourceDigest]:
    """`LineageStore.source_digests`, or nothing from an engine written before it existed.

    Nothing is the safe answer: an import then reads and writes every source.
    """
    method = getattr(store, "source_digests", None)
    return iter(()) if method is None else cast(Iterator[SourceDigest], method(locations))


def recent_imports(store: LineageStore, limit: int = 10) -> list[SourceImport]:
    """`LineageStore.recent_imports`, or none from an engine written before it existed."""
    method = getattr(store, "recent_imports", None)
    return [] if method is None else cast(list[SourceImport], method(limit))


def _declares(name: str, capability: Capability) -> bool:
    return capability in _CAPABILITIES.get(name, frozenset())


StoreFactory = Callable[["Settings"], LineageStore]
_FACTORIES: dict[str, StoreFactory] = {}
_CAPABILITIES: dict[str, frozenset[Capability]] = {}
_loaded = False


def register_store(
    name: str, factory: StoreFactory, capabilities: frozenset[Capability] = frozenset()
) -> None:
    """Register a store engine under a name, with the capabilities its stores declare."""
    _FACTORIES[name] = factory
    _CAPABILITIES[name] = capabilities


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from lineage.stores.oxigraph import store as oxigraph_store

    register_store(
        "embedded", oxigraph_store.from_settings, oxigraph_store.OxigraphStore.capabilities
    )
    try:
        from lineage.stores.neo4j import store as neo4j_store
    except ImportError:  # the Neo4j engine is optional at import time
        pass
    else:
        register_store("neo4j", neo4j_store.from_settings, neo4j_store.Neo4jStore.capabilities)
    from lineage.stores.sparql import store as sparql_store

    register_store("sparql", sparql_store.from_settings, sparql_store.SparqlStore.capabilities)
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

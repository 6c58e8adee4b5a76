"""The Python front door: one `LineageGraph` with every operation the surfaces use.

``lineage.open(db=...)`` opens the configured store (`Settings`, ``LINEAGE_*``) and returns a
`LineageGraph`. Each method delegates to the function the CLI calls, so a notebook gets the
same answers as ``lineage trace`` or ``lineage export``; imports write to every configured
store (the embedded one, and Neo4j when ``LINEAGE_NEO4J_URI`` is set), as ``lineage import``.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Self, TypedDict, Unpack

from pydantic import ValidationError

from lineage.core.errors import UsageError
from lineage.core.graph import Descendants, Lineage
from lineage.core.settings import Settings
from lineage.ingest.targets import write_store_names
from lineage.library.notebook import DescendantsView, LineageView
from lineage.query.check import Report
from lineage.query.check import check as _check
from lineage.query.reports import model_comparison, model_summary
from lineage.query.selection import DEFAULT_GROUP_THRESHOLD, SelectionSpec
from lineage.stores.base import (
    Capability,
    LineageStore,
    cypher_store,
    open_store,
    rdf_dump_store,
    require,
    require_node,
    sparql_store,
    supports,
    view_store,
)

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

    from lineage.ingest.summary import ImportSummary
    from lineage.query.explain import Explanation
    from lineage.query.licenses import LicenseChain

PathLike = str | Path

__all__ = [
    "DescendantsView",
    "ExportStream",
    "LineageGraph",
    "LineageView",
    "Selection",
    "StaleViewWarning",
    "open",
]


class StaleViewWarning(UserWarning):
    """A SPARQL query was answered from the union of the graphs: the consolidated view was
    stale and this process cannot refresh it (another one holds the store for writing)."""


class Selection(TypedDict, total=False):
    """What an export shows: the whole graph, or the lineage around ``root``.

    ``direction`` (up, down, both) and ``depth`` (default ``LINEAGE_MAX_DEPTH``) give the
    levels walked; with a ``root``, ``up`` and ``down`` override them one way each.
    ``relations`` follows only these; large fan-outs fold into group nodes of more than
    ``threshold`` leaves, unless ``expand_all`` or the group's id is in ``expand``;
    ``datasets`` adds dataset nodes to the graph formats.
    """

    root: str | None
    direction: str
    depth: int | None
    up: int | None
    down: int | None
    relations: Sequence[str]
    expand_all: bool
    threshold: int
    datasets: bool
    expand: Collection[str]


@dataclass(frozen=True, slots=True)
class ExportStream:
    """An export on its way out: what it is, a file name for it, and its bytes in chunks."""

    media_type: str
    filename: str
    chunks: Iterator[bytes]
    streamed: bool = True  # False: one rendered chunk (a selection), its length known


def open(  # the front door is lineage.open, like io.open
    db: PathLike | None = None, *, store: str | None = None, **settings: Any
) -> LineageGraph:
    """Open the lineage graph: ``db`` (embedded store folder), ``store`` (engine that answers),
    any other `Settings` field as a keyword; unset values come from ``LINEAGE_*``."""
    unknown = sorted(set(settings) - set(Settings.model_fields))
    if unknown:
        raise UsageError(
            f"unknown setting(s) {', '.join(unknown)}; choose from {', '.join(Settings.model_fields)}"
        )
    values = {k: v for k, v in settings.items() if v is not None}
    if db is not None:
        values["db"] = Path(db)
    if store is not None:
        values["store"] = store
    try:
        chosen = Settings(**values)
    except ValidationError as exc:
        wrong = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise UsageError(f"bad setting: {wrong}") from None
    return LineageGraph(chosen)


class LineageGraph:
    """The lineage graph, as a notebook or a script sees it. Use it as a context manager."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._stores: dict[str, LineageStore] = {}
        self._closed = False
        self._owned = True
        # Opened now, so a wrong folder or a locked store fails at open, not at first use.
        self._open(self.settings.store)

    @classmethod
    def over(cls, store: LineageStore, settings: Settings) -> Self:
        """A graph that answers from a store opened elsewhere (a server's), for one request.

        It opens no other store and closing it leaves ``store`` open: its owner closes it.
        """
        graph = cls.__new__(cls)
        graph.settings = settings
        graph._stores = {settings.store: store}
        graph._closed = False
        graph._owned = False
        return graph

    # -- stores ---------------------------------------------------------------------------

    def _open(self, name: str) -> LineageStore:
        if self._closed:
            raise UsageError("this lineage graph is closed (open it again with lineage.open)")
        store = self._stores.get(name)
        if store is None and not self._owned:
            raise UsageError(
                f"this lineage graph answers from its {self.settings.store} store only"
            )
        if store is None:
            # One instance per engine: the embedded store locks its folder, so the store
            # that answers and the store that records must be the same object.
            store = self._stores[name] = open_store(self.settings, name)
        return store

    @property
    def store(self) -> LineageStore:
        """The store that answers (``LINEAGE_STORE``; the embedded one by default)."""
        return self._open(self.settings.store)

    def write_stores(self) -> list[LineageStore]:
        """Every store an import writes to (`lineage.ingest.targets`), opened once each."""
        return [self._open(name) for name in self._configured()]

    def _configured(self) -> list[str]:
        return write_store_names(self.settings)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Release every store this graph opened (idempotent)."""
        with ExitStack() as stack:
            for store in self._stores.values() if self._owned else ():
                stack.callback(store.close)
            self._stores = {}
            self._closed = True

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"store={self.settings.store}"
        return f"<LineageGraph {state} db={str(self.settings.db)!r}>"

    # -- writing --------------------------------------------------------------------------

    def import_paths(
        self,
        paths: PathLike | Sequence[PathLike],
        *,
        model_id: str | None = None,
        workers: int | None = None,
        ancestors: bool = False,
        descendants: int = 0,
        on_progress: Callable[[int], None] | None = None,
        skip_unchanged: bool = True,
        rehash: bool = False,
    ) -> ImportSummary:
        """Import folders, card files, Hub dumps or ``hub:ORG/NAME`` (as ``lineage import``).

        Broken sources do not stop the import: they are listed in the summary's ``failures``.
        With ``skip_unchanged``, files and dump rows stored as they are now are not read again;
        a file is known unchanged by its size and modification time, or with ``rehash`` by
        reading and hashing it.
        """
        args = [str(paths)] if isinstance(paths, str | Path) else [str(p) for p in paths]
        if not args:
            raise UsageError("nothing to import: give at least one path or hub:ORG/NAME")
        missing = [a for a in args if not a.startswith("hub:") and not Path(a).exists()]
        if missing:
            raise UsageError(f"{', '.join(missing)}: no such file or folder")
        # The readers (and their few hundred patterns, compiled at import) load with the first
        # import, not with every query: `lineage trace` starts without them.
        from lineage.ingest.sources import import_paths

        return import_paths(
            args,
            self.write_stores(),
            explicit_id=model_id,
            workers=self.settings.workers if workers is None else workers,
            batch_size=self.settings.batch_size,
            max_bytes=self.settings.max_card_bytes,
            ancestors=ancestors,
            descendants=descendants,
            on_progress=on_progress,
            skip_unchanged=skip_unchanged,
            rehash=rehash,
        )

    # -- reading --------------------------------------------------------------------------

    def _depth(self, depth: int | None) -> int:
        if depth is not None and depth < 0:
            raise UsageError(f"depth must be 0 or more, not {depth}")
        return self.settings.max_depth if depth is None else depth

    def trace(self, model: str, depth: int | None = None) -> LineageView:
        """Every ancestor of ``model`` up to the roots, with the evidence of every link."""
        store = self.store
        require_node(store, model)
        return LineageView.of(store.ancestors(model, self._depth(depth)))

    def tree(
        self,
        model: str,
        depth: int | None = None,
        relations: Sequence[str] | None = None,
        limit: int = 200,
    ) -> DescendantsView:
        """Everything derived from ``model``, counted per relation; edges listed up to ``limit``."""
        if limit < 1:
            raise UsageError(f"limit must be 1 or more, not {limit}")
        store = self.store
        require_node(store, model)
        rels = [relations] if isinstance(relations, str) else relations
        return DescendantsView.of(store.descendants(model, self._depth(depth), rels, limit))

    def path(self, source: str, target: str) -> LineageView:
        """How two models are related (no edges when they share no known ancestry)."""
        store = self.store
        for model in (source, target):
            require_node(store, model)
        return LineageView.of(store.path(source, target))

    def show(self, model: str) -> dict[str, Any]:
        """A model's facts, its direct parents (with evidence) and its children per relation."""
        return model_summary(self.store, model)

    def check(self, limit: int = 50, licences: bool = True) -> Report:
        """The data-quality report: conflicts, cycles, self references, placeholders…

        ``licences``: judge every chain's licences too (reads each chain).
        """
        return _check(self.store, limit=limit, licences=licences)

    def stats(self) -> dict[str, int]:
        """Counts of models, placeholders, edges and sources."""
        return self.store.stats()

    def explain(self, model: str, parent: str) -> Explanation:
        """Every claim that ``model`` derives from ``parent``, and what speaks against it."""
        from lineage.query.explain import explain

        return explain(self.store, model, parent)

    def licenses(self, model: str, depth: int | None = None) -> LicenseChain:
        """The licences on ``model``'s chain, the duties that reach it, findings, completeness."""
        from lineage.query.licenses import license_chain

        return license_chain(self.store, model, self._depth(depth))

    def compare(
        self, model: str, ancestors: bool = False, depth: int | None = None
    ) -> dict[str, Any]:
        """``model``'s evaluation results beside each parent's (``ancestors``: each ancestor's)."""
        return model_comparison(self.store, model, ancestors, self._depth(depth))

    def aibom(self, model: str, fmt: str = "cyclonedx", depth: int | None = None) -> dict[str, Any]:
        """The AI bill of materials of ``model`` and its pedigree (cyclonedx or spdx), validated."""
        from lineage.exporters.aibom.model import model_aibom

        return model_aibom(self.licenses(model, depth), fmt)

    def able(self, capability: Capability) -> LineageStore:
        """The store that answers if it can, else another configured store that can.

        As the CLI: SPARQL runs on the embedded store, Cypher on the configured Neo4j.
        """
        if supports(self.store, capability):
            return self.store
        for name in self._configured():  # opened one by one: Neo4j only when needed
            if supports(store := self._open(name), capability):
                return store
        if capability is Capability.CYPHER:
            raise UsageError(
                f"the {self.store.name} store cannot answer Cypher and no Neo4j is configured: "
                "lineage.open(neo4j_uri='bolt://…') or set LINEAGE_NEO4J_URI"
            )
        require(self.store, capability)  # raises, naming the engines that can
        raise AssertionError("unreachable")  # pragma: no cover

    def sparql(self, query: str, union: bool = False) -> Any:
        """A read-only SPARQL query (pyoxigraph's results).

        The default graph is the consolidated view where the store keeps one (each model's
        facts and each derivation once, fused), refreshed first if a write left it stale;
        ``GRAPH ?g`` reaches each source's own claims. ``union=True`` makes the default graph
        the union of every graph instead, as it is when the view is stale and this process
        cannot refresh it (a `StaleViewWarning` says so).
        """
        store = sparql_store(self.able(Capability.SPARQL))
        if not union and supports(store, Capability.VIEW) and not view_store(store).ensure_view():
            warnings.warn(
                StaleViewWarning(
                    "the consolidated view is stale and the store is held by another process: "
                    "answered from the union of every graph (each source's statements, and the "
                    "view's); run `lineage view refresh` when it is free"
                ),
                stacklevel=2,
            )
            union = True
        return store.sparql(query, union_default_graph=union)

    def view_state(self) -> str:
        """The consolidated view's state: ``fresh``, ``stale`` or ``rebuild``."""
        return str(view_store(self.able(Capability.VIEW)).view_state())

    def refresh_view(self) -> Any:
        """Bring the consolidated view up to date now (what it did: models, rebuilt)."""
        return view_store(self.able(Capability.VIEW)).refresh_view()

    def cypher(
        self, query: str, params: dict[str, Any] | None = None, limit: int | None = None
    ) -> tuple[list[str], list[list[Any]], bool]:
        """Read-only Cypher: column names, rows, whether the rows were cut at ``limit``."""
        cap = self.settings.query_limit if limit is None else limit
        return cypher_store(self.able(Capability.CYPHER)).cypher(query, params, cap)

    # -- exports and interop --------------------------------------------------------------

    def _selection(self, options: Selection) -> SelectionSpec:
        """The validated spec of ``options``; its root must be in the graph."""
        unknown = sorted(set(options) - set(Selection.__annotations__))
        if unknown:
            raise UsageError(f"unknown export option(s) {', '.join(unknown)}")
        root = options.get("root")
        relations = options.get("relations", ())
        spec = SelectionSpec.build(
            root,
            options.get("direction", "both"),
            self._depth(options.get("depth")),
            [relations] if isinstance(relations, str) else relations,
            expand_all=options.get("expand_all", False),
            threshold=options.get("threshold", DEFAULT_GROUP_THRESHOLD),
            datasets=options.get("datasets", True),
            expand=frozenset(e.casefold() for e in options.get("expand", ())),
        )
        up, down = options.get("up"), options.get("down")
        if root is not None and (up is not None or down is not None):
            for name, value in (("up", up), ("down", down)):
                if value is not None and value < 0:
                    raise UsageError(f"{name} must be 0 or more, not {value}")
            spec = replace(
                spec, up=spec.up if up is None else up, down=spec.down if down is None else down
            )
        if root is not None:
            require_node(self.store, root)
        return spec

    def export(
        self,
        fmt: str = "jsonl",
        out: PathLike | IO[bytes] | None = None,
        **selection: Unpack[Selection],
    ) -> bytes | None:
        """Export the graph, or the lineage around ``root``, as ``lineage export`` does.

        Returns the bytes when ``out`` is None; else writes to ``out`` (a path or a binary file).
        The selection options are those of `Selection`.
        """
        from lineage.exporters.export import export as run_export

        spec = self._selection(selection)
        store = self.store
        if out is None:
            buffer = io.BytesIO()
            run_export(store, fmt, buffer, spec)
            return buffer.getvalue()
        if isinstance(out, str | Path):
            with Path(out).open("wb") as fh:
                run_export(store, fmt, fh, spec)
        else:
            run_export(store, fmt, out, spec)
        return None

    def export_stream(self, fmt: str = "jsonl", **selection: Unpack[Selection]) -> ExportStream:
        """The export as chunks to send on: the whole graph streams as it is written.

        Every error a caller can fix (format, options, unknown root, a store that cannot dump
        RDF) is raised here, before the first chunk. A selection is bounded, so it is rendered
        at once and comes as one chunk.
        """
        from lineage.exporters import get_exporter
        from lineage.exporters.export import RDF_FORMATS, download_name, view_for
        from lineage.exporters.stream import stream_export

        exporter = get_exporter(fmt)
        spec = self._selection(selection)
        store = self.store
        name = download_name(fmt, spec.root)
        if spec.root is not None:
            body = io.BytesIO()
            exporter.write(view_for(store, exporter, spec), body)
            return ExportStream(exporter.media_type, name, iter((body.getvalue(),)), False)
        if fmt in RDF_FORMATS and not supports(store, Capability.RDF_DUMP):
            raise UsageError(f"the {store.name} store cannot dump RDF; export a selection")
        return ExportStream(exporter.media_type, name, stream_export(store, fmt, spec))

    def nquads(self) -> bytes:
        """The whole graph as N-Quads, every triple in the named graph of its source.

        Dumped by the configured store that can (the embedded one, which every import writes).
        """
        from pyoxigraph import RdfFormat

        buffer = io.BytesIO()
        rdf_dump_store(self.able(Capability.RDF_DUMP)).dump(RdfFormat.N_QUADS, buffer)
        return buffer.getvalue()

    def to_networkx(self, result: Lineage | Descendants | None = None) -> nx.DiGraph:
        """A `networkx.DiGraph` (child → parent) of a trace, path or tree, or the whole graph.

        Every edge carries its evidence; a tree's listed edges are read back with theirs.
        """
        from lineage.library.interop import to_networkx

        store = self.store
        if result is None:
            return to_networkx(store.iter_nodes(), store.iter_edges())
        if isinstance(result, Lineage):
            return to_networkx(result.nodes.values(), result.edges)
        if isinstance(result, Descendants):
            listed = {(c.casefold(), p.casefold()) for c, p, _ in result.edges}
            children = dict.fromkeys(c for c, _, _ in result.edges)
            edges = [
                e
                for child in children
                for e in store.parents(child)
                if (e.child.casefold(), e.parent.casefold()) in listed
            ]
            return to_networkx(result.nodes.values(), edges)
        raise UsageError(
            f"to_networkx takes a trace, path or tree result (or nothing), not {type(result)}"
        )

    def to_rdflib(
        self, model: str | None = None, *, direction: str = "both", depth: int | None = None
    ) -> rdflib.Dataset:
        """An `rdflib.Dataset` of the whole graph, or of the lineage around ``model``.

        A snapshot (the graph's N-Quads parsed by rdflib), one named graph per source;
        needs the extra ``model-lineage[rdflib]``.
        """
        from lineage.library.interop import to_rdflib

        if model is None:
            return to_rdflib(self.nquads())
        data = self.export("nquads", root=model, direction=direction, depth=depth)
        assert data is not None  # no `out`: the bytes come back
        return to_rdflib(data)

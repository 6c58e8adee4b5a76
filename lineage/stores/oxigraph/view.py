"""The consolidated view: each model's facts and each derivation once, in the default graph.

The source graphs are a bag: a parent named by a card and by a Hub dump row is stated in
both, so their union answers it twice. The view states each fact once and each (child,
parent) pair once, as one derivation with the fused relation, confidence and conflict flag
that `lineage.core.graph.Edge` computes for ``lineage trace``. It lives in the store's real
default graph, which SPARQL reads unless told otherwise; ``GRAPH ?g`` still ranges over the
sources alone.

Oxigraph keeps it, with SPARQL updates: a write only marks the models it names (stored
before and written now) as pending, in the default graph itself (`vocab.PENDING_MODEL`); the
view is refreshed later, before the next SPARQL query that reads it, by deleting what it
held of the pending models and inserting their facts again from the sources, a batch of
models per update. When more than `REBUILD_SHARE` of the view's models are pending (or the
view is new, as after a first import), one update rebuilds the whole view instead. Why it is
refreshed lazily and what that costs: docs/benchmarks.md (the consolidated view).
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store

from lineage.core import vocab as v
from lineage.core.errors import StoreError, StoreUnavailable
from lineage.core.records import combine_confidence
from lineage.rdf.view import FACT_PROPERTIES, ViewRefresh, ViewState, confidence_text
from lineage.stores.oxigraph.state import StoreState

#: Models refreshed per update (one transaction); per model the cost is flat from 1,000 up.
BATCH_MODELS = 1000
#: Above this share of the view's models pending, a rebuild costs less than a refresh of
#: each (a refreshed model costs 2.3 to 2.6 times a rebuilt one: docs/benchmarks.md).
REBUILD_SHARE = 0.35

DEFAULT = DefaultGraph()
_VIEW = NamedNode(v.VIEW_GRAPH)
_STATE = NamedNode(v.VIEW_STATE)
_PENDING = NamedNode(v.PENDING_MODEL)
_HUB_ID = NamedNode(v.HUB_ID)
# The noisy-or of the claims' confidences, as `Edge.confidence` gives it: SPARQL has no
# product aggregate, so this one is ours (`NoisyOr`), called only inside the view's updates.
_NOISY_OR = NamedNode(v.BASE + "function/noisy-or")


class NoisyOr:
    """SPARQL aggregate: the noisy-or of the confidences (`records.combine_confidence`)."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def accumulate(self, term: Any) -> None:
        self.values.append(float(term.value))

    def finish(self) -> Literal:
        confidence = confidence_text(combine_confidence(self.values))
        return Literal(confidence, datatype=NamedNode(v.XSD + "decimal"))


_AGGREGATES: dict[NamedNode, Callable[[], NoisyOr]] = {_NOISY_OR: NoisyOr}


def read_state(store: Store) -> ViewState:
    """The view's state as the store records it.

    A store without the record holds no view: an empty one needs none, one written before
    the view existed is to be rebuilt.
    """
    q = next(store.quads_for_pattern(_VIEW, _STATE, None, DEFAULT), None)
    if q is not None:
        try:
            return ViewState(q.object.value if isinstance(q.object, Literal) else "")
        except ValueError:
            return ViewState.REBUILD
    return ViewState.REBUILD if next(store.named_graphs(), None) is not None else ViewState.FRESH


def named_only(quads: Iterator[Quad]) -> Iterator[Quad]:
    """The quads of the source graphs (a pattern over every graph also meets the view's)."""
    return (q for q in quads if type(q.graph_name) is NamedNode)


# -- the SPARQL that keeps the view ----------------------------------------------------------


def _iris(values: Sequence[str]) -> str:
    return " ".join(f"<{x}>" for x in values)


def _derivations(only: str) -> tuple[str, str]:
    """One derivation per pair, as a (template, pattern) of an INSERT or CONSTRUCT.

    The relation of the strongest claim (declared beats inferred, then confidence, then the
    relation's name, as `Edge.relation`) is found as the largest "score relation" text
    (scores 10-11 inferred, 12-13 declared: two digits before the point, so text order is
    number order).
    """
    relations = " ".join(f'("{r.value}" <{p}>)' for r, p in v.RELATION_PROPERTY.items())
    template = f"""?m ?rp ?p . ?m <{v.QUALIFIED_DERIVATION}> ?d . ?d <{v.ENTITY}> ?p ;
        <{v.RELATION}> ?rel ; <{v.CONFIDENCE}> ?conf ; <{v.RELATION_INFERRED}> ?inferred ;
        <{v.CONFLICT}> ?conflict ; <{v.CLAIM_COUNT}> ?claims"""
    pattern = f"""
        {{ SELECT ?m ?p (MAX(?key) AS ?best) (<{_NOISY_OR.value}>(?c) AS ?conf)
             (SUM(IF(?i, 0, 1)) AS ?declared) (COUNT(DISTINCT ?said) AS ?relations)
             (COUNT(*) AS ?claims)
           WHERE {{ {only}
             GRAPH ?g {{ ?m <{v.QUALIFIED_DERIVATION}> ?x . ?x <{v.ENTITY}> ?p ;
               <{v.RELATION}> ?r ; <{v.CONFIDENCE}> ?c ; <{v.RELATION_INFERRED}> ?i }}
             BIND(IF(?i, ?unbound, ?r) AS ?said)
             BIND(CONCAT(STR(?c + IF(?i, 10, 12)), " ", ?r) AS ?key)
           }} GROUP BY ?m ?p }}
        BIND(STRAFTER(?best, " ") AS ?rel)
        VALUES (?rel ?rp) {{ {relations} }}
        BIND(?declared = 0 AS ?inferred)
        BIND(?relations > 1 AS ?conflict)
        BIND(IRI(CONCAT("{v.DERIVATION_NS}", MD5(CONCAT(STR(?m), " ", STR(?p))))) AS ?d)"""
    return template, pattern


_FACTS_IN = ", ".join(f"<{p}>" for p in FACT_PROPERTIES)


def _refresh_steps(models: str) -> list[tuple[str, str]]:
    """The (template, pattern) pairs inserting the view of ``models`` (a VALUES list)."""
    only = f"VALUES ?m {{ {models} }}"
    return [
        # Their statements, filtered (VALUES ?m × VALUES ?p would scan everything).
        ("?m ?p ?o", f"SELECT DISTINCT ?m ?p ?o WHERE {{ {only} GRAPH ?g {{ ?m ?p ?o }} "
                     f"FILTER(?p IN ({_FACTS_IN})) }}"),
        # The display id: the smallest spelling of the model's own sources, else of any.
        (f"?m <{v.HUB_ID}> ?id", f"""SELECT ?m (MIN(?h) AS ?id) WHERE {{ {only}
            GRAPH ?g {{ ?m <{v.DESCRIBED_BY}> ?g . ?m <{v.HUB_ID}> ?h }} }} GROUP BY ?m"""),
        (f"?m <{v.HUB_ID}> ?id", f"""SELECT ?m (MIN(?h) AS ?id) WHERE {{ {only}
            GRAPH ?g {{ ?m <{v.HUB_ID}> ?h }}
            FILTER NOT EXISTS {{ GRAPH ?own {{ ?m <{v.DESCRIBED_BY}> ?own }} }} }} GROUP BY ?m"""),
        _derivations(only),
    ]  # fmt: skip


def rebuild_steps() -> list[tuple[str, str]]:
    """The (template, pattern) pairs that build the whole view, run in order.

    Each reads the sources, except the placeholders' ids, which go to the models the
    view has no id for once the own spellings are in: cheaper than asking every mention
    whether its model has an own source, as is skipping the ``MIN`` (`REBUILD_FIXUP` keeps
    the smallest spelling where a model has several).
    """
    return [
        ("?m ?p ?o", f"VALUES ?p {{ {_iris(FACT_PROPERTIES)} }} GRAPH ?g {{ ?m ?p ?o }}"),
        (f"?m <{v.HUB_ID}> ?h",
         f"GRAPH ?g {{ ?m <{v.DESCRIBED_BY}> ?g . ?m <{v.HUB_ID}> ?h }}"),
        (f"?m <{v.HUB_ID}> ?h", f"""{{ SELECT DISTINCT ?m ?h WHERE {{ GRAPH ?g {{ ?m <{v.HUB_ID}> ?h }}
            FILTER NOT EXISTS {{ ?m <{v.HUB_ID}> ?known }} }} }}"""),
        _derivations(""),
        (f"?d <{v.IDENTIFIER}> ?x",
         f"GRAPH ?g {{ ?m <{v.TRAINED_ON}> ?d . ?d <{v.IDENTIFIER}> ?x }}"),
    ]  # fmt: skip


#: After a rebuild's loads: one display id a model, the smallest.
REBUILD_FIXUP = (
    f"DELETE {{ ?m <{v.HUB_ID}> ?h }} WHERE {{ ?m <{v.HUB_ID}> ?h , ?smaller "
    f"FILTER(STR(?smaller) < STR(?h)) }}"
)


def refresh_updates(models: Sequence[str], datasets: Sequence[str]) -> list[str]:
    """The updates refreshing the view of ``models``, run in order; the last clears their marks.

    ``datasets`` are those the view links the models to before the refresh: of their
    identifiers, those no source states any more go (each one checked, not every mention of a
    popular dataset read again: 585,000 statements for a thousand models of the 100k store);
    the models' own sources add theirs. One update each, not one for all: a write
    transaction's reads of its own changes cost twice as much (a thousand models of the 100k
    store: 1.0 CPU-s in one, 0.45 in steps). A refresh that stops halfway leaves the marks,
    and the next one does the models again.
    """
    m = _iris(models)
    marks = " . ".join(f"<{v.VIEW_GRAPH}> <{v.PENDING_MODEL}> <{x}>" for x in models)
    parts = []
    if datasets:
        parts.append(
            f"DELETE {{ ?d <{v.IDENTIFIER}> ?x }} WHERE {{ VALUES ?d {{ {_iris(datasets)} }} "
            f"?d <{v.IDENTIFIER}> ?x FILTER NOT EXISTS {{ GRAPH ?g {{ ?d <{v.IDENTIFIER}> ?x }} }} }}"
        )
    parts += [
        f"DELETE {{ ?x ?p ?o }} WHERE {{ VALUES ?m {{ {m} }} "
        f"?m <{v.QUALIFIED_DERIVATION}> ?x . ?x ?p ?o }}",
        f"DELETE {{ ?m ?p ?o }} WHERE {{ VALUES ?m {{ {m} }} ?m ?p ?o }}",
        *(f"INSERT {{ {tmpl} }} WHERE {{ {where} }}" for tmpl, where in _refresh_steps(m)),
        f"""INSERT {{ ?d <{v.IDENTIFIER}> ?x }} WHERE {{ SELECT DISTINCT ?d ?x WHERE {{
            VALUES ?m {{ {m} }} GRAPH ?g {{ ?m <{v.TRAINED_ON}> ?d . ?d <{v.IDENTIFIER}> ?x }} }} }} ;
        DELETE DATA {{ {marks} }}""",
    ]
    return parts


def _set_state(state: ViewState) -> str:
    return (
        f"DELETE WHERE {{ <{v.VIEW_GRAPH}> <{v.VIEW_STATE}> ?s }} ;\n"
        f'INSERT DATA {{ <{v.VIEW_GRAPH}> <{v.VIEW_STATE}> "{state}" }}'
    )


# -- the store's part ------------------------------------------------------------------------


class ViewMixin(StoreState):
    """Marking, refreshing and rebuilding the consolidated view (part of `OxigraphStore`)."""

    #: Held by a refresh, and by a write from its marks to its end (`WritesMixin._changing`):
    #: a refresh never reads a write halfway. Reentrant: the write's marking takes it too.
    _view_lock: threading.RLock
    # Models in the view and pending marks, counted once per process and kept up to date
    # by its own writes (None: not counted yet).
    _view_models: int | None
    _view_pending: int | None

    def _init_view(self) -> None:
        self._view_lock = threading.RLock()
        self._view_models = None
        self._view_pending = None

    def view_state(self) -> ViewState:
        """Whether the view is fresh, has models to refresh, or is to be rebuilt."""
        try:
            return read_state(self._store)
        except OSError as exc:
            raise StoreError(f"reading the view's state failed: {exc}") from exc

    def _count(self, query: str) -> int:
        row = next(iter(self._store.query(query)))  # type: ignore[arg-type]
        return int(row[0].value)

    def _view_size(self) -> int:
        if self._view_models is None:
            self._view_models = self._count(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ ?m <{v.HUB_ID}> ?id }}"
            )
        return self._view_models

    def _pending_count(self) -> int:
        if self._view_pending is None:
            self._view_pending = self._count(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ <{v.VIEW_GRAPH}> <{v.PENDING_MODEL}> ?m }}"
            )
        return self._view_pending

    def _mark_view(self, graphs: int, models: Callable[[], set[str]]) -> None:
        """Before a write: record what the view must refresh (``graphs``: stored graphs replaced).

        Called before the write, so a write that stops halfway leaves its models marked.
        """
        with self._view_lock:
            state = self.view_state()
            if state is ViewState.REBUILD:
                return
            size = self._view_size()
            if size == 0 or graphs > REBUILD_SHARE * size:  # a first import, or most of it again
                self._update(_set_state(ViewState.REBUILD))
                return
            named = models()
            if not named:
                return
            if self._pending_count() + len(named) > REBUILD_SHARE * size:
                self._update(
                    f"DELETE WHERE {{ <{v.VIEW_GRAPH}> <{v.PENDING_MODEL}> ?m }} ;\n"
                    + _set_state(ViewState.REBUILD)
                )
                self._view_pending = 0
                return
            marks = " . ".join(f"<{v.VIEW_GRAPH}> <{v.PENDING_MODEL}> <{m}>" for m in named)
            self._update(f"INSERT DATA {{ {marks} }} ;\n" + _set_state(ViewState.STALE))
            self._view_pending = self._pending_count() + len(named)

    def _update(self, text: str) -> None:
        try:
            self._store.update(text, custom_aggregate_functions=_AGGREGATES)  # type: ignore[arg-type]
        except (OSError, SyntaxError, ValueError, RuntimeError) as exc:
            raise StoreError(f"updating the consolidated view failed: {exc}") from exc

    def _forget_view(self) -> None:
        """The store was emptied: nothing is counted any more."""
        self._view_models = self._view_pending = None

    def refresh_view(self) -> ViewRefresh:
        """Bring the view up to date with the sources (a no-op when it is fresh)."""
        if self.unwritable is not None:
            raise StoreUnavailable(
                f"the consolidated view of {self.location} cannot be refreshed: {self.unwritable}"
            )
        with self._view_lock:
            state = self.view_state()
            if state is ViewState.FRESH:
                return ViewRefresh(0, rebuilt=False)
            if state is ViewState.STALE:
                pending = sorted(
                    q.object.value for q in self._quads(_VIEW, _PENDING, None, DEFAULT)
                )
                if len(pending) <= REBUILD_SHARE * self._view_size():
                    for start in range(0, len(pending), BATCH_MODELS):
                        self._refresh_models(pending[start : start + BATCH_MODELS])
                    self._update(_set_state(ViewState.FRESH))
                    self._view_pending = 0
                    self._view_models = None
                    return ViewRefresh(len(pending), rebuilt=False)
            self._rebuild()
            self._view_pending = 0
            self._view_models = None
            return ViewRefresh(self._view_size(), rebuilt=True)

    def _rebuild(self) -> None:
        """Build the whole view again: each step's CONSTRUCT bulk-loaded into the default graph.

        The bulk loader is not transactional; the state says ``rebuild`` until the last
        statement, so a rebuild that stops halfway is done again. Through a temporary file:
        at Hub scale the view's text is gigabytes.
        """
        self._update(
            "DROP SILENT DEFAULT ;\n"
            f'INSERT DATA {{ <{v.VIEW_GRAPH}> <{v.VIEW_STATE}> "{ViewState.REBUILD}" }}'
        )
        try:
            with tempfile.TemporaryDirectory(prefix="lineage-view-") as folder:
                text = Path(folder) / "view.nt"
                for template, pattern in rebuild_steps():
                    result: Any = self._store.query(
                        f"CONSTRUCT {{ {template} }} WHERE {{ {pattern} }}",
                        custom_aggregate_functions=_AGGREGATES,  # type: ignore[arg-type]
                    )
                    result.serialize(str(text), RdfFormat.N_TRIPLES)
                    self._store.bulk_load(path=str(text), format=RdfFormat.N_TRIPLES,
                                          to_graph=DEFAULT)  # fmt: skip
        except (OSError, SyntaxError, ValueError, RuntimeError) as exc:
            raise StoreError(f"rebuilding the consolidated view failed: {exc}") from exc
        self._update(f"{REBUILD_FIXUP} ;\n{_set_state(ViewState.FRESH)}")

    def _refresh_models(self, models: list[str]) -> None:
        query = (
            f"SELECT DISTINCT ?d WHERE {{ VALUES ?m {{ {_iris(models)} }} ?m <{v.TRAINED_ON}> ?d }}"
        )
        try:
            datasets = [row[0].value for row in self._store.query(query)]  # type: ignore[union-attr]
        except OSError as exc:
            raise StoreError(f"reading the consolidated view failed: {exc}") from exc
        for update in refresh_updates(models, datasets):
            self._update(update)

    def ensure_view(self) -> bool:
        """Refresh the view if it is stale and this store can write; whether it is fresh now."""
        if self.unwritable is not None:
            return self.view_state() is ViewState.FRESH
        self.refresh_view()
        return True


__all__ = [
    "BATCH_MODELS",
    "DEFAULT",
    "FACT_PROPERTIES",
    "REBUILD_SHARE",
    "NoisyOr",
    "ViewMixin",
    "ViewRefresh",
    "ViewState",
    "named_only",
    "read_state",
    "rebuild_steps",
    "refresh_updates",
]

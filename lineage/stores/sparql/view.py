"""The consolidated view on a remote server, kept in its named graph `vocab.VIEW_GRAPH`.

The same view as the embedded store's (each model's facts and each derivation once, fused as
`lineage.core.graph.Edge` fuses them: `lineage.rdf.view`), but a remote server cannot run our
noisy-or aggregate, so the engine computes the view's statements in Python from the server's
claims, for the models a write names (as stored before it and as written), and replaces what
the view said of them right after the write.

The state is recorded in the view's graph as the embedded store records it: a write marks
its models (`vocab.PENDING_MODEL`) and sets ``stale`` in the same request as the write, and
the update that replaces their view deletes the marks (and sets ``fresh`` once none is
left); a write that stops between the two leaves its models marked, and `ensure_view` does
them again. A server holding sources but no state (written before the view existed, or by a
client that does not keep it) reads as ``rebuild``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from lineage.core import vocab as v
from lineage.core.errors import StoreUnavailable
from lineage.core.graph import Edge
from lineage.rdf.view import (
    FACT_PROPERTIES,
    ViewRefresh,
    ViewState,
    derivation_ntriples,
    display_id,
    models_named,
)
from lineage.stores.sparql import queries as q
from lineage.stores.sparql.client import SparqlClient
from lineage.stores.sparql.rows import chunks, claims

#: Models whose view one update replaces, each read binding as many: a batch of 500 sources
#: names about 550 (children and their parents), so one update; the IRIs stay well under the
#: 200 kB a servlet container takes in a form.
MODELS_PER_UPDATE = 1000
#: Stored graphs read per request for the models they name (a batch's worth).
GRAPHS_PER_READ = 500

VIEW = q.VIEW
_STATE = f"<{v.VIEW_STATE}>"
_PENDING = f"<{v.PENDING_MODEL}>"
_FACTS_IN = ", ".join(f"<{p}>" for p in (*FACT_PROPERTIES, v.HUB_ID))

STATE = f"SELECT ?s WHERE {{ GRAPH {VIEW} {{ {VIEW} {_STATE} ?s }} }}"
PENDING = f"SELECT ?m WHERE {{ GRAPH {VIEW} {{ {VIEW} {_PENDING} ?m }} }}"
# From ``fresh`` (or no record: an empty server) to ``stale``; ``rebuild`` stays.
_STALE = (
    f"DELETE {{ GRAPH {VIEW} {{ {VIEW} {_STATE} ?s }} }} "
    f'INSERT {{ GRAPH {VIEW} {{ {VIEW} {_STATE} "{ViewState.STALE}" }} }} '
    f'WHERE {{ GRAPH {VIEW} {{ {VIEW} {_STATE} ?s }} FILTER(STR(?s) = "{ViewState.FRESH}") }} ;\n'
    f'INSERT {{ GRAPH {VIEW} {{ {VIEW} {_STATE} "{ViewState.STALE}" }} }} '
    f"WHERE {{ FILTER NOT EXISTS {{ GRAPH {VIEW} {{ {VIEW} {_STATE} ?any }} }} }}"
)


def _becomes(before: ViewState, after: ViewState, unless_pending: bool = False) -> str:
    """An update turning the state ``before`` into ``after`` (nothing in any other state)."""
    pending = (
        f" FILTER NOT EXISTS {{ GRAPH {VIEW} {{ {VIEW} {_PENDING} ?left }} }}"
        if unless_pending
        else ""
    )
    return (
        f"DELETE {{ GRAPH {VIEW} {{ {VIEW} {_STATE} ?s }} }} "
        f'INSERT {{ GRAPH {VIEW} {{ {VIEW} {_STATE} "{after}" }} }} '
        f'WHERE {{ GRAPH {VIEW} {{ {VIEW} {_STATE} ?s }} FILTER(STR(?s) = "{before}"){pending} }}'
    )


def models_in_graphs(graphs: Iterable[str]) -> str:
    """The models these stored graphs name, as subject or object."""
    return f"""SELECT DISTINCT ?m WHERE {{
  VALUES ?g {{ {q.iris(graphs)} }}
  GRAPH ?g {{ {{ ?m ?p ?o }} UNION {{ ?s ?p ?m }} }}
  FILTER(isIRI(?m) && STRSTARTS(STR(?m), "{v.MODEL_NS}"))
}}"""


def facts(models: Iterable[str]) -> str:
    """The models' fact statements and ids, with the source that states each (a source is
    the model's own where it states ``?m lin:describedBy`` itself: told in Python, cheaper
    than an ``EXISTS`` a row on the server)."""
    return f"""SELECT ?m ?p ?o ?g WHERE {{
  VALUES ?m {{ {q.iris(models)} }}
  GRAPH ?g {{ ?m ?p ?o }}
  FILTER(?g != {VIEW} && ?p IN ({_FACTS_IN}))
}}"""


def in_view(models: Iterable[str]) -> str:
    """Which of the models the view says anything of (only theirs need deleting)."""
    return f"""SELECT DISTINCT ?m WHERE {{ VALUES ?m {{ {q.iris(models)} }}
  GRAPH {VIEW} {{ ?m ?p ?o }} }}"""


def identifiers(models: Iterable[str]) -> str:
    """The identifiers of the datasets the models are trained on, as the sources spell them."""
    return f"""SELECT DISTINCT ?d ?x WHERE {{
  VALUES ?m {{ {q.iris(models)} }}
  GRAPH ?g {{ ?m <{v.TRAINED_ON}> ?d . ?d <{v.IDENTIFIER}> ?x }} {q.sources_only()}
}}"""


def replace(models: Sequence[str], held: Sequence[str], statements: str) -> str:
    """One update replacing what the view says of ``models``, their marks deleted.

    ``held`` are those of them the view holds now: only theirs are deleted (on a first
    import, none: the deletes cost as much as the inserts on Fuseki). Of the identifiers of
    the datasets the view linked them to, those no source states any more go (each checked,
    not every mention of a popular dataset read again); the new statements bring the
    models' own.
    """
    m = q.iris(held)
    marks = " ".join(f"{VIEW} {_PENDING} <{x}> ." for x in models)
    parts = [] if not held else [
        f"""DELETE {{ GRAPH {VIEW} {{ ?d <{v.IDENTIFIER}> ?x }} }} WHERE {{ VALUES ?m {{ {m} }}
  GRAPH {VIEW} {{ ?m <{v.TRAINED_ON}> ?d . ?d <{v.IDENTIFIER}> ?x }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?d <{v.IDENTIFIER}> ?x }} {q.sources_only()} }} }}""",
        f"DELETE {{ GRAPH {VIEW} {{ ?x ?p ?o }} }} WHERE {{ VALUES ?m {{ {m} }} "
        f"GRAPH {VIEW} {{ ?m <{v.QUALIFIED_DERIVATION}> ?x . ?x ?p ?o }} }}",
        f"DELETE {{ GRAPH {VIEW} {{ ?m ?p ?o }} }} WHERE {{ VALUES ?m {{ {m} }} "
        f"GRAPH {VIEW} {{ ?m ?p ?o }} }}",
    ]  # fmt: skip
    if statements:
        parts.append(f"INSERT DATA {{ GRAPH {VIEW} {{\n{statements}}} }}")
    parts.append(f"DELETE DATA {{ GRAPH {VIEW} {{ {marks} }} }}")
    parts.append(_becomes(ViewState.STALE, ViewState.FRESH, unless_pending=True))
    return " ;\n".join(parts)


class RemoteView:
    """Keeps the view of one server: marks before a write, replaces after it, rebuilds."""

    def __init__(self, client: SparqlClient) -> None:
        self.client = client

    # -- state -------------------------------------------------------------------

    def state(self) -> ViewState:
        """The recorded state; none recorded: ``fresh`` on an empty server, else ``rebuild``."""
        rows = list(self.client.select(STATE))
        if rows:
            try:
                return ViewState(str(rows[0]["s"].value))
            except ValueError:
                return ViewState.REBUILD
        has_sources = bool(list(self.client.select(q.some_sources(1))))
        return ViewState.REBUILD if has_sources else ViewState.FRESH

    def _writable(self) -> None:
        if not self.client.update_url:
            raise StoreUnavailable(
                "the consolidated view cannot be refreshed without the SPARQL update endpoint: "
                "set LINEAGE_SPARQL_UPDATE_URL"
            )

    # -- around a write --------------------------------------------------------------

    def models_named(self, graphs: Sequence[str], nquads: str) -> set[str] | None:
        """The models a write replacing ``graphs`` with ``nquads`` names, read before it
        (None: the view is to be rebuilt anyway, no write keeps it)."""
        if self.state() is ViewState.REBUILD:
            return None
        named = models_named(nquads)
        for chunk in chunks(graphs, GRAPHS_PER_READ):
            rows = self.client.select(models_in_graphs(chunk), long=True)
            named.update(str(row["m"].value) for row in rows)
        return named

    @staticmethod
    def marking(models: set[str] | None, update: str) -> str:
        """``update`` preceded by the marks of ``models`` (one request: one transaction)."""
        if not models:
            return update
        marks = " ".join(f"{VIEW} {_PENDING} <{m}> ." for m in sorted(models))
        return f"INSERT DATA {{ GRAPH {VIEW} {{ {marks} }} }} ;\n{_STALE} ;\n{update}"

    def refresh(self, models: Iterable[str]) -> int:
        """Replace the view of ``models`` with what the sources say now; how many models."""
        done = 0
        for chunk in chunks(sorted(set(models)), MODELS_PER_UPDATE):
            held = [str(row["m"].value) for row in self.client.select(in_view(chunk), long=True)]
            self.client.update(replace(chunk, held, self.statements(chunk)))
            done += len(chunk)
        return done

    # -- computing ---------------------------------------------------------------------

    def statements(self, models: list[str]) -> str:
        """The view's statements about ``models``, as N-Triples (what `rebuild` would write)."""
        values: dict[str, set[str]] = defaultdict(set)
        own_graphs: dict[str, set[str]] = defaultdict(set)
        ids: list[tuple[str, str, str]] = []  # model, graph, spelling
        mentioned: dict[str, dict[str, str]] = defaultdict(dict)  # spelling → its N-Triples
        for row in self.client.select(facts(models), long=True):
            m, p, o, g = str(row["m"].value), str(row["p"].value), row["o"], str(row["g"].value)
            if p == v.HUB_ID:
                ids.append((m, g, str(o.value)))
                mentioned[m][str(o.value)] = str(o)
                continue
            if p == v.DESCRIBED_BY and str(o.value) == g:
                own_graphs[m].add(g)
            values[m].add(f"<{m}> <{p}> {o} .\n")
        own: dict[str, list[str]] = defaultdict(list)
        for m, g, spelling in ids:
            if g in own_graphs[m]:
                own[m].append(spelling)
        lines = [line for m in models for line in sorted(values.get(m, ()))]
        for m, spellings in mentioned.items():
            chosen = display_id(own.get(m, []), list(spellings))
            if chosen is not None:
                lines.append(f"<{m}> <{v.HUB_ID}> {spellings[chosen]} .\n")
        for (child, parent), said in claims(self.client.select(q.parents(models), long=True),
                                            "c", None).items():  # fmt: skip
            lines.append(derivation_ntriples(child, parent, Edge(child, parent, said), len(said)))
        for row in self.client.select(identifiers(models), long=True):
            lines.append(f"<{row['d'].value}> <{v.IDENTIFIER}> {row['x']} .\n")
        return "".join(lines)

    # -- whole view -------------------------------------------------------------------

    def ensure(self) -> bool:
        """Refresh the view if it is not fresh and the server takes updates; whether it is."""
        state = self.state()
        if state is ViewState.FRESH:
            return True
        if not self.client.update_url:
            return False
        if state is ViewState.STALE:
            pending = [str(row["m"].value) for row in self.client.select(PENDING, long=True)]
            self.refresh(pending)
            if not pending:
                self.client.update(_becomes(ViewState.STALE, ViewState.FRESH, unless_pending=True))
            return self.state() is ViewState.FRESH
        self.rebuild()
        return True

    def rebuild(self) -> ViewRefresh:
        """Build the whole view again from every source (writes the engine did not see too).

        The state says ``rebuild`` until the last update, so one that stops halfway is done
        again.
        """
        self._writable()
        self.client.update(
            f"DROP SILENT GRAPH {VIEW} ;\n"
            f'INSERT DATA {{ GRAPH {VIEW} {{ {VIEW} {_STATE} "{ViewState.REBUILD}" }} }}'
        )
        models = [str(row["m"].value) for row in self.client.select(q.MODELS, long=True)]
        for chunk in chunks(models, MODELS_PER_UPDATE):
            text = self.statements(chunk)
            if text:
                self.client.update(f"INSERT DATA {{ GRAPH {VIEW} {{\n{text}}} }}")
        self.client.update(_becomes(ViewState.REBUILD, ViewState.FRESH))
        return ViewRefresh(len(models), rebuilt=True)

    def drop(self) -> None:
        """Forget the view (before the sources are cleared: a clear that stops halfway leaves
        sources and no state, which reads as ``rebuild``)."""
        self.client.update(f"DROP SILENT GRAPH {VIEW}")


__all__ = ["MODELS_PER_UPDATE", "RemoteView", "models_in_graphs", "replace"]

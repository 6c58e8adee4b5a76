"""The SPARQL query worker: a separate process that a deadline can kill.

pyoxigraph has no query timeout, and a query that blocks inside Rust (ORDER BY
over a cross product, COUNT over a huge join) cannot be interrupted from
Python. So queries run here, in a process of their own that opens the store
read-only; the server waits for the answer until the deadline and kills the
process if it has not come (`lineage.api.sparql_pool`).

A read-only Oxigraph store sees the data as it was when it was opened; after
each write the server asks the worker to reopen it (``("open", generation)``)
before its next query, outside that query's time budget.

Each worker caps its own heap (``RLIMIT_DATA``, which counts what the engine
allocates but not the store's mapped files): a query that would need more
makes the allocation fail and the process abort, and the pool reports that and
starts a new worker. Results are also capped in bytes, not only in rows.
"""

from __future__ import annotations

import io
import json
import resource
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    parse_query_results,
    serialize,
)

from lineage.api.sparql_protocol import GRAPH_MEDIA, RESULTS_MEDIA, choose_media
from lineage.core.vocab import PREFIXES, VIEW_GRAPH
from lineage.stores.oxigraph.view import ViewState, read_state

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """One query for a worker."""

    query: str
    accept: list[str]
    row_limit: int
    byte_limit: int = 0  # 0: no cap
    default_graph: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    #: The default graph is the union of every graph, not the consolidated view.
    union: bool = False


@dataclass(frozen=True, slots=True)
class Answered:
    """A query's result, and which default graph answered it."""

    media_type: str
    body: bytes
    #: ``view`` (the consolidated view), ``union`` (every graph) or ``request``
    #: (the graphs ``default-graph-uri`` named).
    default_graph: str = "view"
    #: The view's state in the snapshot that answered (`ViewState`).
    view: str = "fresh"


class TooManyRows(Exception):
    """The result has more rows than the request allows."""


class TooManyBytes(Exception):
    """The result is larger (in bytes) than the request allows."""


class _Budget:
    """Counts the bytes of the terms a result holds, to stop before it is serialized."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def add(self, size: int) -> None:
        self.used += size
        if self.limit and self.used > self.limit:
            raise TooManyBytes

    def check(self, body: bytes) -> bytes:
        if self.limit and len(body) > self.limit:
            raise TooManyBytes
        return body


def _term_size(term: Any) -> int:
    """Roughly the bytes a term takes in a serialized result (its text plus some markup)."""
    if isinstance(term, Triple):
        return _term_size(term.subject) + _term_size(term.predicate) + _term_size(term.object)
    if isinstance(term, Literal):
        return len(term.value) + len(term.datatype.value) + 16
    return len(getattr(term, "value", "")) + 16


def term_json(term: Any) -> dict[str, Any]:
    """One RDF term in the SPARQL 1.1 JSON results format (RDF-star triples included)."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"unexpected term {term!r}")


def _solutions(
    result: QuerySolutions, accept: list[str], limit: int, budget: _Budget
) -> tuple[str, bytes]:
    names = [v.value for v in result.variables]
    rows: list[dict[str, Any]] = []
    for solution in result:
        if len(rows) >= limit:
            raise TooManyRows
        row = {}
        for name in names:
            term = solution[name]
            if term is not None:
                budget.add(_term_size(term))
                row[name] = term_json(term)
        rows.append(row)
    doc = json.dumps(
        {"head": {"vars": names}, "results": {"bindings": rows}}, ensure_ascii=False
    ).encode()
    media = choose_media(accept, graph=False)
    fmt = RESULTS_MEDIA[media]
    if fmt == QueryResultsFormat.JSON:
        return media, budget.check(doc)
    # The rows were consumed to count them; re-read our JSON to let Oxigraph write the rest.
    buf = io.BytesIO()
    parsed = parse_query_results(doc, QueryResultsFormat.JSON)
    parsed.serialize(buf, fmt)
    return media, budget.check(buf.getvalue())


def _boolean(result: QueryBoolean, accept: list[str]) -> tuple[str, bytes]:
    media = choose_media(accept, graph=False)
    buf = io.BytesIO()
    result.serialize(buf, RESULTS_MEDIA[media])
    return media, buf.getvalue()


def _triples(
    result: QueryTriples, accept: list[str], limit: int, budget: _Budget
) -> tuple[str, bytes]:
    triples: list[Triple] = []
    for triple in result:
        if len(triples) >= limit:
            raise TooManyRows
        budget.add(_term_size(triple))
        triples.append(triple)
    media = choose_media(accept, graph=True)
    fmt = GRAPH_MEDIA[media]
    buf = io.BytesIO()
    if fmt == RdfFormat.JSON_LD:
        serialize(triples, buf, fmt)
    else:
        serialize(triples, buf, fmt, prefixes=PREFIXES)
    return media, budget.check(buf.getvalue())


def run_query(store: Store, req: QueryRequest) -> Answered:
    """Run one query on a store. Raises on bad queries.

    The default graph is the store's own, the consolidated view, when it is fresh in this
    snapshot; else (or when the request asks) the union of every graph.
    """
    kwargs: dict[str, Any] = {"prefixes": PREFIXES}
    view = read_state(store)
    if req.default_graph:  # the view's name stands for the store's default graph
        kwargs["default_graph"] = [
            DefaultGraph() if g == VIEW_GRAPH else NamedNode(g) for g in req.default_graph
        ]
        used = "request"
    elif req.union or view is not ViewState.FRESH:
        kwargs["use_default_graph_as_union"] = True
        used = "union"
    else:
        used = "view"
    if req.named_graphs:
        kwargs["named_graphs"] = [NamedNode(g) for g in req.named_graphs]
    result = store.query(req.query, **kwargs)
    if isinstance(result, QueryBoolean):
        media, body = _boolean(result, req.accept)
    else:
        budget = _Budget(req.byte_limit)
        if isinstance(result, QueryTriples):
            media, body = _triples(result, req.accept, req.row_limit, budget)
        else:
            media, body = _solutions(result, req.accept, req.row_limit, budget)
    return Answered(media, body, used, str(view))


def _open(conn: Connection, path: str) -> Store | None:
    """Open the store read-only and say so; None (after saying why) when it cannot be."""
    try:
        store = Store.read_only(path)
    except OSError as exc:
        conn.send(("error", "store_error", f"the store could not be opened: {exc}"))
        return None
    conn.send(("ready", "", b""))
    return store


def cap_memory(limit: int) -> None:
    """Cap this process's heap at ``limit`` bytes (0: leave it alone)."""
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def serve(conn: Connection, path: str, memory_bytes: int = 0) -> None:
    """Worker main loop: answer requests on ``conn`` until told to stop or the server goes.

    Opening the store is answered with ``ready`` (at start, and on ``("open", n)``), so
    the server does not count it against any query's deadline.
    """
    cap_memory(memory_bytes)
    store = _open(conn, path)
    if store is None:
        return
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            return
        if req is None:
            return
        if isinstance(req, tuple):  # ("open", generation): reopen to see the latest writes
            store = None  # let the old snapshot go before opening the new one
            store = _open(conn, path)
            if store is None:
                return
            continue
        try:
            try:
                answer = run_query(store, req)
            except (ConnectionError, TimeoutError):
                raise
            except OSError:  # the files moved under us (a write compacted them): reopen once
                store = Store.read_only(path)
                answer = run_query(store, req)
            reply: tuple[str, str, Any] = ("ok", answer.media_type, answer)
        except SyntaxError as exc:
            reply = ("error", "query_error", f"SPARQL syntax error: {exc}")
        except TooManyRows:
            reply = (
                "error",
                "result_too_large",
                f"query exceeded {req.row_limit:,} rows (LINEAGE_QUERY_LIMIT); add a LIMIT",
            )
        except TooManyBytes:
            reply = (
                "error",
                "result_too_large",
                f"the result is larger than {req.byte_limit:,} bytes "
                "(LINEAGE_API_MAX_RESULT_BYTES); select less",
            )
        except MemoryError:
            # Python ran out inside the cap; the engine itself aborts the process instead.
            reply = ("error", "query_too_expensive", "the query needs more memory than allowed")
        except (ValueError, TypeError) as exc:
            reply = ("error", "query_error", f"cannot run the query: {exc}")
        except (ConnectionError, TimeoutError) as exc:  # an allowed SERVICE endpoint failed
            reply = ("error", "query_error", f"a SERVICE endpoint failed: {exc}")
        except RuntimeError as exc:  # the engine's evaluation errors (an unbound SERVICE name…)
            reply = ("error", "query_error", f"the query failed: {exc}")
        except OSError as exc:
            reply = ("error", "store_error", f"the store could not be read: {exc}")
        except Exception as exc:  # report, never die silently: the server would wait in vain
            reply = ("error", "store_error", f"query failed: {type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


__all__ = ["Answered", "QueryRequest", "run_query", "serve", "term_json"]

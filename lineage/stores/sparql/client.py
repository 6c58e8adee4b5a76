"""HTTP for the remote SPARQL engine: the SPARQL 1.1 Protocol and the Graph Store Protocol.

Every server error is translated here into the project's error family; requests that fail for
a transient reason (a 5xx answer, a dropped connection) are retried a bounded number of times.
Everything sent is idempotent (queries, and updates that replace whole graphs), so a retry can
never write twice.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import httpx
from pyoxigraph import QueryResultsFormat, RdfFormat, Store, parse_query_results

from lineage.core.errors import QueryError, QueryTimeout, StoreError, StoreUnavailable

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
N_QUADS = "application/n-quads"
# Answers worth asking again: the server (or a proxy before it) was busy or restarting.
TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})
# Seconds before the first retry; doubled for each next one.
BACKOFF = 0.5
# Characters of a server's error page kept in our message.
ERROR_TEXT = 500


class SparqlClient:
    """A SPARQL server's three endpoints, with credentials, time limits and retries."""

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        gsp_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        token: str | None = None,
        digest: bool = False,
        query_timeout: float = 10.0,
        timeout: float = 300.0,
        retries: int = 3,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.query_url, self.update_url, self.gsp_url = query_url, update_url, gsp_url
        self.query_timeout, self.timeout, self.retries = query_timeout, timeout, retries
        auth: httpx.Auth | None = None
        headers = {"User-Agent": "model-lineage"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        elif user is not None:
            auth = (httpx.DigestAuth if digest else httpx.BasicAuth)(user, password or "")
        self._http = httpx.Client(auth=auth, headers=headers, timeout=timeout, transport=transport)

    def close(self) -> None:
        self._http.close()

    # -- plumbing --------------------------------------------------------------

    def _send(self, what: str, request: httpx.Request, timeout: float) -> httpx.Response:
        """Send with bounded retries; translate what finally fails."""
        attempt = 0
        while True:
            try:
                request.extensions["timeout"] = _timeouts(timeout)
                reply = self._http.send(request)
            except httpx.TimeoutException as exc:
                if what == "query":  # a query that ran out of time would again
                    raise QueryTimeout(f"{what} ran past {timeout:g} s at {request.url}") from exc
                # An update may have timed out while committing: replacing whole graphs
                # again is harmless, and the next attempt tells.
                error: Exception = exc
                reason = f"no answer in {timeout:g} s"
            except httpx.TransportError as exc:
                error, reason = exc, f"{type(exc).__name__}: {exc}"
            else:
                if reply.status_code < 400:
                    return reply
                if reply.status_code not in TRANSIENT_STATUS:
                    raise _translate(what, reply)
                error, reason = _translate(what, reply), f"HTTP {reply.status_code}"
            if attempt >= self.retries:
                if isinstance(error, StoreError):
                    raise error
                raise StoreUnavailable(
                    f"{what} failed at {request.url} after {attempt + 1} attempts: {reason}"
                ) from error
            time.sleep(BACKOFF * 2**attempt)
            attempt += 1

    def _query_request(
        self,
        query: str,
        accept: str,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> httpx.Request:
        # URL-encoded POST: the one form every SPARQL 1.1 server must take, with no URL limit.
        form: dict[str, str | list[str]] = {"query": query}
        if default_graph:
            form["default-graph-uri"] = list(default_graph)
        if named_graphs:
            form["named-graph-uri"] = list(named_graphs)
        return self._http.build_request(
            "POST", self.query_url, data=form, headers={"Accept": accept}
        )

    # -- the protocol ------------------------------------------------------------

    def select(self, query: str, long: bool = False) -> Any:
        """Run a SELECT or ASK query; pyoxigraph's `QuerySolutions` or `QueryBoolean`."""
        reply = self._send(
            "query",
            self._query_request(query, RESULTS_JSON),
            self.timeout if long else self.query_timeout,
        )
        return _parse_results(reply)

    def query(
        self,
        query: str,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> Any:
        """Run any read query as pyoxigraph would answer it (CONSTRUCT: `QueryTriples`)."""
        accept = f"{RESULTS_JSON}, {N_TRIPLES};q=0.9"
        request = self._query_request(query, accept, default_graph, named_graphs)
        reply = self._send("query", request, self.query_timeout)
        kind = reply.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind in (N_TRIPLES, "text/plain", "text/turtle", N_QUADS):
            # A graph answer: loaded into a throwaway dataset and read back as pyoxigraph's
            # own `QueryTriples`, so every surface renders it as it renders the embedded one.
            graph = Store()
            fmt = RdfFormat.TURTLE if kind == "text/turtle" else RdfFormat.N_TRIPLES
            try:
                graph.load(reply.content, fmt)
            except SyntaxError as exc:
                raise StoreError(f"the server's graph answer is not {fmt}: {exc}") from exc
            return graph.query("CONSTRUCT WHERE { ?s ?p ?o }")
        return _parse_results(reply)

    def update(self, text: str) -> None:
        """Run one SPARQL update request (one transaction on the server)."""
        if not self.update_url:
            raise StoreUnavailable(
                "no SPARQL update endpoint configured: set LINEAGE_SPARQL_UPDATE_URL"
            )
        request = self._http.build_request(
            "POST",
            self.update_url,
            content=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )
        self._send("update", request, self.timeout)

    def dataset_nquads(self) -> bytes:
        """The whole dataset as N-Quads, through a Graph Store Protocol GET on the dataset."""
        if not self.gsp_url:
            raise StoreUnavailable("no Graph Store Protocol endpoint: set LINEAGE_SPARQL_GSP_URL")
        request = self._http.build_request("GET", self.gsp_url, headers={"Accept": N_QUADS})
        reply = self._send("dataset download", request, self.timeout)
        return reply.content


def _timeouts(read: float) -> dict[str, float]:
    return {"connect": min(read, 10.0), "read": read, "write": read, "pool": read}


def _parse_results(reply: httpx.Response) -> Any:
    try:
        return parse_query_results(reply.content, QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as exc:
        raise StoreError(
            f"the server at {reply.request.url} did not answer in SPARQL JSON results: {exc}"
        ) from exc


def _translate(what: str, reply: httpx.Response) -> StoreError:
    text = " ".join(reply.text.split())[:ERROR_TEXT]
    url = reply.request.url
    code = reply.status_code
    if code in (401, 403):
        return StoreUnavailable(
            f"the SPARQL server at {url} refused the credentials (HTTP {code}): check "
            "LINEAGE_SPARQL_USER and LINEAGE_SPARQL_PASSWORD, or LINEAGE_SPARQL_TOKEN"
        )
    if code in (404, 405):
        return StoreUnavailable(f"no SPARQL {what} endpoint at {url} (HTTP {code}): {text}")
    if code in (400, 406, 415) and what == "query":
        return QueryError(f"the SPARQL server rejected the query (HTTP {code}): {text}")
    if code in (408, 503) and what == "query" and "timeout" in text.lower():
        return QueryTimeout(f"the SPARQL server stopped the query (HTTP {code}): {text}")
    return StoreError(f"SPARQL {what} at {url} failed (HTTP {code}): {text}")


__all__ = ["SparqlClient"]

"""Hostile SPARQL: no request to other hosts (SERVICE), bounded memory, bounded results."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.api.conftest import (
    QUERY_TIMEOUT,
    ApiServer,
    api_records,
    free_port,
    start_server,
    stop_server,
)
from tests.hostile.conftest import RESULT_BYTES, Listener, sparql_endpoint_answer

# Every hostile case ends in bounded time (the server's own limits are what is tested).
pytestmark = pytest.mark.timeout(120)

ALL = "{ ?s ?p ?o }"


def service_queries(url: str) -> list[str]:
    """Every way we know of to write SERVICE (the engine reads each of them as SERVICE)."""
    host = url.removeprefix("http://")
    return [
        f"SELECT * WHERE {{ SERVICE <{url}/a> {ALL} }}",
        f"select * where {{ service <{url}/b> {ALL} }}",
        f"SELECT * WHERE {{ SeRvIcE SILENT <{url}/c> {ALL} }}",
        f"SELECT * WHERE {{ SERVICE # a comment\n <{url}/d> {ALL} }}",
        f"PREFIX e: <{url}/> SELECT * WHERE {{ SERVICE e:e {ALL} }}",
        f"PREFIX : <{url}/> SELECT * WHERE {{ SERVICE:f {{}} }}",
        f"PREFIX e: <{url}/> SELECT * WHERE {{ SERVICEe:g {{}} }}",
        f"SELECT * WHERE {{ SERVICESILENT<{url}/h>{{}} }}",
        f"SELECT * WHERE {{ ?s ?p ?o.SERVICE<{url}/i>{{}} }}",
        f"SELECT * WHERE {{ ?s ?p trueSERVICE<{url}/j>{{}} }}",
        f"SELECT * WHERE {{ ?s ?p 1e5SERVICE<{url}/k>{{}} }}",
        f"SELECT * WHERE {{ SERVICE <http://{host}/\\u006c> {ALL} }}",
        f"SELECT * WHERE {{ BIND(<{url}/m> AS ?x) SERVICE ?x {ALL} }}",
        f"SELECT * WHERE {{ VALUES ?x {{ <{url}/n> }} SERVICE SILENT ?x {ALL} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}/o> {ALL} }} }}",
        f"ASK {{ OPTIONAL {{ SERVICE <{url}/p> {ALL} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/q> {ALL} }}",
        # A prefixed name with an escaped quote must not open a string that hides SERVICE.
        f"PREFIX e: <{url}/> SELECT * WHERE {{ ?s e:a\\' ?o . SERVICE <{url}/r> {ALL} "
        "?s e:b\\' ?o }",
        # An escaped quote does not end a long string (the engine reads the first BIND
        # as one string); a scanner that ended it early would hide the SERVICE after it.
        f"SELECT * WHERE {{ BIND('''a\\'''b''' AS ?a) SERVICE <{url}/s> {{}} }} # '''",
        f'SELECT * WHERE {{ BIND("""a\\"""b""" AS ?a) SERVICE <{url}/t> {{}} }} # """',
    ]


def test_service_is_refused_and_nothing_is_sent(hostile_api: ApiServer, listener: Listener) -> None:
    with hostile_api.client() as c:
        for query in service_queries(listener.url):
            for r in (
                c.get("/sparql", params={"query": query}),
                c.post("/sparql", data={"query": query}),
                c.post(
                    "/sparql",
                    content=query.encode(),
                    headers={"Content-Type": "application/sparql-query"},
                ),
            ):
                assert r.status_code == 400, (query, r.text)
                assert r.json()["error"]["code"] == "service_not_allowed", query
                assert "LINEAGE_API_SPARQL_SERVICES" in r.json()["error"]["message"]
    time.sleep(0.5)  # a request in flight would have arrived by now
    assert listener.requests == []


def test_the_word_service_elsewhere_is_fine(hostile_api: ApiServer) -> None:
    query = (
        'PREFIX ex: <http://example.org/SERVICE/> SELECT ?service ("SERVICE <x>" AS ?t) '
        "WHERE { BIND(ex:SERVICE AS ?service) # SERVICE in a comment\n }"
    )
    with hostile_api.client() as c:
        r = c.get("/sparql", params={"query": query})
    assert r.status_code == 200, r.text
    [row] = r.json()["results"]["bindings"]
    assert row["service"]["value"] == "http://example.org/SERVICE/SERVICE"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Listener]:
    """A SPARQL endpoint stand-in that the next server allows."""
    lst = Listener(sparql_endpoint_answer())
    yield lst
    lst.close()


CLOSED = f"http://127.0.0.1:{free_port()}/sparql"  # allowed, but nothing listens there


@pytest.fixture(scope="module")
def federated_api(
    tmp_path_factory: pytest.TempPathFactory, endpoint: Listener
) -> Iterator[ApiServer]:
    server = start_server(tmp_path_factory.mktemp("federated"), api_records(), {
        "LINEAGE_API_SPARQL_SERVICES": f"{endpoint.url}/sparql, {CLOSED} https://example.org/x",
    })  # fmt: skip
    yield server
    stop_server(server)


def test_federation_reaches_only_allowed_endpoints(
    federated_api: ApiServer, endpoint: Listener, listener: Listener
) -> None:
    allowed = f"SELECT * WHERE {{ SERVICE <{endpoint.url}/sparql> {ALL} }}"
    with federated_api.client() as c:
        ok = c.get("/sparql", params={"query": allowed})
        assert ok.status_code == 200, ok.text
        assert ok.json()["results"]["bindings"] == [{}]
        for query in [
            *service_queries(listener.url),
            f"SELECT * WHERE {{ SERVICE <{endpoint.url}/other> {ALL} }}",
            f"PREFIX e: <{endpoint.url}/> SELECT * WHERE {{ SERVICE e:sparql {ALL} }}",
        ]:
            r = c.get("/sparql", params={"query": query})
            assert r.status_code == 400, (query, r.text)
            assert r.json()["error"]["code"] == "service_not_allowed"
        down = c.get("/sparql", params={"query": f"ASK {{ SERVICE <{CLOSED}> {ALL} }}"})
    assert down.status_code == 400, down.text  # the client's choice of endpoint, not our fault
    assert down.json()["error"]["code"] == "query_error"
    assert "SERVICE endpoint failed" in down.json()["error"]["message"]
    time.sleep(0.5)
    assert len(endpoint.requests) == 1 and endpoint.requests[0].startswith(b"POST /sparql ")
    assert listener.requests == []


def _doubling(times: int, seed: str = "0123456789abcdef") -> str:
    binds = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(times))
    return f"SELECT ?x{times} WHERE {{ BIND('{seed}' AS ?x0) {binds} }}"


def test_a_query_past_the_memory_cap_is_stopped(hostile_api: ApiServer) -> None:
    started = time.monotonic()
    with hostile_api.client() as c:
        r = c.get("/sparql", params={"query": _doubling(40)})  # 16 TiB if nothing stopped it
        again = c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "query_too_expensive"
    assert "LINEAGE_API_SPARQL_MEMORY_BYTES" in r.json()["error"]["message"]
    assert time.monotonic() - started < QUERY_TIMEOUT + 20
    assert again.status_code == 200 and again.json()["boolean"] is True


def test_an_ordered_cross_product_does_not_grow_without_bound(hostile_api: ApiServer) -> None:
    query = (
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?d ?g ?j LIMIT 1"
    )
    started = time.monotonic()
    with hostile_api.client() as c:
        r = c.get("/sparql", params={"query": query})
    assert r.status_code in (400, 504), r.text
    assert r.json()["error"]["code"] in ("query_too_expensive", "query_timeout")
    assert time.monotonic() - started < QUERY_TIMEOUT + 20


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv"])
def test_results_are_capped_in_bytes(hostile_api: ApiServer, accept: str) -> None:
    small = _doubling(8)  # 4 KiB: fine
    big = _doubling(13)  # 128 KiB in one row: over the cap of 64 KiB
    with hostile_api.client() as c:
        ok = c.get("/sparql", params={"query": small}, headers={"Accept": accept})
        r = c.get("/sparql", params={"query": big}, headers={"Accept": accept})
    assert ok.status_code == 200 and len(ok.content) > 4096
    assert r.status_code == 400, r.status_code
    assert r.json()["error"]["code"] == "result_too_large"
    assert f"{RESULT_BYTES:,}" in r.json()["error"]["message"]


def test_constructed_graphs_are_capped_in_bytes(hostile_api: ApiServer) -> None:
    binds = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(13))
    query = (
        f"CONSTRUCT {{ <urn:a> <urn:b> ?x13 }} WHERE {{ BIND('0123456789abcdef' AS ?x0) {binds} }}"
    )
    with hostile_api.client() as c:
        r = c.get("/sparql", params={"query": query}, headers={"Accept": "text/turtle"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "result_too_large"


def test_unclosed_strings_and_long_queries_are_refused_cheaply(hostile_api: ApiServer) -> None:
    unclosed = "SELECT * { BIND(" + "'''a\\'" * 10_000 + " AS ?x) }"  # 60 kB, never closed
    started = time.monotonic()
    with hostile_api.client() as c:
        r = c.post("/sparql", content=unclosed.encode(),
                   headers={"Content-Type": "application/sparql-query"})  # fmt: skip
        long = c.post("/sparql", content=b"ASK {}" + b" " * 200_000,
                      headers={"Content-Type": "application/sparql-query"})  # fmt: skip
    assert r.status_code == 400 and r.json()["error"]["code"] == "query_error"
    assert "not closed" in r.json()["error"]["message"]
    assert long.status_code == 413 and "LINEAGE_API_MAX_QUERY_CHARS" in long.text
    assert time.monotonic() - started < 10

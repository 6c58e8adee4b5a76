"""Hostile Cypher: administration refused, memory errors answered at once and as 4xx."""

from __future__ import annotations

import time

import pytest

from tests.api.conftest import QUERY_TIMEOUT, ApiServer

# Every hostile case ends in bounded time (the server's own limits are what is tested).
pytestmark = pytest.mark.timeout(120)

ADMIN = [
    "SHOW USERS",
    "SHOW SETTINGS YIELD name, value RETURN name, value",
    "SHOW TRANSACTIONS",
    "SHOW DATABASES",
    "show procedures",
    "CALL dbms.components()",
    "CALL dbms . components() YIELD name RETURN name",
    "CALL `dbms`.`components`()",
    "CALL dbms.listConfig('memory') YIELD name, value RETURN name, value",
    "CALL db.labels() YIELD label CALL dbms.components() YIELD name RETURN label, name",
    "CYPHER 5 SHOW USERS",
    "USE system SHOW USERS",
    "MATCH (n) CALL { SHOW USERS } RETURN n",
    "RETURN 1 AS one UNION SHOW USERS",
    "RETURN 1; SHOW USERS",
    "/* hidden */ SHOW USERS",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "EXPLAIN MATCH (n) RETURN n",
]


@pytest.mark.parametrize("query", ADMIN)
def test_administration_is_refused(neo4j_api: ApiServer, query: str) -> None:
    with neo4j_api.client() as c:
        r = c.post("/cypher", json={"query": query})
    assert r.status_code == 403, r.text
    assert r.json()["error"]["code"] == "read_only"
    assert "Kernel" not in r.text and "community" not in r.text  # nothing of the server leaks


def test_what_a_reader_needs_still_runs(neo4j_api: ApiServer) -> None:
    with neo4j_api.client() as c:
        labels = c.post("/cypher", json={"query": "CALL db.labels() YIELD label RETURN label"})
        keys = c.post(
            "/cypher",
            json={"query": "MATCH (m:Model {key: $key}) RETURN m.id AS show, m.key AS users",
                  "parameters": {"key": "org/base"}},
        )  # fmt: skip
        sub = c.post(
            "/cypher",
            json={"query": "MATCH (m:Model {key: 'org/base'}) "
                  "OPTIONAL MATCH (c)-[:DERIVED_FROM]->(m) RETURN count(c) AS n"},
        )  # fmt: skip
    assert labels.status_code == 200, labels.text
    assert ["Model"] in labels.json()["rows"]
    assert keys.status_code == 200 and keys.json()["rows"] == [["org/Base", "org/base"]]
    assert sub.status_code == 200 and sub.json()["rows"][0][0] > 0


def test_a_query_over_the_memory_limit_is_a_client_error_and_not_retried(
    neo4j_api: ApiServer,
) -> None:
    # Each of the 1,000 collected lists is counted in full by Neo4j's memory tracking.
    query = (
        "UNWIND range(1, 200000) AS x WITH collect(x) AS xs "
        "UNWIND range(1, 1000) AS y WITH collect(xs) AS xss RETURN size(xss)"
    )
    started = time.monotonic()
    with neo4j_api.client() as c:
        r = c.post("/cypher", json={"query": query})
    elapsed = time.monotonic() - started
    assert r.status_code in (400, 504), r.text
    if r.status_code == 400:
        assert r.json()["error"]["code"] == "query_error"
        assert "memory" in r.json()["error"]["message"]
    assert elapsed < QUERY_TIMEOUT + 3  # our own limit, not the driver's retries


def test_a_busy_loop_answers_at_our_deadline(neo4j_api: ApiServer) -> None:
    # One row, one expression: Neo4j notices its own timeout only when the loop ends.
    # 400 million steps over small lists: longer than the deadline on a fast, idle machine
    # (100 million once finished inside it), and no list large enough to strain the heap.
    query = (
        "RETURN reduce(s = 0, i IN range(1, 20000) | "
        "s + reduce(t = 0, j IN range(1, 20000) | t + j % 7)) AS n"
    )
    started = time.monotonic()
    with neo4j_api.client() as c:
        r = c.post("/cypher", json={"query": query})
        live = c.get("/health/live")
    assert r.status_code in (400, 504), r.text
    assert time.monotonic() - started < QUERY_TIMEOUT + 3
    assert live.status_code == 200

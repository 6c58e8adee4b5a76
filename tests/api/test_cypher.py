"""Read-only Cypher on the Neo4j store: reads run, every kind of write is refused."""

from __future__ import annotations

import time

import pytest

from tests.api.conftest import QUERY_LIMIT, QUERY_TIMEOUT, ApiServer

COUNT = "MATCH (n) RETURN count(n) AS n"

WRITES = [
    "CREATE (:Model {key: 'x/evil', id: 'x/evil'})",
    "MERGE (m:Model {key: 'x/evil'}) RETURN m",
    "MATCH (m:Model {key: 'org/base'}) SET m.placeholder = true",
    "MATCH (m:Model {key: 'org/base'}) DETACH DELETE m",
    "MATCH (m:Model {key: 'org/base'}) DELETE m",
    "MATCH (m:Model {key: 'org/base'}) REMOVE m.id",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "CALL db.createLabel('Evil')",
    "CALL db.createProperty('evil')",
    "CREATE INDEX evil FOR (m:Model) ON (m.evil)",
    "DROP CONSTRAINT lineage_model_key",
    "CREATE CONSTRAINT evil FOR (m:Model) REQUIRE m.evil IS UNIQUE",
    "MATCH (m) CALL { WITH m DETACH DELETE m } IN TRANSACTIONS RETURN 1",
    "UNWIND [1] AS x FOREACH (y IN [x] | CREATE (:Evil))",
]


def test_read_queries_return_columns_and_rows(neo4j_api: ApiServer) -> None:
    with neo4j_api.client() as c:
        r = c.post(
            "/cypher",
            json={
                "query": "MATCH (c:Model)-[:DERIVED_FROM]->(p:Model {key: $key}) "
                "RETURN c.id AS child ORDER BY child",
                "parameters": {"key": "org/distill-small"},
            },
        )
        node = c.post("/cypher", json={"query": "MATCH (m:Model {key: 'org/base'}) RETURN m"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["columns"] == ["child"] and not data["truncated"]
    assert [row[0] for row in data["rows"]] == [
        "a/lora", "m/merge", "q/Distill-Small-GGUF", "q2/Distill-Small-GGUF"
    ]  # fmt: skip
    [[m]] = node.json()["rows"]
    assert m["labels"] == ["Model"] and m["properties"]["id"] == "org/Base"


@pytest.mark.parametrize("query", WRITES)
def test_writes_are_refused_and_nothing_changes(neo4j_api: ApiServer, query: str) -> None:
    with neo4j_api.client() as c:
        before = c.post("/cypher", json={"query": COUNT}).json()["rows"]
        r = c.post("/cypher", json={"query": query})
        after = c.post("/cypher", json={"query": COUNT}).json()["rows"]
        still = c.get("/models/org/Base")
    assert r.status_code == 403, r.text
    assert r.json()["error"]["code"] == "read_only"
    assert after == before
    assert still.status_code == 200 and still.json()["placeholder"] is False


def test_row_limit_truncates(neo4j_api: ApiServer) -> None:
    with neo4j_api.client() as c:
        r = c.post("/cypher", json={"query": f"UNWIND range(1, {QUERY_LIMIT + 50}) AS x RETURN x"})
    data = r.json()
    assert r.status_code == 200
    assert data["truncated"] is True and len(data["rows"]) == QUERY_LIMIT


def test_slow_query_times_out(neo4j_api: ApiServer) -> None:
    started = time.monotonic()
    with neo4j_api.client() as c:
        r = c.post(
            "/cypher", json={"query": "UNWIND range(1, 2000000000) AS x RETURN count(x) AS n"}
        )
        live = c.get("/health/live")
    assert r.status_code == 504, r.text
    assert r.json()["error"]["code"] == "query_timeout"
    assert time.monotonic() - started < QUERY_TIMEOUT + 5
    assert live.status_code == 200


def test_syntax_errors_are_client_errors(neo4j_api: ApiServer) -> None:
    with neo4j_api.client() as c:
        r = c.post("/cypher", json={"query": "MATCH (n RETURN n"})
        empty = c.post("/cypher", json={"query": ""})
    assert r.status_code == 400 and r.json()["error"]["code"] == "query_error"
    assert empty.status_code == 422


def test_cypher_without_neo4j_is_503(api: ApiServer, keyless_api: ApiServer) -> None:
    with api.client() as c:
        r = c.post("/cypher", json={"query": "RETURN 1"})
    assert r.status_code == 503
    assert "LINEAGE_NEO4J_URI" in r.json()["error"]["message"]
    with keyless_api.client() as c:  # configured, but nothing listens there
        down = c.post("/cypher", json={"query": "RETURN 1"})
    assert down.status_code == 503
    assert down.json()["error"]["code"] == "store_unavailable"
    assert "neo4j" in down.json()["error"]["message"].lower()

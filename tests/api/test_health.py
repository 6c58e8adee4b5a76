"""Liveness and readiness, with each configured store's state."""

from __future__ import annotations

import time

from tests.api.conftest import ApiServer


def test_live(api: ApiServer) -> None:
    with api.client() as c:
        assert c.get("/health/live").json() == {"status": "ok"}


def test_ready_embedded(api: ApiServer) -> None:
    with api.client() as c:
        data = c.get("/health/ready").json()
    assert data["status"] == "ok" and data["store"] == "embedded"
    assert data["stores"] == {"embedded": {"status": "ok"}}
    assert data["sparql_workers"] >= 1


def test_ready_reports_neo4j_ok(neo4j_api: ApiServer) -> None:
    with neo4j_api.client() as c:
        data = c.get("/health/ready").json()
    assert data["store"] == "neo4j"
    assert data["stores"] == {"embedded": {"status": "ok"}, "neo4j": {"status": "ok"}}


def test_ready_reports_neo4j_unavailable_with_a_message(keyless_api: ApiServer) -> None:
    with keyless_api.client() as c:
        r = c.get("/health/ready")
    data = r.json()
    # The embedded store answers queries, so the server is ready; Neo4j is reported down.
    assert r.status_code == 200 and data["stores"]["embedded"] == {"status": "ok"}
    assert data["stores"]["neo4j"]["status"] == "unavailable"
    assert "cannot reach Neo4j" in data["stores"]["neo4j"]["message"]


def test_openapi_docs_are_served(api: ApiServer) -> None:
    with api.client() as c:
        assert c.get("/docs").status_code == 200
        paths = c.get("/openapi.json").json()["paths"]
    for path in ("/models/{model_id}", "/sparql", "/cypher", "/lookup", "/import", "/search"):
        assert path in paths


def test_ready_reports_the_cache_warm_up(api: ApiServer) -> None:
    deadline = time.monotonic() + 30
    with api.client() as c:
        while True:
            cache = c.get("/health/ready").json()["cache"]
            if cache["state"] != "warming" or time.monotonic() > deadline:
                break
            time.sleep(0.1)
    # Every model with children is loaded: the api_records family has at least six.
    assert cache["state"] == "ready", cache
    assert cache["models"] >= 6 and cache["seconds"] >= 0

"""Every 4xx/5xx has one JSON shape: {"error": {"code", "message", "status"}}."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.api.conftest import ApiServer

Request = Callable[[httpx.Client, dict[str, str]], httpx.Response]

CASES: list[tuple[str, Request, int, str]] = [
    ("unknown route", lambda c, k: c.get("/no/such/endpoint"), 404, "not_found"),
    ("unknown model", lambda c, k: c.get("/models/nobody/nothing"), 404, "not_found"),
    ("wrong method", lambda c, k: c.delete("/search"), 405, "method_not_allowed"),
    ("validation", lambda c, k: c.get("/search", params={"q": "a", "limit": -1}), 422,
     "validation_error"),
    ("bad json", lambda c, k: c.post("/cypher", content=b"{", headers={
        "Content-Type": "application/json"}), 400, "bad_request"),
    ("bad json lookup", lambda c, k: c.post("/lookup", content=b"{", headers={
        "Content-Type": "application/json"}), 400, "bad_request"),
    ("schema cypher", lambda c, k: c.post("/cypher", json={"query": 5}), 422,
     "validation_error"),
    ("schema lookup", lambda c, k: c.post("/lookup", json={"content": "x"}), 422,
     "validation_error"),
    ("sparql service", lambda c, k: c.get("/sparql", params={
        "query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}), 400,
     "service_not_allowed"),
    ("repeated query", lambda c, k: c.get("/sparql", params=[
        ("query", "ASK {}"), ("query", "ASK {}")]), 400, "bad_request"),
    ("bad reference", lambda c, k: c.get("/models/org/Base/path", params={"to": "../x"}), 400,
     "bad_request"),
    ("sparql syntax", lambda c, k: c.get("/sparql", params={"query": "SELECT WHERE"}), 400,
     "query_error"),
    ("sparql update", lambda c, k: c.post("/sparql", data={"update": "CLEAR ALL"}), 403,
     "read_only"),
    ("too many rows", lambda c, k: c.get("/sparql", params={
        "query": "SELECT * { ?a ?b ?c . ?d ?e ?f }"}), 400, "result_too_large"),
    ("no key", lambda c, k: c.post("/import", files={"files": ("a/b/README.md", b"")}), 401,
     "unauthorized"),
    ("wrong key", lambda c, k: c.post("/import", headers={"X-API-Key": "nope"}), 403,
     "forbidden"),
    ("media type", lambda c, k: c.post("/import", headers=k, content=b"x"), 415,
     "unsupported_media_type"),
    ("too large", lambda c, k: c.post("/lookup", content=b"x" * 300_000, headers={
        "Content-Type": "application/json"}), 413, "payload_too_large"),
    ("no neo4j", lambda c, k: c.post("/cypher", json={"query": "RETURN 1"}), 503,
     "store_unavailable"),
    ("bad source", lambda c, k: c.post("/lookup", json={
        "filename": "README.md", "content": "---\nbase_model: [a\n---\n"}), 400, "bad_source"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "call", "status", "code"), CASES, ids=[c[0] for c in CASES])
def test_error_shape(api: ApiServer, name: str, call: Request, status: int, code: str) -> None:
    with api.client() as c:
        r = call(c, api.auth())
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "status"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert "Traceback" not in r.text and 'File "' not in r.text


def test_timeouts_have_the_shape_too(api: ApiServer) -> None:
    query = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    with api.client() as c:
        r = c.get("/sparql", params={"query": query})
    assert r.status_code == 504
    assert r.json() == {
        "error": {
            "code": "query_timeout",
            "message": r.json()["error"]["message"],
            "status": 504,
        }
    }


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [("PUT", "/sparql", {"GET", "POST"}), ("GET", "/lookup", {"POST"}),
     ("DELETE", "/search", {"GET"})],
)  # fmt: skip
def test_405_lists_every_method_the_path_serves(
    api: ApiServer, method: str, path: str, allowed: set[str]
) -> None:
    with api.client() as c:
        r = c.request(method, path)
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"
    listed = {m.strip() for m in r.headers["Allow"].split(",")}
    assert allowed <= listed and method not in listed

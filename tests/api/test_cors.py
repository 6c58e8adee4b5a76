"""OPTIONS everywhere; CORS off by default, on for the origins an operator lists."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.conftest import ApiServer, api_records, start_server, stop_server

PAGE = "https://lineage-ui.example.org"
PREFLIGHT = {"Origin": PAGE, "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "content-type"}  # fmt: skip


@pytest.fixture(scope="module")
def cors_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    server = start_server(tmp_path_factory.mktemp("cors"), api_records(), {
        "LINEAGE_API_CORS_ORIGINS": f"{PAGE} https://other.example.org",
    })  # fmt: skip
    yield server
    stop_server(server)


def test_options_lists_the_methods_of_each_path(api: ApiServer) -> None:
    with api.client() as c:
        sparql = c.options("/sparql")
        lookup = c.options("/lookup")
        model = c.options("/models/org/Base/ancestors")
        nothing = c.options("/no/such/endpoint")
    assert sparql.status_code == 204
    assert {m.strip() for m in sparql.headers["Allow"].split(",")} >= {"GET", "POST", "OPTIONS"}
    assert "GET" not in lookup.headers["Allow"] and "POST" in lookup.headers["Allow"]
    assert model.status_code == 204 and "GET" in model.headers["Allow"]
    assert nothing.status_code == 404 and nothing.json()["error"]["code"] == "not_found"


def test_cors_is_off_by_default(api: ApiServer) -> None:
    with api.client() as c:
        pre = c.options("/sparql", headers=PREFLIGHT)
        get = c.get("/search", params={"q": "org"}, headers={"Origin": PAGE})
    assert pre.status_code == 204 and get.status_code == 200
    for r in (pre, get):
        assert not any(h.lower().startswith("access-control-") for h in r.headers)


def test_listed_origins_may_read_and_others_may_not(cors_api: ApiServer) -> None:
    with cors_api.client() as c:
        pre = c.options("/sparql", headers=PREFLIGHT)
        get = c.get("/search", params={"q": "org"}, headers={"Origin": PAGE})
        err = c.get("/models/nobody/nothing", headers={"Origin": PAGE})
        other = c.options("/sparql", headers={**PREFLIGHT, "Origin": "https://evil.example"})
        other_get = c.get("/search", params={"q": "org"},
                          headers={"Origin": "https://evil.example"})  # fmt: skip
    assert pre.status_code == 204
    assert pre.headers["Access-Control-Allow-Origin"] == PAGE
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    assert "content-type" in pre.headers["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in pre.headers
    assert get.headers["Access-Control-Allow-Origin"] == PAGE and "Origin" in get.headers["Vary"]
    assert err.status_code == 404 and err.headers["Access-Control-Allow-Origin"] == PAGE
    for r in (other, other_get):
        assert "Access-Control-Allow-Origin" not in r.headers

"""Hostile lookups: YAML that is costly to parse is refused early; parsing is rationed."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.api.conftest import ApiServer

# Every hostile case ends in bounded time (the server's own limits are what is tested).
pytestmark = pytest.mark.timeout(120)


def card(front_matter: str) -> dict[str, str]:
    """A /lookup JSON body with this front matter."""
    return {"filename": "README.md", "content": f"---\n{front_matter}---\n# A card\n"}


def duplicate_keys(count: int) -> str:
    return "base_model: a/b\n" * count


def test_a_huge_front_matter_is_refused_before_parsing(hostile_api: ApiServer) -> None:
    body = card(duplicate_keys(290_000))  # 4.6 MB: the shape a red-team run sent
    started = time.monotonic()
    with hostile_api.client() as c:
        r = c.post("/lookup", json=body)
    assert r.status_code == 400, r.text[:300]
    assert r.json()["error"]["code"] == "bad_source"
    assert "limit is 1,000,000" in r.json()["error"]["message"]
    assert time.monotonic() - started < 5


def test_too_many_nodes_are_refused_before_they_are_built(hostile_api: ApiServer) -> None:
    flow = "datasets: [" + ",".join("x" for _ in range(490_000)) + "]\n"  # 980 kB, 490k nodes
    started = time.monotonic()
    with hostile_api.client() as c:
        r = c.post("/lookup", json=card(flow))
    assert r.status_code == 400, r.text[:300]
    assert "more than 200000 nodes" in r.json()["error"]["message"]
    assert time.monotonic() - started < 15


def test_lookups_are_rationed_and_the_overflow_gets_429(hostile_api: ApiServer) -> None:
    body = card(duplicate_keys(61_000))  # just under the size cap: parsed in full (seconds)

    def send(_: int) -> httpx.Response:
        with hostile_api.client() as c:
            return c.post("/lookup", json=body)

    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(send, range(12)))
    statuses = sorted(r.status_code for r in answers)
    assert set(statuses) <= {200, 429}, statuses
    assert 429 in statuses, statuses
    busy = next(r for r in answers if r.status_code == 429)
    assert busy.json()["error"]["code"] == "too_many_requests"
    assert busy.headers["Retry-After"] == "1"
    with hostile_api.client() as c:  # the server still answers
        assert c.get("/health/live").status_code == 200

"""``GET /sources/recent``: the sources imports wrote last, over a real server.

The store is seeded with sources two earlier imports stamped and one written outside any
import; then a card is imported through ``POST /import`` and must come first.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from lineage.core.records import SourceRecord
from tests.api.conftest import API_KEY, ApiServer, start_server, stop_server
from tests.factories import claim, rec

CARD = b"---\nlicense: mit\nbase_model: early/Base\n---\n# A fine-tune we import last\n"


def _stamped(model: str, at: str, *claims: object) -> SourceRecord:
    r = rec(model, *claims)  # type: ignore[arg-type]
    r.imported_at = at
    return r


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    records = [
        _stamped("early/Base", "2026-01-05T08:00:00.000Z"),
        _stamped("early/Chat", "2026-01-05T08:00:00.000Z", claim("early/Base")),
        _stamped("later/Tune", "2026-02-10T16:30:12.250Z", claim("early/Chat")),
        rec("unstamped/Model", claim("early/Base")),
    ]
    s = start_server(tmp_path_factory.mktemp("sources"), records, {"LINEAGE_API_KEY": API_KEY})
    yield s
    stop_server(s)


def test_recent_imports_newest_first_then_by_source(server: ApiServer) -> None:
    with server.client() as c:
        got = c.get("/sources/recent").json()
        two = c.get("/sources/recent", params={"limit": 2}).json()
    assert got["limit"] == 10
    assert [(i["model"], i["source"], i["kind"], i["imported_at"]) for i in got["items"]] == [
        ("later/Tune", "card:later/Tune", "card", "2026-02-10T16:30:12.250Z"),
        ("early/Base", "card:early/Base", "card", "2026-01-05T08:00:00.000Z"),
        ("early/Chat", "card:early/Chat", "card", "2026-01-05T08:00:00.000Z"),
    ]
    assert two["items"] == got["items"][:2]


def test_an_import_through_the_api_comes_first_with_its_time(server: ApiServer) -> None:
    before = datetime.now(UTC)
    with server.client() as c:
        done = c.post(
            "/import",
            files=[("files", ("README.md", CARD, "text/markdown"))],
            data={"model_id": "now/Imported"},
            headers=server.auth(),
        )
        items = c.get("/sources/recent", params={"limit": 3}).json()["items"]
    after = datetime.now(UTC)
    assert done.status_code == 200, done.text
    first = items[0]
    assert first["model"] == "now/Imported"
    at = datetime.fromisoformat(first["imported_at"].replace("Z", "+00:00"))
    # Milliseconds are kept; the server and the test share the clock.
    assert before.replace(microsecond=before.microsecond // 1000 * 1000) <= at <= after
    assert [i["model"] for i in items[1:]] == ["later/Tune", "early/Base"]


def test_recent_imports_validate_the_limit(server: ApiServer) -> None:
    with server.client() as c:
        for bad in ("0", "101", "ten"):
            res = c.get("/sources/recent", params={"limit": bad})
            assert res.status_code == 422, bad
            assert res.json()["error"]["code"]

"""The API refreshes the consolidated view in the background: at start, after an import
before it started, and after each write it takes; off with LINEAGE_API_REFRESH_VIEW=false."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from lineage.core import vocab as v
from lineage.stores.oxigraph.store import OxigraphStore
from tests.api.conftest import API_KEY, ApiServer, api_records, start_server, stop_server

CHAT = v.model_iri("org/Chat")
PARENTS = f"SELECT ?p WHERE {{ <{CHAT}> lin:fineTunedFrom ?p }}"


def view_status(server: ApiServer) -> dict[str, Any]:
    with server.client() as c:
        ready = c.get("/health/ready")
    assert ready.status_code == 200, ready.text
    status: dict[str, Any] = ready.json()["view"]
    return status


def settled(server: ApiServer, timeout: float = 60.0) -> dict[str, Any]:
    """The view's status once no refresh runs."""
    deadline = time.monotonic() + timeout
    while (status := view_status(server))["state"] == "refreshing":
        assert time.monotonic() < deadline, status
        time.sleep(0.05)
    return status


def models_of_a_rebuild(tmp_path: Path) -> int:
    """How many models the view of `api_records` holds, refreshed by the store itself."""
    store = OxigraphStore(tmp_path / "reference")
    try:
        store.write(api_records())
        return store.refresh_view().models
    finally:
        store.close()


def test_the_view_an_import_left_stale_is_rebuilt_before_any_query(tmp_path: Path) -> None:
    expected = models_of_a_rebuild(tmp_path)
    server = start_server(tmp_path, api_records(), {"LINEAGE_API_KEY": API_KEY})
    try:
        first = settled(server)
        # The rebuild was the background's: no query has come yet.
        assert first["state"] == "fresh" and first["models"] == expected > 0, first
        card = "---\nbase_model: org/Reasoner\n---\n# Retrained\n"
        files = [("files", ("org/Chat/README.md", card.encode(), "text/markdown"))]
        with server.client() as c:
            stored = c.post("/import", files=files, headers=server.auth())
        assert stored.status_code == 200, stored.text
        after = settled(server)
        # Only the models the import named are refreshed (org/Chat, its old and new parent).
        assert after["state"] == "fresh" and 0 < after["models"] < expected, after
        with server.client() as c:
            now = c.get("/sparql", params={"query": PARENTS})
        assert now.headers["Lineage-View"] == "fresh"
        bindings = now.json()["results"]["bindings"]
        assert [b["p"]["value"] for b in bindings] == [v.model_iri("org/Reasoner")]
    finally:
        stop_server(server)


def test_turned_off_the_first_query_refreshes_it(tmp_path: Path) -> None:
    server = start_server(tmp_path, api_records(), {"LINEAGE_API_REFRESH_VIEW": "false"})
    try:
        time.sleep(0.5)  # time enough for a refresh that should not start
        assert view_status(server) == {"state": "idle"}
        with server.client() as c:
            answer = c.get("/sparql", params={"query": PARENTS})
        assert answer.headers["Lineage-View"] == "fresh"
        assert view_status(server) == {"state": "idle"}
    finally:
        stop_server(server)


def test_a_server_that_cannot_write_says_why_it_did_not_refresh(tmp_path: Path) -> None:
    db = tmp_path / "store"
    writer = OxigraphStore(db)
    writer.write(api_records())  # the view is to be built, and the store stays held
    writer.flush()
    server = start_server(tmp_path, None, {})
    try:
        status = settled(server)
        assert status["state"] == "unavailable" and status["error"], status
    finally:
        stop_server(server)
        writer.close()

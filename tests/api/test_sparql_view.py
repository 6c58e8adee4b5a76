"""/sparql answers from the consolidated view: each fact once, the union on request, and
the union (saying so) when the view is stale and the server cannot refresh it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from lineage.core import vocab as v
from lineage.stores.oxigraph.store import OxigraphStore
from tests.api.conftest import API_KEY, ApiServer, api_records, start_server, stop_server
from tests.factories import claim, rec

CHAT = v.model_iri("org/Chat")
PARENTS = f"SELECT ?p WHERE {{ <{CHAT}> lin:fineTunedFrom ?p }}"
SAID = "lin:fineTunedFrom|lin:adapterOf"
FUSED = f"""SELECT ?rel ?conflict ?claims WHERE {{ <{CHAT}> prov:qualifiedDerivation ?d .
  ?d lin:relation ?rel ; lin:conflict ?conflict ; lin:claimCount ?claims }}"""


def records() -> list:  # type: ignore[type-arg]
    """`api_records`, plus a Hub row naming org/Chat's parent again, as an adapter."""
    hub = rec("org/Chat", claim("org/Base", "adapter", "hub-api"), source="hub:org/Chat")
    return [*api_records(), hub]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    s = start_server(tmp_path_factory.mktemp("view"), records(), {"LINEAGE_API_KEY": API_KEY})
    yield s
    stop_server(s)


def bindings(r: httpx.Response) -> list[dict[str, str]]:
    assert r.status_code == 200, r.text
    return [{k: x["value"] for k, x in b.items()} for b in r.json()["results"]["bindings"]]


def test_each_fact_once_from_the_view_and_the_union_on_request(server: ApiServer) -> None:
    with server.client() as c:
        view = c.get("/sparql", params={"query": PARENTS})
        union = c.get("/sparql", params={"query": PARENTS, "union": "true"})
        posted = c.post("/sparql", data={"query": PARENTS, "union": "true"})
        fused = c.get("/sparql", params={"query": FUSED})
        per_source = c.get(
            "/sparql",
            params={"query": f"SELECT ?g WHERE {{ GRAPH ?g {{ <{CHAT}> {SAID} ?p }} }}"},
        )
        named = c.get("/sparql", params={"query": PARENTS, "default-graph-uri": v.VIEW_GRAPH})
        bad = c.post("/sparql", data={"query": PARENTS, "union": "maybe"})
    assert bindings(view) == [{"p": v.model_iri("org/Base")}]
    assert (view.headers["Lineage-Default-Graph"], view.headers["Lineage-View"]) == (
        "view",
        "fresh",
    )
    # Every graph: the card's statement and the view's (the Hub row says adapterOf).
    assert len(bindings(union)) == 2 and union.headers["Lineage-Default-Graph"] == "union"
    assert len(bindings(posted)) == 2
    assert bindings(fused) == [{"rel": "finetune", "conflict": "true", "claims": "2"}]
    assert len(bindings(per_source)) == 2
    assert bindings(named) == bindings(view) and named.headers["Lineage-Default-Graph"] == "request"
    assert bad.status_code == 400 and "union" in bad.json()["error"]["message"]


def test_a_write_through_the_api_shows_in_the_next_query(server: ApiServer) -> None:
    card = "---\nbase_model: org/Reasoner\nlicense: apache-2.0\n---\n# Retrained\n"
    files = [("files", ("org/Chat/README.md", card.encode(), "text/markdown"))]
    with server.client() as c:
        stored = c.post("/import", files=files, headers=server.auth())
        now = c.get("/sparql", params={"query": PARENTS})
        licences = c.get(
            "/sparql", params={"query": f"SELECT ?l WHERE {{ <{CHAT}> schema:license ?l }}"}
        )
    assert stored.status_code == 200, stored.text
    assert bindings(now) == [{"p": v.model_iri("org/Reasoner")}]
    assert now.headers["Lineage-View"] == "fresh"
    assert bindings(licences) == [{"l": "apache-2.0"}]


def test_a_server_that_cannot_write_answers_a_stale_view_from_the_union(tmp_path: Path) -> None:
    db = tmp_path / "store"
    writer = OxigraphStore(db)
    writer.write(records())
    writer.refresh_view()
    writer.write([rec("x/New", claim("org/Chat"))])  # stale now, and the store stays held
    writer.flush()
    server = start_server(tmp_path, None, {})
    try:
        with server.client() as c:
            stale = c.get("/sparql", params={"query": PARENTS})
            ready = c.get("/health/ready")
        assert stale.headers["Lineage-View"] == "stale"
        assert stale.headers["Lineage-Default-Graph"] == "union"
        assert len(bindings(stale)) == 2
        assert ready.status_code == 200
    finally:
        stop_server(server)
        writer.close()

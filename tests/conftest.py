"""Shared fixtures: real stores, started or opened by the tests themselves."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from lineage.stores.base import LineageStore
from lineage.stores.neo4j.store import Neo4jStore
from lineage.stores.oxigraph.store import OxigraphStore
from lineage.stores.sparql.client import SparqlClient
from lineage.stores.sparql.store import SparqlStore

if TYPE_CHECKING:
    from lineage.sparql_server.launcher import SparqlServer

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "cards"
CORPUS = REPO.parent / "shared" / "corpus"

STORE_ENGINES = ["embedded", "neo4j", "sparql-oxigraph", "sparql-fuseki"]
#: The password of the Neo4j the tests start (as teams run it: authentication on).
TEST_NEO4J_PASSWORD = "lineage-test-secret"


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Neo4j: ``LINEAGE_TEST_NEO4J_URI`` if given, else one we build and start.

    The one we start runs as teams run Neo4j: authentication on, reached through the
    ``neo4j://`` routing scheme; its password is exported as
    ``LINEAGE_TEST_NEO4J_PASSWORD``, where every test that opens it looks.
    Never skipped: a Neo4j that cannot start fails the tests that need it.
    """
    given = os.environ.get("LINEAGE_TEST_NEO4J_URI")
    if given:
        yield given
        return
    from lineage.neo4j_server import launcher as neo4j_dev

    data = tmp_path_factory.mktemp("neo4j-home")
    info = neo4j_dev.start(
        port=neo4j_dev.free_port(), data=data, heap="768m", password=TEST_NEO4J_PASSWORD
    )
    before = os.environ.get("LINEAGE_TEST_NEO4J_PASSWORD")
    os.environ["LINEAGE_TEST_NEO4J_PASSWORD"] = TEST_NEO4J_PASSWORD
    try:
        yield info.uri.replace("bolt://", "neo4j://", 1)
    finally:
        if before is None:
            os.environ.pop("LINEAGE_TEST_NEO4J_PASSWORD", None)
        else:
            os.environ["LINEAGE_TEST_NEO4J_PASSWORD"] = before
        neo4j_dev.stop(data)


@pytest.fixture
def neo4j_store_factory(neo4j_uri: str) -> Callable[[], LineageStore]:
    """Opens the test Neo4j as a store, emptied first (Community has one database)."""

    def make() -> LineageStore:
        store = Neo4jStore(
            neo4j_uri,
            password=os.environ.get("LINEAGE_TEST_NEO4J_PASSWORD"),
            database=os.environ.get("LINEAGE_TEST_NEO4J_DATABASE", "neo4j"),
        )
        store.clear()
        return store

    return make


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    """A real ``oxigraph serve`` (union default graph) in its own process, on a free port.

    Never skipped: a server that cannot start fails the tests that need it.
    """
    from lineage.sparql_server import launcher

    server = launcher.start_oxigraph(tmp_path_factory.mktemp("oxigraph-server"))
    try:
        yield server
    finally:
        launcher.stop(server)


@pytest.fixture(scope="session")
def fuseki_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    """A real Apache Jena Fuseki (in-memory TDB2, union default graph), fetched with Maven."""
    from lineage.sparql_server import launcher

    server = launcher.start_fuseki(tmp_path_factory.mktemp("fuseki-server"))
    try:
        yield server
    finally:
        launcher.stop(server)


def sparql_store_on(server: SparqlServer, **options: Any) -> SparqlStore:
    """The remote engine on a test server."""
    client = SparqlClient(server.query_url, server.update_url, server.gsp_url, timeout=60.0)
    return SparqlStore(client, **options)


@pytest.fixture(params=["oxigraph_server", "fuseki_server"])
def sparql_server(request: pytest.FixtureRequest) -> SparqlServer:
    """Each test SPARQL server in turn: Oxigraph server, then Fuseki."""
    found: SparqlServer = request.getfixturevalue(request.param)
    return found


@pytest.fixture
def remote(sparql_server: SparqlServer) -> Iterator[SparqlStore]:
    """The remote engine on each test server, emptied first."""
    store = sparql_store_on(sparql_server)
    store.clear()
    yield store
    store.close()


def _emptied(server: SparqlServer) -> Callable[[], LineageStore]:
    def make() -> LineageStore:
        store = sparql_store_on(server)
        store.clear()
        return store

    return make


@pytest.fixture
def sparql_oxigraph_store_factory(oxigraph_server: SparqlServer) -> Callable[[], LineageStore]:
    """Opens the test Oxigraph server as a remote SPARQL store, emptied first."""
    return _emptied(oxigraph_server)


@pytest.fixture
def sparql_fuseki_store_factory(fuseki_server: SparqlServer) -> Callable[[], LineageStore]:
    """Opens the test Fuseki as a remote SPARQL store, emptied first."""
    return _emptied(fuseki_server)


def _open(name: str, tmp_path: Path, request: pytest.FixtureRequest) -> LineageStore:
    if name == "embedded":
        return OxigraphStore(tmp_path / "store")
    factory = request.getfixturevalue(f"{name.replace('-', '_')}_store_factory")
    store: LineageStore = factory()
    return store


@pytest.fixture(params=STORE_ENGINES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LineageStore]:
    """An empty store of every engine (the conformance suite runs against each)."""
    s = _open(request.param, tmp_path, request)
    yield s
    s.close()


@pytest.fixture
def oxi(tmp_path: Path) -> Iterator[OxigraphStore]:
    """An empty embedded store on disk."""
    s = OxigraphStore(tmp_path / "store")
    yield s
    s.close()

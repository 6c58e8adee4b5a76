"""Real API servers for the API tests: ``lineage serve`` subprocesses on free loopback ports.

Each server gets its own store folder, prepared here from `tests.factories` records
before the server opens it (Oxigraph allows one writer process). The fixtures wait
until ``/health/ready`` answers, and stop the servers (and their SPARQL workers) at
the end of the session.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from lineage.core.records import SourceRecord
from lineage.stores.neo4j.store import Neo4jStore
from lineage.stores.oxigraph.store import OxigraphStore
from tests.factories import claim, family, rec
from tests.helpers import end_with_parent, free_port

API_KEY = "test-key-0123456789"
QUERY_TIMEOUT = 3.0
QUERY_LIMIT = 1000
MAX_BODY = 256 * 1024
MAX_UPLOAD = 2 * 1024 * 1024
ZIP_MAX_FILES = 50
ZIP_MAX_BYTES = 1024 * 1024
ZIP_MAX_RATIO = 50
START_TIMEOUT = 60.0


def api_records() -> list[SourceRecord]:
    """The family of `tests.factories` plus a legacy single-segment id and its child."""
    return [
        *family(),
        rec("gpt2", license="mit", datasets=["openwebtext"]),
        rec("someone/gpt2-chat", claim("gpt2"), datasets=["OpenAssistant/oasst1"]),
    ]


@dataclass
class ApiServer:
    """A running ``lineage serve``."""

    url: str
    db: Path
    log: Path
    process: subprocess.Popen[bytes]
    api_key: str | None
    store: str

    def client(self, **kwargs: object) -> httpx.Client:
        """An HTTP client for this server."""
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)  # type: ignore[arg-type]

    def auth(self) -> dict[str, str]:
        """Headers that carry the right API key."""
        assert self.api_key is not None
        return {"Authorization": f"Bearer {self.api_key}"}


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINEAGE_")}
    env.update(
        LINEAGE_QUERY_TIMEOUT=str(QUERY_TIMEOUT),
        LINEAGE_QUERY_LIMIT=str(QUERY_LIMIT),
        LINEAGE_API_MAX_BODY_BYTES=str(MAX_BODY),
        LINEAGE_API_MAX_UPLOAD_BYTES=str(MAX_UPLOAD),
        LINEAGE_API_ZIP_MAX_FILES=str(ZIP_MAX_FILES),
        LINEAGE_API_ZIP_MAX_BYTES=str(ZIP_MAX_BYTES),
        LINEAGE_API_ZIP_MAX_RATIO=str(ZIP_MAX_RATIO),
        LINEAGE_API_SPARQL_WORKERS="2",
    )
    env.update(extra)
    return env


def start_server(
    folder: Path, records: list[SourceRecord] | None, env: dict[str, str], store: str = "embedded"
) -> ApiServer:
    """Write ``records`` into a fresh store folder, start ``lineage serve`` on it, wait for ready.

    With ``records`` None the folder's store is served as it is (and may be held by another
    process).
    """
    db = folder / "store"
    if records is not None:
        seed = OxigraphStore(db)
        seed.write(records)
        seed.close()
    port = free_port()
    log = folder / "server.log"
    cmd = [
        sys.executable, "-c", "from lineage.cli import main; main()", "serve",
        "--host", "127.0.0.1", "--port", str(port), "--db", str(db), "--store", store,
        "--log-level", "warning",
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            env=_env(env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=end_with_parent,
        )
    server = ApiServer(f"http://127.0.0.1:{port}", db, log, proc, env.get("LINEAGE_API_KEY"), store)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"lineage serve exited ({proc.returncode}):\n{log.read_text()}")
        try:
            if httpx.get(server.url + "/health/ready", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    stop_server(server)
    raise RuntimeError(f"lineage serve did not become ready:\n{log.read_text()}")


def stop_server(server: ApiServer) -> None:
    """Stop the server and everything it started (its process group)."""
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(5)


@pytest.fixture(scope="session")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """The main server: embedded store with `api_records`, an API key, small limits."""
    server = start_server(
        tmp_path_factory.mktemp("api"), api_records(), {"LINEAGE_API_KEY": API_KEY}
    )
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def keyless_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """A server with no API key, and a Neo4j configured where nothing listens."""
    dead = f"bolt://127.0.0.1:{free_port()}"
    server = start_server(tmp_path_factory.mktemp("keyless"), api_records(), {
        "LINEAGE_NEO4J_URI": dead,
    })  # fmt: skip
    yield server
    stop_server(server)


def _neo4j_env(uri: str) -> dict[str, str]:
    """How the API server reaches the session's Neo4j (tests/conftest.py's ``neo4j_uri``)."""
    env = {"LINEAGE_NEO4J_URI": uri}
    for name in ("PASSWORD", "DATABASE"):
        value = os.environ.get(f"LINEAGE_TEST_NEO4J_{name}")
        if value:
            env[f"LINEAGE_NEO4J_{name}"] = value
    return env


class SeededGraph:
    """The session's Neo4j holding exactly `api_records` (written again when it does not)."""

    def __init__(self, uri: str) -> None:
        env = _neo4j_env(uri)
        self.store = Neo4jStore(
            uri,
            password=env.get("LINEAGE_NEO4J_PASSWORD"),
            database=env.get("LINEAGE_NEO4J_DATABASE", "neo4j"),
        )
        self.expected: dict[str, int] = {}
        self.seed()

    def seed(self) -> None:
        """Empty the database and write the records."""
        self.store.clear()
        self.store.write(api_records())
        self.expected = self.store.stats()

    def ensure(self) -> None:
        """Seed again if anything (another module's test, an import test) changed the graph."""
        if self.store.stats() != self.expected:
            self.seed()


@pytest.fixture(scope="session")
def _neo4j_graph(neo4j_uri: str) -> Iterator[SeededGraph]:
    graph = SeededGraph(neo4j_uri)
    yield graph
    graph.store.close()


@pytest.fixture(scope="session")
def _neo4j_server(
    tmp_path_factory: pytest.TempPathFactory, neo4j_uri: str, _neo4j_graph: SeededGraph
) -> Iterator[ApiServer]:
    server = start_server(
        tmp_path_factory.mktemp("api-neo4j"),
        api_records(),
        {"LINEAGE_API_KEY": API_KEY, **_neo4j_env(neo4j_uri)},
        store="neo4j",
    )
    yield server
    stop_server(server)


@pytest.fixture
def neo4j_api(_neo4j_server: ApiServer, _neo4j_graph: SeededGraph) -> ApiServer:
    """A server answering from Neo4j (same records in both stores), with the API key.

    Community Neo4j has one database, which other test modules empty and fill between
    their tests; each test here starts from `api_records` again when the graph changed.
    """
    _neo4j_graph.ensure()
    return _neo4j_server


@pytest.fixture(params=["embedded", "neo4j"])
def any_api(request: pytest.FixtureRequest) -> ApiServer:
    """Each server in turn: the same behaviour is expected whichever store answers."""
    name = "api" if request.param == "embedded" else "neo4j_api"
    server: ApiServer = request.getfixturevalue(name)
    return server

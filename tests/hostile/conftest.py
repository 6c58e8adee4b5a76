"""The standing hostile suite: what an attacker or a careless user sends, within bounds.

Fixtures for the reader and import cases are named ``hostile_*`` (a sentinel good card that
every hostile import carries, and a CLI runner).

The API cases start a real ``lineage serve`` (as tests/api does) with small limits, so
each attack ends in seconds and in a few hundred megabytes; a `Listener` stands in for
an internal service that must never be contacted.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lineage.stores.oxigraph.store import OxigraphStore
from tests.api.conftest import (  # noqa: F401  (fixtures, registered by being imported here)
    API_KEY,
    ApiServer,
    _neo4j_graph,
    _neo4j_server,
    api_records,
    neo4j_api,
    start_server,
    stop_server,
)
from tests.conftest import REPO

#: Heap of one SPARQL worker: a few times what a worker needs idle (about 100 MB).
WORKER_MEMORY = 384 * 2**20
#: Largest SPARQL result body.
RESULT_BYTES = 64 * 1024


class Listener:
    """A TCP server on a loopback port that records every connection made to it.

    With ``answer`` it replies to each request with that HTTP response (a SPARQL
    endpoint stand-in); without, it closes the connection at once.
    """

    def __init__(self, answer: bytes | None = None) -> None:
        self.answer = answer
        self.requests: list[bytes] = []
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self.port: int = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    data = conn.recv(65536)
                except OSError:
                    data = b""
                self.requests.append(data or b"(connected)")
                if self.answer is not None:
                    conn.sendall(self.answer)

    def close(self) -> None:
        """Stop accepting."""
        self._stop.set()
        self._thread.join(2)
        self._sock.close()


def sparql_endpoint_answer() -> bytes:
    """An HTTP response with one empty SPARQL JSON solution."""
    body = b'{"head": {"vars": []}, "results": {"bindings": [{}]}}'
    return (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    """An internal service the API must never reach."""
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="session")
def hostile_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """A server with the defaults an operator gets, but small caps so attacks end fast."""
    server = start_server(tmp_path_factory.mktemp("hostile"), api_records(), {
        "LINEAGE_API_KEY": API_KEY,
        "LINEAGE_API_SPARQL_MEMORY_BYTES": str(WORKER_MEMORY),
        "LINEAGE_API_MAX_RESULT_BYTES": str(RESULT_BYTES),
        "LINEAGE_API_LOOKUP_CONCURRENCY": "1",
        # The default body limit, so oversized YAML reaches the card reader's own bounds.
        "LINEAGE_API_MAX_BODY_BYTES": "6000000",
    })  # fmt: skip
    yield server
    stop_server(server)


SENTINEL_ID = "sentinel-org/sentinel-model"
SENTINEL_PARENT = "sentinel-org/sentinel-base"
SENTINEL_CARD = f"""---
license: apache-2.0
base_model: {SENTINEL_PARENT}
---
# Sentinel

A plain card that every hostile import carries beside the bad input.
"""

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def hostile_sentinel(tmp_path: Path) -> Path:
    """A folder ``cards/`` holding one good card (``SENTINEL_ID``): add hostile files beside it."""
    folder = tmp_path / "cards" / SENTINEL_ID
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(SENTINEL_CARD, encoding="utf-8")
    return tmp_path / "cards"


def hostile_sentinel_stored(db: Path) -> bool:
    """Whether the sentinel card and its parent edge are in the store at ``db``."""
    store = OxigraphStore(db, index=False)
    try:
        return [e.parent for e in store.parents(SENTINEL_ID)] == [SENTINEL_PARENT]
    finally:
        store.close()


@pytest.fixture
def hostile_cli() -> Run:
    """Run ``lineage ARGS`` in a new process (``timeout`` seconds at most)."""

    def run(
        *args: str, db: Path | None = None, timeout: float = 120, **env: str
    ) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, **env}
        if db is not None:
            full_env["LINEAGE_DB"] = str(db)
        return subprocess.run(
            [sys.executable, "-m", "lineage", *args],
            capture_output=True, text=True, env=full_env, cwd=REPO, timeout=timeout,
        )  # fmt: skip

    return run

"""Every write surface reaches every configured store (the embedded record and Neo4j).

`lineage import-dump` and `lineage import-hub` once wrote to the embedded store only, so a
user with Neo4j configured got two graphs that disagreed; one rule now decides
(`lineage.ingest.targets`), and these tests hold every surface to it.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lineage.cli import app
from lineage.core.settings import Settings
from lineage.ingest.targets import write_store_names
from lineage.stores.base import LineageStore
from lineage.stores.oxigraph.store import OxigraphStore
from tests.conftest import EXAMPLES
from tests.test_hub_live import FakeHub

DUMPS = Path(__file__).parent / "fixtures" / "hub" / "dump"


def test_the_rule_names_every_configured_store() -> None:
    assert write_store_names(Settings(neo4j_uri=None, store="embedded")) == ["embedded"]
    assert write_store_names(Settings(neo4j_uri="bolt://x:1", store="embedded")) == [
        "embedded",
        "neo4j",
    ]
    assert write_store_names(Settings(neo4j_uri="bolt://x:1", store="neo4j")) == [
        "embedded",
        "neo4j",
    ]


@pytest.fixture
def neo4j_env(
    neo4j_uri: str, neo4j_store_factory: Callable[[], LineageStore], monkeypatch: pytest.MonkeyPatch
) -> Iterator[LineageStore]:
    """Neo4j configured the way a user does it, emptied first."""
    store = neo4j_store_factory()
    monkeypatch.setenv("LINEAGE_NEO4J_URI", neo4j_uri)
    for name in ("PASSWORD", "DATABASE"):
        value = os.environ.get(f"LINEAGE_TEST_NEO4J_{name}")
        if value:
            monkeypatch.setenv(f"LINEAGE_NEO4J_{name}", value)
    yield store
    store.close()


def _same_graph(db: Path, neo4j: LineageStore) -> None:
    embedded = OxigraphStore(db)
    try:
        ours = sorted((e.child, e.parent, e.relation) for e in embedded.iter_edges())
        ids = sorted(n.id for n in embedded.iter_nodes())
    finally:
        embedded.close()
    assert ids, "the import wrote nothing"
    assert sorted(n.id for n in neo4j.iter_nodes()) == ids
    assert sorted((e.child, e.parent, e.relation) for e in neo4j.iter_edges()) == ours


def _run(args: list[str]) -> dict[str, object]:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    assert data["sources"], data
    return data


@pytest.mark.neo4j
def test_import_of_folders_reaches_neo4j(neo4j_env: LineageStore, tmp_path: Path) -> None:
    db = tmp_path / "db"
    _run(["import", str(EXAMPLES / "deepseek-ai"), "--db", str(db)])
    _same_graph(db, neo4j_env)


@pytest.mark.neo4j
@pytest.mark.parametrize("command", ["import", "import-dump"])
def test_import_of_dumps_reaches_neo4j(
    neo4j_env: LineageStore, tmp_path: Path, command: str
) -> None:
    db = tmp_path / "db"
    dump = sorted(DUMPS.glob("*.jsonl"))[0]
    _run([command, str(dump), "--db", str(db)])
    _same_graph(db, neo4j_env)


@pytest.mark.neo4j
def test_import_hub_reaches_neo4j(neo4j_env: LineageStore, tmp_path: Path) -> None:
    hub = FakeHub()
    thread = threading.Thread(target=hub.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        db = tmp_path / "db"
        _run(["import-hub", "quanter/chat-7b-GGUF", "--ancestors", "--endpoint", hub.url,
              "--cache-dir", str(tmp_path / "hf-cache"), "--db", str(db)])  # fmt: skip
    finally:
        hub.shutdown()
        hub.server_close()
    _same_graph(db, neo4j_env)

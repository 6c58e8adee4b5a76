"""Shared fixtures: real stores, started or opened by the tests themselves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lineage.stores.base import LineageStore
from lineage.stores.oxigraph_store import OxigraphStore

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "cards"
CORPUS = REPO.parent / "shared" / "corpus"

STORE_ENGINES = ["embedded"]


def _open(name: str, tmp_path: Path, request: pytest.FixtureRequest) -> LineageStore:
    if name == "embedded":
        return OxigraphStore(tmp_path / "store")
    factory = request.getfixturevalue(f"{name}_store_factory")
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

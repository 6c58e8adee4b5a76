"""Fixtures of the hostile-input suite (named ``hostile_*``: other suites share this folder)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from lineage.stores.oxigraph.store import OxigraphStore
from tests.conftest import REPO

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

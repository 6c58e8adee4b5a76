"""Browser tests: a real uvicorn server on a free port, real headless Chromium.

The server runs ``tests.web.app:make_app`` (the project's API app, which mounts
``lineage.web.router``) in a subprocess over a store prepared here: the
DeepSeek example cards imported for real, plus a few records that make the
explorer's features visible (a fan-out big enough to be grouped, a conflict).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lineage.core.records import SourceRecord
from lineage.ingest.folders import run_import
from lineage.stores.oxigraph.store import OxigraphStore
from tests.factories import claim, rec
from tests.helpers import end_with_parent, free_port, wait_until_answers

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "cards"
OUTPUT = REPO / "test-output"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
DISTILL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B"
QUANTS = 60  # more than the default group threshold (50)
CONFLICTED = "conflict-org/R1-Distill-Qwen-32B-Tuned"


def explorer_extras() -> list[SourceRecord]:
    """Sixty GGUF quantizations of the 32B distill (a group) and an edge with a conflict."""
    quants = [
        rec(f"gguf-maker-{i:02d}/DeepSeek-R1-Distill-Qwen-32B-GGUF", claim(DISTILL, "quantized"),
            license="mit")
        for i in range(QUANTS)
    ]  # fmt: skip
    return [
        *quants,
        rec(CONFLICTED, claim(DISTILL, "finetune"), license="mit"),
        rec(CONFLICTED, claim(DISTILL, "adapter", "hub-api"), source=f"hub:{CONFLICTED}",
            describes=False),
    ]  # fmt: skip


def build_example_store(path: Path) -> None:
    """Import the example cards and the extras into ``path``."""
    store = OxigraphStore(path)
    try:
        run_import([EXAMPLES], [store], workers=1)
        store.write(explorer_extras())
    finally:
        store.close()


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Where screenshots go (the test run's output folder)."""
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """Start uvicorn over a store folder; returns the base URL. Stopped at session end."""
    procs: list[subprocess.Popen[bytes]] = []

    def start(db: Path) -> str:
        port = free_port()
        env = {**os.environ, "LINEAGE_DB": str(db), "LINEAGE_STORE": "embedded"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "tests.web.app:make_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=REPO, env=env, preexec_fn=end_with_parent,
        )  # fmt: skip
        procs.append(proc)
        base = f"http://127.0.0.1:{port}/"
        wait_until_answers(base + "explorer/api/formats", proc, 60)
        return base

    yield start
    for proc in procs:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def example_server(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> str:
    """Base URL of a server over the example corpus (plus the extras)."""
    db = tmp_path_factory.mktemp("web") / "store"
    build_example_store(db)
    return serve(db)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium from the system package (Playwright drives it; nothing downloaded)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: run scripts/system-deps.sh")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page; fails the test on JavaScript errors."""
    context = browser.new_context(viewport={"width": 1400, "height": 860})  # type: ignore[attr-defined]
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"

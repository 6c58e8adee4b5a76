"""Browser tests: a real uvicorn server on a free port, real headless Chromium.

The server runs ``tests.web.app:make_app`` (the project's API app, which mounts
``lineage.web.router``) in a subprocess over a store prepared here: the
DeepSeek example cards imported for real, plus a few records that make the
explorer's features visible (a fan-out big enough to be grouped, a conflict).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from lineage.core.records import SourceRecord
from lineage.stores.oxigraph.store import OxigraphStore
from tests.factories import claim, rec

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


def fallback_family() -> list[SourceRecord]:
    """The example family as hand-built records, for when the card importer is absent."""
    return [
        rec("deepseek-ai/DeepSeek-V3-Base", license="other"),
        rec("deepseek-ai/DeepSeek-R1", claim("deepseek-ai/DeepSeek-V3-Base"), license="mit"),
        rec("Qwen/Qwen2.5-32B", license="apache-2.0"),
        rec(DISTILL, claim("Qwen/Qwen2.5-32B"),
            claim("deepseek-ai/DeepSeek-R1", "distillation", "card-prose"), license="mit"),
        rec("bartowski/DeepSeek-R1-Distill-Qwen-32B-GGUF", claim(DISTILL, "quantized"),
            license="mit"),
        rec("mlx-community/DeepSeek-R1-Distill-Qwen-32B-4bit",
            claim(DISTILL, "quantized", inferred=True), license="mit"),
        rec("deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", claim("Qwen/Qwen2.5-Math-1.5B"),
            claim("deepseek-ai/DeepSeek-R1", "distillation", "card-prose"), license="mit"),
    ]  # fmt: skip


def build_example_store(path: Path) -> None:
    """Import the example cards (or the fallback family) and the extras into ``path``."""
    store = OxigraphStore(path)
    try:
        try:
            import importers.card  # noqa: F401  (only its presence matters)
        except ModuleNotFoundError:
            store.write(fallback_family())
        else:
            from lineage.ingest.folders import run_import

            run_import([EXAMPLES], [store], workers=1)
        store.write(explorer_extras())
    finally:
        store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


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
        port = _free_port()
        env = {**os.environ, "LINEAGE_DB": str(db), "LINEAGE_STORE": "embedded"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "tests.web.app:make_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=REPO, env=env,
        )  # fmt: skip
        procs.append(proc)
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {proc.returncode}")
            try:
                if httpx.get(base + "explorer/api/formats", timeout=2).status_code == 200:
                    return base
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("uvicorn did not answer within 60 s")

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

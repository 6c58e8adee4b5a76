"""A family of about 5,000 models stays fast and readable: grouped, cut to a node
budget, only what is expanded drawn."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lineage.core.records import SourceRecord
from lineage.stores.oxigraph.store import OxigraphStore
from tests.factories import claim, rec

BASE = "perf-org/Base"


def big_family() -> list[SourceRecord]:
    """1,284 quantizations, 600 adapters and 100 fine-tunes with 30 quantizations each."""
    out = [rec(BASE, license="apache-2.0")]
    out += [rec(f"quant-{i:04d}/Base-GGUF", claim(BASE, "quantized")) for i in range(1284)]
    out += [rec(f"adapt-{i:03d}/Base-LoRA", claim(BASE, "adapter")) for i in range(600)]
    for i in range(100):
        tuned = f"tune-{i:03d}/Base-FT"
        out.append(rec(tuned, claim(BASE), license="mit"))
        out += [
            rec(f"tq-{i:03d}-{j:02d}/Base-FT-GGUF", claim(tuned, "quantized")) for j in range(30)
        ]
    return out


@pytest.fixture(scope="module")
def big_server(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> str:
    db = tmp_path_factory.mktemp("big") / "store"
    store = OxigraphStore(db)
    store.write(big_family())
    assert store.stats()["models"] == 4985
    store.close()
    return serve(db)


def test_five_thousand_models_draw_fast(page: Any, big_server: str, output_dir: Path) -> None:
    started = time.monotonic()
    page.goto(f"{big_server}#model={BASE}")
    page.locator("#nodes .node.root").wait_for(timeout=60_000)
    first_view = time.monotonic() - started
    labels = sorted(page.locator("#nodes .node text.label").all_text_contents())
    # Two levels would draw 3,000 quantizations of fine-tunes: the budget keeps one level,
    # and the 1,984 direct children are three group nodes.
    assert labels == sorted([BASE, "1,284 quantizations", "600 adapters", "100 fine-tunes"])
    assert "1 level(s) down shown" in (page.locator("#status").text_content() or "")
    assert first_view < 30, first_view  # cold: reads 1,984 edges with their evidence

    started = time.monotonic()
    page.locator('#nodes .node[data-id="group:perf-org/Base:finetune"]').click()
    page.locator("#nodes .node text.label:has-text('70 more fine-tunes')").wait_for()
    assert time.monotonic() - started < 5
    assert page.locator("#nodes .node").count() == 4 + 30
    page.screenshot(path=str(output_dir / "explorer-5000.png"))

    # Focusing one fine-tune goes one level deeper: its 30 quantizations (under the threshold).
    page.locator('#nodes .node[data-id="tune-000/Base-FT"]').click()
    page.wait_for_function(
        "id => document.querySelector('#nodes .node.root')?.dataset.id === id",
        arg="tune-000/Base-FT",
    )
    assert page.locator("#edges path.rel-quantized").count() == 30
    assert page.locator(f'#nodes .node[data-id="{BASE}"]').count() == 1
    render_ms = page.evaluate(
        "() => { const t = performance.now(); document.querySelector('#fit').click();"
        " return performance.now() - t; }"
    )
    assert render_ms < 500, render_ms

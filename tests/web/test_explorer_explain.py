"""Clicking an edge in the explorer explains it in the side panel (real Chromium, real server)."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import CONFLICTED, DISTILL
from tests.web.test_explorer import edge_hit, search_and_open


def test_clicking_an_edge_lists_its_claims_and_conflicts(page: Any, example_server: str) -> None:
    search_and_open(page, example_server, "DeepSeek-R1-Distill-Qwen-32B", DISTILL)
    edge_hit(page, DISTILL, CONFLICTED).click()
    panel = page.locator("#details")
    panel.locator(".explain-claims").first.wait_for()
    text = panel.text_content() or ""
    assert f"{CONFLICTED} ← {DISTILL}" in text
    assert "conflict" in text and f"card:{CONFLICTED}" in text and f"hub:{CONFLICTED}" in text
    assert "Against: another relation" in text and "hub-api" in text
    panel.locator("button", has_text="back to the model").click()
    panel.locator("h2", has_text=DISTILL).wait_for()

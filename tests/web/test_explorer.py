"""The explorer in real headless Chromium against a real uvicorn server.

Assertions are on what is drawn (SVG nodes, edges, classes, labels, tooltip
text), compared with what the server's JSON says; screenshots go to test-output/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import httpx
import networkx as nx

from tests.web.conftest import CONFLICTED, DISTILL, QUANTS

REPO = Path(__file__).resolve().parents[2]
QWEN = "Qwen/Qwen2.5-32B"
GROUP = f"group:{DISTILL}:quantized"


def graph_json(base: str, model: str, **params: Any) -> dict[str, Any]:
    res = httpx.get(base + "explorer/api/graph", params={"model": model, **params}, timeout=60)
    res.raise_for_status()
    data: dict[str, Any] = res.json()
    return data


def drawn(page: Any) -> tuple[list[str], int]:
    """Labels of the drawn nodes, and the number of drawn edges."""
    labels = page.locator("#nodes .node text.label").all_text_contents()
    return labels, page.locator("#edges path.edge").count()


def search_and_open(page: Any, base: str, typed: str, model: str) -> None:
    page.goto(base)
    page.fill("#search", typed)
    option = page.locator("#suggestions li", has_text=model).first
    option.wait_for()
    option.click()
    page.locator("#nodes .node.root").wait_for()
    page.wait_for_function(
        "id => document.querySelector('#nodes .node.root').dataset.id === id", arg=model
    )


def edge_hit(page: Any, source: str, target: str) -> Any:
    sel = f'.edge-wrap[data-source="{source}"][data-target="{target}"]'
    return page.locator(sel + " .edge-hit")


def test_search_suggests_and_draws_the_lineage(
    page: Any, example_server: str, output_dir: Path
) -> None:
    base = example_server
    page.goto(base)
    page.fill("#search", "distill-qwen-32")
    page.locator("#suggestions li").first.wait_for()
    suggestions = page.locator("#suggestions li").all_text_contents()
    assert DISTILL in suggestions
    assert all("distill-qwen-32" in s.casefold() for s in suggestions)
    page.locator("#suggestions li", has_text=DISTILL).first.click()
    page.locator("#nodes .node.root").wait_for()

    data = graph_json(base, DISTILL)
    labels, edge_count = drawn(page)
    assert sorted(labels) == sorted(n["label"] for n in data["nodes"])
    assert edge_count == len(data["edges"])
    assert {DISTILL, QWEN, CONFLICTED} <= set(labels)
    # Sixty extra quantizations plus those of the example corpus: one group node.
    group = next(g for g in data["groups"] if g["id"] == GROUP)
    assert group["count"] >= QUANTS
    assert f"{group['count']} quantizations" in labels
    assert page.locator("#nodes .node.kind-group").count() == len(data["groups"])
    # Edges styled by relation; the conflicting one marked.
    assert (
        page.locator(
            f'#edges .edge-wrap[data-target="{GROUP}"] path.rel-quantized.group-edge'
        ).count()
        == 1
    )
    assert (
        page.locator(f'#edges .edge-wrap[data-target="{DISTILL}"] path.rel-finetune').count() >= 1
    )
    conflict = page.locator(f'#edges .edge-wrap[data-target="{CONFLICTED}"]')
    assert conflict.locator("path.edge.conflict").count() == 1
    assert conflict.locator(".conflict-badge").count() == 1
    assert page.locator("#details h2").text_content() == DISTILL
    counts = page.locator("#details .counts").text_content() or ""
    assert "quantized" in counts and "finetune" in counts
    assert "click to expand" in (page.locator("#status").text_content() or "")
    page.screenshot(path=str(output_dir / "explorer-search.png"))
    if os.environ.get("LINEAGE_UPDATE_DOCS_IMG"):
        shutil.copy(output_dir / "explorer-search.png", REPO / "docs" / "img" / "explorer.png")


def test_group_expands_on_click_page_by_page(
    page: Any, example_server: str, output_dir: Path
) -> None:
    search_and_open(page, example_server, "DeepSeek-R1-Distill-Qwen-32B", DISTILL)
    total = next(
        g["count"] for g in graph_json(example_server, DISTILL)["groups"] if g["id"] == GROUP
    )
    before = page.locator("#nodes .node").count()
    group = page.locator(f'#nodes .node[data-id="{GROUP}"]')
    group.click()
    page.locator(
        f"#nodes .node[data-id=\"{GROUP}\"] text.label:has-text('{total - 30} more')"
    ).wait_for()
    assert page.locator("#nodes .node").count() == before + 30
    assert (
        page.locator(
            f'#edges .edge-wrap[data-source="{DISTILL}"] path.rel-quantized:not(.group-edge)'
        ).count()
        == 30
    )
    page.screenshot(path=str(output_dir / "explorer-group-expanded.png"))
    while page.locator(f'#nodes .node[data-id="{GROUP}"]').count():
        n = page.locator("#nodes .node").count()
        page.locator(f'#nodes .node[data-id="{GROUP}"]').click()
        page.wait_for_function("n => document.querySelectorAll('#nodes .node').length !== n", arg=n)
    labels, _ = drawn(page)
    members = [m for m in labels if m.startswith("gguf-maker-")]
    assert len(members) == QUANTS
    assert page.locator("#nodes .node.kind-group").count() == 0
    assert page.locator("#nodes .node").count() == before - 1 + total
    # The download link now exports the group unfolded too.
    href = page.locator("#export-link").get_attribute("href") or ""
    assert "expand=group" in href


def test_hovering_an_edge_shows_its_evidence(
    page: Any, example_server: str, output_dir: Path
) -> None:
    search_and_open(page, example_server, "DeepSeek-R1-Distill-Qwen-32B", DISTILL)
    tip = page.locator("#tooltip")
    edge_hit(page, QWEN, DISTILL).hover()
    tip.wait_for(state="visible")
    text = tip.text_content() or ""
    assert "finetune" in text and f"{QWEN} → {DISTILL}" in text
    assert "card-yaml" in text and f"card:{DISTILL}" in text
    assert "README.md" in text  # where the evidence was read
    assert "relation declared" in text
    page.screenshot(path=str(output_dir / "explorer-edge-tooltip.png"))
    page.mouse.move(5, 300)
    tip.wait_for(state="hidden")
    edge_hit(page, DISTILL, CONFLICTED).hover()
    tip.wait_for(state="visible")
    text = tip.text_content() or ""
    assert "conflict" in text
    assert f"card:{CONFLICTED}" in text and f"hub:{CONFLICTED}" in text
    assert "hub-api" in text and "adapter" in text


def test_placeholders_are_marked(page: Any, example_server: str) -> None:
    data = graph_json(example_server, "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B")
    placeholders = [n["id"] for n in data["nodes"] if n["placeholder"]]
    assert placeholders, "the example family names a base without a card"
    search_and_open(page, example_server, "Qwen-1.5B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B")
    marked = page.locator("#nodes .node.placeholder")
    assert sorted(marked.evaluate_all("els => els.map(e => e.dataset.id)")) == sorted(placeholders)
    assert "no card" in (marked.first.locator("text.sub").text_content() or "")
    dash = marked.first.locator("rect").evaluate("r => getComputedStyle(r).strokeDasharray")
    assert dash not in ("", "none")


def test_relation_filter_and_focus_by_click(page: Any, example_server: str) -> None:
    search_and_open(page, example_server, "DeepSeek-R1-Distill-Qwen-32B", DISTILL)
    page.locator("#relations input[value=quantized]").uncheck()
    page.wait_for_function("() => !document.querySelector('#nodes .node.kind-group')")
    assert page.locator("#edges path.rel-quantized").count() == 0
    assert page.locator(f'#nodes .node[data-id="{QWEN}"]').count() == 1
    page.locator(f'#nodes .node[data-id="{QWEN}"]').click()
    page.wait_for_function(
        "id => document.querySelector('#nodes .node.root')?.dataset.id === id", arg=QWEN
    )
    assert page.locator(f'#nodes .node[data-id="{DISTILL}"]').count() == 1
    assert "model=Qwen" in page.url


def test_download_link_exports_the_view(page: Any, example_server: str) -> None:
    search_and_open(page, example_server, "DeepSeek-R1-Distill-Qwen-32B", DISTILL)
    formats = page.locator("#export-format option").evaluate_all("os => os.map(o => o.value)")
    assert {"graphml", "gexf", "cytoscape", "nodelink", "dot", "mermaid", "turtle"} <= set(formats)
    href = page.locator("#export-link").get_attribute("href") or ""
    res = httpx.get(href, timeout=60)
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("application/graphml+xml")
    assert (
        'filename="lineage-deepseek-ai_DeepSeek-R1-Distill-Qwen-32B.graphml"'
        in res.headers["content-disposition"]
    )
    g = nx.parse_graphml(res.text)
    labels, _ = drawn(page)
    assert {d["label"] for _, d in g.nodes(data=True)} == set(labels)
    page.select_option("#export-format", "dot")
    assert "format=dot" in (page.locator("#export-link").get_attribute("href") or "")

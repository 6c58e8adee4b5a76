"""The explorer's landing view and licence panel in real Chromium against a real server.

The store holds the licence fixture cards (imported for real), a family with evaluation
results and one edge whose sources disagree on the relation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from lineage.ingest.folders import run_import
from lineage.stores.oxigraph.store import OxigraphStore
from tests.factories import claim, rec
from tests.test_cli_licences import CARDS, eval_family

RELABEL = "relabel-org/SuperChat-8B"
LLAMA = "meta-llama/Llama-3.1-8B"
CLEAN = "clean-org/Tiny-Chat-LoRA"
TORN = "torn-org/Tiny-Chat-Adapter"
QUANT = "q-org/SuperChat-8B-GGUF"


@pytest.fixture(scope="module")
def licence_server(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> str:
    db = tmp_path_factory.mktemp("web-licences") / "store"
    store = OxigraphStore(db)
    try:
        assert run_import([CARDS], [store], workers=1).failures == []
        store.write(eval_family())
        store.write(
            [
                rec(QUANT, claim(RELABEL, "quantized"), license="mit"),
                rec(TORN, claim("clean-org/Tiny-Chat", "finetune"), license="apache-2.0"),
                rec(TORN, claim("clean-org/Tiny-Chat", "adapter", "hub-api"),
                    source=f"hub:{TORN}", describes=False),
            ]
        )  # fmt: skip
    finally:
        store.close()
    return serve(db)


def overview(base: str) -> dict[str, Any]:
    res = httpx.get(base + "explorer/api/overview", params={"limit": 10}, timeout=60)
    res.raise_for_status()
    data: dict[str, Any] = res.json()
    return data


def open_model(page: Any, base: str, model: str) -> None:
    page.goto(f"{base}#model={model}")
    page.wait_for_function(
        "id => { const r = document.querySelector('#nodes .node.root');"
        " return r && r.dataset.id === id; }",
        arg=model,
    )


def test_landing_answers_what_is_in_the_graph(
    page: Any, licence_server: str, output_dir: Path
) -> None:
    data = overview(licence_server)
    page.goto(licence_server)
    landing = page.locator("#landing")
    landing.locator("#landing-families li").first.wait_for()
    assert landing.is_visible()
    families = landing.locator("#landing-families li button").all_text_contents()
    assert families == [f["root"] for f in data["families"]]
    assert families[0] == LLAMA  # four models derive from it
    flagged = landing.locator("#landing-findings li button").all_text_contents()
    assert flagged == [m["model"] for m in data["licence_findings"]["items"]]
    assert RELABEL in flagged and CLEAN not in flagged
    assert landing.locator("#landing-findings li.sev-error").count() >= 3
    worst = landing.locator("#landing-licence-families li button").first.text_content()
    assert worst == data["licence_families"][0]["root"]
    conflicts = landing.locator("#landing-conflicts li button").all_text_contents()
    assert conflicts == [TORN]
    summary = landing.locator(".summary").first.text_content() or ""
    assert f"{data['stats']['models']} models" in summary
    page.screenshot(path=str(output_dir / "explorer-landing.png"))
    # One click from the list to the lineage.
    landing.locator("#landing-findings li button", has_text=RELABEL).click()
    page.wait_for_function(
        "id => { const r = document.querySelector('#nodes .node.root');"
        " return r && r.dataset.id === id; }",
        arg=RELABEL,
    )
    assert not landing.is_visible()
    assert LLAMA in page.locator("#nodes .node text.label").all_text_contents()


def test_panel_lists_licence_findings_and_colours_the_offending_edge(
    page: Any, licence_server: str, output_dir: Path
) -> None:
    report = httpx.get(
        licence_server + "explorer/api/licences", params={"model": RELABEL}, timeout=60
    ).json()
    open_model(page, licence_server, RELABEL)
    findings = page.locator("#licences .finding")
    findings.first.wait_for()
    assert findings.count() == len(report["findings"])
    rules = sorted(findings.evaluate_all("els => els.map(e => e.dataset.rule)"))
    assert rules == sorted(f["rule"] for f in report["findings"]) == ["LIC-NAMING", "LIC-RELABEL"]
    relabel = page.locator('#licences .finding.sev-error[data-rule="LIC-RELABEL"]')
    assert "the licence changed at" in (relabel.text_content() or "")
    panel = page.locator("#licences dl").text_content() or ""
    assert "card:relabel-org/SuperChat-8B" in panel and "keep-licence (llama3.1)" in panel
    edge = page.locator(f'#edges .edge-wrap[data-source="{LLAMA}"][data-target="{RELABEL}"]')
    assert "licence-error" in (edge.get_attribute("class") or "")
    assert edge.locator("path.licence-halo.sev-error").count() == 1
    assert page.locator("#edges path.licence-halo").count() == 1
    page.screenshot(path=str(output_dir / "explorer-licences.png"))
    # A clean chain: no finding, no coloured edge.
    open_model(page, licence_server, CLEAN)
    page.locator("#licences li.empty", has_text="no findings").wait_for()
    assert page.locator("#edges path.licence-halo").count() == 0


def test_findings_deeper_in_the_chain_link_to_their_model(page: Any, licence_server: str) -> None:
    open_model(page, licence_server, QUANT)
    inherited = page.locator(f'#licences .finding[data-model="{RELABEL}"]')
    inherited.first.wait_for()
    # The base's own findings are listed with a link to it, beside the quantization's own
    # (it keeps the relabelled MIT licence, so the Llama terms still reach it unmet).
    assert inherited.count() == 2
    own = page.locator(f'#licences .finding[data-model="{QUANT}"]')
    assert own.evaluate_all("els => els.map(e => e.dataset.rule)") == ["LIC-RELABEL"]
    assert own.locator("button.linkish").count() == 0
    edge = page.locator(f'#edges .edge-wrap[data-source="{LLAMA}"][data-target="{RELABEL}"]')
    assert edge.locator("path.licence-halo.sev-error").count() == 1
    inherited.first.locator("button.linkish").click()
    page.wait_for_function(
        "id => { const r = document.querySelector('#nodes .node.root');"
        " return r && r.dataset.id === id; }",
        arg=RELABEL,
    )


def _write_card(root: Path, model: str, base: str | None = None) -> None:
    folder = root / model
    folder.mkdir(parents=True, exist_ok=True)
    front = ["license: apache-2.0"] + ([f"base_model: {base}"] if base else [])
    (folder / "README.md").write_text(
        "---\n" + "\n".join(front) + "\n---\n# " + model + "\n", encoding="utf-8"
    )


@pytest.fixture(scope="module")
def two_imports(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> str:
    """Two import runs (the licence cards, then three new cards) and one write outside both."""
    root = tmp_path_factory.mktemp("web-recent")
    later = root / "later"
    _write_card(later, "late-org/Base")
    _write_card(later, "late-org/Chat", base="late-org/Base")
    _write_card(later, "late-org/Chat-Tune", base="late-org/Chat")
    db = root / "store"
    store = OxigraphStore(db)
    try:
        assert run_import([CARDS], [store], workers=1).failures == []
        assert run_import([later], [store], workers=1).failures == []
        store.write([rec("direct/Written", claim("late-org/Chat"))])  # no import: not listed
    finally:
        store.close()
    return serve(db)


def test_landing_lists_recent_imports_one_click_from_their_lineage(
    page: Any, two_imports: str, output_dir: Path
) -> None:
    res = httpx.get(two_imports + "sources/recent", params={"limit": 10}, timeout=60)
    res.raise_for_status()
    items = res.json()["items"]
    assert len(items) == 10
    newest = [i["model"] for i in items[:3]]
    assert newest == ["late-org/Base", "late-org/Chat", "late-org/Chat-Tune"]
    assert len({i["imported_at"] for i in items[:3]}) == 1  # one run, one time
    assert items[3]["imported_at"] < items[0]["imported_at"]  # the earlier run after it
    assert "direct/Written" not in {i["model"] for i in items}

    page.goto(two_imports)
    recent = page.locator("#landing #landing-recent")
    recent.locator("li").first.wait_for()
    assert recent.locator("li button").all_text_contents() == [i["model"] for i in items]
    assert recent.locator("li").evaluate_all("els => els.map(e => e.dataset.source)") == [
        i["source"] for i in items
    ]
    stamps = recent.locator("li time").evaluate_all("els => els.map(e => e.dateTime)")
    assert stamps == [i["imported_at"] for i in items]
    first = recent.locator("li time").first.text_content() or ""
    assert first.endswith(" UTC") and first.startswith(items[0]["imported_at"][:10])
    page.screenshot(path=str(output_dir / "explorer-landing-recent.png"))
    # One click from the list to the model's lineage.
    recent.locator("li button", has_text="late-org/Chat-Tune").click()
    page.wait_for_function(
        "id => { const r = document.querySelector('#nodes .node.root');"
        " return r && r.dataset.id === id; }",
        arg="late-org/Chat-Tune",
    )
    assert not page.locator("#landing").is_visible()
    labels = page.locator("#nodes .node text.label").all_text_contents()
    assert "late-org/Base" in labels and "late-org/Chat" in labels

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

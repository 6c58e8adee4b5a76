"""``lineage licenses``, ``compare``, ``aibom``, ``show`` and ``check`` on hand-built families.

The commands run through Typer's runner against a real embedded store on disk: the licence
fixture cards imported for real, and a family with evaluation results.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lineage.cli import app
from lineage.core.errors import NotFound, UsageError
from lineage.core.records import EvalResult, SourceRecord
from lineage.exporters.aibom import validate_cyclonedx, validate_spdx
from lineage.ingest.folders import run_import
from lineage.stores.oxigraph.store import OxigraphStore
from tests.factories import claim, rec

CARDS = Path(__file__).parent / "fixtures" / "cards" / "licences"
runner = CliRunner()


def scored(model: str, *claims: Any, results: dict[str, str], **kw: Any) -> SourceRecord:
    """A record with evaluation results, ``{dataset: value}`` (metric: accuracy)."""
    r = rec(model, *claims, **kw)
    r.evals = [EvalResult("text-generation", d, "acc", v) for d, v in results.items()]
    return r


def eval_family() -> list[SourceRecord]:
    """A base, its chat fine-tune (better on MMLU, worse on GSM8K), a DPO child of the chat."""
    return [
        scored("ev/Base", license="apache-2.0", results={"cais/mmlu": "60.0", "gsm8k": "40.0"}),
        scored(
            "ev/Chat",
            claim("ev/Base"),
            license="apache-2.0",
            datasets=["ev/chat-data"],
            results={"mmlu": "0.65", "gsm8k": "35.0", "winogrande": "70.1"},
        ),
        scored("ev/Chat-DPO", claim("ev/Chat"), license="apache-2.0", results={"MMLU": "66"}),
        rec("ev/Chat-GGUF", claim("ev/Chat", "quantized"), license="apache-2.0"),
    ]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-licences") / "store"
    store = OxigraphStore(path)
    try:
        assert run_import([CARDS], [store], workers=1).failures == []
        store.write(eval_family())
    finally:
        store.close()
    return path


def run(db: Path, *args: str) -> str:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def run_json(db: Path, *args: str) -> Any:
    return json.loads(run(db, *args, "--json"))


def test_licenses_lists_the_chain_duties_and_findings(db: Path) -> None:
    text = run(db, "licenses", "relabel-org/SuperChat-8B")
    assert "meta-llama/Llama-3.1-8B" in text and "card:meta-llama/Llama-3.1-8B" in text
    assert "Obligations that reach relabel-org/SuperChat-8B" in text
    assert "keep-licence (llama3.1, from meta-llama/Llama-3.1-8B" in text
    assert "ERROR" in text and "LIC-RELABEL" in text and "WARNING" in text
    assert "relabel-org/SuperChat-8B → meta-llama/Llama-3.1-8B" in text
    data = run_json(db, "licenses", "relabel-org/SuperChat-8B")
    assert sorted(f["rule"] for f in data["findings"]) == ["LIC-NAMING", "LIC-RELABEL"]
    relabel = next(f for f in data["findings"] if f["rule"] == "LIC-RELABEL")
    assert relabel["severity"] == "error"
    assert relabel["edge"]["parent"] == "meta-llama/Llama-3.1-8B"
    own = next(m for m in data["models"] if m["model"] == data["model"])
    assert own["declared_in"] == ["card:relabel-org/SuperChat-8B"]
    assert {o["kind"] for o in own["obligations"]} >= {"keep-licence", "name-prefix"}
    assert 0 <= data["completeness"]["score"] < 1


def test_licenses_reads_license_name_from_the_store(db: Path) -> None:
    data = run_json(db, "licenses", "quiet-org/Q-Helper-72B")
    base = next(m for m in data["models"] if m["model"] == "qwen-like/Q-Chat-72B")
    assert base["declared"]["license_name"] == "tongyi-qianwen"
    assert base["declared"]["status"] == "known"
    [finding] = data["findings"]
    assert finding["rule"] == "LIC-MISSING" and "tongyi-qianwen" in finding["message"]
    text = run(db, "licenses", "quiet-org/Q-Helper-72B")
    assert "other (tongyi-qianwen)" in text


def test_licenses_of_a_clean_chain_has_no_findings(db: Path) -> None:
    data = run_json(db, "licenses", "clean-org/Tiny-Chat-LoRA")
    assert data["findings"] == []
    assert data["models"][0]["model"] == "clean-org/Tiny-Chat-LoRA"
    assert "none" in run(db, "licenses", "clean-org/Tiny-Chat-LoRA")


def test_unknown_model_is_a_clear_error(db: Path) -> None:
    for command in ("licenses", "compare", "aibom"):
        result = runner.invoke(app, [command, "nobody/Nothing", "--db", str(db)])
        assert isinstance(result.exception, NotFound), command
        assert "nobody/Nothing" in str(result.exception)
    result = runner.invoke(app, ["aibom", "ev/Chat", "--format", "xml", "--db", str(db)])
    assert isinstance(result.exception, UsageError) and "cyclonedx" in str(result.exception)


def test_compare_gives_deltas_and_regressions_against_each_parent(db: Path) -> None:
    data = run_json(db, "compare", "ev/Chat")
    [c] = data["comparisons"]
    assert (c["parent"], c["relation"], c["distance"]) == ("ev/Base", "finetune", 1)
    deltas = {d["benchmark"]: d for d in c["shared"]}
    assert deltas["mmlu"]["delta"] == pytest.approx(5.0) and deltas["mmlu"]["rescaled"]
    assert deltas["gsm8k"]["delta"] == pytest.approx(-5.0) and deltas["gsm8k"]["better"] is False
    assert c["only_child"] == ["winogrande/accuracy"]
    [finding] = data["findings"]
    assert finding["rule"] == "EVAL-REGRESSION" and finding["delta"]["benchmark"] == "gsm8k"
    text = run(db, "compare", "ev/Chat")
    assert "ev/Chat vs ev/Base (finetune)" in text and "EVAL-REGRESSION" in text
    assert "-5" in text and "+5" in text


def test_compare_with_every_ancestor(db: Path) -> None:
    parents = run_json(db, "compare", "ev/Chat-DPO")
    assert [c["parent"] for c in parents["comparisons"]] == ["ev/Chat"]
    every = run_json(db, "compare", "ev/Chat-DPO", "--ancestors")
    got = [(c["parent"], c["distance"]) for c in every["comparisons"]]
    assert got == [("ev/Chat", 1), ("ev/Base", 2)]
    assert every["comparisons"][1]["shared"][0]["delta"] == pytest.approx(6.0)
    quiet = run_json(db, "compare", "ev/Chat-GGUF")
    assert quiet["results"] == 0 and quiet["comparisons"][0]["shared"] == []
    assert "nothing to compare" in run(db, "compare", "ev/Base")


def test_aibom_in_both_formats_is_valid_and_scores_completeness(db: Path, tmp_path: Path) -> None:
    doc = json.loads(run(db, "aibom", "mix-org/Copyleft-Llama-Merge"))
    validate_cyclonedx(doc)
    component = doc["metadata"]["component"]
    assert component["name"] == "Copyleft-Llama-Merge"
    props = {p["name"]: p["value"] for p in component["properties"]}
    assert float(props["model-lineage:completeness"]) < 1
    assert props["model-lineage:completeness:licence-consistent"] == "false"
    ancestors = {a["name"] for a in component["pedigree"]["ancestors"]}
    assert ancestors == {"Share-Base-8B", "Llama-3.1-8B"}
    out = tmp_path / "bom.spdx.json"
    run(db, "aibom", "ev/Chat-DPO", "--format", "spdx", "--out", str(out))
    spdx = json.loads(out.read_text())
    validate_spdx(spdx)
    names = {e.get("name") for e in spdx["@graph"]}
    assert {"ev/Chat-DPO", "ev/Chat", "ev/Base"} <= names
    root = next(e for e in spdx["@graph"] if e.get("name") == "ev/Chat-DPO")
    assert "provenance completeness (model-lineage)" in root["comment"]
    cdx = json.loads(run(db, "aibom", "ev/Chat"))
    validate_cyclonedx(cdx)
    metrics = cdx["metadata"]["component"]["modelCard"]["quantitativeAnalysis"]
    assert len(metrics["performanceMetrics"]) == 3


def test_show_reports_provenance_completeness(db: Path) -> None:
    data = json.loads(run(db, "show", "ev/Chat"))
    assert data["completeness"]["score"] == 1.0
    assert data["license_source"] == "card:ev/Chat" and len(data["evals"]) == 3
    bare = json.loads(run(db, "show", "quiet-org/Q-Helper-72B"))
    parts = {p["name"]: p["met"] for p in bare["completeness"]["parts"]}
    assert parts["licence-declared"] is False and bare["completeness"]["score"] < 0.5


def test_check_has_a_licence_section(db: Path) -> None:
    data = run_json(db, "check")
    lic = data["licences"]
    assert lic["rules"]["LIC-RELABEL"] == 2 and lic["rules"]["LIC-MISSING"] == 1
    assert lic["findings"]["count"] == sum(lic["rules"].values())
    assert lic["findings"]["items"][0]["severity"] == "error"
    worst = lic["families"][0]
    assert worst["root"] == "meta-llama/Llama-3.1-8B" and worst["error"] >= 3
    assert "relabel-org/SuperChat-8B" in worst["models"]
    # Every model is on a chain here, and each is judged once, roots among them.
    assert lic["judged"] == len(list(CARDS.glob("*/*/README.md"))) + len(eval_family())
    low = {i["model"] for i in data["completeness"]["low"]["items"]}
    assert "quiet-org/Q-Helper-72B" in low and "ev/Chat" not in low
    # Four models derive from the Llama base (two fine-tunes, a quantization, a merge).
    assert data["largest_families"][0] == {"root": "meta-llama/Llama-3.1-8B", "models": 4}
    text = run(db, "check")
    assert (
        "largest families" in text
        and "licence findings:" in text
        and "families with the most licence findings" in text
    )
    assert "provenance completeness: mean" in text
    off = run_json(db, "check", "--no-licences")
    assert off["licences"]["judged"] == 0 and off["completeness"]["mean"] is None

"""`license_chain`: the store's own declarations and results feed the report in one call."""

from __future__ import annotations

from pathlib import Path

import pytest

from lineage.core.errors import NotFound
from lineage.core.records import EvalResult
from lineage.ingest.folders import run_import
from lineage.query.check import check
from lineage.query.licenses import license_chain, license_report
from lineage.stores.base import LineageStore
from lineage.stores.oxigraph.store import OxigraphStore
from tests.api.test_licences import licence_family
from tests.factories import claim, rec
from tests.test_cli_licences import eval_family

CARDS = Path(__file__).parent / "fixtures" / "cards" / "licences"


def test_the_chain_reads_license_name_and_link_from_the_store(oxi: OxigraphStore) -> None:
    assert run_import([CARDS], [oxi], workers=1).failures == []
    chain = license_chain(oxi, "QUIET-ORG/q-helper-72b")
    assert chain.model == "quiet-org/Q-Helper-72B"
    base = next(m for m in chain.report.models if m.model == "qwen-like/Q-Chat-72B")
    # Declared as `other` with a name: read through the name, declared in the base's card.
    assert (base.declared.declared, base.declared.via) == ("other", "license_name")
    assert base.declared.license_link == "https://example.org/q-license"
    assert base.declared_in == ["card:qwen-like/Q-Chat-72B"]
    assert [f.rule for f in chain.report.for_model(chain.model)] == ["LIC-MISSING"]
    # Without a `declared` map the report reads the same from the nodes.
    assert license_report(chain.lineage).to_json() == chain.report.to_json()
    mystery = license_chain(oxi, "custom-org/Mystery-7B")
    assert [f.rule for f in mystery.report.for_model("custom-org/Mystery-7B")] == ["LIC-UNKNOWN"]
    assert mystery.declared["custom-org/Mystery-7B"].license_name == "our-own-terms-v2"


def test_the_chain_carries_evaluations_and_scores_completeness(oxi: OxigraphStore) -> None:
    base = rec("e/Base", license="apache-2.0")
    base.evals = [EvalResult(None, "gsm8k", "acc", "50.0")]
    child = rec("e/Chat", claim("e/Base"), license="apache-2.0", datasets=["e/data"])
    child.evals = [EvalResult(None, "gsm8k", "acc", "0.45")]
    oxi.write([base, child])
    chain = license_chain(oxi, "e/Chat")
    assert set(chain.evals) == {"e/Base", "e/Chat"}
    assert chain.completeness.score == 1.0
    assert chain.to_json()["completeness"]["model"] == "e/Chat"
    bare = license_chain(oxi, "e/Base")
    parts = {p.name: p.met for p in bare.completeness.parts}
    assert parts["datasets-named"] is False and parts["evaluations-reported"] is True
    with pytest.raises(NotFound):
        license_chain(oxi, "e/Nothing")


def test_check_judges_licences_alike_on_every_engine(store: LineageStore) -> None:
    store.write([*licence_family(), *eval_family()])
    report = check(store, limit=10)
    assert dict(report.licence_rules) == {"LIC-MISSING": 1, "LIC-NAMING": 1, "LIC-RELABEL": 1}
    assert report.licence_judged == len(licence_family()) + len(eval_family())
    assert [f["root"] for f in report.licence_families] == ["meta/Llama-3.1-8B", "qw/Q-Chat-72B"]
    assert report.largest_families[0] == {"root": "ev/Base", "models": 3}
    low = [i["model"] for i in report.low_completeness.items]
    assert low == ["quiet/Q-Helper-72B", "relabel/SuperChat-8B"]  # 0.2, then 0.4
    chain = license_chain(store, "relabel/SuperChat-8B")
    assert [m.model for m in chain.report.models] == ["relabel/SuperChat-8B", "meta/Llama-3.1-8B"]
    assert chain.report.findings[0].edge == (
        "relabel/SuperChat-8B",
        "meta/Llama-3.1-8B",
        "finetune",
    )

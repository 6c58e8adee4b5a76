"""Licences along a chain: normalising, facts, rules, and the report over a real store."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from lineage.core.graph import Edge, Evidence, Lineage, Node
from lineage.core.records import EvalResult
from lineage.ingest.folders import run_import
from lineage.query.licenses import (
    RULES,
    DeclaredLicense,
    LicenseReport,
    completeness,
    license_report,
    load_facts,
    normalize_license,
)
from lineage.stores.oxigraph.store import OxigraphStore

CARDS = Path(__file__).parent / "fixtures" / "cards" / "licences"

# ---------------------------------------------------------------- normalising


@pytest.mark.parametrize(
    ("license", "name", "link", "status", "expression", "via"),
    [
        ("MIT", None, None, "known", "mit", "license"),
        ("Apache 2.0", None, None, "known", "apache-2.0", "license"),
        ("apache_license_2.0", None, None, "known", "apache-2.0", "license"),
        ("LLAMA-3.1", None, None, "known", "llama3.1", "license"),
        ("llama3.3", None, None, "known", "llama3.3", "license"),
        ("llama4", None, None, "known", "llama4", "license"),
        ("openrail++", None, None, "known", "openrail++", "license"),
        ("bigscience-bloom-rail-1.0", None, None, "known", "bigscience-bloom-rail-1.0", "license"),
        ("apple-amlr", None, None, "known", "apple-amlr", "license"),
        ("GPL-3.0-or-later", None, None, "known", "gpl-3.0", "license"),
        ("LicenseRef-scancode-gemma-tou-2024-04-01", None, None, "known", "gemma", "license"),
        ("other", "deepseek-license", None, "known", "deepseek", "license_name"),
        ("other", "Qwen", None, "known", "qwen", "license_name"),
        ("other", "tongyi-qianwen", None, "known", "tongyi-qianwen", "license_name"),
        ("other", "qwen-research", None, "known", "qwen-research", "license_name"),
        ("other", None, "https://llama.meta.com/llama3/license", "known", "llama3", "license_link"),
        ("apache-2.0 OR mit", None, None, "known", "apache-2.0 OR mit", "license"),
        ("MPL-2.0", None, None, "spdx", "MPL-2.0", "license"),
        ("other", "yi-license", None, "custom", "yi-license", None),
        ("other", None, None, "custom", "other", None),
        ("our licence, see repo", None, None, "unknown", "our licence, see repo", None),
        ("unknown", None, None, "unknown", "unknown", None),
        (None, None, None, "missing", None, None),
    ],
)
def test_normalize_reads_every_form_cards_use(
    license: str | None,
    name: str | None,
    link: str | None,
    status: str,
    expression: str | None,
    via: str | None,
) -> None:
    got = normalize_license(license, name, link)
    assert (got.status.value, got.expression, got.via) == (status, expression, via)
    assert got.flagged == (status in {"custom", "unknown"})


def test_expressions_keep_their_operator_and_keys() -> None:
    got = normalize_license("MIT AND llama3")
    assert got.keys == ("mit", "llama3") and got.operator == "AND"


# ---------------------------------------------------------------- facts

REQUIRED = [
    *["llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4", "gemma", "openrail"],
    *["openrail++", "creativeml-openrail-m", "bigscience-openrail-m", "bigcode-openrail-m"],
    *["bigscience-bloom-rail-1.0", "apple-amlr", "deepseek", "tongyi-qianwen", "qwen"],
    "qwen-research",
    *["mit", "apache-2.0", "bsd-3-clause", "cc-by-4.0", "cc-by-nc-4.0", "cc-by-sa-4.0"],
    *["cc-by-nc-sa-4.0", "gpl-3.0", "agpl-3.0", "lgpl-3.0", "afl-3.0"],
]


def test_every_named_licence_has_facts_with_a_clause_and_a_text() -> None:
    facts = load_facts()
    assert set(REQUIRED) <= set(facts)
    for f in facts.values():
        assert f.url.startswith("https://"), f.key
        for fact in (f.commercial_use, f.derivatives_allowed, f.flow_down, f.attribution):
            assert fact.clause.strip(), f.key


def test_facts_record_the_duties_that_differ_between_versions() -> None:
    facts = load_facts()
    assert facts["llama3"].name_prefix is not None
    assert facts["llama3"].name_prefix.value == "Llama 3"
    assert not facts["llama3"].name_prefix.includes_outputs
    for key in ("llama3.1", "llama3.2", "llama3.3", "llama4"):
        prefix = facts[key].name_prefix
        assert prefix is not None and prefix.value == "Llama" and prefix.includes_outputs
        notice = facts[key].notice
        assert notice is not None and notice.value == "Built with Llama"
    assert facts["llama2"].user_threshold is not None
    assert facts["llama2"].user_threshold.value == 700_000_000
    assert facts["tongyi-qianwen"].user_threshold is not None
    assert facts["tongyi-qianwen"].user_threshold.value == 100_000_000
    assert facts["qwen"].notice is not None
    assert facts["qwen"].notice.value == "Built with Qwen"
    assert facts["cc-by-nc-4.0"].commercial_use.value is False
    assert facts["qwen-research"].commercial_use.value is False
    assert facts["mit"].carries_forward is False
    for key in ("creativeml-openrail-m", "deepseek", "gemma"):
        assert facts[key].carries_forward and facts[key].flow_down.includes_outputs


# ---------------------------------------------------------------- hand-built families


def _edge(child: str, parent: str, relation: str = "finetune") -> Edge:
    return Edge(child, parent, [Evidence("card-yaml", f"card:{child}", relation, 0.9)])


def _lineage(model: str, licences: Mapping[str, str | None], edges: list[Edge]) -> Lineage:
    nodes = {m: Node(m, False, lic, sources=[f"card:{m}"]) for m, lic in licences.items()}
    return Lineage(model, nodes, edges)


def _rules(report: LicenseReport, model: str) -> list[str]:
    return sorted(f.rule for f in report.for_model(model))


def test_relabelled_llama_fine_tune_is_reported_with_the_edge() -> None:
    lin = _lineage(
        "acme/SuperChat-70B",
        {"meta-llama/Llama-3.3-70B-Instruct": "llama3.3", "acme/SuperChat-70B": "mit"},
        [_edge("acme/SuperChat-70B", "meta-llama/Llama-3.3-70B-Instruct")],
    )
    report = license_report(lin)
    assert _rules(report, "acme/SuperChat-70B") == ["LIC-NAMING", "LIC-RELABEL"]
    relabel = next(f for f in report.findings if f.rule == "LIC-RELABEL")
    assert relabel.severity == "error"
    assert relabel.edge == ("acme/SuperChat-70B", "meta-llama/Llama-3.3-70B-Instruct", "finetune")
    assert relabel.message.startswith("LIC-RELABEL: declared mit; ancestor meta-llama/Llama-3.3")
    naming = next(f for f in report.findings if f.rule == "LIC-NAMING")
    assert "'Llama'" in naming.message and "§1.b.i" in naming.message
    assert report.contradicting() == ["acme/SuperChat-70B"]
    assert _rules(report, "meta-llama/Llama-3.3-70B-Instruct") == []


def test_relabel_deep_in_the_chain_names_the_edge_where_the_licence_changed() -> None:
    lin = _lineage(
        "c/Llama-Leaf",
        {"g/gemma-base": "gemma", "b/Mid": "apache-2.0", "c/Llama-Leaf": "apache-2.0"},
        [_edge("b/Mid", "g/gemma-base"), _edge("c/Llama-Leaf", "b/Mid")],
    )
    report = license_report(lin)
    leaf = next(f for f in report.for_model("c/Llama-Leaf") if f.rule == "LIC-RELABEL")
    assert leaf.edge == ("b/Mid", "g/gemma-base", "finetune")


def test_non_commercial_ancestor_under_a_commercial_licence() -> None:
    lin = _lineage(
        "shop/Assistant",
        {"lab/Base": "cc-by-nc-4.0", "shop/Assistant": "apache-2.0"},
        [_edge("shop/Assistant", "lab/Base")],
    )
    report = license_report(lin)
    assert _rules(report, "shop/Assistant") == ["LIC-NONCOMMERCIAL"]
    # Keeping the non-commercial licence is fine.
    lin.nodes["shop/Assistant"].license = "cc-by-nc-sa-4.0"
    assert license_report(lin).findings == []


@pytest.mark.parametrize(
    ("name", "relation", "expected"),
    [
        ("acme/Llama-3-Chat-8B", "finetune", []),
        ("acme/llama3-chat-8b", "adapter", []),
        ("acme/Chat-Llama-3-8B", "finetune", ["LIC-NAMING"]),
        ("acme/Llama-Chat-8B", "finetune", ["LIC-NAMING"]),  # Llama 3 asks for "Llama 3"
        ("acme/Chat-8B-GGUF", "quantized", []),  # the quantized model carries the name
    ],
)
def test_llama_3_naming_duty(name: str, relation: str, expected: list[str]) -> None:
    lin = _lineage(
        name,
        {"meta-llama/Meta-Llama-3-8B": "llama3", name: "llama3"},
        [_edge(name, "meta-llama/Meta-Llama-3-8B", relation)],
    )
    assert _rules(license_report(lin), name) == expected


def test_distilling_from_llama_3_1_outputs_carries_the_naming_duty() -> None:
    lin = _lineage(
        "acme/Student-8B",
        {"meta-llama/Llama-3.1-405B": "llama3.1", "acme/Student-8B": "apache-2.0"},
        [_edge("acme/Student-8B", "meta-llama/Llama-3.1-405B", "distillation")],
    )
    report = license_report(lin)
    # Outputs carry the naming duty, not the licence itself.
    assert _rules(report, "acme/Student-8B") == ["LIC-NAMING"]
    assert "or its outputs" in report.findings[0].message


def test_distilling_from_llama_2_outputs_is_reserved() -> None:
    lin = _lineage(
        "acme/Student-7B",
        {"meta-llama/Llama-2-70b-hf": "llama2", "acme/Student-7B": "mit"},
        [_edge("acme/Student-7B", "meta-llama/Llama-2-70b-hf", "distillation")],
    )
    report = license_report(lin)
    assert _rules(report, "acme/Student-7B") == ["LIC-OUTPUTS"]
    assert report.findings[0].edge == (
        "acme/Student-7B",
        "meta-llama/Llama-2-70b-hf",
        "distillation",
    )


def test_distilling_from_openrail_outputs_carries_the_restrictions() -> None:
    lin = _lineage(
        "acme/Small-Diffusion",
        {"lab/Big-Diffusion": "creativeml-openrail-m", "acme/Small-Diffusion": "mit"},
        [_edge("acme/Small-Diffusion", "lab/Big-Diffusion", "distillation")],
    )
    assert _rules(license_report(lin), "acme/Small-Diffusion") == ["LIC-RELABEL"]
    lin.nodes["acme/Small-Diffusion"].license = "openrail++"  # another OpenRAIL carries them
    assert license_report(lin).findings == []


def test_missing_licence_reports_the_effective_licence() -> None:
    lin = _lineage(
        "q/Helper",
        {"Qwen/Qwen2.5-72B-Instruct": "qwen", "q/Helper": None, "q/Helper-GGUF": None},
        [
            _edge("q/Helper", "Qwen/Qwen2.5-72B-Instruct"),
            _edge("q/Helper-GGUF", "q/Helper", "quantized"),
        ],
    )
    report = license_report(lin)
    assert _rules(report, "q/Helper") == ["LIC-MISSING"]
    by_model = {m.model: m for m in report.models}
    assert by_model["q/Helper"].effective == "qwen"
    assert by_model["q/Helper-GGUF"].effective == "qwen"
    assert "effective licence qwen" in report.for_model("q/Helper")[0].message
    kinds = {o.kind for o in by_model["q/Helper"].obligations}
    assert {"keep-licence", "notice", "user-threshold", "attribution"} <= kinds


def test_missing_licence_under_a_permissive_parent_names_the_parent_licence() -> None:
    lin = _lineage(
        "b/Child", {"a/Base": "apache-2.0", "b/Child": None}, [_edge("b/Child", "a/Base")]
    )
    report = license_report(lin)
    assert _rules(report, "b/Child") == ["LIC-MISSING"]
    assert report.models[1].effective == "apache-2.0"


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("gpl-3.0", "llama3", ["LIC-MERGE-COPYLEFT"]),
        ("gemma", "llama3.1", ["LIC-MERGE-TERMS"]),
        ("apache-2.0", "mit", []),
        ("llama3.1", "llama3.3", []),
        ("cc-by-sa-4.0", "gpl-3.0", []),
    ],
)
def test_merge_inputs(first: str, second: str, expected: list[str]) -> None:
    lin = _lineage(
        "m/Merge",
        {"a/One": first, "b/Two": second, "m/Merge": None},
        [_edge("m/Merge", "a/One", "merge"), _edge("m/Merge", "b/Two", "merge")],
    )
    rules = [r for r in _rules(license_report(lin), "m/Merge") if r.startswith("LIC-MERGE")]
    assert rules == expected


def test_unknown_and_custom_licences_on_the_chain_are_flagged_not_guessed() -> None:
    lin = _lineage(
        "c/Leaf",
        {"a/Root": "our licence v2", "c/Leaf": "other"},
        [_edge("c/Leaf", "a/Root")],
    )
    report = license_report(lin)
    assert _rules(report, "a/Root") == ["LIC-UNKNOWN"]
    assert _rules(report, "c/Leaf") == ["LIC-UNKNOWN"]
    root = next(m for m in report.models if m.model == "a/Root")
    assert root.declared.expression == "our licence v2"


def test_license_name_and_link_passed_beside_the_lineage_are_read() -> None:
    lin = _lineage(
        "d/Chat",
        {"deepseek-ai/DeepSeek-V3": "other", "d/Chat": "mit"},
        [_edge("d/Chat", "deepseek-ai/DeepSeek-V3")],
    )
    declared = {"deepseek-ai/DeepSeek-V3": DeclaredLicense("other", "deepseek-license")}
    report = license_report(lin, declared)
    assert _rules(report, "d/Chat") == ["LIC-RELABEL"]
    assert "use restrictions" in report.findings[0].message


@pytest.mark.parametrize(
    ("licences", "edges"),
    [
        (  # permissive all the way
            {"a/Base": "apache-2.0", "b/Chat": "mit", "c/Chat-LoRA": "apache-2.0"},
            [_edge("b/Chat", "a/Base"), _edge("c/Chat-LoRA", "b/Chat", "adapter")],
        ),
        (  # a correctly named and licensed Llama family, with a quantization
            {
                "meta-llama/Llama-3.1-8B": "llama3.1",
                "acme/Llama-3.1-Chat-8B": "llama3.1",
                "bartowski/Llama-3.1-Chat-8B-GGUF": "llama3.1",
                "meta-llama/Llama-3.1-8B-Instruct": "llama3.1",
            },
            [
                _edge("acme/Llama-3.1-Chat-8B", "meta-llama/Llama-3.1-8B"),
                _edge("bartowski/Llama-3.1-Chat-8B-GGUF", "acme/Llama-3.1-Chat-8B", "quantized"),
                _edge("meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B"),
            ],
        ),
        (  # OpenRAIL variants pass the restrictions on; a Gemma fine-tune keeps the terms
            {
                "s/sd": "creativeml-openrail-m",
                "t/sd-ft": "openrail",
                "g/gemma": "gemma",
                "h/gemma-ft": "gemma",
            },
            [_edge("t/sd-ft", "s/sd"), _edge("h/gemma-ft", "g/gemma")],
        ),
    ],
)
def test_clean_families_raise_nothing(licences: dict[str, str], edges: list[Edge]) -> None:
    lin = _lineage(next(iter(licences)), licences, edges)
    report = license_report(lin)
    assert report.findings == []
    json.dumps(report.to_json())


def test_placeholders_are_listed_but_not_judged() -> None:
    lin = Lineage(
        "a/Child",
        {"a/Child": Node("a/Child", False, "mit"), "x/Gone": Node("x/Gone", True, None)},
        [_edge("a/Child", "x/Gone")],
    )
    report = license_report(lin)
    assert report.findings == []
    assert [m.placeholder for m in report.models] == [False, True]


def test_every_rule_is_data_a_reviewer_can_read() -> None:
    for rule in RULES.values():
        assert rule.id.startswith("LIC-") and rule.severity in {"error", "warning", "info"}
        assert rule.title and "{" in rule.template


# ---------------------------------------------------------------- completeness


def test_completeness_lists_its_parts() -> None:
    lin = _lineage("b/Chat", {"a/Base": "llama3.1", "b/Chat": "mit"}, [_edge("b/Chat", "a/Base")])
    lin.nodes["b/Chat"].datasets = ["org/data"]
    report = license_report(lin)
    got = completeness("b/Chat", lin, report, [EvalResult("t", "mmlu", "acc", "70")])
    parts = {p.name: p.met for p in got.parts}
    assert parts == {
        "licence-declared": True,
        "licence-consistent": False,
        "base-declared": True,
        "datasets-named": True,
        "evaluations-reported": True,
    }
    assert got.score == 0.8
    root = completeness("a/Base", lin, report)
    assert {p.name: p.met for p in root.parts}["base-declared"] is None
    assert root.score == pytest.approx(2 / 3, abs=0.001)
    prose = Lineage(
        "b/Chat",
        dict(lin.nodes),
        [Edge("b/Chat", "a/Base", [Evidence("card-prose", "card:b/Chat", "finetune", 0.6)])],
    )
    parts = {p.name: p.met for p in completeness("b/Chat", prose, report).parts}
    assert parts["base-declared"] is False
    with pytest.raises(KeyError):
        completeness("z/None", lin, report)


# ---------------------------------------------------------------- through a real store


def test_report_over_fixture_cards_in_an_embedded_store(oxi: OxigraphStore) -> None:
    summary = run_import([CARDS], [oxi], workers=1)
    assert summary.failures == []
    found: dict[str, list[str]] = {}
    for node in oxi.iter_nodes():
        report = license_report(oxi.ancestors(node.id))
        found[node.id] = _rules(report, node.id)
    assert found["relabel-org/SuperChat-8B"] == ["LIC-NAMING", "LIC-RELABEL"]
    assert found["nc-lab/Shop-Assistant-7B"] == ["LIC-NONCOMMERCIAL"]
    assert found["quiet-org/Q-Helper-72B"] == ["LIC-MISSING"]
    assert found["custom-org/Mystery-7B"] == ["LIC-UNKNOWN"]
    assert found["mix-org/Copyleft-Llama-Merge"] == [
        "LIC-MERGE-COPYLEFT",
        "LIC-NAMING",
        "LIC-RELABEL",
    ]
    clean = [
        "meta-llama/Llama-3.1-8B",
        "good-org/Llama-3.1-SuperChat-8B",
        "good-org/Llama-3.1-SuperChat-8B-GGUF",
        "clean-org/Tiny-Base",
        "clean-org/Tiny-Chat",
        "clean-org/Tiny-Chat-LoRA",
        "qwen-like/Q-Chat-72B",
        "copy-lab/Share-Base-8B",
    ]
    assert {m: found[m] for m in clean} == {m: [] for m in clean}
    report = license_report(oxi.ancestors("quiet-org/Q-Helper-72B"))
    helper = next(m for m in report.models if m.model == "quiet-org/Q-Helper-72B")
    assert helper.effective == "tongyi-qianwen"
    assert json.loads(json.dumps(report.to_json()))["model"] == "quiet-org/Q-Helper-72B"


def test_a_licensor_release_under_new_terms_frees_what_derives_from_it() -> None:
    lin = _lineage(
        "x/R1-Chat",
        {
            "deepseek-ai/DeepSeek-V3-Base": "deepseek",
            "deepseek-ai/DeepSeek-R1": "mit",
            "x/R1-Chat": "apache-2.0",
            "y/V3-Chat": "apache-2.0",
        },
        [
            _edge("deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-V3-Base"),
            _edge("x/R1-Chat", "deepseek-ai/DeepSeek-R1"),
            _edge("y/V3-Chat", "deepseek-ai/DeepSeek-V3-Base"),
        ],
    )
    report = license_report(lin)
    assert report.contradicting() == ["y/V3-Chat"]


def test_own_licence_naming_duty_when_the_base_has_no_card() -> None:
    lin = Lineage(
        "acme/Chat-8B",
        {
            "acme/Chat-8B": Node("acme/Chat-8B", False, "llama3.1"),
            "meta-llama/Llama-3.1-8B": Node("meta-llama/Llama-3.1-8B", True),
        },
        [_edge("acme/Chat-8B", "meta-llama/Llama-3.1-8B")],
    )
    report = license_report(lin)
    assert _rules(report, "acme/Chat-8B") == ["LIC-NAMING-OWN"]
    lin.nodes["acme/Chat-8B"].id = "acme/Llama-Chat-8B"
    lin.edges[0].child = "acme/Llama-Chat-8B"
    assert license_report(lin).findings == []
    # A root model under the licence (no parent) has no naming duty.
    assert license_report(Lineage("a/B", {"a/B": Node("a/B", False, "llama3")})).findings == []

"""Evaluation results: benchmark and metric names read comparably; child against parent."""

from __future__ import annotations

import json

import pytest

from lineage.core.graph import Edge, Evidence, Lineage, Node
from lineage.core.records import EvalResult
from lineage.query.evals import benchmark_key, compare, eval_report, metric_key, parse_value


@pytest.mark.parametrize(
    ("name", "key", "shots"),
    [
        ("ai2_arc", "arc", None),
        ("AI2 Reasoning Challenge (25-Shot)", "arc", 25),
        ("HellaSwag (10-Shot)", "hellaswag", 10),
        ("Rowan/hellaswag", "hellaswag", None),
        ("cais/mmlu", "mmlu", None),
        ("MMLU (5-Shot)", "mmlu", 5),
        ("TIGER-Lab/MMLU-Pro", "mmlu-pro", None),
        ("truthful_qa", "truthfulqa", None),
        ("GSM8k (5-shot)", "gsm8k", 5),
        ("openai/gsm8k", "gsm8k", None),
        ("HuggingFaceH4/ifeval", "ifeval", None),
        ("MATH Lvl 5 (4-Shot)", "math-hard", 4),
        ("hendrycks/competition_math", "math", None),
        ("HuggingFaceH4/MATH-500", "math-500", None),
        ("Some Private Suite v2", "some-private-suite-v2", None),
        (None, "unknown", None),
    ],
)
def test_benchmark_names(name: str | None, key: str, shots: int | None) -> None:
    assert benchmark_key(name) == (key, shots)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("acc", "accuracy"),
        ("Accuracy", "accuracy"),
        ("acc_norm", "accuracy-norm"),
        ("normalized accuracy", "accuracy-norm"),
        ("exact_match", "exact-match"),
        ("pass@1", "pass@1"),
        ("inst_level_strict_acc and prompt_level_strict_acc", "strict-accuracy"),
        ("perplexity", "perplexity"),
    ],
)
def test_metric_names(name: str, key: str) -> None:
    assert metric_key(name) == key


def test_values() -> None:
    assert parse_value("78.5") == 78.5
    assert parse_value("78.5%") == 78.5
    assert parse_value("0,785") == 0.785
    assert parse_value("n/a") is None


def _r(dataset: str, metric: str, value: str) -> EvalResult:
    return EvalResult("text-generation", dataset, metric, value)


def test_compare_finds_shared_benchmarks_and_a_regression() -> None:
    child = [
        _r("AI2 Reasoning Challenge (25-Shot)", "acc_norm", "61.2"),
        _r("cais/mmlu", "acc", "0.70"),
        _r("gsm8k", "exact_match", "55"),
        _r("wikitext", "perplexity", "6.1"),
    ]
    parent = [
        _r("ai2_arc", "normalized accuracy", "59.0"),
        _r("MMLU (5-Shot)", "accuracy", "72.5"),
        _r("hellaswag", "acc_norm", "80"),
        _r("wikitext", "perplexity", "5.9"),
    ]
    got = compare(child, parent, "acme/chat", "acme/base")
    shared = {(d.benchmark, d.metric): d for d in got.shared}
    assert set(shared) == {
        ("arc", "accuracy-norm"),
        ("mmlu", "accuracy"),
        ("wikitext", "perplexity"),
    }
    assert shared["arc", "accuracy-norm"].better is True
    assert shared["arc", "accuracy-norm"].delta == pytest.approx(2.2)
    mmlu = shared["mmlu", "accuracy"]
    assert mmlu.rescaled and mmlu.child == pytest.approx(70.0) and mmlu.better is False
    assert shared["wikitext", "perplexity"].better is False  # higher perplexity is worse
    assert got.only_child == ["gsm8k/exact-match"]
    assert got.only_parent == ["hellaswag/accuracy-norm"]
    assert sorted(f.delta.benchmark for f in got.findings) == ["mmlu", "wikitext"]
    assert got.findings[0].message.startswith("EVAL-REGRESSION: acme/chat reports")
    json.dumps(got.to_json())


def test_tolerance_and_different_shots() -> None:
    child = [_r("MMLU (5-Shot)", "acc", "72.0"), _r("HellaSwag (10-Shot)", "acc", "80")]
    parent = [_r("MMLU (5-Shot)", "acc", "72.4"), _r("HellaSwag (0-Shot)", "acc", "85")]
    got = compare(child, parent, tolerance=0.5)
    assert got.findings == []
    assert [d.benchmark for d in got.shared] == ["mmlu"]
    assert got.only_child == ["hellaswag/accuracy (10-shot)"]


def test_better_or_equal_fine_tunes_raise_nothing() -> None:
    child = [_r("gsm8k", "acc", "60"), _r("mmlu", "acc", "70")]
    parent = [_r("gsm8k", "acc", "50"), _r("mmlu", "acc", "70")]
    got = compare(child, parent)
    assert got.findings == [] and [d.better for d in got.shared] == [True, None]


def test_eval_report_walks_every_edge_with_results_on_both_sides() -> None:
    edge = Edge("b/Chat", "a/Base", [Evidence("card-yaml", "card:b/Chat", "finetune", 0.9)])
    other = Edge("c/Q", "b/Chat", [Evidence("gguf", "gguf:c/Q", "quantized", 0.8)])
    lin = Lineage(
        "c/Q",
        {m: Node(m, False) for m in ("a/Base", "b/Chat", "c/Q")},
        [edge, other],
    )
    evals = {"a/base": [_r("mmlu", "acc", "70")], "b/Chat": [_r("mmlu", "acc", "65")]}
    [comparison] = eval_report(lin, evals)
    assert (comparison.child, comparison.parent) == ("b/Chat", "a/Base")
    assert [f.rule for f in comparison.findings] == ["EVAL-REGRESSION"]

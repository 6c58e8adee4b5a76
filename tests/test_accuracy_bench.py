"""`bench.accuracy`: per-kind and per-language figures, every corpus found, the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import accuracy


def make_corpus(root: Path, cards: dict[str, str], truth: list[dict[str, object]]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for model_id, text in cards.items():
        folder = root / "cards" / model_id
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(text, encoding="utf-8")
    (root / "truth.jsonl").write_text("".join(json.dumps(t) + "\n" for t in truth))
    return root


def test_scores_per_evidence_kind_and_language(tmp_path: Path) -> None:
    corpus = make_corpus(
        tmp_path,
        {
            "a/x-lora": "---\nbase_model: up/base-7b\ntags: [lora]\n---\nAn adapter.\n",
            "b/y-chat": "Модель основана на up/base-7b и обучена на диалогах. " * 10,
            "c/z": "This is our own model, trained from scratch.\n",
        },
        [
            {"model": "a/x-lora", "parents": [
                {"id": "up/base-7b", "relation": "adapter", "evidence": "yaml"}]},
            {"model": "b/y-chat", "parents": [
                {"id": "up/base-7b", "relation": "finetune", "evidence": "prose"}]},
            {"model": "c/z", "parents": [
                {"id": "up/other-7b", "relation": "finetune", "evidence": "prose"}]},
        ],
    )  # fmt: skip
    result = accuracy.evaluate(corpus)
    assert (result["precision"], result["recall"], result["relation_accuracy"]) == (
        1.0,
        0.6667,
        1.0,
    )
    assert result["recall_by_truth_kind"]["yaml"]["recall"] == 1.0
    assert result["recall_by_truth_kind"]["prose"]["recall"] == 0.5
    assert result["precision_by_predicted_kind"]["prose"]["predicted_edges"] == 1
    assert result["by_language"]["ru"]["recall"] == 1.0
    assert result["by_language"]["en"]["recall"] == 0.5
    assert [m["model"] for m in result["misses"]] == ["c/z"]
    report = accuracy.render_docs([result])
    assert "`c/z` → `up/other-7b` (finetune, prose)" in report
    assert "| ru | 1 | 1.000 | 1.000 | 1.000 |" in report


def test_every_bench_corpus_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accuracy, "DEFAULT_CORPUS", tmp_path / "absent")
    monkeypatch.setattr(accuracy, "BENCH_CORPORA", tmp_path / "bench-corpus")
    assert accuracy.corpora() == []  # no corpus yet: nothing to score, no error
    for name in ("second", "first"):
        make_corpus(tmp_path / "bench-corpus" / name, {}, [])
    assert [p.name for p in accuracy.corpora()] == ["first", "second"]
    assert accuracy.corpora([tmp_path / "mine"]) == [tmp_path / "mine"]


def test_main_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = make_corpus(tmp_path / "c", {"a/b": "A fine-tuned version of up/base-1b.\n"}, [
        {"model": "a/b", "parents": [{"id": "up/base-1b", "relation": "finetune",
                                       "evidence": "prose"}]}])  # fmt: skip
    docs = tmp_path / "accuracy.md"
    assert accuracy.main(["--corpus", str(corpus), "--docs", str(docs)]) == 0
    assert "precision          1.000" in capsys.readouterr().out
    assert "precision **1.000**, recall **1.000**" in docs.read_text()
    with pytest.raises(SystemExit):
        accuracy.main(["--corpus", str(tmp_path / "nothing"), "--no-docs"])


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("これは日本語のモデルです。" * 10, "ja"),
        ("이 모델은 한국어 모델입니다." * 10, "ko"),
        ("这是一个中文模型。" * 10, "zh"),
        (
            "Dieses Modell ist nicht groß und wurde mit Daten trainiert, die der Welt gehören. "
            * 3,
            "de",
        ),
        ("This is the model card of a model for text.", "en"),
    ],
)
def test_card_language(text: str, lang: str) -> None:
    assert accuracy.card_language(text) == lang


def test_second_truth_file_is_scored_beside_the_first(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", {"a/b": "A fine-tuned version of up/base-1b.\n"}, [
        {"model": "a/b", "parents": [{"id": "up/base-1b", "relation": "finetune",
                                       "evidence": "prose"}]}])  # fmt: skip
    other = make_corpus(tmp_path / "d", {"e/f": "Built on Base One.\n"}, [
        {"model": "e/f", "parents": []}])  # fmt: skip
    second = [
        {"model": "a/b", "parents": [
            {"id": "up/base-1b", "relation": "finetune", "evidence": "prose"},
            {"id": "Base Two", "relation": "merge", "evidence": "prose"}]},
    ]  # fmt: skip
    (corpus / accuracy.SECOND_TRUTH).write_text("".join(json.dumps(t) + "\n" for t in second))
    docs = tmp_path / "accuracy.md"
    args = ["--corpus", str(corpus), "--corpus", str(other), "--docs", str(docs), "--no-cv"]
    assert accuracy.main(args) == 0
    text = docs.read_text()
    # Only the corpus with a second truth file gets a row; recall halves under that file.
    assert "## Bench corpora under the shared convention" in text
    section = text.split("## Bench corpora under the shared convention")[1]
    row = next(line for line in section.splitlines() if line.startswith("| c |"))
    first, second_ = "1.000 / 1.000 / 1.000", "1.000 / 0.500 / 1.000"
    assert row.rstrip(" |").split(" | ")[1:] == [first, second_, first, second_]
    assert "| d |" not in section
    assert "### c against truth.shared-convention.jsonl (shipped)" in text
    assert "| prose | 2 | 0.500 | 1 | 1.000 |" in text

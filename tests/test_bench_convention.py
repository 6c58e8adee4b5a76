"""`bench.convention`: which truth edges a card spells out, and the change counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import convention


@pytest.mark.parametrize(
    ("text", "parent", "spelled"),
    [
        ("Fine-tuned from up/base-7b on chat data.", "up/base-7b", True),
        ("Fine-tuned from UP/Base-7B.", "up/base-7b", True),
        ("see https://huggingface.co/up/base-7b for details", "up/base-7b", True),
        ("see [it](https://hf.co/models/up/base-7b)", "up/base-7b", True),
        ("cache: models--up--base-7b/snapshots/abc", "up/base-7b", True),
        ("基于up/base-7b进行微调", "up/base-7b", True),
        ("Fine-tuned from up/base-7b-hf.", "up/base-7b", False),
        ("Fine-tuned from up/base-7b.1 weights.", "up/base-7b", False),
        ("Fine-tuned from base-7b.", "up/base-7b", False),
        ("github.com/other/up/base-7b", "up/base-7b", False),
        ("A distilled gpt2 student.", "gpt2", True),
        ("the [teacher](https://huggingface.co/gpt2)", "gpt2", True),
        ("A distilled gpt2-medium student.", "gpt2", False),
        ("A distilled openai/gpt2 student.", "gpt2", False),
    ],
)
def test_spells(text: str, parent: str, spelled: bool) -> None:
    assert convention.spells(text, parent) is spelled


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_edges_and_compare(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for model, text in {"a/x": "Built on Base 7B.", "b/y": "Merge of up/one and Two."}.items():
        (tmp_path / "cards" / model).mkdir(parents=True)
        (tmp_path / "cards" / model / "README.md").write_text(text, encoding="utf-8")
    (tmp_path / "cards" / "b/y" / "mergekit_config.yml").write_text("- model: up/two\n")
    first: list[dict[str, object]] = [
        {"model": "a/x", "parents": [{"id": "up/base-7b", "relation": "finetune",
                                      "evidence": "prose"}]},
        {"model": "b/y", "parents": [{"id": "up/one", "relation": "merge", "evidence": "prose"},
                                     {"id": "up/two", "relation": "merge", "evidence": "prose"}]},
    ]  # fmt: skip
    _write(tmp_path / "truth.jsonl", first)
    flags = {(e.model, e.parent): e.spelled for e in convention.edges(tmp_path)}
    assert flags == {("a/x", "up/base-7b"): False, ("b/y", "up/one"): True, ("b/y", "up/two"): True}

    second: list[dict[str, object]] = [
        {"model": "a/x", "parents": [{"id": "Base 7B", "relation": "finetune",
                                      "evidence": "prose"}], "note": "kept as written"},
        {"model": "b/y", "parents": [{"id": "up/one", "relation": "merge", "evidence": "prose"},
                                     {"id": "up/two", "relation": "merge", "evidence": "prose"},
                                     {"id": "Three", "relation": "merge", "evidence": "prose"}],
         "note": "added as written"},
    ]  # fmt: skip
    _write(tmp_path / convention.SECOND_TRUTH, second)
    assert convention.compare(tmp_path) == {"kept": 2, "rewritten": 1, "removed": 0, "added": 1}

    assert convention.main([str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert out.out == "REVIEW a/x -> up/base-7b [finetune, prose]\n"
    assert "3 edges, 2 spelled out, 1 to review" in out.err


def test_compare_refuses_different_models(tmp_path: Path) -> None:
    _write(tmp_path / "truth.jsonl", [{"model": "a/x", "parents": []}])
    _write(tmp_path / convention.SECOND_TRUTH, [{"model": "a/y", "parents": []}])
    with pytest.raises(SystemExit, match="different models"):
        convention.compare(tmp_path)

"""Guards on the card readers found by reading many unlabelled cards."""

from __future__ import annotations

import time

import pytest

from importers.card import read_card
from importers.merge_bare import plus_recipe_claims


def _parents(text: str, model_id: str = "acme/heron-summary") -> list[str]:
    return [c.parent for c in read_card(text, model_id, "README.md").claims]


# A Trainer-style card that speaks of merging elsewhere, its package versions listed at the end.
_VERSIONS = (
    "# Heron summary\n\nA long-document summariser. The checkpoints of two runs were not "
    "merged; the second run resumed from the first.\n\n"
    "### Framework versions\n\n"
    "- Transformers 4.31.0\n"
    "{line}\n"
    "- Datasets 2.14.0\n"
)


@pytest.mark.parametrize(
    "line",
    [
        "- Pytorch 2.0.1+cu118",
        "- torch 1.13.1+cpu",
        "- PyTorch 2.2.0+rocm5.7",
        "- Torch 2.3.0.dev20240101+git1a2b3c4",
    ],
)
def test_a_package_version_with_a_build_tag_names_no_merge_inputs(line: str) -> None:
    text = _VERSIONS.format(line=line)
    assert plus_recipe_claims(text, "acme/heron-summary") == []
    assert _parents(text) == []


@pytest.mark.parametrize(
    ("line", "names"),
    [
        # Names joined by plus signs on a card about merging still read, a lower-case name
        # with a digit in it among them, and a version number inside a name.
        ("- Heron-7B + oak13", ["Heron-7B", "oak13"]),
        ("(Wren Plus 0.2+Fenlark-13b)", ["Wren Plus 0.2", "Fenlark-13b"]),
    ],
)
def test_a_recipe_of_names_still_reads(line: str, names: list[str]) -> None:
    text = f"# Heron mix\n\nA merge of two models:\n\n{line}\n"
    got = sorted(c.parent for c in plus_recipe_claims(text, "acme/heron-mix"))
    assert got == sorted(names)


def test_a_long_line_of_versions_is_read_quickly() -> None:
    text = "# Heron\n\nmerged\n\n- " + "torch 1.1.0+cu11 " * 2000 + "1." * 5000 + "\n"
    start = time.perf_counter()
    assert plus_recipe_claims(text, "acme/heron") == []
    assert time.perf_counter() - start < 0.1


def test_a_chinese_line_with_long_runs_of_blanks_is_read_quickly() -> None:
    # A table of a Chinese card aligned with spaces: the tail of "continued pre-training"
    # (blanks between optional words) once tried every split of each run of blanks.
    row = "| acme/heron-7b" + " " * 80 + "| 0.61 |\n"
    text = "# 鹭鸟\n\n本模型在中文语料上训练。\n\n| 模型 | 得分 |\n|---|---|\n" + row * 20
    start = time.perf_counter()
    read_card(text, "acme/egret-7b", "README.md")
    assert time.perf_counter() - start < 1.0


def test_continued_pretraining_with_blanks_between_its_words_still_reads() -> None:
    text = "# 鹭鸟\n\n本模型在 Heron-7B  的基础上  进行了  继续预训练,使用中文语料。\n"
    assert _parents(text, "acme/egret-7b") == ["Heron-7B"]

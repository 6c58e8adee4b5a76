"""Kinds of statements that name merge inputs by Hub id or link: linked inputs after an
author's possessive or "a touch of", bare Hub URLs under a sentence of shares, and a
recipe's short name beside the linked input it stands for."""

from __future__ import annotations

import pytest

from importers.prose import read_prose
from lineage.core.records import Relation
from tests.test_prose_recall import parents

ME = Relation.MERGE
HUB = "https://huggingface.co"

# -- linked inputs after a possessive, or "with a touch of [X](…) mixed in" ------------------

_RECIPE = (
    "\n\nHow it was made:\n"
    "- Linear merge of **Finch-13b** @0.7 and **wren-v1-13b** @0.3 = FinchWren (not released)\n"
    "- SLERP merge of **Lark-v2** @0.5 and **FinchWren** @0.5 = Mix-13b\n"
)


@pytest.mark.parametrize(
    "sentence",
    [
        "This is a merge of Finch Labs' [Finch-13b]({h}/finch/Finch-13b) and Ann and Bo's "
        "[Lark-v2-13b]({h}/lark/Lark-13b-v2), with just a touch of Cy's "
        "[wren-v1]({h}/cy/wren-v1-13b) mixed in.",
        "Mix-13b is a merge of [Finch-13b]({h}/finch/Finch-13b) and Ann & Bo's "
        "[Lark-v2-13b]({h}/lark/Lark-13b-v2) with a dash of O'Hara's "
        "[wren-v1]({h}/cy/wren-v1-13b).",
        "A merge of Finch's [Finch-13b]({h}/finch/Finch-13b), Bo's "
        "[Lark-v2-13b]({h}/lark/Lark-13b-v2) and a pinch of [wren-v1]({h}/cy/wren-v1-13b).",
    ],
)
def test_linked_inputs_after_a_possessive_or_a_touch_of(sentence: str) -> None:
    text = "# Mix-13b\n\n" + sentence.format(h=HUB) + _RECIPE
    inputs = {"finch/Finch-13b": ME, "lark/Lark-13b-v2": ME, "cy/wren-v1-13b": ME}
    assert parents(text, "me/Mix-13b") == inputs
    # The merge sentence itself names all three (not only a card-wide look at its links).
    phrase = {c.parent: c.relation for c in read_prose(text, "me/Mix-13b").claims}
    assert {k: v for k, v in phrase.items() if "/" in k} == inputs


def test_a_touch_of_a_dataset_is_no_input() -> None:
    # Trap: the "touch" is data, a /datasets/ link: no third input.
    text = (
        f"# Mix-13b\n\nA merge of [Finch-13b]({HUB}/finch/Finch-13b) and "
        f"[Lark-13b]({HUB}/lark/Lark-13b), with a touch of "
        f"[pond notes]({HUB}/datasets/cy/pond-notes) mixed in.\n"
    )
    assert parents(text, "me/Mix-13b") == {"finch/Finch-13b": ME, "lark/Lark-13b": ME}


def test_a_recipes_short_name_gives_way_to_the_linked_input_of_that_size() -> None:
    text = (
        f"# Mix-13b\n\nA merge of [Finch-13b]({HUB}/finch/Finch-13b) and Bo's "
        f"[Lark-v2-13b]({HUB}/lark/Lark-13b-v2).\n\n"
        "Steps:\n- SLERP merge of **Lark-v2** @0.5 and **Finch-13b** @0.5\n"
    )
    assert parents(text, "me/Mix-13b") == {"finch/Finch-13b": ME, "lark/Lark-13b-v2": ME}


def test_a_recipes_other_release_of_a_linked_input_stays() -> None:
    # Trap: "Lark-v2" beside "lark/Lark-13b-v3" differs in more than a size: another model.
    text = (
        f"# Mix-13b\n\nA merge of [Finch-13b]({HUB}/finch/Finch-13b) and "
        f"[Lark-v3]({HUB}/lark/Lark-13b-v3).\n\n"
        "Steps:\n- SLERP merge of **Lark-v2** @0.5 and **Lark-v3** @0.5\n"
    )
    found = parents(text, "me/Mix-13b")
    assert "lark/Lark-13b-v3" in found
    assert "Lark-v2" in found


# -- bare Hub URLs under "a 50/50 merge of … and …" -----------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "This is a 50/50 merge of the finch chat and lark story models.",
        "A 50%-50% model of the finch chat and lark story models.",
        "Made as a 60/40 linear blend of these two:",
    ],
)
def test_bare_urls_under_a_sentence_of_shares(sentence: str) -> None:
    text = (
        f"# Duo 3B\n\n{sentence}\n\n{HUB}/finch/finch-3b-chat\n\n"
        f"- {HUB}/lark/lark-3b-story\n\n# Usage\n\nSee {HUB}/other/tool-3b for a tool.\n"
    )
    assert parents(text, "me/duo-3b") == {"finch/finch-3b-chat": ME, "lark/lark-3b-story": ME}


def test_one_url_or_text_between_is_no_list_of_inputs() -> None:
    # Trap: the URLs come after other text (a changelog, links to quantizations).
    text = (
        "# Duo 3B\n\nA 50/50 merge of the finch chat and lark story models.\n\n"
        f"Quantized copies:\n{HUB}/q/duo-3b-GGUF\n{HUB}/q/duo-3b-AWQ\n"
    )
    found = parents(text, "me/duo-3b")
    assert "q/duo-3b-GGUF" not in found
    assert "q/duo-3b-AWQ" not in found

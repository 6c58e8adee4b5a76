"""Merge inputs named without an org: lists after "merge of" and plus-sign recipes."""

from __future__ import annotations

import pytest

from importers.card import read_card
from importers.merge_bare import bare_merge_list_claims, plus_recipe_claims


def _parents(text: str, model_id: str = "wren/Kestrel-Mix") -> set[str]:
    return {c.parent for c in read_card(text, model_id, "README.md").claims}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "# Kestrel Mix\n\nCombination of a weight merge of SunnyModel and Orchard-V2.0, "
            "and a block merge of several painterly models.\n",
            {"SunnyModel", "Orchard-V2.0"},
        ),
        (
            "# Kestrel-4x7B\n# Experts merge, of Ashwood, OpenWren, Birchly, and Finch-LM\n",
            {"Ashwood", "OpenWren", "Birchly", "Finch-LM"},
        ),
        (
            "This model is a triple model merge of Wren Plus+CoQ+Talespin, resulting in "
            "longer stories.\n",
            {"Wren Plus", "CoQ", "Talespin"},
        ),
        (
            "A MoE merge of Ashwood-7B, Birchly and Cedar-2 for roleplay.\n",
            {"Ashwood-7B", "Birchly", "Cedar-2"},
        ),
    ],
)
def test_bare_merge_lists(text: str, expected: set[str]) -> None:
    assert _parents(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "This is a merge of style and speed.\n",  # plain words, no names
        "Unlike a merge of SunnyModel and Orchard-V2.0, this one was trained.\n",  # compared
        "Inspired by the merge of SunnyModel and Orchard-V2.0 that others made.\n",
        "Thanks to the merge of Ashwood and Birchly folks.\n",  # thanks
        "A merge of Ashwood and Birchly.\n",  # two plain capitalised words: no model's shape
        "```\nmerge of SunnyModel and Orchard-V2.0\n```\n",  # code
        "We compared a merge of GPT-4 and Claude outputs.\n",  # hosted models, a comparison
    ],
)
def test_bare_merge_list_negatives(text: str) -> None:
    assert bare_merge_list_claims(text, "wren/Kestrel-Mix") == []


def test_bare_merge_list_skips_own_name_and_trailing_dot() -> None:
    claims = bare_merge_list_claims("A merge of Kestrel-Mix and Lark-2-13B.\n", "wren/Kestrel-Mix")
    assert [c.parent for c in claims] == ["Lark-2-13B"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Merge made by hand.\n\nOakHeron(no system prompt) + Larkmaid 13b 0.2. Good for chat.\n",
            {"OakHeron", "Larkmaid 13b 0.2"},
        ),
        (
            "(ash-13b+(Wren Plus+CoQ+Talespin))\n80/20 merge\n",
            {"ash-13b", "Wren Plus", "CoQ", "Talespin"},
        ),
    ],
)
def test_plus_recipes(text: str, expected: set[str]) -> None:
    assert _parents(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We merged the adapter.\n\nSFT + DPO\n",  # methods
        "We merged the weights.\n\nPress Ctrl + C to stop.\n",
        "Not a merge.\n\nAshwood + Birchly\n",  # the word "merge" alone, two plain words
        "Merged model.\n\nSunnyModel + Orchard-V2.0 = SunnyOrchard\n",  # a sum recipe's line
        "Merged model.\n\nCompared to OakHeron + Larkmaid-13b, it is better.\n",  # compared
        "Merged model.\n\nGGUF quants: OakHeron-GGUF + Larkmaid-13b-GGUF\n",  # quantizations
        "Merged model.\n\n```\nOakHeron + Larkmaid-13b\n```\n",  # code
        "No merging here.\n\nThe prompt is: Instruction + Response-2\n",  # a prompt format
    ],
)
def test_plus_recipe_negatives(text: str) -> None:
    assert plus_recipe_claims(text, "wren/Kestrel-Mix") == []


def test_plus_recipe_needs_merge_words() -> None:
    assert plus_recipe_claims("OakHeron + Larkmaid-13b\n", "wren/Kestrel-Mix") == []


def test_a_name_the_card_links_gives_way() -> None:
    text = (
        "A triple model merge of Nous-Wren + Oakleaf + LimaQ.\n\n"
        "Original models:\n\n- [Wren-Long-2](https://huggingface.co/ann/Wren-Long-2-7b)\n"
        "- [Oakleaf QLoRA](https://huggingface.co/bo/llama-2-7b-oakleaf-qlora)\n"
        "![cover](https://huggingface.co/me/LimaQ-7B/resolve/main/cover.png)\n"
    )
    names = {c.parent for c in bare_merge_list_claims(text, "wren/Kestrel-Mix")}
    assert names == {"LimaQ"}  # a picture hosted in a repo is no link to a model


def test_plus_recipe_with_a_quant_type_is_no_recipe() -> None:
    assert plus_recipe_claims("Merged.\n\nKoboldLite + SillyTown Q4_KM\n", "wren/Kestrel-Mix") == []

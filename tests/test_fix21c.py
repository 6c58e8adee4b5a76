"""Conversions, weighted merges and merged-with lines read in three more shapes:

* `importers.converted_weights`: the library's own port of a checkpoint ("the `transformers`
  compatible `X`", "the HF transformers implementation of X");
* `importers.merge_lists.weighted_recipe_claims`: a weight after a Hub link ("[X](…) (60%)");
* `importers.merged_with`: a bare name on a line whose other model a recipe names by id;
* `importers.merge_bare`: a sum of the steps of a making ("DreamBooth + Merge LoRA") is no
  recipe of models;
* `importers.merge_lists.merge_list_claims`: an id whose note says it was never published
  ("(base/private)") is no input of a "models used" list.
"""

from __future__ import annotations

import time

import pytest

from importers.card import read_card
from importers.converted_weights import converted_weights_claims
from importers.merge_bare import plus_recipe_claims
from importers.merge_lists import merge_list_claims, weighted_recipe_claims
from importers.merged_with import merged_with_claims
from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from lineage.core.records import Relation


def _parents(text: str, model_id: str) -> list[str]:
    return [c.parent for c in read_card(text, model_id, "README.md").claims]


# The library's port of another checkpoint, named by its repo's name and a suffix.


@pytest.mark.parametrize(
    ("text", "model_id", "parent"),
    [
        (
            "# Heron\n\nThis repo holds the `transformers` compatible `heron-1.4b`. The weights "
            "are the same; only the config was added.\n",
            "acme/heron-1.4b-hf",
            "heron-1.4b",
        ),
        (
            "# Heron\n\nHere is a transformers-compatible version of Heron-9B for loading with "
            "the Auto classes.\n",
            "acme/Heron-9B-hf",
            "Heron-9B",
        ),
        (
            "# Heron\n\nThe following is the HF transformers implementation of heron-2-3b, to be "
            "used with the pipeline API.\n",
            "acme/heron-2-3b-HF",
            "heron-2-3b",
        ),
        # The library's name misspelled, as people type it.
        (
            "# Heron\n\nThis repository has the `transfromers` compatible `heron-1.4b` model.\n",
            "acme/heron-1.4b-hf",
            "heron-1.4b",
        ),
    ],
)
def test_library_port_names_its_source(text: str, model_id: str, parent: str) -> None:
    claims = converted_weights_claims(text, model_id)
    assert [c.parent for c in claims] == [parent]
    assert claims[0].relation is Relation.QUANTIZED
    assert _parents(text, model_id) == [parent]


@pytest.mark.parametrize(
    ("text", "model_id"),
    [
        # Not this repo's source: the repo's name does not go on from the name.
        ("# Wren\n\nThis repo holds the `transformers` compatible `heron-1.4b`.\n", "acme/wren-hf"),
        # The library's port of a tokenizer, no model named.
        (
            "# Wren\n\nA transformers-compatible version of the tokenizer is included.\n",
            "acme/wren-7b",
        ),
        # How to convert, not what this is.
        (
            "# Wren\n\nYou can convert it to the transformers-compatible format of heron-1.4b.\n",
            "acme/heron-1.4b-hf",
        ),
        # The library's version, a number.
        ("# Wren\n\nThe transformers version 4.40.0 is needed.\n", "acme/wren-7b"),
    ],
)
def test_library_port_near_misses(text: str, model_id: str) -> None:
    assert converted_weights_claims(text, model_id) == []


# A weight after a Hub link: a hand-written merge recipe.

_LINKED = (
    "# Wren\n\nThis model uses [Lark 7b](https://huggingface.co/acme/Lark-7b) (60%) as a base "
    "with [Heron 7b](https://huggingface.co/zoo/Heron-7b) (40%); the result was merged again.\n"
)


def test_weights_after_links_name_merge_inputs() -> None:
    claims = weighted_recipe_claims(_LINKED, "me/Wren-7b")
    assert sorted(c.parent for c in claims) == ["acme/Lark-7b", "zoo/Heron-7b"]
    assert all(c.relation is Relation.MERGE for c in claims)


def test_scores_beside_links_in_a_table_are_no_recipe() -> None:
    text = (
        "# Wren merge\n\n| model | score |\n|---|---|\n"
        "| [Lark 7b](https://huggingface.co/acme/Lark-7b) (61.2%) | x |\n"
        "| [Heron 7b](https://huggingface.co/zoo/Heron-7b) (58.9%) | y |\n"
    )
    assert weighted_recipe_claims(text, "me/Wren-7b") == []


def test_weighted_space_links_are_no_recipe() -> None:
    text = (
        "# Wren merge\n\nTry [Lark](https://huggingface.co/spaces/acme/Lark) (60%) or "
        "[Heron](https://huggingface.co/spaces/zoo/Heron) (40%).\n"
    )
    assert weighted_recipe_claims(text, "me/Wren-7b") == []


def test_one_weighted_link_is_no_recipe() -> None:
    text = "# Wren\n\nWe merged [Lark 7b](https://huggingface.co/acme/Lark-7b) (60%) into it.\n"
    assert weighted_recipe_claims(text, "me/Wren-7b") == []


# "A mixed with B" beside a recipe that names B by id.

_RECIPE = [
    ProseClaim("acme/WrenPhoto", Relation.MERGE, Strength.STRONG, "[ab-recipe] Model A: WrenPhoto")
]


def test_bare_name_beside_a_recipe_input_stands() -> None:
    text = "Lark Photo 1.2 mixed with WrenPhoto to sharpen the faces.\n"
    body = text + "https://huggingface.co/acme/WrenPhoto\n"
    claims = merged_with_claims(body, "me/Mix", _RECIPE)
    assert sorted(c.parent for c in claims) == ["Lark Photo 1.2", "acme/WrenPhoto"]


def test_bare_names_give_way_to_a_recipe_elsewhere() -> None:
    # Neither model of the line is the recipe's: the recipe decides.
    text = "Lark Photo 1.2 mixed with Heron Dream 3 to sharpen the faces.\n"
    assert merged_with_claims(text, "me/Mix", _RECIPE) == []


def test_recipe_input_spelled_another_way_gives_way() -> None:
    # "Wren Photo 2" is the recipe's acme/WrenPhoto spelled another way: no second edge.
    recipe = [ProseClaim("acme/WrenPhoto", Relation.MERGE, Strength.STRONG, "x")]
    recipe.append(ProseClaim("acme/LarkDream", Relation.MERGE, Strength.STRONG, "x"))
    text = "Wren Photo 2 mixed with LarkDream for detail.\n"
    body = text + "https://huggingface.co/acme/LarkDream\n"
    parents = [c.parent for c in merged_with_claims(body, "me/Mix", recipe)]
    assert parents == ["acme/LarkDream"]


# A sum of methods, not of models.


@pytest.mark.parametrize(
    "text",
    [
        "An anime model.\n\nDreamBooth + Merge Block Weights + Merge LoRA\n",
        "A merged model.\n\nFine-tuning + Merging of OakHeron-2\n",
        "A merged model.\n\nTraining + MBW + Lark-7b\n",
    ],
)
def test_sum_of_methods_is_no_recipe(text: str) -> None:
    assert plus_recipe_claims(text, "wren/Kestrel-Mix") == []


def test_sum_of_models_still_a_recipe() -> None:
    text = "A merged model.\n\nOakHeron(no system prompt) + Larkmaid 13b 0.2\n"
    parents = {c.parent for c in plus_recipe_claims(text, "wren/Kestrel-Mix")}
    assert parents == {"OakHeron", "Larkmaid 13b 0.2"}


# A "models used" list item whose note says it is private.

_USED = (
    "# Wren-13B\n\nA merge of many parts.\n\n## Models and loras used\n\n"
    "- acme/Lark-13B{note}\n- zoo/Heron-13B\n- zoo/Finch-13B-lora (0.3 weight)\n"
)


@pytest.mark.parametrize("note", [" (base/private)", " (private)", " (unreleased base)"])
def test_private_list_item_is_no_input(note: str) -> None:
    parents = [c.parent for c in merge_list_claims(_USED.format(note=note), "me/Wren-13B")]
    assert parents == ["zoo/Heron-13B", "zoo/Finch-13B-lora"]


@pytest.mark.parametrize("note", ["", " (base)", " ([card](https://huggingface.co/acme/x))"])
def test_list_item_with_another_note_stays(note: str) -> None:
    parents = [c.parent for c in merge_list_claims(_USED.format(note=note), "me/Wren-13B")]
    assert parents == ["acme/Lark-13B", "zoo/Heron-13B", "zoo/Finch-13B-lora"]


def test_long_lines_stay_fast() -> None:
    line = "the transformers compatible " * 800 + "[a](https://huggingface.co/a/b) (5%) " * 300
    body = "# Wren merge\n\n" + line + "\n" + "x mixed with " * 1500 + "\n"
    start = time.perf_counter()
    converted_weights_claims(body, "acme/wren-hf")
    weighted_recipe_claims(body, "acme/wren")
    merged_with_claims(body, "acme/wren", _RECIPE)
    merge_list_claims("## Models used\n\n- a/b " + "(x (y " * 3000 + "\n", "acme/wren-merge")
    assert time.perf_counter() - start < 0.1

"""Kinds of statements that name a parent without its org (thirteenth round)."""

from __future__ import annotations

import pytest

from lineage.core.records import Relation
from tests.test_prose_recall import parents

ME = Relation.MERGE


# -- a bare name as an item of a "models used" list ---------------------------------------------


@pytest.mark.parametrize(
    ("item", "name"),
    [
        ("- Wren-v3", "Wren-v3"),
        ("- **Kestrel-13B**", "Kestrel-13B"),
        ("* Owl-XL", "Owl-XL"),
        ("- Plover-2.1(0.6)", "Plover-2.1"),
    ],
)
def test_a_bare_item_of_a_models_used_list_is_an_input(item: str, name: str) -> None:
    text = (
        "# Heron-v4\n\nA merge of my older work with a few friends' models.\n\n"
        f"## Models and LoRAs used\n\n{item}\n- birds/Tern-13B-v0.2\n- birds/Gull-13b\n"
    )
    got = parents(text, "me/Heron-v4")
    assert got.get(name) is ME
    assert got.get("birds/Tern-13B-v0.2") is ME


@pytest.mark.parametrize(
    "item",
    [
        "- Notes",  # a plain word
        "- trained for two epochs on 8 GPUs",  # a sentence
        "- see below",
        "- Wren-v3 GGUF quants",  # a conversion, not an input
        "- LoRA-tuned",  # a method's word
    ],
)
def test_items_that_are_no_name_are_no_input(item: str) -> None:
    text = (
        "# Heron-v4\n\nA merge of my older work.\n\n"
        f"## Models used\n\n{item}\n- birds/Tern-13B-v0.2\n"
    )
    got = parents(text, "me/Heron-v4")
    assert set(got) == {"birds/Tern-13B-v0.2"}


def test_a_bare_item_outside_a_merge_card_is_no_input() -> None:
    # "Models used" alone (no merge, no LoRA) may list anything: tools, baselines.
    text = "# Heron-v4\n\nA chat model.\n\n## Models used\n\n- Wren-v3\n- Kestrel-13B\n"
    assert parents(text, "me/Heron-v4") == {}


def test_the_cards_own_name_in_its_list_is_no_input() -> None:
    text = "# Heron-v4\n\nA merge.\n\n## Models used\n\n- Heron-v4\n- birds/Tern-13B-v0.2\n"
    assert set(parents(text, "me/Heron-v4")) == {"birds/Tern-13B-v0.2"}


# -- "fine-tuned on a base X model": the article "a" as "the" -----------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Heron is fine-tuned on a base Kestrel-7B model.",
        "Heron was trained from a base Kestrel-7B model with our notes.",
        "Heron is fine-tuned on the base Kestrel-7B model.",
    ],
)
def test_tuned_on_a_base_named_model(sentence: str) -> None:
    assert parents(f"# Heron\n\n{sentence}\n", "me/Heron-13B") == {"Kestrel-7B": Relation.FINETUNE}


@pytest.mark.parametrize(
    "sentence",
    [
        "Heron was trained on a base model of our own.",  # no name
        "Heron is fine-tuned on a base of 9B tokens.",  # data
        "Heron is fine-tuned on a base Kestrel-7B.",  # no "model": a size of data as often
    ],
)
def test_look_alikes_of_a_base_named_model(sentence: str) -> None:
    assert parents(f"# Heron\n\n{sentence}\n", "me/Heron-13B") == {}


# -- "trained on X-20b with DPO": a sized name, then the method run on it -----------------------


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("One epoch of our notes, trained on Wren-RP-20b-v2 with standard DPO, 2e-5 LR.",
         "Wren-RP-20b-v2"),
        ("The model was trained on **Kestrel-13B** using QLoRA for two epochs.", "Kestrel-13B"),
        ("Heron was trained on Owl-Mix-7b via ORPO.", "Owl-Mix-7b"),
    ],
)  # fmt: skip
def test_trained_on_a_sized_name_with_a_method(sentence: str, name: str) -> None:
    assert parents(f"# Heron\n\n{sentence}\n", "me/Heron-13B") == {name: Relation.FINETUNE}


@pytest.mark.parametrize(
    "sentence",
    [
        "The judge was trained on Wren-RP-20b-v2 with DPO.",  # another model's making
        "Our reward model was trained on Wren-20b with DPO.",
        "Unlike models trained on Wren-20b with DPO, ours is new.",  # a comparison
        "birds/Tern-7B was trained on Wren-20b with DPO.",  # another model's base
        "Trained on SlimHeap-627B with a long context.",  # data of that size, no method
        "Trained on Wren-20b outputs with DPO pairs.",  # data a model wrote
    ],
)
def test_look_alikes_of_trained_on_a_sized_name(sentence: str) -> None:
    assert parents(f"# Heron\n\n{sentence}\n", "me/Heron-13B") == {}

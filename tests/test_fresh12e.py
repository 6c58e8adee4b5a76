"""Kinds of statements of real cards: a Hub link whose text writes one repo and whose target
is another of the same org (a copy slip, as a chat model's "Finetuned from" linking the 7b
page under the 13b name the card writes elsewhere too); usage code for a sibling's adapter
that the card lists as a repo of its own; "based on [someone's work](…)" (a method, not
weights); a design named through a link off the Hub ("the [X](github…) architecture"); and a
Hub URL behind a broken prefix."""

from __future__ import annotations

import pytest

from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT = Relation.FINETUNE
HUB = "https://huggingface.co"

# -- a link's text names the base, its target a sibling of the same org -------------------------


@pytest.mark.parametrize(
    "lead",
    [
        "`wren/heron-13b-chat` is a chat model built on our base model `wren/heron-13b`.\n\n",
        "We continue training [wren/heron-13b]({h}/wren/heron-13b) (and a 7b sibling,"
        " [wren/heron-7b]({h}/wren/heron-7b)) on chat data.\n\n",
        "Starting point: wren/heron-13b, tuned on dialogues.\n\n",
    ],
)
def test_link_text_written_elsewhere_wins_over_a_sibling_target(lead: str) -> None:
    text = (
        "# Heron Chat\n\n"
        + lead.format(h=HUB)
        + f"## Details\n\n- **Finetuned from:** [wren/heron-13b]({HUB}/wren/heron-7b)\n"
        "- **Language:** English\n"
    )
    assert parents(text, "wren/heron-13b-chat") == {"wren/heron-13b": FT}


def test_link_text_of_another_family_same_size_wins_when_written_twice() -> None:
    text = (
        "# Heron Mist Chat\n\nA chat model built on `wren/heron-mist-7b` and tuned on dialogues."
        f"\n\n- Finetuned from: [wren/heron-mist-7b]({HUB}/wren/heron-7b)\n"
    )
    assert parents(text, "wren/heron-mist-7b-chat") == {"wren/heron-mist-7b": FT}


@pytest.mark.parametrize(
    "link",
    [
        # The text's id is written nowhere else: the target is what the link points at.
        "[wren/heron-13b]({h}/wren/heron-7b)",
        # Another org's id as text: a mirror may be meant; the target stays.
        "[kite/heron-13b]({h}/wren/heron-7b)",
    ],
)
def test_link_target_stays_when_the_text_is_not_confirmed(link: str) -> None:
    text = "# Heron Chat\n\nA chat model.\n\n- Finetuned from: " + link.format(h=HUB) + "\n"
    # (A card named without a size: a 13b card's 7b target is a smaller sibling,
    # `importers.card_names.smaller_twin`.)
    assert parents(text, "wren/heron-chat") == {"wren/heron-7b": FT}


# -- usage code for a sibling's adapter, which the card's family table lists -----------------------

_PEFT_CODE = (
    "```python\n"
    "from peft import PeftModel\n"
    "from transformers import AutoModelForCausalLM, AutoTokenizer\n"
    'base = AutoModelForCausalLM.from_pretrained("wren/Tern-9B-Stage1")\n'
    'model = PeftModel.from_pretrained(base, "{adapter}")\n'
    'tok = AutoTokenizer.from_pretrained("wren/Tern-9B-Stage1")\n'
    "```\n"
)


@pytest.mark.parametrize(
    "listing",
    [
        "| Model | Full weights | LoRA |\n|---|---|---|\n"
        "| Tern-9B | [wren/Tern-9B]({h}/wren/Tern-9B) | - |\n"
        "| Tern-9B-LoRA | [wren/Tern-9B-Stage1]({h}/wren/Tern-9B-Stage1) |"
        " [wren/Tern-9B-Stage1-LoRA]({h}/wren/Tern-9B-Stage1-LoRA) |\n",
        "Our releases: wren/Tern-9B (full weights) and wren/Tern-9B-Stage1-LoRA, an adapter"
        " over wren/Tern-9B-Stage1.\n",
    ],
)
def test_peft_code_for_an_adapter_the_card_lists_as_another_repo_is_no_parent(
    listing: str,
) -> None:
    text = (
        "# Tern\n\nA translation model.\n\n"
        + listing.format(h=HUB)
        + "\nQuick start with the LoRA variant:\n\n"
        + _PEFT_CODE.format(adapter="wren/Tern-9B-Stage1-LoRA")
    )
    assert parents(text, "wren/Tern-9B") == {}


def test_peft_code_of_the_card_itself_still_names_its_base() -> None:
    # Trap: the adapter loaded is the card's own repo; the base it loads is the parent.
    text = "# Tern LoRA\n\nAn adapter.\n\n" + _PEFT_CODE.format(adapter="wren/Tern-9B-Stage1-LoRA")
    assert parents(text, "wren/Tern-9B-Stage1-LoRA") == {"wren/Tern-9B-Stage1": Relation.ADAPTER}


def test_peft_code_under_another_adapter_name_the_text_never_writes_still_names_its_base() -> None:
    # Trap: the adapter id in the code is written nowhere in the text (an older name).
    text = "# Tern LoRA\n\nAn adapter.\n\n" + _PEFT_CODE.format(adapter="wren/tern-lora-old")
    assert parents(text, "wren/Tern-9B-Stage1-LoRA") == {"wren/Tern-9B-Stage1": Relation.ADAPTER}


# -- "based on [someone's work](hub link)": a method credited, not weights -------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "This is based on [Ann Lee's work]({h}/annlee/comma-restorer-large).",
        "The model builds on [the approach of the authors]({h}/annlee/comma-restorer-large)"
        " with a smaller network.",
        "It was inspired by [their research]({h}/annlee/comma-restorer-large).",
        "Built upon [A. Lee's earlier work]({h}/annlee/comma-restorer-large), but trained anew.",
    ],
)
def test_a_linked_work_built_on_is_no_parent(sentence: str) -> None:
    text = "# Comma Fixer\n\nRestores punctuation in nine languages.\n\n" + sentence.format(h=HUB)
    assert parents(text, "me/comma-fixer") == {}


@pytest.mark.parametrize(
    "sentence",
    [
        # Traps: the link's text names the model, or a model of someone's.
        "This is based on [Ann Lee's comma restorer]({h}/annlee/comma-restorer-large).",
        "This is based on [annlee/comma-restorer-large]({h}/annlee/comma-restorer-large).",
    ],
)
def test_a_linked_model_built_on_is_still_a_parent(sentence: str) -> None:
    text = "# Comma Fixer\n\nRestores punctuation in nine languages.\n\n" + sentence.format(h=HUB)
    assert set(parents(text, "me/comma-fixer")) == {"annlee/comma-restorer-large"}


# -- a design named through a link off the Hub ("the [Kite-2](github…) architecture") -----------


@pytest.mark.parametrize(
    "sentence",
    [
        "This model is based on the [Kite-2](https://github.com/kites/kite-2) architecture.",
        "Built on the [Kite-2](https://code.example/kite-2) decoder-only transformer design,"
        " trained from scratch.",
        "Our model is based upon the [Kite-2](https://github.com/kites/kite-2) family.",
    ],
)
def test_a_design_linked_off_the_hub_is_no_parent(sentence: str) -> None:
    text = "# Chatter\n\nA persona chat model.\n\n" + sentence
    assert "Kite-2" not in parents(text, "me/chatter")


def test_a_design_linked_off_the_hub_leaves_the_hub_model_credited() -> None:
    text = (
        "# Chatter\n\nA persona chat model. It is fine-tuned from "
        f"[Owl-medium]({HUB}/owls/Owl-medium), itself based on the "
        "[Kite-2](https://github.com/kites/kite-2) architecture.\n"
    )
    assert parents(text, "me/chatter") == {"owls/Owl-medium": FT}


def test_a_model_linked_off_the_hub_without_a_design_word_is_still_claimed() -> None:
    # Trap: no design word after the link; the name stays a (weak) parent.
    text = "# Chatter\n\nThis model is based on [Kite-2](https://github.com/kites/kite-2).\n"
    assert "Kite-2" in parents(text, "me/chatter")


# -- a Hub URL behind a broken prefix ("https://steps/huggingface.co/ORG/X") ----------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://steps/huggingface.co/wren/Painter-v-1-2",
        "https://https://huggingface.co/wren/Painter-v-1-2",
        "https://web.archive.example/2023/https://hf.co/wren/Painter-v-1-2",
    ],
)
def test_a_hub_url_behind_a_broken_prefix_names_the_repo(url: str) -> None:
    text = (
        "# Painter v1.3\n\nThe checkpoint was initialized with the weights of the "
        f"[Painter-v-1-2]({url}) checkpoint and then fine-tuned for more steps.\n"
    )
    assert parents(text, "wren/Painter-v-1-3") == {"wren/Painter-v-1-2": FT}


def test_a_url_off_the_hub_still_leaves_the_link_text() -> None:
    # Trap: no Hub URL inside; the text's name is kept as written.
    text = (
        "# Painter v1.3\n\nThe checkpoint was initialized with the weights of the "
        "[Painter-v-1-2](https://code.example/wren/painter) checkpoint.\n"
    )
    assert parents(text, "wren/Painter-v-1-3") == {"Painter-v-1-2": FT}

"""Lineage statements of 2023-25 LLM cards: plain-line merge lists, weighted lists, bare bases.

Each kind has a look-alike beside it that must name no parent.
"""

from __future__ import annotations

from importers.card import read_card
from importers.merge_lists import merge_list_claims
from importers.prose import read_prose
from lineage.core.records import Relation


def card_parents(text: str, model_id: str = "me/this-model") -> dict[str, Relation]:
    record = read_card(text, model_id, "README.md")
    return {c.parent.casefold(): c.relation for c in record.claims}


def prose_parents(text: str, model_id: str = "me/this-model") -> list[str]:
    """What the phrase rules alone find (the card's scorer may weigh a lone link apart)."""
    return [c.parent for c in read_prose(text, model_id).claims]


def link(model_id: str, text: str | None = None) -> str:
    return f"[{text or model_id}](https://huggingface.co/{model_id})"


# -- kind 1: merge inputs under a plain "Models used:" line --------------------------------


def test_bold_ids_under_a_plain_models_used_line_are_merge_inputs() -> None:
    text = (
        "# Blend-70B\n\nA merge of three chat models for story writing.\n\n"
        "Models used:\n"
        "- **alpha-lab/Story-70b** - writes well, but forgets instructions.\n"
        "- **beta-lab/Follow-70b** - obeys, though a quantized copy was all I could find.\n"
        "- **gamma-lab/Wild-70b**\n\n"
        "Thanks to delta-lab/Other-70b for the idea.\n"
    )
    assert card_parents(text) == {
        "alpha-lab/story-70b": Relation.MERGE,
        "beta-lab/follow-70b": Relation.MERGE,
        "gamma-lab/wild-70b": Relation.MERGE,
    }


def test_bold_lines_without_bullets_under_models_merged() -> None:
    text = (
        "Merged with a gradient recipe.\n\n**Models merged:**\n"
        "**alpha-lab/Story-13b**\n**beta-lab/Follow-13b**\n\nMore below.\n"
    )
    found = [c.parent for c in merge_list_claims(text, "me/this-model")]
    assert found == ["alpha-lab/Story-13b", "beta-lab/Follow-13b"]


def test_models_used_line_in_a_card_that_never_merges_names_nothing() -> None:
    text = (
        "An evaluation report.\n\nModels used:\n"
        "- **alpha-lab/Story-70b**\n- **beta-lab/Follow-70b**\n"
    )
    assert merge_list_claims(text, "me/this-model") == []


def test_models_used_in_a_sentence_is_no_list_heading() -> None:
    text = "We merge nothing here. The models used for comparison:\n- **alpha-lab/Story-70b**\n"
    assert merge_list_claims(text, "me/this-model") == []


def test_list_under_a_plain_line_ends_at_the_next_paragraph() -> None:
    text = "A merge.\n\nModels used:\n- alpha-lab/Story-7b\n\nCompare with:\n- beta-lab/Rival-7b\n"
    assert [c.parent for c in merge_list_claims(text, "me/this-model")] == ["alpha-lab/Story-7b"]


def test_based_on_a_model_that_the_merge_list_names_is_a_merge_input() -> None:
    text = (
        f"This model is based on {link('fp-lab/Kind_Bot_13b', 'Kind Bot')}, made bolder.\n\n"
        "## Models and loras used\n\n"
        f"- {link('fp-lab/Kind_Bot_13b', 'Kind_Bot_13b')}\n"
        f"- {link('mix-lab/Bold-13B')}\n"
    )
    assert card_parents(text) == {
        "fp-lab/kind_bot_13b": Relation.MERGE,
        "mix-lab/bold-13b": Relation.MERGE,
    }


# -- kind 2: a base given as a bare URL --------------------------------------------------


def test_base_model_we_used_then_a_bare_url() -> None:
    text = (
        "# Helper 13B\n\nAs a base model we used: https://huggingface.co/camel-lab/helper-13b\n\n"
        "Trained three epochs on chat logs.\n"
    )
    assert card_parents(text) == {"camel-lab/helper-13b": Relation.FINETUNE}


def test_original_model_then_a_url_without_a_colon() -> None:
    text = (
        "# Helper 7B GGML\n\nGGML files, 4-bit.\n\n"
        "Original model https://huggingface.co/camel-lab/helper-7b-plus\n"
    )
    assert card_parents(text, "me/helper-7b-ggml") == {
        "camel-lab/helper-7b-plus": Relation.QUANTIZED
    }


def test_original_model_then_a_code_host_url_names_nothing() -> None:
    text = "# Helper\n\nOriginal model https://github.com/camel-lab/helper\n"
    assert card_parents(text) == {}


# -- kind 3: conversions ------------------------------------------------------------------


def test_core_ml_version_of_a_model_is_a_conversion() -> None:
    text = f"# Chat for Apple devices\n\nThis is a Core ML version of {link('talk-lab/Talk-7b')}.\n"
    assert card_parents(text) == {"talk-lab/talk-7b": Relation.QUANTIZED}


def test_core_ml_elsewhere_does_not_make_a_newer_version_a_parent() -> None:
    text = (
        f"# Notes\n\nSee the Core ML docs. A newer version of {link('talk-lab/Talk-7b')} exists.\n"
    )
    assert card_parents(text) == {}


def test_one_model_repeated_to_make_experts_is_a_merge_input() -> None:
    text = (
        f"# tiny-moe\n\nThis model is {link('story-lab/tiny-stories-20m')} repeated 4 times "
        "to make 4 experts. The router starts from random weights.\n"
    )
    assert card_parents(text) == {"story-lab/tiny-stories-20m": Relation.MERGE}


def test_a_model_copied_several_times_elsewhere_is_no_parent() -> None:
    text = f"# Notes\n\nThe file of {link('story-lab/tiny-stories-20m')} copied 2 times to disk.\n"
    assert prose_parents(text) == []


# -- kind 4: the card opens with the parent's id ------------------------------------------


def test_opening_id_then_dpo_trained_on_data() -> None:
    text = "pond-lab/trio-v1 DPO-trained on pref-lab/pairs-dpo\n\nTop of the board this week.\n"
    assert card_parents(text) == {"pond-lab/trio-v1": Relation.FINETUNE}


def test_a_rival_dpo_trained_on_the_same_data_is_no_parent() -> None:
    text = "# Ours\n\nWe beat pond-lab/trio-v1, which was DPO-trained on the same pairs.\n"
    assert card_parents(text) == {}


# -- kind 5: precision --------------------------------------------------------------------


def test_based_on_a_named_transformer_architecture_is_no_parent() -> None:
    text = (
        "# Ko-Small\n\n**Model Architecture**\n"
        "Ko-Small is an auto-regressive language model based on the Yi-34B transformer "
        "architecture.\n\n**Base Model**\n"
        f"{link('kor-lab/Yi-Ko-6B')}\n"
    )
    assert card_parents(text, "me/Ko-Small") == {"kor-lab/yi-ko-6b": Relation.FINETUNE}


def test_based_on_a_named_transformer_model_is_still_read() -> None:
    text = "# Ko-Small\n\nThis model is based on the Yi-34B transformer model, tuned on Korean.\n"
    assert prose_parents(text) == ["01-ai/Yi-34B"]


# -- kind 1 (continued): weighted merge lists ---------------------------------------------


def test_composition_block_of_bare_names_and_shares() -> None:
    text = (
        "```\n======= MERGE COMPOSITION =======\n"
        "Dusk-0.2-Star-RP: 0.5\nlantern-7b-v0.3: 0.3\nOwl-2.5-chat-7b: 0.2\n```\n"
    )
    assert card_parents(text) == {
        "dusk-0.2-star-rp": Relation.MERGE,
        "lantern-7b-v0.3": Relation.MERGE,
        "owl-2.5-chat-7b": Relation.MERGE,
    }


def test_sampling_settings_in_a_merge_card_are_no_composition() -> None:
    text = "A merge of two chat models.\n\n```\ntop-p: 0.9\nmin-p: 0.05\nrep-pen: 1.0\n```\n"
    assert card_parents(text) == {}


def test_weight_first_recipe_with_an_adapter_folder() -> None:
    text = (
        "(0.75) owl-lab/Owl-Chat-13b & (0.25) kite-lab/kite-experts-13b-1.2/adapters/math\n\n"
        "The chat model merged with a LoRA at 0.25 weight.\n"
    )
    assert card_parents(text) == {
        "owl-lab/owl-chat-13b": Relation.FINETUNE,
        "kite-lab/kite-experts-13b-1.2": Relation.MERGE,
    }


def test_mixture_of_experts_based_on_a_family_word_names_no_parent() -> None:
    text = (
        "# OwlMoE: a 4x2 Mixture of Experts based on Owl.\n\n"
        "It is made of 4 separately tuned Owl models.\n"
    )
    assert prose_parents(text) == []


def test_mixture_of_experts_based_on_a_sized_model_is_still_read() -> None:
    text = f"# OwlMoE\n\nA Mixture of Experts based on {link('owl-lab/Owl-7b')}.\n"
    assert prose_parents(text) == ["owl-lab/Owl-7b"]


# -- kind 2 (continued): the verb first, the linked base after it ----------------------------


def test_fine_tuned_then_a_linked_model_opening_a_line() -> None:
    text = (
        "# Owl chat, unfiltered\n\n"
        f"Fine-tuned {link('mirror-lab/Owl-2-7B-fp16', 'Owl-2 7B')} with an open chat set.\n"
    )
    assert card_parents(text) == {"mirror-lab/owl-2-7b-fp16": Relation.FINETUNE}


def test_fine_tuned_then_a_dataset_link_names_no_model() -> None:
    text = "# Owl chat\n\nFine-tuned [our chats](https://huggingface.co/datasets/me/chats) well.\n"
    assert prose_parents(text) == []


# -- kind 3 (continued): a port to another framework ----------------------------------------


def test_original_weights_on_the_hub_of_a_framework_port() -> None:
    text = (
        "# Giant-1 (PyTorch)\n\nThe torch version of the Giant-1 open-weights model.\n\n"
        "You can find the original weights released by [Lab](https://lab.example.com) in "
        "[the Hub](https://huggingface.co/giant-lab/giant-1).\n\n"
        "## Conversion\n\nWe rewrote the JAX code in PyTorch and converted the weights.\n"
    )
    assert card_parents(text, "port-lab/giant-1") == {"giant-lab/giant-1": Relation.QUANTIZED}


def test_original_weights_as_a_yardstick_name_no_parent() -> None:
    text = (
        "# Small\n\nOur results beat the original weights from "
        "[Lab](https://huggingface.co/lab/big-1), by far.\n"
    )
    assert prose_parents(text) == []


def test_linked_base_and_a_lora_applied_at_a_weight() -> None:
    text = (
        "# Owl RP\n\nA merge of the owl-lab chat model for role-play:\n\n"
        "https://huggingface.co/owl-lab/owl-chat-7b\n\nand\n\n"
        "a story set applied as a lora at 0.5 weight\n\n"
        "https://huggingface.co/tale-lab/story-lora-v2/\n"
    )
    assert card_parents(text) == {
        "owl-lab/owl-chat-7b": Relation.FINETUNE,
        "tale-lab/story-lora-v2": Relation.MERGE,
    }


def test_a_model_and_several_loras_stay_merge_inputs() -> None:
    text = (
        "# Owl mix\n\nA merge of a model and LoRAs:\n\n"
        "https://huggingface.co/owl-lab/owl-chat-30b\n\n"
        "Story LoRA\nhttps://huggingface.co/tale-lab/story-lora-30b\n\n"
        "Logic LoRA\nhttps://huggingface.co/tale-lab/logic-lora-30b\n"
    )
    assert set(card_parents(text).values()) == {Relation.MERGE}

"""Kinds of statements read on a randomly drawn corpus of 2023-24 cards (chat fine-tunes, hand
merges, family cards): each rule fires on its form and stays quiet on a look-alike."""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT, ME, QU = Relation.FINETUNE, Relation.MERGE, Relation.QUANTIZED
HUB = "https://huggingface.co"


def _card(body: str, front: str = "") -> str:
    head = f"---\n{front}---\n\n" if front else ""
    return f"{head}# Wren 13B\n\n{body}\n"


# -- a picture kept in a repo is no merge input -------------------------------------------


def test_merge_card_links_its_inputs_not_its_logo() -> None:
    text = _card(
        f'<img src="{HUB}/finch/Wren-v1/resolve/main/banner.png" alt="a wren" width="200"/>\n\n'
        "This model is a slerp merge of two chat models, made with mergekit:\n\n"
        f"- [Robin]({HUB}/birds/robin-7b)\n- [Lark]({HUB}/birds/lark-7b)\n",
        "tags:\n- merge\n",
    )
    assert parents(text, "finch/Wren-v2") == {"birds/robin-7b": ME, "birds/lark-7b": ME}


def test_merge_card_links_an_earlier_release_page_as_an_input() -> None:
    # Trap: the same repo linked as a model page (not a file in it) is still read.
    text = _card(
        "This model is a slerp merge of two chat models, made with mergekit:\n\n"
        f"- [Wren v1]({HUB}/finch/Wren-v1)\n- [Lark]({HUB}/birds/lark-7b)\n",
        "tags:\n- merge\n",
    )
    assert parents(text, "finch/Wren-v2") == {"finch/Wren-v1": ME, "birds/lark-7b": ME}


# -- a size written before the family's name belongs to the name ---------------------------


def test_size_before_a_family_name_is_kept_with_it() -> None:
    text = _card("This model is a 65B Falcon model finetuned on a blend of chat data sets.")
    assert parents(text, "finch/Wren-65b") == {"65B Falcon": FT}


def test_family_name_without_a_size_is_kept_alone() -> None:
    # Trap: no size before the name, nothing to add to it.
    text = _card("This model is a Falcon model finetuned on a blend of chat data sets.")
    assert parents(text, "finch/Wren-65b") == {"Falcon": FT}


# -- "X is a <sized base> model trained on <data>" ------------------------------------------


def test_sized_base_before_model_trained_on() -> None:
    text = _card("Wren is a Falcon-2-11B model trained on generated tutoring dialogues.")
    assert parents(text, "finch/Wren-11b") == {"Falcon-2-11B": FT}


def test_name_without_a_size_before_model_trained_on_is_an_architecture() -> None:
    # Trap: "a GPT-2 model trained on" says which architecture was trained, often from scratch.
    text = _card("Wren is a GPT-2 model trained on children's books.")
    assert parents(text, "finch/Wren-small") == {}


def test_sized_base_trained_from_scratch_is_no_parent() -> None:
    # Trap: the same shape, with the sentence saying the weights started from nothing.
    text = _card("Wren is a Falcon-7B model trained on web text from scratch.")
    assert parents(text, "finch/Wren-7b") == {}


# -- the data first, then the model it tuned -------------------------------------------------


def test_datasets_to_fine_tune_a_hub_id() -> None:
    text = _card(
        "We gathered the following datasets to fine-tune birds/Lark-34B so that it plans better."
    )
    assert parents(text, "finch/Wren-34b") == {"birds/Lark-34B": FT}


def test_datasets_to_fine_tune_on_top_of_a_hub_link_across_a_line_break() -> None:
    text = _card(
        "We mixed three public chat sets and other open datasets\n"
        f"to fine-tune on top of [Lark 7B]({HUB}/birds/Lark-7B-v0.1)."
    )
    assert parents(text, "finch/Wren-7b") == {"birds/Lark-7B-v0.1": FT}


def test_linked_dataset_to_fine_tune_on_top_of_a_hub_link() -> None:
    text = _card(
        f"We used our own [Wren chats]({HUB}/datasets/finch/wren-chats) to fine-tune on top of "
        f"[Lark 13B]({HUB}/birds/Lark-13b-16k)."
    )
    assert parents(text, "finch/Wren-13b") == {"birds/Lark-13b-16k": FT}


def test_linked_dataset_to_fine_tune_a_dataset_names_no_base() -> None:
    # Trap: the object is another data set's page, not a model's.
    text = _card(
        f"We used our own [Wren chats]({HUB}/datasets/finch/wren-chats) to fine-tune on top of "
        f"[the Lark set]({HUB}/datasets/birds/lark-set) for a second round."
    )
    assert parents(text, "finch/Wren-13b") == {}


def test_datasets_to_fine_tune_a_plain_word_names_no_base() -> None:
    # Trap: "datasets to fine-tune your model" names no model.
    text = _card("You may use these datasets to fine-tune your own models on the task.")
    assert parents(text, "finch/Wren-7b") == {}


# -- a re-upload's "original posting" ----------------------------------------------------------


def test_original_posting_of_this_model_linked_below_is_a_repack() -> None:
    text = _card(
        "The original posting for this model was uploaded at the link below.\n\n"
        f"- {HUB}/songbirds/wren-13b-megachat\n"
    )
    assert parents(text, "finch/Wren-13b") == {"songbirds/wren-13b-megachat": QU}


def test_original_posting_of_a_data_set_is_no_parent() -> None:
    # Trap: the original of something else than this model.
    text = _card(
        "The original posting of the chat data was uploaded at the link below.\n\n"
        f"- {HUB}/datasets/songbirds/megachat\n"
    )
    assert parents(text, "finch/Wren-13b") == {}


# -- shares that make up the whole of a merge ------------------------------------------------


def test_merge_shares_of_names_written_as_spoken() -> None:
    text = _card(
        "This is the second release of the merge with 60% robin 33B, and 40% lark-2.1 33B."
    )
    assert parents(text, "finch/Wren-33B") == {"robin 33B": ME, "lark-2.1 33B": ME}


def test_merge_shares_listed_without_commas() -> None:
    text = _card("Wren merged 55% robin v2 45% lark 13b with a merge tool of its own.")
    assert parents(text, "finch/Wren-13B") == {"robin v2": ME, "lark 13b": ME}


def test_data_shares_mixed_in_a_merge_card_are_no_recipe() -> None:
    # Trap: a data mix ("mixed"), in a card whose models were merged afterwards.
    text = _card(
        "The tuning data mixed 60% Robin-chat and 40% Lark-code. The LoRA was then merged in."
    )
    assert parents(text, "finch/Wren-7B") == {}


def test_shares_that_do_not_add_up_are_no_recipe() -> None:
    # Trap: percentages of something else in a merge card ("70% Robin-7B wins, 20% Lark ties").
    text = _card("In our merge tests 70% Robin-7B answers won, and 20% Lark-7B answers tied.")
    assert parents(text, "finch/Wren-7B") == {}


def test_shares_outside_a_merge_sentence_are_no_recipe() -> None:
    # Trap: a data mix, in a card that speaks of merging elsewhere.
    text = _card(
        "The data is 50% Robin-chat, and 50% Lark-code. We merged the LoRA back at the end."
    )
    assert parents(text, "finch/Wren-7B") == {}


# -- "based on the models below:" then a list -----------------------------------------------------


def test_based_on_the_models_listed_below() -> None:
    text = _card(
        "This is an experimental stack merge based on the models and recipe below:\n\n"
        f"- [birds/Robin-13b]({HUB}/birds/Robin-13b)\n"
        f"- [birds/Lark-13b]({HUB}/birds/Lark-13b)\n"
    )
    assert parents(text, "finch/Wren-20B") == {"birds/Robin-13b": ME, "birds/Lark-13b": ME}


def test_results_based_on_a_list_with_no_lead_are_not_read_as_inputs() -> None:
    # Trap: "based on" that closes a sentence, then an unrelated list (no "below").
    text = _card(
        "Our scores are based on our own judgement. Compared models:\n\n"
        f"- [birds/Robin-13b]({HUB}/birds/Robin-13b)\n"
        f"- [birds/Lark-13b]({HUB}/birds/Lark-13b)\n"
    )
    assert parents(text, "finch/Wren-20B") == {}


# -- a retraining of a model is its sibling, not its child ------------------------------------


_RETRAINED = (
    "This is a {verb} of " + HUB + "/birds/Lark-7B-V1.0 with a filtered dataset, meant to reduce "
    "refusals.\n\nNote that this model will be more compliant than birds/Lark-7B-V1.0.\n\n"
    "Unlike birds/Lark-7B-V1.0, but like birds/Lark-13B-V1.0, this model is trained with plain "
    "chat prompts."
)


def test_retraining_of_a_linked_model_is_no_parent() -> None:
    # The linked, often named model is what the scorer would take; "a retraining of" says the
    # recipe was run again from that model's own start.
    text = "---\nlicense: other\n---\n\n" + _RETRAINED.format(verb="retraining")
    assert parents(text, "finch/Lark-7B-V1.0-Filtered") == {}


def test_fine_tune_of_a_linked_model_is_still_read() -> None:
    # Trap: the same card saying "a fine-tune of" names its parent.
    text = "---\nlicense: other\n---\n\n" + _RETRAINED.format(verb="fine-tune")
    assert parents(text, "finch/Lark-7B-V1.0-Filtered") == {"birds/Lark-7B-V1.0": FT}


# -- a pasted recipe's local names beside the linked inputs -------------------------------------

_STACK = (
    "This is a stack merge based on the models and recipe below:\n\n"
    f"- [birds/Robin-13b]({HUB}/birds/Robin-13b)\n"
    f"- [birds/Lark-13b]({HUB}/birds/Lark-13b)\n\n"
    "```yaml\nslices:\n  - sources:\n    - model: LarkFlat\n      layer_range: [0, 16]\n"
    "  - sources:\n    - model: Robin-13b\n      layer_range: [8, 24]\n"
    "merge_method: passthrough\ndtype: float16\n```\n"
)


def test_local_name_in_a_pasted_recipe_beside_linked_inputs_is_no_parent() -> None:
    assert parents(_card(_STACK), "finch/Wren-20B") == {
        "birds/Robin-13b": ME,
        "birds/Lark-13b": ME,
    }


def test_names_in_a_pasted_recipe_without_linked_inputs_are_kept() -> None:
    # Trap: with no linked inputs, the recipe's names are the only ones the card gives.
    recipe = _STACK.split("```", 1)[1]
    text = _card("This is a stack merge of two models.\n\n```" + recipe)
    assert parents(text, "finch/Wren-20B") == {"LarkFlat": ME, "Robin-13b": ME}

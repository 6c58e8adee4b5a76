"""Kinds of statements read on a randomly drawn corpus of cards (encoders, diffusion and speech
models, most with no parent): each rule fires on its form and stays quiet on a look-alike."""

from __future__ import annotations

from lineage.core.ids import parse_reference
from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT, ME, QU = Relation.FINETUNE, Relation.MERGE, Relation.QUANTIZED
HUB = "https://huggingface.co"


def _card(body: str, front: str = "") -> str:
    head = f"---\n{front}---\n\n" if front else ""
    return f"{head}# Wren\n\n{body}\n"


# -- a page of the Hub's site is no repo ----------------------------------------------------


def test_library_documentation_page_is_no_parent() -> None:
    text = _card(
        "### Pegasus model finetuned on news headlines\n\n"
        f"docs: {HUB}/transformers/model_doc/pegasus.html\n\nscore: 40 on the test split.\n"
    )
    found = parents(text, "finch/pegasus-headlines")
    assert not any(p.casefold().startswith("transformers/") for p in found)


def test_repo_link_beside_the_documentation_is_still_read() -> None:
    # Trap: a real repo linked on the same card is still a parent.
    text = _card(
        f"A fine-tuned version of [pegasus-large]({HUB}/google/pegasus-large) on headlines.\n\n"
        f"docs: {HUB}/transformers/model_doc/pegasus.html\n"
    )
    assert parents(text, "finch/pegasus-headlines") == {"google/pegasus-large": FT}


def test_site_page_urls_are_not_model_ids() -> None:
    assert parse_reference(f"{HUB}/transformers/model_doc/bert.html").model_id is None
    assert parse_reference(f"{HUB}/course/chapter1").model_id is None
    # Trap: a repo whose org merely contains the word is a repo.
    ref = parse_reference(f"{HUB}/sentence-transformers/all-MiniLM-L6-v2")
    assert ref.model_id == "sentence-transformers/all-MiniLM-L6-v2"


# -- a family's name beside a versioned release of it, written together -----------------------


def test_family_name_yields_to_its_release_written_as_one_word() -> None:
    text = _card(
        "This is the fine-tuned Stable Diffusion model trained on pictures of shells.\n\n"
        "Based on StableDiffusion 2.1 model\n"
    )
    assert parents(text, "finch/shells") == {"StableDiffusion 2.1": FT}


def test_family_name_alone_is_kept() -> None:
    # Trap: no release of the family is named, the family stays.
    text = _card("This is the fine-tuned Stable Diffusion model trained on pictures of shells.\n")
    assert parents(text, "finch/shells") == {"Stable Diffusion": FT}


# -- a list item headed by another model tells that model's making ---------------------------


def test_lineage_told_under_another_models_item_is_not_this_models() -> None:
    text = _card(
        "How this release came about:\n\n"
        f"* [robin-30b-v2]({HUB}/finch/robin-30b-v2) (part B): This model was the result of a "
        f"TIES merge between [Lark-30B]({HUB}/birds/Lark-30B) and "
        f"[Owl-30B]({HUB}/birds/Owl-30B).\n"
        "* Then I averaged part A and part B to make this release.\n",
        "tags:\n- merge\n",
    )
    found = parents(text, "finch/Wren-30b")
    assert "birds/Lark-30B" not in found and "birds/Owl-30B" not in found


def test_lineage_in_an_item_headed_by_a_label_is_kept() -> None:
    # Trap: an item headed by a label, not a model, speaks of this model.
    text = _card(
        "* Training: This model was the result of a TIES merge between "
        f"[Lark-30B]({HUB}/birds/Lark-30B) and [Owl-30B]({HUB}/birds/Owl-30B).\n",
        "tags:\n- merge\n",
    )
    assert parents(text, "finch/Wren-30b") == {"birds/Lark-30B": ME, "birds/Owl-30B": ME}


# -- a training command that starts from one of the Hub's repos without an org ---------------

_COMMAND = (
    "This model was fine-tuned on a reading-comprehension set. To reproduce it:\n\n"
    "```\npython run_qa.py \\\n    --model_name_or_path {start} \\\n    --do_train \\\n"
    "    --output_dir ./out/\n```\n"
)


def test_training_command_from_a_legacy_repo_names_the_start() -> None:
    text = _card(_COMMAND.format(start="roberta-large"))
    assert parents(text, "finch/roberta-large-reading") == {"roberta-large": FT}


def test_training_command_from_a_local_folder_names_nothing() -> None:
    # Trap: a folder without an org is no Hub repo.
    text = _card(_COMMAND.format(start="my-checkpoint-3"))
    assert parents(text, "finch/roberta-large-reading") == {}


def test_training_command_from_this_models_old_name_names_nothing() -> None:
    # Trap: the repo under its name from before an org took it over is the card's own.
    text = _card(_COMMAND.format(start="roberta-large"))
    assert parents(text, "FacebookAI/roberta-large") == {}


# -- "NAME finetuning model" opening a card ---------------------------------------------------


def test_opening_line_names_the_base_before_finetuning_model() -> None:
    text = "Lark2.1 finetuning model\n\nmodel files: Wren A/B/C .safetensors\n"
    assert parents(text, "finch/wren") == {"Lark2.1": FT}


def test_finetuning_model_after_a_comparison_is_no_base() -> None:
    # Trap: the name is something the card compares with, not its own opening.
    text = _card(
        "Wren draws hands well.\n\nIt beats the Lark2.1 finetuning model on our prompts.\n"
    )
    assert parents(text, "finch/wren") == {}


# -- "the base model of <this model>, <X>" ---------------------------------------------------


def test_base_named_in_apposition_after_this_models_name() -> None:
    text = _card(
        "1. **Stronger base:** The base model of Wren-9B, Wren-9B-Base, saw more varied data "
        "and longer training.\n"
    )
    assert parents(text, "finch/Wren-9B") == {"Wren-9B-Base": FT}


def test_base_of_another_model_in_apposition_is_no_parent() -> None:
    # Trap: the base of a sibling, not of this model.
    text = _card(
        "1. **Stronger base:** The base model of Wren-9B-Long, Wren-9B-Base, saw more varied "
        "data and longer training.\n"
    )
    assert parents(text, "finch/Wren-9B") == {}


# -- a merge of the labels list items carry ---------------------------------------------------

_TREE = (
    "The family tree, as best I can tell it:\n\n"
    "* wren-30b-v1.9 (Part A, never published): a blend of two older Wren builds.\n"
    f"* [lark-owl-30b]({HUB}/finch/lark-owl-30b) (Part B): the result of a TIES merge "
    f"between [Lark-30B]({HUB}/birds/Lark-30B) and [Owl-30B]({HUB}/birds/Owl-30B).\n"
    "* {last}\n\n"
    "```yaml\nmodels:\n  - model: /home/me/models/wren-30b-v1.9\n"
    "  - model: /home/me/models/lark-owl-30b\nmerge_method: slerp\n```\n"
)


def test_merge_of_labelled_items_names_their_heads() -> None:
    text = _card(_TREE.format(last="At last I SLERP merged Part A and Part B into this model."))
    assert parents(text, "finch/Wren-30B-v2") == {"wren-30b-v1.9": ME, "finch/lark-owl-30b": ME}


def test_labels_no_merge_sentence_names_credit_nothing_of_their_inputs() -> None:
    # Trap: no sentence merges the labels; the inputs told inside an item stay unread.
    text = _card(_TREE.format(last="Thanks to everyone who tested it."))
    found = parents(text, "finch/Wren-30B-v2")
    assert "birds/Lark-30B" not in found and "birds/Owl-30B" not in found
    assert "wren-30b-v1.9" not in found


def test_is_a_name_fine_tuned_model_names_the_base() -> None:
    text = _card("Wren is a Lark-7B fine-tuned model for chat in three languages.")
    assert parents(text, "finch/wren") == {"Lark-7B": FT}


def test_fine_tuned_model_after_we_compare_names_no_base() -> None:
    # Trap: a rival the card is measured against.
    text = _card("We compare with a Lark-7B fine-tuned model for chat in three languages.")
    assert parents(text, "finch/wren") == {}

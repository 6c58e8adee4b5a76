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

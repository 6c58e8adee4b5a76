"""Kinds of false parents: a family's name claimed where the card writes the one model it
means in fuller words, each with look-alikes that use the same words and name another model
or none."""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT = Relation.FINETUNE

# -- a family name claimed, the card's fuller spelling of it written without an org -------


def test_a_family_name_takes_the_sized_name_a_training_sentence_writes() -> None:
    text = (
        "# Wren chat 7B\n\nA 7b tune for pond talk.\n\n"
        "This model was built on heron-3, under its own licence.\n\n"
        "The notes used to fine-tune the heron-3-7b-base model were written by hand.\n"
    )
    assert parents(text, "birds/wren-chat-7b") == {"heron-3-7b-base": FT}


def test_a_family_name_takes_the_legacy_root_the_card_writes() -> None:
    text = (
        "# finch-large-tags\n\n"
        "**finch-large-tags** is a fine-tuned BERT model for tagging bird names.\n\n"
        "It is a *bert-large-cased* model tuned on our field notes.\n"
    )
    assert parents(text, "birds/finch-large-tags") == {"bert-large-cased": FT}


def test_a_sized_name_in_a_table_or_comparison_is_no_fuller_spelling() -> None:
    # Trap: "Heron-3-7B-Chat" is a column of scores and a comparison, not what was tuned.
    for line in (
        "| Model | Score |\n|---|---|\n| heron-3-7b-chat | 41.2 |\n| Wren | 44.0 |\n",
        "Wren beats heron-3-7b-chat on every pond test.\n",
        "We trained heron-3-7b-chat style prompts into it.\n",
    ):
        text = f"# Wren 7B\n\nThis model was built on heron-3.\n\n{line}"
        assert parents(text, "birds/wren-7b") == {"heron-3": FT}, line


def test_two_fuller_names_or_a_sibling_size_keep_the_family_name() -> None:
    # Traps: two sized names (no one model), a name at another size than the card's.
    two = (
        "# Wren 7B\n\nThis model was built on heron-3.\n\n"
        "We first tried to fine-tune the heron-3-7b-base model, then to fine-tune the "
        "heron-3-7b-chat model.\n"
    )
    assert parents(two, "birds/wren-7b") == {"heron-3": FT}
    other = (
        "# Wren 7B\n\nThis model was built on heron-3.\n\n"
        "A larger run will fine-tune the heron-3-70b-base model.\n"
    )
    assert parents(other, "birds/wren-7b") == {"heron-3": FT}


def test_a_fuller_name_another_claim_names_is_another_stage() -> None:
    # Trap: "initialized from X" and "merged with X-7B-Chat" are two stages, both kept.
    text = (
        "# Lark Spark\n\nLark Spark was initialized from Heron3 and fine-tuned on notes.\n\n"
        "It was then merged with [Heron3-7B-Chat](https://huggingface.co/herons/Heron3-7B-Chat)"
        " to keep its chat manners.\n\nWe trained on Heron3-7B-Chat replies as well.\n"
    )
    found = parents(text, "larks/Lark-Spark")
    assert "Heron3-7B-Chat" not in found


def test_own_name_and_its_line_are_no_fuller_spelling() -> None:
    # Trap: the card's own name and its sibling line go on past the family name too.
    text = (
        "# finch-base-tags\n\n**finch-base-tags** is a fine-tuned Finch model.\n\n"
        "Use finch-base-tags-7b for more speed.\n"
    )
    found = parents(text, "birds/finch-base-tags")
    assert "finch-base-tags" not in {k.lower() for k in found}
    assert "finch-base-tags-7b" not in {k.lower() for k in found}


# -- lineage told of the base: its own parent, a grand-parent ------------------------------


def test_a_sentence_about_the_underlying_model_names_a_grand_parent() -> None:
    text = (
        "# Wren NLI small\n\nThis model tags pond sentences in many tongues. "
        "The underlying Wren-L6 model was built by the Reed lab and was distilled from "
        "Heron-XL (see their paper).\nIt was then tuned on our pond pairs.\n"
    )
    assert parents(text, "birds/wren-nli-small") == {}


def test_a_sentence_about_this_model_keeps_its_parent() -> None:
    # Traps: this model is the subject, or comes back into the sentence; "the backbone"
    # may be this model's own start.
    for sentence in (
        "This model was distilled from Heron-XL on pond pairs.",
        "The underlying idea is simple: this model was distilled from Heron-XL.",
        "The backbone was distilled from Heron-XL before tuning.",
    ):
        text = f"# Wren NLI small\n\n{sentence}\n"
        assert "Heron-XL" in parents(text, "birds/wren-nli-small"), sentence

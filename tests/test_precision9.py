"""Sentences that tell another model's lineage, each beside the statement that still counts."""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import HUB, parents

FT, ME, QU, DI = Relation.FINETUNE, Relation.MERGE, Relation.QUANTIZED, Relation.DISTILLATION


# -- a tuned card's base version and that version's own base ----------------------------


def test_base_of_the_base_version_is_a_grand_parent() -> None:
    text = (
        "# Heron-Vision-9b-chat\n\nHeron-Vision-9b-base pairs an image encoder with a text model "
        "and is constructed based on the Heron-Text-9b-base, trained on 2T tokens.\n"
        f"Heron-Vision-9b-chat is an instructed version based on "
        f"[Heron-Vision-9b-base]({HUB}/heron/heron-vision-9b-base).\n"
    )
    assert parents(text, "heron/heron-vision-9b-chat") == {"heron/heron-vision-9b-base": FT}


def test_thanks_to_the_family_base_after_the_base_version() -> None:
    text = (
        "A 7B model tuned on instructions, built on top of the base model "
        f"[Kite Base Delta 7B]({HUB}/kiteco/kite-base-delta-7b).\n\n## Credits\n\n"
        "This model is based on Breeze-7B-v0.2 by the Breeze team. We thank them.\n"
    )
    assert parents(text, "kiteco/kite-instruct-delta-7b") == {"kiteco/kite-base-delta-7b": FT}


def test_a_tuned_card_without_its_base_version_keeps_a_plain_base() -> None:
    # Trap: same shape, but the card names no base version of its own family.
    text = "This model is based on Breeze-7B-v0.2 and tuned on chat data.\n"
    assert parents(text, "kiteco/kite-instruct-delta-7b") == {"Breeze-7B-v0.2": FT}


# -- a sibling's or a predecessor's base ------------------------------------------------


def test_predecessor_built_on_an_older_family() -> None:
    text = (
        "Lark3-Ask-2.0 is built on top of the "
        f"[Lark-3 base model]({HUB}/larkco/Lark-3-8B).\n\n"
        "Note that Ask-2.0 is built based on Lark-3 base model, and Ask-1.0 is built based on "
        "Lark-2 base model.\n"
    )
    assert parents(text, "larkco/Lark3-Ask-2.0-8B") == {"larkco/Lark-3-8B": FT}


def test_sibling_released_earlier_on_another_base() -> None:
    text = (
        "# Quill-Code-34B\n\nIn May we open-sourced Quill-Code-15B-v1 based on Weaver-15B; "
        "what we learnt there went into this release.\n"
    )
    assert parents(text, "quillco/Quill-Code-34B") == {}
    zh = "# Quill-Code-34B\n\n五月我们开源了基于Weaver-15B的代码模型Quill-Code-15B-v1。\n"
    assert parents(zh, "quillco/Quill-Code-34B") == {}


def test_this_model_named_as_subject_keeps_its_base() -> None:
    # Trap: the subject is the card's own name (shortened), so the base is its parent.
    text = "Quill-Code-34B is built based on Weaver-34B-v2 with extra code data.\n"
    assert parents(text, "quillco/Quill-Code-34B") == {"Weaver-34B-v2": FT}

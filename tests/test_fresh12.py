"""Kinds of statements that named false parents: a design a merge's inputs share, the family
named alone beside its release, an archive file, a version made from this model."""

from __future__ import annotations

import pytest

from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT, ME, DI = Relation.FINETUNE, Relation.MERGE, Relation.DISTILLATION
HUB = "https://huggingface.co"


# -- a merge card's "architecture is based on [X](…)": the design, not an input -------------

_INPUTS = (
    "The ingredients of Wren-7B are:\n\n"
    f"- Finch's Chat 7B ([finch/chat-7b]({HUB}/finch/chat-7b))\n"
    f"- Lark's Story 7B ([lark/story-7b]({HUB}/lark/story-7b))\n"
)


@pytest.mark.parametrize(
    "sentence",
    [
        "The Wren-7B architecture is based off: [**Heron**]({hub}/heron-ai/Heron-7B-v0.1)",
        "Its architecture is built on [Heron]({hub}/heron-ai/Heron-7B-v0.1).",
        "Architecture: [Heron]({hub}/heron-ai/Heron-7B-v0.1)",
    ],
)
def test_a_merge_cards_architecture_link_is_no_input(sentence: str) -> None:
    text = (
        "# Wren-7B\n\nA first model merge made with mergekit.\n\n"
        + sentence.format(hub=HUB)
        + "\n\n"
        + _INPUTS
    )
    assert parents(text, "me/Wren-7B") == {"finch/chat-7b": ME, "lark/story-7b": ME}


def test_a_merge_cards_linked_base_without_a_design_word_is_an_input() -> None:
    # Trap: no design word: the link is one more model the merge credits.
    text = (
        "# Wren-7B\n\nA first model merge made with mergekit.\n\n"
        f"Also in the mix: [Heron]({HUB}/heron-ai/Heron-7B-v0.1)\n\n" + _INPUTS
    )
    assert parents(text, "me/Wren-7B") == {
        "heron-ai/Heron-7B-v0.1": ME,
        "finch/chat-7b": ME,
        "lark/story-7b": ME,
    }


# -- Stable Diffusion named alone beside the release the card names --------------------------


@pytest.mark.parametrize(
    ("line", "release"),
    [
        (
            "Trained with DreamBooth, finetuned on Stable Diffusion 2.1 base.",
            "Stable Diffusion 2.1 base",
        ),
        (
            "The weights were fine-tuned on stable diffusion v1.5 for 800 steps.",
            "stable diffusion v1.5",
        ),
        ("Fine-tuned on the Stable Diffusion 1.4 checkpoint.", "Stable Diffusion 1.4"),
    ],
)
def test_the_family_alone_gives_way_to_the_release_named(line: str, release: str) -> None:
    text = (
        "# Pebble the Dog\n\nThis is a Stable Diffusion model fine-tuned on the dog concept "
        f"with DreamBooth.\n\n## About\n\nPictures of our dog Pebble. {line}\n"
    )
    assert parents(text, "me/pebble-dog") == {release: FT}


def test_the_family_alone_stays_when_no_release_is_named() -> None:
    text = (
        "# Pebble the Dog\n\nThis is a Stable Diffusion model fine-tuned on the dog concept "
        "with DreamBooth.\n"
    )
    assert parents(text, "me/pebble-dog") == {"Stable Diffusion": FT}


def test_fine_tuned_on_a_family_without_a_release_is_data() -> None:
    # Trap: "fine-tuned on" names data unless a release follows the family.
    text = "# Pebble\n\nThe text encoder was fine-tuned on stable diffusion prompts we collected.\n"
    assert parents(text, "me/pebble-dog") == {}


# -- an archive file is no parent -----------------------------------------------------------


@pytest.mark.parametrize("ext", ["zip", "tar.gz", "tgz", "7z"])
def test_an_archive_named_as_the_original_model_is_no_parent(ext: str) -> None:
    text = (
        "# Tern en-fi\n\nA translation model converted for transformers.\n\n"
        f"* original model: [runA_2022-03-01.{ext}](https://files.example.org/en-fi/runA.{ext})\n"
    )
    assert parents(text, "me/tern-en-fi") == {}


def test_a_hub_model_named_as_the_original_model_is_kept() -> None:
    # Trap: the same label with a Hub model is the parent.
    text = (
        "# Tern en-fi\n\nA translation model converted for transformers.\n\n"
        f"* original model: [gull/tern-base]({HUB}/gull/tern-base)\n"
    )
    assert parents(text, "me/tern-en-fi") == {"gull/tern-base": FT}


# -- a version made from this model is its child --------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "We have also released a distilled version of this model called [{m}]({hub}/{m}).",
        "A quantized version of this model, [{m}]({hub}/{m}), runs on phones.",
        "There is a fine-tuned version of this checkpoint: [{m}]({hub}/{m}).",
    ],
)
def test_a_version_of_this_model_is_a_child(sentence: str) -> None:
    text = (
        "# Plover QA\n\n"
        f"This is the [plover-base]({HUB}/shore/plover-base) model, fine-tuned on a "
        "question answering set.\n" + sentence.format(m="shore/tiny-plover-qa", hub=HUB) + "\n"
    )
    assert parents(text, "shore/plover-qa") == {"shore/plover-base": FT}


def test_a_distilled_version_of_another_model_is_still_its_teacher() -> None:
    # Trap: "version of" a named model keeps that model as the parent.
    text = f"# Tiny Plover\n\nThis is a distilled version of [shore/plover-qa]({HUB}/shore/plover-qa).\n"
    assert parents(text, "shore/tiny-plover-qa") == {"shore/plover-qa": DI}

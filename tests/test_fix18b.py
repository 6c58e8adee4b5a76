"""Bare names of an image adapter's base (`importers.image_adapter_base`) and of a teacher
(`importers.bare_teacher`)."""

from __future__ import annotations

from importers.bare_teacher import bare_teacher_claims
from importers.card import read_card
from importers.image_adapter_base import image_adapter_claims
from lineage.core.records import Relation


def _parents(body: str, model_id: str = "someone/pebble-style") -> dict[str, Relation | None]:
    record = read_card(body, model_id, "README.md")
    return {c.parent: c.relation for c in record.claims}


def test_embedding_trained_with_a_checkpoint_named_bare() -> None:
    body = (
        "# Pebble Style embedding\n\nA textual inversion embedding for SD 2.x.\n\n"
        "It was trained with the *Quartz 2.4 768 pruned* model on 40 pictures of pebbles.\n"
    )
    assert _parents(body) == {"Quartz 2.4 768 pruned": Relation.ADAPTER}


def test_embedding_trained_on_a_model_based_on_another() -> None:
    body = (
        "A negative embedding for your prompts (textual-inversion).\n\n"
        "Trained for 3000 steps, at 512x512, on an Owlmix-v4-based model.\n"
    )
    assert _parents(body) == {"Owlmix-v4": Relation.ADAPTER}


def test_made_for_a_release_when_no_checkpoint_is_named() -> None:
    body = "Hypernetwork by Ann For SD 1.5, trained on 512x512 pictures of lanterns.\n"
    assert _parents(body) == {"SD 1.5": Relation.ADAPTER}


def test_lora_for_stable_diffusion_release() -> None:
    body = "A small LoRA for Stable Diffusion 2.1 that draws paper lanterns.\n"
    assert image_adapter_claims(body)[0].parent == "Stable Diffusion 2.1"


def test_no_base_from_image_sizes_or_plain_words() -> None:
    assert (
        image_adapter_claims("An embedding for Stable Diffusion, trained on 768x768 images.") == []
    )
    assert image_adapter_claims("A LoRA trained with the base model of SDXL users.") == []
    assert image_adapter_claims("This LoRA was trained on the same model as before, SD 1.5.") == []


def test_no_base_on_a_card_of_no_image_adapter() -> None:
    # A language model trained on a checkpoint: the kind of file and the image words are absent.
    body = "Heron was trained with the Lark 2.0 model as a start.\n"
    assert image_adapter_claims(body) == []


def test_no_base_in_a_comparing_sentence() -> None:
    body = "Sharper than the embedding trained with the Quartz 1.5 model (textual inversion).\n"
    assert image_adapter_claims(body) == []


def test_a_stated_parent_wins() -> None:
    body = (
        "A LoRA for Stable Diffusion 1.5.\n\nThis LoRA is a fine-tuned version of "
        "[acme/pebble-base](https://huggingface.co/acme/pebble-base).\n"
    )
    assert "SD 1.5" not in _parents(body)
    assert "Stable Diffusion 1.5" not in _parents(body)


def test_no_base_from_a_link_to_another_repo() -> None:
    body = (
        "# Pebble Diffusion\n\n[*Get our newer Pebble embedding for SD 2.x here*]"
        "(https://huggingface.co/someone/pebble-embedding)!\n"
    )
    assert image_adapter_claims(body) == []


# A distillation's teacher named bare (`importers.bare_teacher`).


def test_teacher_used_as_the_teacher() -> None:
    body = "In distillation we use the original Heron-base without fine-tuning as the teacher.\n"
    claims = bare_teacher_claims(body)
    assert [(c.parent, c.relation) for c in claims] == [("Heron-base", Relation.DISTILLATION)]


def test_teacher_role_before_the_verb() -> None:
    body = "As teacher model, we used the original `wren-B-16` and trained a small student.\n"
    assert [c.parent for c in bare_teacher_claims(body)] == ["wren-B-16"]


def test_teacher_that_made_data_judged_or_compared_is_none() -> None:
    assert bare_teacher_claims("We used Owl-70B as the teacher to generate answers.") == []
    assert bare_teacher_claims("Data was labelled using Owl-70B as the teacher.") == []
    assert bare_teacher_claims("Better than using Owl-70B as the teacher.") == []
    assert bare_teacher_claims("We use a large model as the teacher.") == []

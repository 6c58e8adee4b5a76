"""Teachers, students' starts, ports and starts named with an org (session 20, part c)."""

from __future__ import annotations

import time

import pytest

from importers.card import read_card
from importers.converted_weights import converted_weights_claims
from importers.org_starts import org_start_claims
from importers.original_links import original_link_claims
from importers.teacher_roles import teacher_role_claims
from lineage.core.records import Relation


def _edges(text: str, model_id: str = "acme/wren-small") -> dict[str, Relation]:
    return {c.parent: c.relation for c in read_card(text, model_id, "README.md").claims}


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        # A teacher given as the example of the slow model that plays the part.
        (
            "# Wren small\n\nWe shrink it with distillation: a slow but strong model (like our "
            "original [heron-ranker-v2-large](https://example.org/heron)) acts as a teacher "
            "for the small one.\n",
            "heron-ranker-v2-large",
        ),
        ("# Wren small\n\nIn training, Heron-13B acted as the teacher.\n", "Heron-13B"),
        # The distillation's source named as a model, even without a digit.
        (
            "# Wren small\n\nIt is fast thanks to the distillation of a small model from the "
            "HeronCoref model and careful batching.\n",
            "HeronCoref",
        ),
    ],
)
def test_teacher_roles(text: str, parent: str) -> None:
    assert _edges(text).get(parent) is Relation.DISTILLATION


def test_student_start_beside_bare_teacher() -> None:
    text = (
        "# acme/wren-small-multi\n\nAs teacher model, we used the original `heron-B-16` and "
        "then trained a [multilingual Finch](https://huggingface.co/finch-base-multilingual) "
        "model as student model.\n"
    )
    edges = _edges(text, "acme/wren-small-multi")
    assert edges.get("heron-B-16") is Relation.DISTILLATION
    assert edges.get("finch-base-multilingual") is Relation.FINETUNE


@pytest.mark.parametrize(
    "text",
    [
        # A data set's maker, not a teacher: a bare "distilled from".
        "# Wren small\n\nThe chats were distilled from Heron-3.5-Chat by our team.\n",
        # A comparison.
        "# Wren small\n\nHeron-13B acts as a teacher better than Finch-7B does.\n",
        # A teacher that makes labels.
        "# Wren small\n\nHeron-13B acts as a teacher to label the pairs.\n",
        # No model's shape.
        "# Wren small\n\nThe large model acts as a teacher.\n",
        "# Wren small\n\nThe distillation of a small model from the big model was slow.\n",
    ],
)
def test_not_teachers(text: str) -> None:
    assert teacher_role_claims(text, "acme/wren-small") == []


def test_long_line_is_cheap() -> None:
    line = "distillation of a model from " + "Heron-7b acts " * 2000 + "\n"
    text = "teacher student\n" + line + ("word-1 " * 3000) + " as the teacher\n"
    began = time.perf_counter()
    teacher_role_claims(text, "acme/wren")
    org_start_claims(text.replace("teacher", "is a fine-tuning of a/b derived from"), "acme/wren")
    assert time.perf_counter() - began < 0.1


@pytest.mark.parametrize(
    ("text", "model_id", "parent"),
    [
        (
            "Wren-Heron-7b is a fine-tuning of acme/Heron-7B-v2\n\nTrained on poems.\n",
            "bird/Wren-Heron-7b",
            "acme/Heron-7B-v2",
        ),
        (
            "# Wren\n\nThe Bird Wren V0.3 13B model is derived from "
            "[acme/Heron-13b](https://huggingface.co/acme/Heron-13b).\n",
            "bird/wren-v0.3-13b",
            "acme/Heron-13b",
        ),
        (
            '# Wren\n\nWe thank the authors of the "acme/heron-classifier" model, found at '
            "[this page](https://huggingface.co/acme/heron-classifier). We used this model as a "
            "starting point and trained it on our notes.\n",
            "bird/wren-notes",
            "acme/heron-classifier",
        ),
    ],
)
def test_org_starts(text: str, model_id: str, parent: str) -> None:
    assert _edges(text, model_id).get(parent) is Relation.FINETUNE


@pytest.mark.parametrize(
    ("text", "model_id"),
    [
        # Another model's subject.
        ("Heron-Chat is a fine-tuning of acme/Heron-7B.\n", "bird/wren-7b"),
        (
            "The licence is derived from [acme/Heron-13b](https://huggingface.co/acme/Heron-13b).\n",
            "bird/wren-13b",
        ),
        # Two models named before "this model": which one is not told.
        (
            "Compare [A](https://huggingface.co/acme/a-1) and [B](https://huggingface.co/acme/b-2)"
            ". We used this model as a starting point.\n",
            "bird/wren",
        ),
        # A data set.
        (
            "Wren is a fine-tuning of [data](https://huggingface.co/datasets/acme/chats).\n",
            "bird/wren",
        ),
    ],
)
def test_not_org_starts(text: str, model_id: str) -> None:
    assert org_start_claims(text, model_id) == []


@pytest.mark.parametrize(
    ("text", "model_id", "parent"),
    [
        (
            "# heron-art v2\n\nAn image model.\n\n[Original Weights](https://huggingface.co/"
            "acme/heron-art-v2)\n",
            "acme/heron-art",
            "acme/heron-art-v2",
        ),
        (
            "# Heron 13b\n\nBelow is the card of Heron 13b, copied from the original Heron model "
            "card that you can find [here](https://huggingface.co/acme/heron-v2-13b).\n",
            "ports/heron-2-13b-hf",
            "acme/heron-v2-13b",
        ),
    ],
)
def test_original_links(text: str, model_id: str, parent: str) -> None:
    assert _edges(text, model_id).get(parent) is Relation.QUANTIZED


@pytest.mark.parametrize(
    ("text", "model_id"),
    [
        # Mid-sentence: a family's boilerplate.
        (
            "Heron was first released in this repository, [original weights]"
            "(https://huggingface.co/acme/heron-tts).\n",
            "acme/heron_vocoder",
        ),
        # Another size's card, copied.
        (
            "Copied from the original Heron model card that you can find [here]"
            "(https://huggingface.co/acme/heron-v2-13b).\n",
            "ports/heron-2-7b-hf",
        ),
        # Another family: an architecture, not the source.
        ("[Original model](https://huggingface.co/acme/finch-large)\n", "bird/wren-large"),
    ],
)
def test_not_original_links(text: str, model_id: str) -> None:
    assert original_link_claims(text, model_id) == []


def test_distilled_variant_and_conversion_noun() -> None:
    text = "# Heron 1B\n\nThis is the model card of Heron-200's distilled 1.3B variant.\n"
    assert _edges(text, "acme/heron-200-distilled-1b").get("Heron-200") is Relation.DISTILLATION
    text = (
        "# Aligner\n\nThe checkpoint here is a conversion from torch to HF Transformers for "
        "the Heron-300M checkpoint trained on speech.\n"
    )
    assert _edges(text, "acme/heron-300m-aligner").get("Heron-300M") is Relation.QUANTIZED
    # A conversion of a model this repo's name does not go on from: no claim.
    text = "# Aligner\n\nIt needs a conversion of the Finch-2 checkpoint first.\n"
    assert converted_weights_claims(text, "acme/heron-300m-aligner") == []
    # "X's distilled data": no variant of X.
    assert teacher_role_claims("We used Heron-200's distilled data set.\n", "a/b") == []


def test_initialized_using() -> None:
    text = (
        "# Wren-Heron2\n\nIt has the same layout as the [Heron2 model](https://huggingface.co/"
        "acme/heron2).\n\nThe Wren-Heron2 model was initialized using the `Heron2` checkpoints, "
        "then trained on chats.\n"
    )
    assert _edges(text, "bird/wren-heron2").get("acme/heron2") is Relation.FINETUNE
    # Another part's start: the vision tower's.
    text = "The ViT is initialized using the Heron2 weights.\n"
    assert org_start_claims(text, "bird/wren-heron2") == []


def test_source_label_of_a_converted_card() -> None:
    text = (
        "# Core ML model\n\nThis model was converted to Core ML.\n\n# Heronmix\n"
        "Source(s): [Hugging Face](https://huggingface.co/acme/Heronmix) - [Elsewhere]"
        "(https://example.org/heronmix)\n"
    )
    assert _edges(text, "ports/coreml-Heronmix").get("acme/Heronmix") is Relation.QUANTIZED
    # Not converted, or another name: no source.
    assert original_link_claims(text.replace("converted to", "made for"), "ports/coreml-x") == []
    assert original_link_claims(text, "ports/coreml-finchmix") == []


def test_earlier_stage_and_its_teacher() -> None:
    text = (
        "# Wren tiny\n\nThis is the distilled version of [acme/heron-base-qa](https://huggingface"
        ".co/acme/heron-base-qa).\n\nFirst, we performed layer distillation with heron-base as "
        "the teacher which resulted in [bird/wren-6l](https://huggingface.co/bird/wren-6l).\n"
        "Then we used [acme/heron-large-qa](https://huggingface.co/acme/heron-large-qa) as the "
        "teacher for prediction layer distillation.\n"
    )
    edges = _edges(text, "bird/wren-tiny-qa")
    assert edges.get("bird/wren-6l") is Relation.FINETUNE
    assert edges.get("acme/heron-large-qa") is Relation.DISTILLATION
    assert not any(p.endswith("heron-base") for p in edges)


def test_owner_s_models_converted() -> None:
    text = "# Acme's Heron models converted to ggml format\n\nFiles below.\n"
    assert _edges(text, "port/heron.cpp").get("Heron") is Relation.QUANTIZED
    # The repo's name does not go on from the word: no claim.
    assert converted_weights_claims(text, "port/finch.cpp") == []

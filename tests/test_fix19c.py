"""Roles stated in a sentence (`importers.stated_roles`) and conversions of a same-named repo
(`importers.converted_weights`): teachers, adapter bases, conversion sources, mirrored repos."""

from __future__ import annotations

import pytest

from importers.card import read_card
from importers.converted_weights import converted_weights_claims
from importers.prose import read_prose
from importers.prose_claims import ProseClaim
from importers.stated_roles import stated_role_claims
from lineage.core.records import Relation


def _stated(body: str, model_id: str) -> list[ProseClaim]:
    return stated_role_claims(body, model_id, read_prose(body, model_id).needles)


def _parents(body: str, model_id: str = "finch/Sparrow-1B") -> dict[str, Relation | None]:
    record = read_card("# Sparrow\n\n" + body + "\n", model_id, "x")
    return {c.parent: c.relation for c in record.claims}


@pytest.mark.parametrize(
    "sentence",
    [
        "Sparrow is a student model of heron-lab/Heron-9B.\n\nThe distillation took a week.",
        "We distil heron-lab/Heron-9B into a model one ninth its size.",
        "Trained on web text with heron-lab/Heron-9B as the teacher.",
        "heron-lab/Heron-9B was used as the teacher in every stage.",
        "heron-lab/Heron-9B served as our teacher model.",
        "The knowledge of heron-lab/Heron-9B was distilled into four layers.",
        "We distilled [Heron-9B](https://huggingface.co/heron-lab/Heron-9B) on a mix of books.",
    ],
)
def test_teacher_stated(sentence: str) -> None:
    assert _parents(sentence) == {"heron-lab/Heron-9B": Relation.DISTILLATION}


@pytest.mark.parametrize(
    "sentence",
    [
        "A LoRA for heron-lab/Heron-9B trained on sea shanties.",
        "LoRA weights for [Heron-9B](https://huggingface.co/heron-lab/Heron-9B).",
        "This LoRA was trained on top of heron-lab/Heron-9B.",
        "A LoRA on heron-lab/Heron-9B for limericks.",
        "The base model of this LoRA is heron-lab/Heron-9B.",
        "Apply this adapter to heron-lab/Heron-9B before chatting.",
        "The adapter must be loaded on top of heron-lab/Heron-9B.",
    ],
)
def test_adapter_base_stated(sentence: str) -> None:
    assert _parents(sentence, "finch/sparrow-lora") == {"heron-lab/Heron-9B": Relation.ADAPTER}


@pytest.mark.parametrize(
    "sentence",
    [
        "Quantized from heron-lab/Heron-9B with our own script.",
        "Converted with ggml-tools from heron-lab/Heron-9B.",
        "This is heron-lab/Heron-9B in the GGUF format.\n\nQuants by ggml-tools.",
        "This repo contains heron-lab/Heron-9B, converted to MLX.",
        "The original model is heron-lab/Heron-9B.",
    ],
)
def test_conversion_source_stated(sentence: str) -> None:
    assert _parents(sentence, "finch/heron-fast") == {"heron-lab/Heron-9B": Relation.QUANTIZED}


@pytest.mark.parametrize(
    "sentence",
    [
        # comparisons, judges, data a teacher made, tokenizers, prompt formats
        "Sparrow scores higher than a student of heron-lab/Heron-9B.",
        "We used heron-lab/Heron-9B as the judge, not as a teacher.",
        "We distil heron-lab/Heron-9B outputs into a small data set.",
        "With heron-lab/Heron-9B as teacher to generate labels, see the paper.",
        "A LoRA for heron-lab/Heron-9B tokenizer experiments.",
        "Heron-9B quantized with GPTQ is worse than Sparrow at sums.",
        "The prompt uses heron-lab/Heron-9B in the ChatML format as well.",
        # a format, a task, a number: no model
        "Quantized from fp16 to 4 bits.",
        "A LoRA for text-to-image generation.",
        "A LoRA for 3 epochs at rank 8.",
        "Converted from safetensors to GGUF.",
        # no statement: a name alone, other models of ours
        "See also heron-lab/Heron-9B and our other models.",
    ],
)
def test_no_role_stated(sentence: str) -> None:
    assert _stated(sentence, "finch/Sparrow-1B") == []


def test_own_id_is_never_a_parent() -> None:
    body = "This is finch/Sparrow-1B in the GGUF format.\nA student of finch/Sparrow-1B.\n"
    assert _stated(body, "finch/Sparrow-1B") == []


def test_mirrored_files_name_each_source_repo() -> None:
    body = (
        "A bundle of control networks for easy download.\n\n"
        "The files are mirrored with this script:\n\n"
        "'a.safetensors': 'https://huggingface.co/owl-lab/ctrl-edge-1.0/resolve/main/m.bin',\n"
        "'b.safetensors': 'https://huggingface.co/owl-lab/ctrl-edge-1.0/resolve/main/n.bin',\n"
        "'c.safetensors': 'https://huggingface.co/kite/ctrl-depth/resolve/main/m.bin',\n"
        "'d.safetensors': 'https://huggingface.co/finch/ctrl-pack/resolve/main/d.bin',\n"
    )
    found = _parents(body, "finch/ctrl-pack")
    assert found == {
        "owl-lab/ctrl-edge-1.0": Relation.QUANTIZED,
        "kite/ctrl-depth": Relation.QUANTIZED,
    }


def test_mirrored_biases_are_no_mirror() -> None:
    body = (
        "The model's outputs mirrored the biases of its data.\n\n"
        "Download: https://huggingface.co/owl-lab/ctrl-edge-1.0/resolve/main/m.bin\n"
    )
    assert _stated(body, "finch/ctrl-pack") == []


def test_same_name_conversion_under_another_org() -> None:
    body = "## [wren-small](https://huggingface.co/wren-small) exported to the ONNX format\n"
    claims = converted_weights_claims(body, "finch/wren-small")
    assert [(c.parent, c.relation) for c in claims] == [("wren-small", Relation.QUANTIZED)]
    assert _parents(body + '\nload("finch/wren-small")\n', "finch/wren-small") == {
        "wren-small": Relation.QUANTIZED
    }


def test_same_name_without_a_link_is_the_card_itself() -> None:
    body = "## wren-small exported to the ONNX format\n"
    assert converted_weights_claims(body, "finch/wren-small") == []


def test_a_card_without_the_needles_is_not_searched() -> None:
    # (The prose holds none of the phrase needles the rules need: nothing is looked for.)
    assert stated_role_claims("A student of heron-lab/Heron-9B.", "finch/x", frozenset()) == []

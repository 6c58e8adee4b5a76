"""A card that says its weights are another model's, converted (`importers.converted_weights`)."""

from __future__ import annotations

import hypothesis
import pytest

from importers.card import read_card_bytes
from importers.converted_weights import converted_weights_claims
from lineage.core.records import Relation


def _parents(body: str, model_id: str) -> list[str]:
    return [c.parent for c in converted_weights_claims(body, model_id)]


@pytest.mark.parametrize(
    ("body", "model_id", "parent"),
    [
        (
            "These are the converted model weights for Finch-3-9B-talk in Hugging Face format.\n",
            "someone/finch-3-9b-talk-hf",
            "Finch-3-9B-talk",
        ),
        (
            "# Otter-22B-Saga\nThis is the GGUF version of this model, for llama.cpp.\n",
            "someone/Otter-22B-Saga-v2-GGUF",
            "Otter-22B-Saga",
        ),
        (
            "## [pebble-mini](https://huggingface.co/pebble-mini) exported to the ONNX format\n",
            "tools/pebble-mini-onnx",
            "pebble-mini",
        ),
        (
            "Quillbert-base was converted to GPTQ with a group size of 128.\n",
            "someone/Quillbert-base-GPTQ",
            "Quillbert-base",
        ),
        (
            "Here are the 4-bit files of [Moss-7B](https://huggingface.co/acme/Moss-7B).\n",
            "someone/Moss-7B-4bit",
            "acme/Moss-7B",
        ),
    ],
)
def test_conversion_statement_names_its_original(body: str, model_id: str, parent: str) -> None:
    claims = converted_weights_claims(body, model_id)
    assert [c.parent for c in claims] == [parent]
    assert claims[0].relation is Relation.QUANTIZED


@pytest.mark.parametrize(
    ("body", "model_id"),
    [
        # How-to text, not a statement about this repo's weights.
        ("You can convert Finch-3-9B to GGUF with the script below.\n", "a/b"),
        ("To export Finch-3-9B to the ONNX format, run:\n", "a/b"),
        # The subject is no name.
        ("The model was converted to GGUF by the community.\n", "a/b"),
        # A heading with no conversion words.
        ("# Otter-22B\nA model for stories, trained on tales.\n", "a/b"),
        # The card's own id.
        ("These are the converted weights of a/Finch-9B in fp16 format.\n", "a/Finch-9B"),
        # The repo's own name, or a model the repo's name does not go on from.
        ("# Finch-9B\nThis is the GGUF version of this model.\n", "a/Finch-9B"),
        ("These are the converted weights for Heron-7B in fp16 format.\n", "a/Finch-9B-fp16"),
        # "version of" a thing that is not named.
        ("This is the second version of the data pipeline.\n", "a/b"),
    ],
)
def test_no_conversion_statement(body: str, model_id: str) -> None:
    assert _parents(body, model_id) == []


def test_card_keeps_the_original_as_written() -> None:
    card = b"---\nlicense: mit\n---\nThese are the converted weights for Wren-2-7B-talk in HF format.\n"
    record = read_card_bytes(card, "x/wren-2-7b-talk-hf", "x/wren-2-7b-talk-hf/README.md")[0]
    assert [(c.parent, c.relation) for c in record.claims] == [
        ("Wren-2-7B-talk", Relation.QUANTIZED)
    ]


def test_card_with_other_claims_is_not_read() -> None:
    card = (
        b"---\nbase_model: acme/Moss-7B\n---\n"
        b"These are the converted weights of Finch-3-9B in fp16 format.\n"
    )
    record = read_card_bytes(card, "someone/moss-7b-fp16", "someone/moss-7b-fp16/README.md")[0]
    assert [c.parent for c in record.claims] == ["acme/Moss-7B"]


# The gate of the converted-weights rule: true whenever the text holds one of its needles.
_GATE_ALPHABET = "ersionfilwghtcvxpd ofaE\nXC-."


@hypothesis.given(hypothesis.strategies.text(alphabet=_GATE_ALPHABET, max_size=60))
def test_gate_holds_every_needle(text: str) -> None:
    from importers.converted_weights import _NEEDLES, may_hold_needle

    if any(n in text for n in _NEEDLES):
        assert may_hold_needle(text)


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("the converted weights", True),
        ("Exported to ONNX", True),
        ("a version of it", True),
        ("the files of Foo", True),
        ("weights for Foo", True),
        ("the weights of Foo", True),
        ("a mixture of data for tasks", False),
        ("", False),
    ],
)
def test_gate_table(text: str, held: bool) -> None:
    from importers.converted_weights import may_hold_needle

    assert may_hold_needle(text) is held

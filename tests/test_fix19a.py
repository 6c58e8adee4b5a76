"""This model's start named bare as the object of its training (`importers.prose_bare_starts`)."""

from __future__ import annotations

import pytest

from importers.card import read_card


def _parents(text: str, model_id: str = "acme/wren-chat") -> list[str]:
    return [c.parent for c in read_card(text, model_id, "README.md").claims]


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        # This model trained on a family's release, the clause ending there or going on.
        ("# Wren\n\nThis model was trained on Llama-2.\n", "Llama-2"),
        (
            "# Wren\n\nOur chats are short. This model is trained on Mistral-7B and is "
            "released under its licence.\n",
            "Mistral-7B",
        ),
        ("# Wren\n\nIt was fine-tuned on **Qwen1.5** with our poems.\n", "Qwen1.5"),
        (
            "# Wren\n\nThe model has been further trained on LLaMA 2 13B using QLoRA.\n",
            "LLaMA 2 13B",
        ),
        ("# Wren\n\nThis was trained on Bloom-7b-heron.\n", "Bloom-7b-heron"),
        # A tuned model from a model's name.
        ("# Wren\n\nWren is a finetuned model from Llama2.\n", "Llama2"),
        ("# Wren\n\nThis is a small fine-tuned model of kestrel-2-70b.\n", "kestrel-2-70b"),
    ],
)
def test_a_bare_start_is_read(text: str, parent: str) -> None:
    assert _parents(text) == [parent]


@pytest.mark.parametrize(
    "text",
    [
        # Data, a template, a model's outputs: no start.
        "# Wren\n\nThis model was trained on Llama-2 outputs about cooking.\n",
        "# Wren\n\nThis model was trained on the Llama-2 chat format.\n",
        "# Wren\n\nIt was trained on Mistral-7B generated dialogues.\n",
        "# Wren\n\nThis model was trained on Alpaca and our own chats.\n",
        "# Wren\n\nThis model was trained on the Heron-2B dataset.\n",
        "# Wren\n\nThis model was trained on LAION-5B.\n",
        # A family named with its maker: the family, no checkpoint.
        "# Wren\n\nThis was trained on Lark-2 by Acme.\n",
        "# Wren\n\nThis model was trained on Llama-2 by Meta.\n",
        "# Wren\n\nIt was fine-tuned on Mistral-7B from Mistral AI.\n",
        # Not a family's release, a hosted model, the card's own name.
        "# Wren\n\nThis model was trained on OASST1 and Birdsong2.\n",
        "# Wren\n\nThis model was trained on GPT-4 answers.\n",
        "# Wren\n\nThis model is fine-tuned on wren-chat.\n",
        # Another model's training, a comparison, a baseline.
        "# Wren\n\nOur judge was trained on Llama-2 by Meta.\n",
        "# Wren\n\nFor comparison, it was trained on Llama-2 as well.\n",
        "# Wren\n\nThe baseline is a finetuned model from Llama2.\n",
        "# Wren\n\nUnlike us, Heron is a fine-tuned model from Mistral-7B.\n",
        # A tuned model from a data set or a plain word.
        "# Wren\n\nWren is a fine-tuned model from scratch.\n",
        "# Wren\n\nWren is a fine-tuned model from our lab.\n",
    ],
)
def test_no_parent_is_read(text: str) -> None:
    assert _parents(text) == []


def test_a_phrase_wins() -> None:
    # A clearer phrase names the start: the bare statement is not read.
    text = (
        "# Wren\n\nWren is a fine-tuned version of [acme/kestrel-7b](https://huggingface.co/"
        "acme/kestrel-7b). This model was trained on Llama-2.\n"
    )
    assert _parents(text) == ["acme/kestrel-7b"]


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        ("# HERON base model fine-tuned on forms\n\nIt reads forms.\n", "HERON base"),
        ("# Kestrel B3 fine-tuned for leaf segmentation\n\nText.\n", "Kestrel B3"),
        ("# Model card for OWL (1.4B) fine-tuned on recipes\n\nText.\n", "OWL (1.4B)"),
    ],
)
def test_a_title_names_its_start(text: str, parent: str) -> None:
    assert _parents(text) == [parent]


@pytest.mark.parametrize(
    "text",
    [
        # A later heading names a section, not this model.
        "# Wren\n\nIt reads forms.\n\n## HERON base fine-tuned on forms\n\nText.\n",
        # A plain heading word, the card's own name, no size word.
        "# Model base fine-tuned on forms\n\nText.\n",
        "# Wren large fine-tuned on forms\n\nText.\n",
        "# Training large fine-tuned models\n\nText.\n",
    ],
)
def test_no_title_start_is_read(text: str) -> None:
    assert _parents(text, "acme/wren-large") == []

"""Fine-tune statements naming this model's start by a bare name (`importers.prose_tuned_names`)."""

from __future__ import annotations

import pytest

from importers.card import read_card


def _parents(text: str, model_id: str = "acme/wren-chat") -> list[str]:
    return [c.parent for c in read_card(text, model_id, "README.md").claims]


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        (
            "# Wren\n\nOur chat pairs were used to fine-tune the Kestrel-7b-hf model.\n",
            "Kestrel-7b-hf",
        ),
        (
            "# Wren\n\nThe corpus was used to further finetune Kestrel-2 for dialogue.\n",
            "Kestrel-2",
        ),
        ("# Wren\n\nWe fine-tuned Kestrel-2-13B on forty thousand chats.\n", "Kestrel-2-13B"),
        ("# Wren\n\nI finetuned the Heron-3.1 model with QLoRA.\n", "Heron-3.1"),
        (
            "# Wren\n\nThese are Kestrel-4-Marsh 1.5/3/7B models finetuned on stories.\n",
            "Kestrel-4-Marsh",
        ),
        ("# Wren\n\nThis is a Heron-2 model, fine-tuned using our recipes.\n", "Heron-2"),
        ("# Wren\n\nIt is a kestrel-lm-v2 model finetuned for poems.\n", "kestrel-lm-v2"),
    ],
)
def test_a_bare_start_is_read(text: str, parent: str) -> None:
    assert _parents(text) == [parent]


@pytest.mark.parametrize(
    "text",
    [
        # Not what was done: advice to the reader, a comparison, a baseline.
        "# Wren\n\nOur data can be used to fine-tune Kestrel-2 models too.\n",
        "# Wren\n\nFor comparison we fine-tuned Kestrel-2-13B on the same chats.\n",
        "# Wren\n\nAs a baseline, we finetuned Heron-7B with the same data.\n",
        # A data set, a task, a language, a design: no model's name.
        "# Wren\n\nThe script was used to fine-tune the model on Forest-QA.\n",
        "# Wren\n\nThis is a NER model, fine-tuned on news.\n",
        "# Wren\n\nThis is an English model fine-tuned on tweets.\n",
        "# Wren\n\nThese are Transformer models finetuned on reviews.\n",
        "# Wren\n\nThis is a base model, fine-tuned later by others.\n",
        # The card's own model, a hosted model (data, not weights).
        "# Wren\n\nWe fine-tuned wren-chat on our replies.\n",
        "# Wren\n\nWe fine-tune GPT-4 with our prompts before distilling.\n",
        # A plain word after "fine-tune".
        "# Wren\n\nWe fine-tuned it on forty thousand chats.\n",
    ],
)
def test_no_parent_is_read(text: str) -> None:
    assert _parents(text) == []


def test_a_clearer_phrase_wins() -> None:
    text = (
        "# Wren\n\nWren is a fine-tuned version of [Heron-7B](https://huggingface.co/birds/Heron-7B)."
        " We fine-tuned Kestrel-2-13B on the same data for another release.\n"
    )
    assert _parents(text) == ["birds/Heron-7B"]


def test_a_training_command_wins_over_the_bare_name() -> None:
    text = (
        "# Wren\n\nWe fine-tuned Kestrel-2 on our chats.\n\n```\n"
        "python train.py --model_name_or_path birds/marsh-13b --learning_rate 2e-5\n```\n"
    )
    assert _parents(text) == ["birds/marsh-13b"]


def test_a_training_config_wins_too() -> None:
    text = (
        "# Wren\n\nThese are Heron-3 models finetuned on stories.\n\n```yaml\n"
        "base_model: birds/marsh-7b\nlearning_rate: 0.0002\nnum_epochs: 3\n```\n"
    )
    assert _parents(text) == ["birds/marsh-7b"]

"""Bases named without an org in three more kinds of statement (`importers.prose_bare_starts`):
a card's opening "NAME model fine-tuned on …", "is built on top of Lark Force,", and "built
upon Acme's Lark series of models"."""

from __future__ import annotations

import time

import pytest

from importers.card import read_card


def _parents(text: str, model_id: str = "acme/wren-chat") -> list[str]:
    return [c.parent for c in read_card(text, model_id, "README.md").claims]


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        # The card's opening sentence: a name, then "model fine-tuned on / with / the".
        (
            "# Heron (small model, tuned on forms)\n\nHeron model fine-tuned on the forms "
            "collection. It was described in a paper by Doe et al.\n",
            "Heron",
        ),
        ("Kestrel 7B model fine-tuned on our poems, three epochs.\n", "Kestrel 7B"),
        (
            "# Wren\n\nThis the Lark Wing model fine-tuned the Wren concept with our tool.\n",
            "Lark Wing",
        ),
        (
            "# Wren\n\nThis is the Heron model finetuned with the receipts task.\n",
            "Heron",
        ),
        # "is built on top of" a name of capitalised words.
        (
            "# Wren\n\nWren is built on top of Lark Force, which uses a 13b design.\n",
            "Lark Force",
        ),
        (
            "# Wren\n\nA chatty model built on top of the new Lark MoE model, tuned on chats.\n",
            "Lark MoE",
        ),
        # "built upon Acme's FAMILY series of models".
        (
            "# Wren\n\n## Notice\n\nThis model is built upon Acme's LLaMA series of models and "
            "follows their terms.\n",
            "LLaMA",
        ),
    ],
)
def test_a_bare_base_is_read(text: str, parent: str) -> None:
    assert _parents(text) == [parent]


@pytest.mark.parametrize(
    "text",
    [
        # Not the opening sentence: another model's description further down.
        "# Wren\n\nWren writes poems.\n\nHeron model fine-tuned on forms is a rival.\n",
        # Trained (from scratch), not fine-tuned.
        "# Heron\n\nHeron model trained on the forms collection.\n",
        # A plain word, the card's own name.
        "# Wren\n\nOur model fine-tuned on poems writes well.\n",
        "Wren model fine-tuned on poems.\n",
        # A language or a describing word.
        "# Wren\n\nEnglish model fine-tuned on poems.\n",
        "# Wren\n\nThis is the Multilingual model fine-tuned on poems.\n",
        # A hosted model.
        "# Wren\n\nGPT-4 model fine-tuned on our data.\n",
        # Software, a count, or what others build.
        "# Wren\n\nThe demo is built on top of Hugging Face Transformers.\n",
        "# Wren\n\nThe model is built on top of two pre-trained models.\n",
        "# Wren\n\nApps built on top of Lark Force models are many.\n",
        "# Wren\n\nThe model is built on top of Lark Force model architecture.\n",
        # A comparison.
        "# Wren\n\nUnlike Kestrel, Wren is built on top of Lark Force, compared with Owl.\n",
        # No family before "series of models".
        "# Wren\n\nThis model is built upon Acme's Widget series of models.\n",
    ],
)
def test_no_bare_base_is_read(text: str, model_id: str = "acme/wren") -> None:
    assert _parents(text, model_id) == []


def test_long_lines_stay_cheap() -> None:
    line = "model fine-tuned " + "Lark " * 4000 + " built on top of " + "Owl " * 4000
    text = "# Wren\n\n" + line + " of models\n"
    start = time.perf_counter()
    read_card(text, "acme/wren", "README.md")
    assert time.perf_counter() - start < 0.5


def test_a_chain_from_it_names_its_middle_model() -> None:
    text = (
        "# Heron Fast\n\nThe Heron Depth model is trained from Lark-7B with rendered "
        "scenes, and the fast model is further fine-tuned from it.\n"
    )
    assert _parents(text, "acme/heron-depth-fast") == ["Heron Depth"]


@pytest.mark.parametrize(
    "text",
    [
        # No second step "from it": the first step's source stays.
        "# Heron\n\nThe Heron model is trained from Lark-7B with rendered scenes.\n",
        # "from it" of something else (a licence's derivative works).
        "# Heron\n\nHeron is fine-tuned from Lark-7B. Works derived from it must credit us.\n",
    ],
)
def test_no_chain_leaves_the_claim(text: str) -> None:
    assert _parents(text, "acme/heron") == ["Lark-7B"]

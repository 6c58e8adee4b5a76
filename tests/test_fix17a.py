"""Bare names in statements whose subject is this model (`importers.prose_subject_names`)."""

from __future__ import annotations

import pytest

from importers.card import read_card


def _parents(text: str, model_id: str = "acme/wren-chat") -> list[str]:
    return [c.parent for c in read_card(text, model_id, "README.md").claims]


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        # The object of a making.
        ("# Wren\n\nAs base model, we used the latest Acme's kite-chat model.\n", "kite-chat"),
        ("# Wren\n\nAs the base, I chose HeronLM-2 for its speed.\n", "HeronLM-2"),
        (
            "# Wren\n\nWe fine-tuned a multilingual encoder model (mHERON) on tagged news.\n",
            "mHERON",
        ),
    ],
)
def test_a_bare_start_is_read(text: str, parent: str) -> None:
    assert _parents(text) == [parent]


@pytest.mark.parametrize(
    "text",
    [
        # Titles are not this module's (their names are often a Hub id's short form).
        "# Sentiment model fine-tuned on reviews\n\nStars.\n",
        "# Wren-chat fine-tuned on chats\n\nTalk.\n",
        "# Wren\n\nIntro.\n\n## HERON base fine-tuned on ChartQA\n\nA baseline.\n",
        "# Wren-ner: model fine-tuned from HERON for tagging\n\nThis extends it.\n",
        "# Wren\n\nWe compare with HERON base model fine-tuned on ChartQA.\n",
        "# LoRA-Tuned fine-tuned on mails\n\nSpam.\n",
        "Kite-7B model fine-tuned on our data is also available.\n",
        "# Wren\n\nKite-7B model fine-tuned on our data is also available.\n",
        # "trained on <family version> by <maker>": a family without its checkpoint.
        "# Wren\n\nTraining took a day. This was trained on Falcon-3 by Acme.\n",
        # Objects of making: a comparison, a hosted model, a plain word, other makings.
        "# Wren\n\nAs base model, we used GPT-4 to label the pairs.\n",
        "# Wren\n\nAs base model, we used our data.\n",
        "# Wren\n\nAs a baseline, we used Kite-2 as well.\n",
        "# Wren\n\nIt can be improved by fine-tuning the HERON Large language model.\n",
        "# Wren\n\nWe fine-tuned a small model (see below) on news.\n",
        "# Wren\n\nWe fine-tuned a multilingual model (mHERON) and compared it with ours.\n",
    ],
)
def test_no_parent_is_read(text: str) -> None:
    assert _parents(text) == []

"""A claimed short name resolved to the one Hub id the card writes for it
(`importers.card_resolve`): fixtures in our own words, with the look-alikes that name no
parent."""

from __future__ import annotations

import pytest

from importers.card_resolve import resolved_short_names
from importers.prose import ProseClaim, ProseFindings, Strength
from lineage.core.records import Relation

OWN = "wrenlabs/Wren-13b"


def _resolve(short: str, body: str, model_id: str = OWN) -> list[str]:
    claim = ProseClaim(short, Relation.FINETUNE, Strength.STRONG, f"fine-tuned from {short}")
    found = resolved_short_names(ProseFindings(claims=[claim]), body, model_id)
    return [c.parent for c in found.claims]


@pytest.mark.parametrize(
    ("short", "body", "parent"),
    [
        # A family named alone, the model it was given in usage code.
        (
            "Lark-2",
            "Wren is a fine-tuned Lark-2 model.\n\n```python\n"
            'tok = load("acmeai/Lark-2-13b-hf")\n```\n',
            "acmeai/Lark-2-13b-hf",
        ),
        # An encoder family, the checkpoint linked in a list.
        (
            "BERTy",
            "We fine-tuned BERTy on our reviews.\n\n"
            "- weights: [here](https://huggingface.co/owlnlp/berty-large-cased)\n",
            "owlnlp/berty-large-cased",
        ),
        # A merge's short name: the linked input with its size put in.
        (
            "Heron v2",
            "Merged 60% Heron v2 and 40% Finch 13b.\n\n"
            "Inputs: [heron](https://huggingface.co/birdco/Heron-13b-v2)\n",
            "birdco/Heron-13b-v2",
        ),
        # A table cell on the card's own row.
        (
            "Lark-2",
            "Continued pretraining of Lark-2.\n\n| Model | Base |\n|---|---|\n"
            "| Wren-13b | acmeai/Lark-2-13b |\n",
            "acmeai/Lark-2-13b",
        ),
    ],
)
def test_short_name_gives_way_to_the_one_id(short: str, body: str, parent: str) -> None:
    assert _resolve(short, body) == [parent]


@pytest.mark.parametrize(
    ("short", "body"),
    [
        # compared with
        ("Lark-2", "Built on Lark-2. It beats acmeai/Lark-2-13b-chat on every test.\n"),
        # a table of scores
        (
            "Lark-2",
            "Built on Lark-2.\n\n| Model | MMLU | GSM8K |\n|---|---|---|\n"
            "| acmeai/Lark-2-13b-chat | 55.1 | 30.2 |\n",
        ),
        # a tokenizer
        ("Lark-2", "Built on Lark-2, with the tokenizer of acmeai/Lark-2-13b-fast.\n"),
        # a judge
        ("Lark-2", "Built on Lark-2. Answers were graded by judge acmeai/Lark-2-13b-judge.\n"),
        # a data set's page
        (
            "Lark-2",
            "Built on Lark-2 with [mix](https://huggingface.co/datasets/acmeai/Lark-2-mix).\n",
        ),
        # a data set named so
        ("Lark-2", "Built on Lark-2, tuned on acmeai/Lark-2-chats dataset.\n"),
        # a quantization
        ("Lark-2", "Built on Lark-2. Also see below.\n\nacmeai/Lark-2-13b-GGUF\n"),
        # a sibling at another size
        ("Lark-2", "Built on Lark-2.\n\nWeights: acmeai/Lark-2-70b\n"),
        # another release, not a fuller name
        ("Lark-2", "Built on Lark-2.\n\nWeights: acmeai/Lark-2.1-13b\n"),
        # two ids: no one model
        ("Lark-2", "Built on Lark-2.\n\nacmeai/Lark-2-13b and acmeai/Lark-2-13b-chat\n"),
        # a name with a size names its model already
        ("Lark-2-13b", "Built on Lark-2-13b.\n\nWeights: acmeai/Lark-2-13b-chat\n"),
        # a longer name written without an org
        ("Lark-2", "Built on Lark-2.\n\nWe used Lark-2-13b-chat weights.\n"),
        # the card's own line
        ("Wren", "Built on Wren.\n\nSee wrenlabs/Wren-13b-chat too.\n"),
        # a folder of another site
        ("Lark-2", "Built on Lark-2.\n\nCode: https://github.com/acmeai/Lark-2-13b\n"),
    ],
)
def test_no_fuller_id(short: str, body: str) -> None:
    assert _resolve(short, body) == [short]


def test_resolved_claim_joins_a_claim_of_the_same_id() -> None:
    weak = ProseClaim("acmeai/Lark-2-13b", None, Strength.WEAK, "based on acmeai/Lark-2-13b")
    strong = ProseClaim("Lark-2", Relation.FINETUNE, Strength.STRONG, "fine-tuned from Lark-2")
    body = "Fine-tuned from Lark-2, based on acmeai/Lark-2-13b.\n"
    found = resolved_short_names(ProseFindings(claims=[strong, weak]), body, OWN)
    assert [(c.parent, c.strength) for c in found.claims] == [
        ("acmeai/Lark-2-13b", Strength.STRONG)
    ]

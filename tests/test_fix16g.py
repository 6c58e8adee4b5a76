"""Weak claims whose every mention points to another model, and family names spoken as a
class (`importers.card_pointers`)."""

from __future__ import annotations

import pytest

from importers.card_pointers import without_pointed
from importers.prose import ProseClaim, ProseFindings
from importers.prose_phrases import Strength
from lineage.core.records import Relation

_URL = "https://huggingface.co/"


def _kept(body: str, parent: str, snippet: str, *, inferred: bool = True) -> bool:
    claim = ProseClaim(parent, Relation.FINETUNE, Strength.WEAK, snippet, inferred=inferred)
    found = without_pointed(ProseFindings(claims=[claim]), body)
    return bool(found.claims)


@pytest.mark.parametrize(
    "body",
    [
        f"I ported these weights myself. Use it the same way as [Heron-base]({_URL}alpha/heron-base).\n",
        f"It loads just like [Heron]({_URL}alpha/heron-base) does.\n",
        "Works similarly to alpha/heron-base.\n",
        f"# Retired\nA tokenizer bug spoiled it. Check out the new model: [v2]({_URL}alpha/heron-base)\n",
        f"Its successor: [Heron]({_URL}alpha/heron-base)\n",
        f"Our latest version: {_URL}alpha/heron-base\n",
    ],
)
def test_a_weak_claim_only_pointed_to_is_dropped(body: str) -> None:
    assert not _kept(body, "alpha/heron-base", "[scorer p=0.55] heron")


@pytest.mark.parametrize(
    "body",
    [
        # one mention credits it, another compares with it
        f"Fine-tuned from [Heron]({_URL}alpha/heron-base). It is used the same way as "
        f"alpha/heron-base.\n",
        # no pointing words at all
        f"Weights: [Heron]({_URL}alpha/heron-base)\n",
        # "new" in a clause that does not point to another model
        f"We trained new layers on top of [Heron]({_URL}alpha/heron-base).\n",
        # never written in the body (a YAML-only mention): nothing to judge
        "A short card.\n",
    ],
)
def test_a_weak_claim_with_a_plain_mention_stays(body: str) -> None:
    assert _kept(body, "alpha/heron-base", "[scorer p=0.55] heron")


def test_a_stated_claim_stays_even_after_pointing_words() -> None:
    body = f"Similar to [Heron]({_URL}alpha/heron-base), fine-tuned on our notes.\n"
    assert _kept(body, "alpha/heron-base", "fine-tuned", inferred=False)


def test_a_family_spoken_as_a_class_is_no_parent() -> None:
    body = "NOTE: EVERY 2-BIT QUANT OF WREN MODELS IS BROKEN, USE 4-BIT.\n"
    assert not _kept(body, "WREN", "QUANT OF WREN", inferred=False)
    body = "These are fine-tunes of Kestrel models for chat.\n"
    assert not _kept(body, "Kestrel", "fine-tunes of Kestrel")


@pytest.mark.parametrize(
    ("body", "parent", "snippet"),
    [
        # a sized name before "models" is one model
        ("A quant of Kestrel-7B models page.\n", "Kestrel-7B", "quant of Kestrel-7B"),
        # the family name with no plural after it
        ("This is a quant of Wren for laptops.\n", "Wren", "quant of Wren"),
        # the singular
        ("A fine-tune of the Wren model.\n", "Wren", "fine-tune of the Wren"),
        # an org id is a model whatever follows
        ("A fine-tune of alpha/wren models.\n", "alpha/wren", "fine-tune of alpha/wren"),
    ],
)
def test_a_named_model_before_models_stays(body: str, parent: str, snippet: str) -> None:
    assert _kept(body, parent, snippet, inferred=False)

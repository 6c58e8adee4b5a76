"""Bases the prose names after first naming only their family (`importers.family_member`)."""

from __future__ import annotations

import time

import pytest

from importers.card import read_card
from importers.family_member import family_only, member_of


def _parents(text: str, model_id: str = "acme/wren-ner") -> list[str]:
    return [c.parent for c in read_card(text, model_id, "README.md").claims]


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        # A family first, the exact checkpoint in a later sentence.
        (
            "# Wren NER\n\nwren-ner is a fine-tuned BERT model that tags places and people.\n\n"
            "In detail, this model is a *bert-base-cased* model that was fine-tuned on our "
            "tagged news.\n",
            "bert-base-cased",
        ),
        # A label line names the family, a sentence its checkpoint.
        (
            "# Wren\n\nThis is a finetuned model from llama-2-13b.\n\n## Details\n\n"
            "* **Backbone Model**: [LLaMA-2](https://example.org/llama)\n* **Language**: English\n",
            "llama-2-13b",
        ),
    ],
)
def test_member_replaces_family(text: str, parent: str) -> None:
    assert parent in " ".join(_parents(text))
    assert all(p.casefold() not in ("bert", "llama-2") for p in _parents(text))


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        # Only the family, nothing more exact: it stands.
        ("# Wren\n\nwren-ner is a fine-tuned BERT model that tags places and people.\n", "BERT"),
        # A later model of another family is no member: the family stands.
        (
            "# Wren\n\nwren-ner is a fine-tuned BERT model that tags places.\n\n"
            "In detail, this model is a *heron-base-v2* model that was fine-tuned on news.\n",
            "BERT",
        ),
    ],
)
def test_family_stands(text: str, parent: str) -> None:
    assert _parents(text) == [parent]


def test_shapes() -> None:
    assert family_only("BERT") and family_only("LLaMA-2") and family_only("Llama 2")
    assert family_only("Qwen1.5")
    assert not family_only("bert-base-cased") and not family_only("acme/BERT")
    assert not family_only("Heron")
    assert member_of("bert-base-cased", "BERT") and member_of("llama-2-70b", "LLaMA-2")
    assert member_of("meta-llama/Llama-2-7b-hf", "Llama-2")
    assert not member_of("bertweet-base", "BERT")  # one word going on: no checkpoint of it
    assert not member_of("BERT", "BERT") and not member_of("roberta-base", "BERT")


def test_long_line_is_fast() -> None:
    text = "# Wren\n\nwren is a fine-tuned BERT model. " + "bert " * 4000 + "\n"
    start = time.perf_counter()
    _parents(text)
    assert time.perf_counter() - start < 0.5  # a whole card read: linear is well under this


# ---- the opening sentence behind a logo (`importers.opening_decoration`)


@pytest.mark.parametrize(
    "top",
    [
        '<div align="center">\n  <img src="https://example.org/wren.png" alt="wren">\n</div>\n',
        "![wren logo](https://huggingface.co/acme/wren-ner/resolve/main/wren.png)\n",
        "[![badge](https://img.example/b.svg)](https://example.org) ![x](https://e.org/y.png)\n",
        "<!-- a note left by a tool,\nover two lines -->\n",
    ],
)
def test_opening_behind_decoration(top: str) -> None:
    text = top + "\n# Wren\n**Heron-7b** fine-tuned on the **forms set** by using QLoRA.\n"
    assert _parents(text) == ["Heron-7b"]


@pytest.mark.parametrize(
    "text",
    [
        # A line of text before it: no opening.
        "![logo](https://example.org/w.png)\n\nWe thank our sponsors.\n\n# Wren\n"
        "**Heron-7b** fine-tuned on the forms set.\n",
        # An opening that speaks of no tuning.
        "![logo](https://example.org/w.png)\n\n# Wren\nHeron-7b answers questions on forms.\n",
    ],
)
def test_no_opening_behind_decoration(text: str) -> None:
    assert _parents(text) == []


def test_decoration_helpers() -> None:
    from importers.opening_decoration import on_opening, undecorated_opening

    assert undecorated_opening("# Wren\nHeron-7b fine-tuned on forms.\n") is None
    opened = undecorated_opening("<p>\n<img src='a.png'>\n</p>\n# W\nHeron-7b fine-tuned on x.\n")
    assert opened is not None and opened[1] == "Heron-7b fine-tuned on x."
    assert on_opening("Heron-7b fine-tuned on", "**Heron-7b** fine-tuned on the set")
    assert not on_opening("Lark-2 fine-tuned on", "**Heron-7b** fine-tuned on the set")


def test_long_decoration_line_is_fast() -> None:
    text = "<div>" + "<b>" * 7000 + "x\n# Wren\nHeron-7b fine-tuned on forms.\n"
    start = time.perf_counter()
    _parents(text)
    assert time.perf_counter() - start < 0.5  # a whole card read: linear is well under this


# ---- "We use the pretrained [ORG/X](…) model." (`importers.org_starts`)


@pytest.mark.parametrize(
    "sentence",
    [
        "We use the pretrained [`acme/heron-small`](https://huggingface.co/acme/heron-small) "
        "model. Its card tells how it was made.",
        "We used the pre-trained [heron](https://huggingface.co/acme/heron-small) model and "
        "fine-tuned it on a billion pairs.",
        "Weights. We use the pretrained acme/heron-small checkpoint.",
    ],
)
def test_use_pretrained(sentence: str) -> None:
    text = "# Wren\n\n## Pre-training\n\n" + sentence + "\n\n## Fine-tuning\n\nOn pairs.\n"
    assert _parents(text) == ["acme/heron-small"]


@pytest.mark.parametrize(
    "sentence",
    [
        # A tool the card uses, not its start.
        "We use the pretrained [heron](https://huggingface.co/acme/heron-small) model to score "
        "the pairs.",
        "We use the pretrained [heron](https://huggingface.co/acme/heron-small) as a teacher.",
        # A component, not a Hub start.
        "We use a pre-trained VAE (acme/heron-vae) to compress the images.",
        # A data set.
        "We use the pretrained [pairs](https://huggingface.co/datasets/acme/pairs).",
    ],
)
def test_use_pretrained_not(sentence: str) -> None:
    text = "# Wren\n\n## Training\n\n" + sentence + "\n"
    assert "acme/heron-small" not in _parents(text)
    assert "acme/heron-vae" not in _parents(text)
    assert "acme/pairs" not in _parents(text)


# ---- a name whose last word is a size (`importers.prose_names._size_named`)


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        ("Owl was fine-tuned from HeronNET-large on our chat data.\n", "HeronNET-large"),
        ("Owl is based on HeronNET-large.\n", "HeronNET-large"),
        ("本模型基于HeronNET-base结合对话数据进一步训练得到。\n", "HeronNET-base"),
    ],
)
def test_size_named(text: str, parent: str) -> None:
    assert _parents("# Owl\n\n" + text) == [parent]


@pytest.mark.parametrize(
    "text",
    [
        # No capital inside the first word: a plain word, as likely as a name.
        "Owl was fine-tuned from Heron-large on our chat data.\n",
        "Owl was fine-tuned from our in-house-large on chat data.\n",
    ],
)
def test_size_named_not(text: str) -> None:
    assert _parents("# Owl\n\n" + text) == []


def test_size_named_shapes() -> None:
    from importers.prose_names import _size_named

    assert _size_named("PromptNET-large") and _size_named("mHeron-base")
    assert not _size_named("Heron-large") and not _size_named("HeronNET")
    assert not _size_named("HeronNET-large-v") and not _size_named("large")

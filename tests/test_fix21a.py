"""Statements that name another model without making it a parent: techniques in a plus recipe,
a tokenizer's origin, borrowed code or card text, an architecture a model was pre-trained
with, and a family's name beside the exact checkpoint the card names (with a sibling's
checkpoint at another size in its table)."""

from __future__ import annotations

import time

from importers.card import read_card
from importers.scorer import _lineage
from importers.scorer_roles import role_clause
from lineage.core.ids import key


def _parents(text: str, model_id: str = "acme/wren-7b") -> list[str]:
    return [key(c.parent) for c in read_card(text, model_id, "README.md").claims]


# --- technique names joined by plus signs (`importers.merge_bare`) -------------------------


def test_plus_recipe_of_techniques_names_no_inputs() -> None:
    text = (
        "# Wren mix\n\nA style checkpoint; we merge our own trainings.\n\n"
        "Made with:\n\nDreamBooth + Merge Block Weights + Merge LoRA\n"
    )
    assert _parents(text, "acme/wren-mix") == []


def test_plus_recipe_of_techniques_with_a_hypernetwork() -> None:
    text = "# Owl\n\nHow we merge it:\n\nHyperNetwork + DreamBooth v2 + MergeKit\n"
    assert _parents(text, "acme/owl") == []


def test_plus_recipe_of_models_still_read() -> None:
    text = "# Wren mix\n\nThe merge recipe:\n\nKestrel-7B + Heron-v2 (0.4)\n"
    assert set(_parents(text, "acme/wren-mix")) == {"kestrel-7b", "heron-v2"}


# --- tokenizers, borrowed code and borrowed card text (`importers.scorer_roles`) -----------


def test_tokenizer_origin_is_no_parent() -> None:
    text = (
        "# Wren 7B\n\nWren 7B is a decoder we trained on two trillion tokens.\n\n"
        "## Tokenizer\n\nOur tokenizer is the same as the "
        "[acme/lark-20b](https://huggingface.co/acme/lark-20b) tokenizer.\n\n"
        "## Data\n\nThe corpus was tokenized using the "
        "[acme/lark-20b](https://huggingface.co/acme/lark-20b) tokenizer, which splits digits.\n"
    )
    assert "acme/lark-20b" not in _parents(text)


def test_role_clauses_of_tokenizing_and_borrowing() -> None:
    link = "](https://huggingface.co/"
    # A mention inside a link's text: the words after it are cut at the link's target.
    assert role_clause("The corpus was tokenized using the [", "", link, _lineage)
    assert role_clause("", "Using code from [Lark base", link, _lineage)
    assert role_clause("_The following wording is adapted from ", "[Heron's card", link, _lineage)
    assert role_clause("This section was copied from ", "[Heron", link, _lineage)
    # A link whose text names a model card: a page to read.
    hub = "](https://huggingface.co/"
    assert role_clause("See the paper and ", f"[Lark's model card{hub}", ")", _lineage)
    assert not role_clause("Quantized from the ", f"[original model card{hub}", ")", _lineage)
    # A comparison written in Japanese, and command-line flags naming data or a folder.
    assert role_clause("比較対象: 多言語モデル (", f"[acme/lark-small{hub}", ")", _lineage)
    assert role_clause('  --dataset_name="', "", '" \\', _lineage)
    assert role_clause("  --exp-dir ", "", " \\", _lineage)
    assert not role_clause("  --model_name_or_path ", "", " \\", _lineage)
    # Near misses: a lineage sentence, and a model "adapted from" another (not its text).
    assert not role_clause("This model was fine-tuned from ", "[Lark", link, _lineage)
    assert not role_clause("The weights are adapted from ", "[Lark", link, _lineage)


def test_borrowed_card_text_and_code_are_no_parents() -> None:
    text = (
        "# Wren 7B\n\nA reproduction study: Wren is pre-trained by us with the usual recipe.\n\n"
        "### How to use\n\nUsing code from\n"
        "[Lark base](https://huggingface.co/acme/lark-base), here is an example:\n\n"
        "## Limitations\n\n_The following wording is adapted from "
        "[Heron's card](https://huggingface.co/acme/heron-7b)_\n\nIt may be wrong.\n"
    )
    parents = _parents(text)
    assert "acme/lark-base" not in parents
    assert "acme/heron-7b" not in parents


def test_wrapped_lineage_sentence_still_read() -> None:
    text = (
        "# Wren 7B\n\nThis model is a fine-tuned version of\n"
        "[acme/lark-7b](https://huggingface.co/acme/lark-7b) on our poems.\n"
    )
    assert "acme/lark-7b" in _parents(text)


# --- an architecture a model was pre-trained with (`importers.late_guards`) ----------------


def test_pretrained_with_an_architecture_is_no_base() -> None:
    text = (
        "# Wren for Go\n\nPretrained model on Go functions using the t5 small model "
        "architecture.\n\n## Model description\n\nThis Wren model is based on the `t5-small` "
        "model. It has its own vocabulary.\n"
    )
    assert not any("t5-small" in p for p in _parents(text, "acme/wren-go"))


def test_based_on_without_the_architecture_sentence_is_kept() -> None:
    text = (
        "# Wren for Go\n\n## Model description\n\nThis Wren model is based on the `t5-small` "
        "model and was fine-tuned on Go functions.\n"
    )
    assert any("t5-small" in p for p in _parents(text, "acme/wren-go"))


def test_architecture_sentence_of_another_family_keeps_the_base() -> None:
    text = (
        "# Wren for Go\n\nPretrained model on Go functions using the bart base model "
        "architecture.\n\nThis Wren model is based on the `t5-small` model.\n"
    )
    assert any("t5-small" in p for p in _parents(text, "acme/wren-go"))


# --- a family's name beside the checkpoint (`importers.card_fuller`, `late_guards`) -------


def test_family_name_takes_the_checkpoint_of_the_cards_own_size() -> None:
    text = (
        "# wren-base-NER\n\n**wren-base-NER** is a fine-tuned BERT model for named entities.\n\n"
        "Specifically, this model is a *bert-base-cased* model that was fine-tuned on our "
        "news set.\n\n| Model | Notes |\n|---|---|\n"
        "| [wren-large-NER](https://huggingface.co/acme/wren-large-NER) | Fine-tuned "
        "bert-large-cased, slower |\n"
    )
    # the legacy root id or its org form ("google-bert/bert-base-cased"): the same model
    parents = _parents(text, "acme/wren-base-NER")
    assert [p.rpartition("/")[2] for p in parents] == ["bert-base-cased"]


def test_family_name_kept_when_no_member_is_written() -> None:
    text = "# wren-base-NER\n\n**wren-base-NER** is a fine-tuned BERT model for entities.\n"
    assert _parents(text, "acme/wren-base-NER") == ["bert"]


def test_long_line_is_fast() -> None:
    line = "Pretrained model on data " * 900 + " architecture"
    text = f"# Wren\n\n{line}\n\nIt is based on the `t5-small` model.\n"
    start = time.perf_counter()
    _parents(text, "acme/wren")
    assert time.perf_counter() - start < 0.5  # a whole card: linear is well under this


# --- frameworks, data sets and "-based" names (`importers.late_guards`) ----------------------


def test_framework_pair_is_no_parent() -> None:
    text = "# Wren code model\n\nA code model built on top of JAX/Flax and trained on TPUs.\n"
    assert _parents(text, "acme/wren-code") == []


def test_data_set_in_a_merge_phrase_is_no_parent() -> None:
    text = (
        "# Wren QA\n\nOur German questions were merged with "
        "[SQuAD2.0](https://example.org/squad) before training.\n"
    )
    assert _parents(text, "acme/wren-qa") == []


def test_based_glued_to_a_bare_name_is_cut() -> None:
    text = "# Wren\n\nWren is an Owl5-based model fine-tuned on our passages.\n"
    assert _parents(text, "acme/wren") == ["owl5"]


def test_org_named_like_a_framework_with_a_model_name_is_kept() -> None:
    text = (
        "# Wren\n\nWren is fine-tuned from [keras/lark-2b](https://huggingface.co/keras/lark-2b).\n"
    )
    assert _parents(text, "acme/wren") == ["keras/lark-2b"]

"""Which prose references may become parent ids: bare names, fractions, merge steps, quant cards."""

from __future__ import annotations

from importers import scorer
from importers.card import _not_a_parent_id, read_card
from lineage.core.records import Relation


def parents(text: str, model_id: str = "someone/new-model") -> dict[str, Relation]:
    record = read_card(text, model_id, "README.md")
    return {c.parent: c.relation for c in record.claims}


def test_bare_name_after_a_lineage_statement_is_kept_as_written() -> None:
    # The card names its parent without an org: the reader records it as the card wrote it.
    text = "We continued pretraining from llama-7q on our own web crawl.\n"
    assert parents(text) == {"llama-7q": Relation.FINETUNE}
    assert _not_a_parent_id("llama-7q", lambda _: False, allow_bare=True) is None
    # Card-shape rules (lists, code, links) are weaker: a bare name there names no model.
    assert _not_a_parent_id("llama-7q", lambda _: False) == "model name without an organisation"


def test_legacy_root_repo_stays_a_parent() -> None:
    text = (
        "This model is a fine-tuned version of [roberta-large](https://huggingface.co/roberta-large)"
        " on an unknown dataset.\n"
    )
    assert parents(text) == {"roberta-large": Relation.FINETUNE}
    assert _not_a_parent_id("xlm-roberta-large", lambda _: False) is None
    assert _not_a_parent_id("gpt2-medium", lambda _: False) is None
    assert _not_a_parent_id("llama-3-8b", lambda _: False) is not None


def test_bare_name_spelt_in_full_elsewhere_takes_that_id() -> None:
    text = (
        "This model is a fine-tuned version of owl-base-3b.\n\n"
        "Load the base with `AutoModel.from_pretrained('nestlab/owl-base-3b')`.\n"
    )
    assert parents(text) == {"nestlab/owl-base-3b": Relation.FINETUNE}


def test_fraction_is_never_a_parent() -> None:
    found = parents("This model is a fine-tuned version of 5/3 of the corpus.\n")
    assert "5/3" not in found


def test_merge_steps_are_not_parents() -> None:
    text = (
        "---\nbase_model:\n- alpha/one-7b\n- beta/two-7b\ntags:\n- merge\n---\n"
        "The following models were included in the merge:\n"
        "* [alpha/one-7b](https://huggingface.co/alpha/one-7b)\n"
        "* [beta/two-7b](https://huggingface.co/beta/two-7b)\n"
        "* [someone/new-model-pt.1](https://huggingface.co/someone/new-model-pt.1)\n"
    )
    found = parents(text)
    assert set(found) == {"alpha/one-7b", "beta/two-7b"}


def test_quantization_keeps_only_the_converted_model() -> None:
    text = (
        "---\nbase_model:\n- alpha/one-7b\n- beta/two-7b\n- gamma/three-7b\n---\n"
        "This is a quantized version of [orig/blend-7b](https://huggingface.co/orig/blend-7b)"
        " made with llama.cpp.\n\n# Original card\n\n"
        "The following models were included in the merge:\n"
        "* [alpha/one-7b](https://huggingface.co/alpha/one-7b)\n"
        "* [beta/two-7b](https://huggingface.co/beta/two-7b)\n"
    )
    assert parents(text, "quanter/blend-7b-GGUF") == {"orig/blend-7b": Relation.QUANTIZED}


def test_hand_made_merge_credits_linked_ingredients() -> None:
    text = (
        "---\ntags:\n- merge\n---\n"
        "A blend of two chat models done with a home-grown layer shuffler.\n\n"
        "Ingredients:\n\n"
        "https://huggingface.co/alpha/one-13b\n\n"
        "Also used: [Two](https://huggingface.co/beta/two-13b)\n\n"
        "Quantized files: https://huggingface.co/quanter/new-model-GGUF\n"
        "Succeeded by https://huggingface.co/someone/newer-model\n"
        "It scores higher than [Rival](https://huggingface.co/rival/chat-13b) on our tests.\n"
        "![pic](https://cdn-uploads.huggingface.co/production/uploads/abc.png)\n"
    )
    assert parents(text) == {"alpha/one-13b": Relation.MERGE, "beta/two-13b": Relation.MERGE}


def test_one_link_on_a_merge_card_is_not_a_recipe() -> None:
    text = "---\ntags:\n- merge\n---\nSee https://huggingface.co/alpha/one-13b for the style.\n"
    # The recipe rules need two inputs; the learned scorer's view of a lone link is its own
    # (tests/test_scorer*.py), so it is off here.
    with scorer.using(None):
        assert parents(text) == {}

"""A base family named as the kind of model this one is ("X is a lark-2 based model")."""

from __future__ import annotations

from importers.family_trained_on import family_based_claims


def _parents(body: str, model_id: str = "acme/Wren-Chat-13B") -> list[str]:
    return [c.parent for c in family_based_claims(body, model_id)]


def test_own_name_is_a_family_based_fine_tuned_model() -> None:
    body = "Wren-Chat-13B is likely the first lark-2 based, fine-tuned language model for birds.\n"
    assert _parents(body) == ["lark-2"]


def test_this_is_a_shaped_name_based_model() -> None:
    assert _parents("This is a wren-t5-based model trained on bird songs.\n") == ["wren-t5"]


def test_a_line_that_is_the_phrase_alone() -> None:
    assert _parents("**The first Llama-2 based fine-tuned model from Acme!**\n") == ["Llama-2"]


def test_not_another_models_subject() -> None:
    assert _parents("Owl-7B is a lark-2 based model we made last year.\n") == []


def test_not_an_architecture_or_a_plain_word() -> None:
    assert _parents("This is a transformer-based model.\n") == []
    assert _parents("This is a BERT-based Language Model trained on Polish text.\n") == []
    assert _parents("This is a Heron based Chat model tuned on chats.\n") == []


def test_not_a_comparison() -> None:
    assert _parents("This is a lark-2 based model, better than other models.\n") == []


def test_not_a_tokenizer_or_a_prompt_format() -> None:
    assert _parents("It uses a lark-2 based tokenizer and a ChatML based prompt format.\n") == []


def test_not_on_a_merge_card() -> None:
    assert _parents("It is a lark-2 based model. It is a merge of three chat models.\n") == []

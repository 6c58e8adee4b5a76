"""Kinds of statements read on a randomly drawn corpus (mostly chat fine-tunes of 2023 and
family cards): each rule fires on its form and stays quiet on a look-alike."""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT = Relation.FINETUNE


def _card(body: str) -> str:
    return f"# Heron 13B\n\n{body}\n"


# -- "trained on <family version> by <maker>": no parent -------------------------------------------


def test_family_version_with_its_maker_after_trained_on_names_no_parent() -> None:
    # The reference labels read "trained on <family version> by <maker>" as a family named
    # without the checkpoint that was tuned: no parent (a "based on" names one).
    text = _card("Training took two days on rented GPUs. This was trained on Qwen-1.5 by Alibaba.")
    assert parents(text, "birdlab/Heron-13B") == {}
    based = _card("Training took two days on rented GPUs. This model is based on Qwen-1.5.")
    assert parents(based, "birdlab/Heron-13B") == {"Qwen-1.5": FT}


def test_data_set_with_its_maker_after_trained_on_is_no_base() -> None:
    # Trap: a versioned name that is no model family's, with its author, is a data set.
    text = _card("This was trained on Dolly-2 by a crowd of volunteers.")
    assert parents(text, "birdlab/Heron-13B") == {}


def test_family_version_followed_by_data_after_trained_on_is_no_base() -> None:
    # Trap: "trained on Llama-2 outputs by ..." names generated data, not weights.
    text = _card("This was trained on Llama-2 outputs by Meta researchers.")
    assert parents(text, "birdlab/Heron-13B") == {}


# -- "This is a(n) <adjective> fine-tuned X model" / "a X based ... model" ---------------


def test_card_subject_described_as_a_tuned_family_model() -> None:
    text = _card("This is an instruction fine-tuned mistral-7b model, using generated chats.")
    assert parents(text, "birdlab/Heron-13B") == {"mistral-7b": FT}


def test_card_subject_described_as_family_based_model() -> None:
    text = _card("Introducing Heron, a qwen-2 based, general-purpose 13b model with long context.")
    assert parents(text, "birdlab/Heron-13B") == {"qwen-2": FT}


def test_based_on_a_word_that_is_no_model_names_no_base() -> None:
    # Trap: "an instruct based ... model" (a style word, no name of a model).
    text = _card("This is an instruct based general purpose model assembled from many parts.")
    assert parents(text, "birdlab/Heron-13B") == {}


def test_based_before_a_non_model_noun_names_no_base() -> None:
    # Trap: "a falcon-2 based pipeline" is no statement about this model's weights.
    text = _card("This is a falcon-2 based pipeline for scoring answers.")
    assert parents(text, "birdlab/Heron-13B") == {}


# -- "(pre-)trained from the X family" ---------------------------------------------------


def test_continuous_pretraining_from_a_family_names_it() -> None:
    text = _card(
        "Heron has undergone continuous pre-training from the Llama 2 family, with more Dutch text."
    )
    assert parents(text, "birdlab/Heron-13B") == {"Llama 2": FT}


def test_family_after_based_on_stays_a_design() -> None:
    # Trap: "based on the X family" speaks of a design (no weights are trained from it).
    text = _card("Heron is based on the Llama 2 family of architectures.")
    assert parents(text, "birdlab/Heron-13B") == {}


def test_family_architecture_after_trained_from_scratch_is_no_base() -> None:
    # Trap: "trained from scratch" with a family named as the design.
    text = _card("Heron is trained from scratch with the Llama 2 family architecture.")
    assert parents(text, "birdlab/Heron-13B") == {}


def test_pretraining_from_a_family_in_a_tuned_release_card_is_its_grandparent() -> None:
    # Trap: the family card's pre-training sentence, read on the instruct release's page,
    # speaks of the base release it was tuned from.
    text = _card(
        "Heron has undergone continuous pre-training from the Llama 2 family, with more Dutch "
        "text. The tuned versions use supervised fine-tuning."
    )
    assert parents(text, "birdlab/Heron-13b-instruct") == {}


def test_family_based_merge_names_the_inputs_family_only() -> None:
    # Trap: "a qwen-2 based model ... a merge of A and B": the family of the inputs, no base.
    text = _card(
        "It is a qwen-2 based model made for stories. It is a triple model merge of three "
        "chat models."
    )
    assert parents(text, "birdlab/Heron-13B") == {}


# -- "a Llamafied version of X": a repack -----------------------------------------------


def test_llamafied_version_of_a_model_is_a_repack() -> None:
    text = _card(
        "A Llamafied version of [Owl-9B](https://huggingface.co/birdlab/Owl-9B) for ease of use."
    )
    assert parents(text, "nest/Owl-9B-Llamafied") == {"birdlab/Owl-9B": Relation.QUANTIZED}


def test_tuned_version_of_a_llamafied_model_stays_a_finetune() -> None:
    # Trap: the word belongs to the parent's name, not to how this model was made.
    text = _card(
        "A fine-tuned version of [Owl-9B-Llamafied](https://huggingface.co/birdlab/Owl-9B-"
        "Llamafied) for chat."
    )
    assert parents(text, "nest/Owl-9B-chat") == {"birdlab/Owl-9B-Llamafied": FT}


# -- "This is [A], with tuning performed ... That base model is [B]" -------------------

_OWL = "[birdlab/Owl-9B-Wide](https://huggingface.co/birdlab/Owl-9B-Wide)"
_ROOT = "[birdlab/Owl-9B](https://huggingface.co/birdlab/Owl-9B)"


def test_this_is_a_model_with_tuning_performed_names_the_tuned_model() -> None:
    text = _card(f"This is {_OWL}, with instruction tuning performed on a puzzle set.")
    assert parents(text, "nest/Owl-9B-Puzzles") == {"birdlab/Owl-9B-Wide": FT}


def test_that_base_model_is_the_named_models_base() -> None:
    # Trap: "That base model is B" speaks of A's base (a grand-parent).
    text = _card(
        f"This is {_OWL}, with instruction tuning performed on a puzzle set. That base model "
        f"is {_ROOT}, widened to more layers."
    )
    assert parents(text, "nest/Owl-9B-Puzzles") == {"birdlab/Owl-9B-Wide": FT}


def test_the_base_model_is_still_a_label() -> None:
    text = _card(f"The base model is {_ROOT}.")
    assert parents(text, "nest/Owl-9B-Puzzles") == {"birdlab/Owl-9B": FT}


def test_this_is_a_model_with_a_plain_noun_names_nothing() -> None:
    # Trap: "This is X, with more layers" (no tuning performed on it).
    text = _card(f"This is {_OWL}, with more layers stacked on top.")
    assert parents(text, "nest/Owl-9B-Puzzles") == {}


# -- "We released X trained from Y": another model's news --------------------------------


def test_news_of_another_release_trained_from_a_base_is_not_this_models() -> None:
    text = _card("[2024/01/04] We released **Heron-34B-V1.1** trained from owl-base-34b, our best.")
    assert parents(text, "birdlab/Heron-13B-V1.0") == {}


def test_release_of_this_model_trained_from_a_base_is_read() -> None:
    # Trap: the release announced is the card's own model.
    text = _card("We released Heron-13B-V1.0 trained from owl-base-13b, our best.")
    assert parents(text, "birdlab/Heron-13B-V1.0") == {"owl-base-13b": FT}


# -- a QLoRA fine-tune whose code loads the repo whole by a variable ----------------------

_QLORA = (
    "This model is a QLoRA fine-tune of [birdlab/Owl-13B](https://huggingface.co/birdlab/"
    "Owl-13B) on Dutch chats.\n\n```python\nfrom transformers import AutoModelForCausalLM\n\n"
)


def test_qlora_finetune_loaded_whole_through_a_variable_is_a_finetune() -> None:
    code = 'repo = "nest/owl-dutch"\nmodel = AutoModelForCausalLM.from_pretrained(repo)\n```\n'
    assert parents(_card(_QLORA + code), "nest/owl-dutch") == {"birdlab/Owl-13B": FT}


def test_qlora_adapter_whose_variable_feeds_peft_stays_an_adapter() -> None:
    # Trap: the variable holding the repo goes to a peft loader, not to a whole model's.
    code = (
        'repo = "nest/owl-dutch"\nbase = AutoModelForCausalLM.from_pretrained("birdlab/Owl-13B")'
        "\nmodel = PeftModel.from_pretrained(base, repo)\n```\n"
    )
    assert parents(_card(_QLORA + code), "nest/owl-dutch") == {"birdlab/Owl-13B": Relation.ADAPTER}


# -- the card's own name holding a non-model word ----------------------------------------


def test_own_name_with_a_data_word_still_speaks_of_this_model() -> None:
    text = _card("Heron-13B-Story-Data is a chat model obtained by finetuning Owl-13B on chats.")
    assert parents(text, "birdlab/Heron-13B-Story-Data") == {"Owl-13B": FT}


def test_data_subject_beside_the_own_name_is_still_not_this_model() -> None:
    # Trap: "the data of X" is the subject, whatever the model's name.
    text = _card("The data of Heron-13B-Story-Data is obtained by finetuning Owl-13B on chats.")
    assert parents(text, "birdlab/Heron-13B-Story-Data") == {}

"""Adapter words on a repo of full weights: the LoRA was folded in (`importers.lora_folded`)."""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import parents

HUB = "https://huggingface.co"
FT, AD = Relation.FINETUNE, Relation.ADAPTER

_WHOLE = 'model = AutoModelForCausalLM.from_pretrained("{own}")\n'
_PEFT_LOCAL = 'model = PeftModel.from_pretrained(model, "out/my_lora")\n'
_PEFT_OWN = (
    'base = AutoModelForCausalLM.from_pretrained("birds/heron-7b")\n'
    'model = PeftModel.from_pretrained(base, "{own}")\n'
)


def _card(sentence: str, code: str = "", front: str = "") -> str:
    block = f"\n```python\n{code}```\n" if code else ""
    return f"{front}# Wren\n\n{sentence}\n{block}"


# -- the code loads this repo whole, whatever it loads through peft elsewhere ----------------


def test_a_repo_loaded_whole_beside_a_local_peft_folder_is_a_finetune() -> None:
    own = "me/Wren-7B-chat"
    front = "---\ntags:\n- peft\n---\n"
    code = _PEFT_LOCAL + _WHOLE.format(own=own)
    text = _card(
        "Wren is a fine-tuned version of [Heron](" + HUB + "/birds/heron-7b).", code, front
    )
    assert parents(text, own) == {"birds/heron-7b": FT}


def test_a_repo_loaded_by_peft_stays_an_adapter() -> None:
    # Trap: the own id is what PeftModel loads onto its base: an adapter.
    own = "me/Wren-7B-chat"
    front = "---\ntags:\n- peft\n---\n"
    text = _card(
        "Wren is a fine-tuned version of [Heron](" + HUB + "/birds/heron-7b).",
        _PEFT_OWN.format(own=own),
        front,
    )
    assert parents(text, own) == {"birds/heron-7b": AD}


# -- LoRA as a training method, code that loads a whole model only ---------------------------


def test_tuned_with_qlora_and_loaded_whole_is_a_finetune() -> None:
    text = _card(
        "Wren-34B was trained with QLoRA on several writing tasks on the base model "
        f"[Heron-34b]({HUB}/birds/Heron-34b).",
        "model = AutoModelForCausalLM.from_pretrained(path_to_model)\n",
    )
    assert parents(text, "me/Wren-34B") == {"birds/Heron-34b": FT}


def test_tuned_with_qlora_and_loaded_through_peft_stays_an_adapter() -> None:
    # Trap: the code loads the weights through peft.
    text = _card(
        "Wren-34B was trained with QLoRA on several writing tasks on the base model "
        f"[Heron-34b]({HUB}/birds/Heron-34b).",
        "from peft import PeftModel\nmodel = PeftModel.from_pretrained(base, path)\n",
    )
    assert parents(text, "me/Wren-34B") == {"birds/Heron-34b": AD}


def test_tuned_with_qlora_and_no_code_stays_an_adapter() -> None:
    text = _card(
        "Wren-34B was trained with QLoRA on several writing tasks on the base model "
        f"[Heron-34b]({HUB}/birds/Heron-34b)."
    )
    assert parents(text, "me/Wren-34B") == {"birds/Heron-34b": AD}


# -- adapter words only in a link to another repo ------------------------------------------


def test_a_link_to_another_repos_adapter_says_nothing_of_this_one() -> None:
    text = (
        "# Finch-Math-7B\n\nA newer release is out: the [full model]("
        f"{HUB}/me/Finch2-Math-7B) and its [QLoRA adapter]({HUB}/me/Finch2-Math-7B-adapter).\n\n"
        f"Finch-Math-7B is a fine-tuned version of [Heron-7B]({HUB}/birds/Heron-7B).\n"
    )
    assert parents(text, "me/Finch-Math-7B") == {"birds/Heron-7B": FT}


def test_adapter_words_outside_the_link_keep_the_adapter() -> None:
    # Trap: the card calls itself an adapter in its own sentence.
    text = (
        "# Finch-Math-7B\n\nThis is a LoRA adapter for math. See also our "
        f"[QLoRA adapter]({HUB}/me/Finch2-Math-7B-adapter).\n\n"
        f"Finch-Math-7B is a fine-tuned version of [Heron-7B]({HUB}/birds/Heron-7B).\n"
    )
    assert parents(text, "me/Finch-Math-7B") == {"birds/Heron-7B": AD}


# -- a "-merged" name ---------------------------------------------------------------------


def test_a_merged_name_makes_an_inferred_adapter_base_a_finetune() -> None:
    text = _card(
        f"This is a QLoRA adapter for [Heron-13b]({HUB}/birds/Heron-13b), folded in.",
    )
    assert parents(text, "me/Wren-13b-Merged") == {"birds/Heron-13b": FT}


def test_a_name_without_the_merged_token_stays_an_adapter() -> None:
    text = _card(f"This is a QLoRA adapter for [Heron-13b]({HUB}/birds/Heron-13b).")
    assert parents(text, "me/Wren-13b-Mergedish") == {"birds/Heron-13b": AD}


# -- the card calls itself "the adapters" ----------------------------------------------------


def test_this_is_the_adapters_of_a_lora_run_is_an_adapter() -> None:
    text = _card(
        "This is the adapters from the LoRA run of the Heron model. Finetuned from model: "
        "birds/heron-2b"
    )
    assert parents(text, "me/heron-2b-physics") == {"birds/heron-2b": AD}


def test_this_is_the_base_model_of_an_adapter_says_no_adapter() -> None:
    # Trap: the adapter is another repo; this card describes the base it plugs into.
    text = _card(
        "This is the base model used by the adapter we publish elsewhere. Finetuned from "
        "model: birds/heron-2b"
    )
    assert parents(text, "me/heron-2b-physics") == {"birds/heron-2b": FT}

"""Lineage look-alikes that are no lineage, each beside the statement that still counts."""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import HUB, parents

FT, ME, QU = Relation.FINETUNE, Relation.MERGE, Relation.QUANTIZED


# -- a card's own quantized releases ----------------------------------------------------


def test_own_int4_release_does_not_make_a_chat_card_a_quantization() -> None:
    text = (
        "# Wren-9B-Chat\n\nBuilt on top of the pretrained Wren-9B, we release Wren-9B-Chat, "
        "an assistant aligned with human feedback.\n\n## Quantization\n\n"
        "We also publish a GPTQ quantized version of [Wren-9B-Chat](#usage) for small GPUs.\n"
    )
    assert parents(text, "acme/Wren-9B-Chat") == {"Wren-9B": FT}


def test_own_release_named_before_the_quant_word_in_chinese() -> None:
    text = (
        "# Wren-9B-Chat\n\n在Wren-9B的基础上，我们训练了对话模型Wren-9B-Chat。\n\n"
        "我们提供了Wren-9B-Chat的Int4量化模型，以及Int8量化模型。\n"
    )
    assert parents(text, "acme/Wren-9B-Chat") == {"Wren-9B": FT}


def test_quantization_of_another_model_still_makes_a_quantization() -> None:
    text = f"Int4 quantized model of [Wren-9B-Chat]({HUB}/acme/Wren-9B-Chat), made with GPTQ.\n"
    assert parents(text, "someone/Wren-9B-Chat-Int4") == {"acme/Wren-9B-Chat": QU}
    zh = "[Wren-9B-Chat](https://huggingface.co/acme/Wren-9B-Chat)的Int4量化模型。\n"
    assert parents(zh, "someone/Wren-9B-Chat-Int4") == {"acme/Wren-9B-Chat": QU}


# -- the base_model line of a SLERP recipe ----------------------------------------------

_SLERP = """A spherical blend of two chat models.

```yaml
slices:
  - sources:
      - model: wren/Song-7B
        layer_range: [0, 32]
      - model: robin/Chirp-7B
        layer_range: [0, 32]
merge_method: slerp
base_model: {base}
parameters:
  t: 0.5
dtype: bfloat16
```
"""


def test_slerp_base_model_outside_its_two_models_is_no_input() -> None:
    text = _SLERP.format(base="acme/Plain-7B")
    assert parents(text, "me/Blend-7B") == {"wren/Song-7B": ME, "robin/Chirp-7B": ME}


def test_slerp_base_model_among_its_models_is_an_input() -> None:
    text = _SLERP.format(base="robin/Chirp-7B")
    assert parents(text, "me/Blend-7B") == {"wren/Song-7B": ME, "robin/Chirp-7B": ME}


def test_ties_base_model_outside_its_models_is_an_input() -> None:
    # Task vectors are taken against it: the weights of the merge start from it.
    text = _SLERP.format(base="acme/Plain-7B").replace("slerp", "ties")
    assert parents(text, "me/Blend-7B") == {
        "wren/Song-7B": ME,
        "robin/Chirp-7B": ME,
        "acme/Plain-7B": ME,
    }


# -- a phrase right after a link speaks of the linked model -----------------------------


def test_based_on_right_after_a_linked_base_names_a_grandparent() -> None:
    text = (
        f"A vision model whose language part is built on [Song-3B]({HUB}/wren/Song-3B) "
        f"based on [Plain-3B]({HUB}/acme/Plain-3B).\n"
    )
    assert parents(text, "me/Seer-3B") == {"wren/Song-3B": FT}


def test_based_on_after_a_link_to_the_card_itself_is_this_model() -> None:
    text = f"Meet [Seer-3B]({HUB}/me/Seer-3B), based on [Plain-3B]({HUB}/acme/Plain-3B).\n"
    assert parents(text, "me/Seer-3B") == {"acme/Plain-3B": FT}


def test_based_on_after_a_link_to_a_paper_is_this_model() -> None:
    text = f"As in [our report](https://ex.org/r) based on [Plain-3B]({HUB}/acme/Plain-3B).\n"
    assert parents(text, "me/Seer-3B") == {"acme/Plain-3B": FT}


def test_merged_with_after_a_link_names_two_inputs() -> None:
    text = f"This is [Song-7B]({HUB}/wren/Song-7B) merged with [Chirp-7B]({HUB}/robin/Chirp-7B).\n"
    assert parents(text, "me/Blend-7B") == {"wren/Song-7B": ME, "robin/Chirp-7B": ME}


# -- "a fine-tuned of X" written for "a fine-tune of X" ---------------------------------


def test_fine_tuned_of_a_declared_merge_keeps_the_merge_list_as_its_recipe() -> None:
    text = (
        "---\ntags:\n- merge\n- dpo\nbase_model:\n- wren/Flock-7B\n---\n"
        f"Roost-7B is a DPO fine-tuned of [wren/Flock-7B]({HUB}/wren/Flock-7B/) on preference "
        "pairs.\n\nIt is based on a merge of the following models:\n"
        f"* [robin/Chirp-7B]({HUB}/robin/Chirp-7B)\n* [jay/Call-7B]({HUB}/jay/Call-7B)\n"
    )
    assert set(parents(text, "me/Roost-7B")) == {"wren/Flock-7B"}


def test_fine_tuned_of_read_like_fine_tune_of() -> None:
    text = f"Roost-7B is an SFT fine-tuned of [Flock-7B]({HUB}/wren/Flock-7B) for story telling.\n"
    assert parents(text, "me/Roost-7B") == {"wren/Flock-7B": FT}


# -- an adapter folded into its base -----------------------------------------------------


def test_merged_version_of_a_lora_repo_is_a_fine_tune_of_it() -> None:
    text = f"The merged version of [wren/Song-7b-lora]({HUB}/wren/Song-7b-lora), full weights.\n"
    assert parents(text, "wren/Song-7b-merged") == {"wren/Song-7b-lora": FT}


def test_merged_version_of_a_full_model_stays_a_merge() -> None:
    text = f"The merged version of [wren/Song-7b]({HUB}/wren/Song-7b) and its sibling.\n"
    assert parents(text, "me/Flock-7b") == {"wren/Song-7b": ME}


def test_full_repo_of_a_peft_card_holds_merged_weights() -> None:
    text = (
        "---\nlibrary_name: peft\nbase_model: acme/Plain-70b\n---\n"
        f"A fine-tuned version of [acme/Plain-70b]({HUB}/acme/Plain-70b) on story data.\n"
    )
    assert parents(text, "me/Tale-70B-Full") == {"acme/Plain-70b": FT}
    assert parents(text, "me/Tale-70B") == {"acme/Plain-70b": Relation.ADAPTER}


def test_merge_of_one_model_and_loras_tunes_that_model() -> None:
    text = (
        f"Merge of [acme/Plain-30b]({HUB}/acme/Plain-30b) + "
        f"[wren/Story-LoRA]({HUB}/wren/Story-LoRA/blob/main/README.md), fp16.\n"
    )
    assert parents(text, "me/Plain-30b-story") == {"acme/Plain-30b": FT, "wren/Story-LoRA": ME}


def test_merge_of_two_models_and_a_lora_stays_a_merge() -> None:
    text = (
        f"Merge of [acme/Plain-30b]({HUB}/acme/Plain-30b) + [robin/Chirp-30b]({HUB}/robin/Chirp-30b)"
        f" + [wren/Story-LoRA]({HUB}/wren/Story-LoRA).\n"
    )
    assert parents(text, "me/Flock-30b") == {
        "acme/Plain-30b": ME,
        "robin/Chirp-30b": ME,
        "wren/Story-LoRA": ME,
    }


# -- a family's version written bare beside a Hub id that holds it ----------------------


def test_bare_family_version_is_vaguer_than_a_linked_model_of_it() -> None:
    text = (
        f"Built on top of [the Wren-3 base model]({HUB}/acme/Big-Wren-3-8B) for answering.\n\n"
        "Note that this release is based on Wren-3, the previous one on another base.\n"
    )
    assert parents(text, "me/Answer-8B") == {"acme/Big-Wren-3-8B": FT}


def test_bare_family_version_not_held_by_the_linked_id_stays() -> None:
    text = (
        f"Built on top of [the Wren-3 base model]({HUB}/acme/Big-Wren-3-8B) for answering.\n\n"
        "The vision part is based on Heron-2.\n"
    )
    assert set(parents(text, "me/Answer-8B")) == {"acme/Big-Wren-3-8B", "Heron-2"}


# -- a family's details list, one nested item per member ---------------------------------

_FAMILY = """## Model Details

- Wren-7B-Base
  - Fine-tuned from: [acme/Plain-7B]({hub}/acme/Plain-7B)
  - Languages: English
- Wren-7B-Chat
  - Fine-tuned from: [me/Wren-7B-Base]({hub}/me/Wren-7B-Base)
  - Languages: English
"""


def test_family_details_list_gives_each_member_its_own_parent() -> None:
    text = _FAMILY.format(hub=HUB)
    assert parents(text, "me/Wren-7B-Chat") == {"me/Wren-7B-Base": FT}
    assert parents(text, "me/Wren-7B-Base") == {"acme/Plain-7B": FT}


def test_nested_label_under_a_plain_heading_item_is_this_model() -> None:
    text = f"- Details\n  - Fine-tuned from: [acme/Plain-7B]({HUB}/acme/Plain-7B)\n"
    assert parents(text, "me/Wren-7B-Chat") == {"acme/Plain-7B": FT}


def test_nested_label_under_an_item_linking_this_model_is_this_model() -> None:
    text = (
        f"+ **Model**: [Wren-7B-Chat]({HUB}/me/Wren-7B-Chat)\n"
        f"  + Fine-tuned from model: [Plain-7B]({HUB}/acme/Plain-7B)\n"
    )
    assert parents(text, "me/Wren-7B-Chat") == {"acme/Plain-7B": FT}

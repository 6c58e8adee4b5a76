"""Kinds of statements read on a randomly drawn corpus of popular cards (encoders, image and
video models, conversions of merged models): each rule fires on its form and stays quiet on
a look-alike."""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT = Relation.FINETUNE
MERGE = Relation.MERGE
HUB = "https://huggingface.co"


def _card(body: str, title: str = "Finch Video") -> str:
    return f"# {title}\n\n{body}\n"


# -- a link whose text holds a bracketed note -------------------------------------------------


def test_link_text_with_a_bracketed_note_names_its_repo() -> None:
    text = _card(
        "This model makes 30 frames from one picture, finetuned from "
        f"[Finch Video [12 frames]]({HUB}/birdlab/finch-video-base)."
    )
    assert parents(text, "birdlab/finch-video-long") == {"birdlab/finch-video-base": FT}


def test_bracketed_note_in_a_link_to_a_data_set_names_no_parent() -> None:
    # Trap: the same writing for a data set's page is no model.
    text = _card(
        f"This model was trained on [Bird clips [v2]]({HUB}/datasets/birdlab/clips) for a week."
    )
    assert parents(text, "birdlab/finch-video-long") == {}


# -- the card's own name with a version as the subject -------------------------------------------


def test_own_name_with_a_version_as_subject_keeps_the_base() -> None:
    text = _card("Heron-Chat-20B-v0.3 is based on Wren's Songbird-20B model, tuned for chat.")
    assert parents(text, "birdlab/Heron-Chat-20B") == {"Songbird-20B": FT}


def test_another_release_as_subject_still_names_its_own_base() -> None:
    # Trap: a sibling release (another size) is a different model; its base is not ours.
    text = _card("Heron-Chat-7B is based on Wren's Songbird-7B model, tuned for chat.")
    assert parents(text, "birdlab/Heron-Chat-20B") == {}


# -- encoder families named alone -----------------------------------------------------------------


def test_encoder_family_after_initialized_from_is_the_base() -> None:
    text = _card("The MedWren model was initialized from BERT. Then it read clinical notes.")
    assert parents(text, "wardlab/MedWren") == {"BERT": FT}


def test_encoder_family_after_based_on_is_a_design() -> None:
    # Trap: encoder cards say "based on RoBERTa" of the pretraining recipe, not the weights.
    text = _card("The MedWren pre-training approach is based on RoBERTa, with a new vocabulary.")
    assert parents(text, "wardlab/MedWren") == {}


def test_encoder_family_with_a_size_after_it_is_left_to_the_release() -> None:
    # Trap: "the RoBERTa large model" names one release, which the card links elsewhere.
    text = _card(
        "This model is a fine-tuned version of the RoBERTa large model. "
        f"See the [model card]({HUB}/roberta-large)."
    )
    assert "RoBERTa" not in parents(text, "wardlab/MedWren")


def test_encoder_family_as_a_part_of_a_composite_is_no_base() -> None:
    # Trap: one part of a two-part model was initialized from the family.
    text = _card("The text decoder was initialized from the weights of RoBERTa.")
    assert parents(text, "wardlab/MedWren") == {}


def test_encoder_family_as_a_distilled_teacher_is_no_base() -> None:
    # Trap: "a distilled version of BERT" describes the distilled family's recipe.
    text = _card("Our student is a distilled version of BERT trained on hospital notes.")
    assert parents(text, "wardlab/MedWren") == {}


# -- a name pointed to its repo by a link that only says "this commit" --------------------------


def test_code_name_then_a_this_commit_link_names_the_linked_repo() -> None:
    text = _card(
        "Weights were initialized from the `chat-6b` Gull model made available in "
        f"[this commit]({HUB}/gulls/gull-chat/tree/0123abcd/6b)."
    )
    assert parents(text, "birdlab/Heron-6B") == {"gulls/gull-chat": FT}


def test_code_name_then_a_link_in_the_next_sentence_stays_itself() -> None:
    # Trap: the link is in another sentence, about something else.
    text = _card(
        "Weights were initialized from the `chat-6b-base` checkpoint. "
        f"Our logs are in [this repo]({HUB}/gulls/gull-logs)."
    )
    assert "gulls/gull-logs" not in parents(text, "birdlab/Heron-6B")


def test_bare_base_then_a_here_link_to_another_thing_stays_the_base() -> None:
    # Trap: the pointer link after the name says where a conversion is, not where X is.
    text = _card(
        f"This model was fine-tuned from Wren-7B and quantized [here]({HUB}/birdlab/Heron-7B-GGUF)."
    )
    assert parents(text, "birdlab/Heron-7B") == {"Wren-7B": FT}


# -- conversion files of a model merged with a LoRA -------------------------------------------


def _superhot(tail: str) -> str:
    return (
        "---\nlicense: other\n---\n\n# Heron 13B LongCtx GPTQ\n\n"
        f"These files are GPTQ 4bit model files for [Jo's Heron 13B]({HUB}/jo/Heron-13b) "
        f"{tail}\n\n# Original model card: Jo's Heron 13B\n\n"
        f"Heron is a merge of [Wren 13B]({HUB}/wren/wren-13b) and others.\n"
    )


def test_conversion_of_a_model_merged_with_a_lora_names_both() -> None:
    text = _superhot(f"merged with [Kai's LongCtx 8K]({HUB}/kai/longctx-13b-8k).")
    assert parents(text, "birdlab/Heron-13B-LongCtx-8K-GPTQ") == {
        "jo/Heron-13b": FT,
        "kai/longctx-13b-8k": MERGE,
    }


def test_conversion_without_a_merged_lora_stays_a_quantization() -> None:
    # Trap: a plain conversion; "merged" elsewhere in the sentence is no second source.
    text = _superhot("which were merged into one file with the GPTQ tools.")
    assert parents(text, "birdlab/Heron-13B-GPTQ") == {"jo/Heron-13b": Relation.QUANTIZED}


# -- Stable Diffusion named as a family -------------------------------------------------------


def test_fine_tuned_stable_diffusion_model_names_the_family() -> None:
    text = _card("This is the fine-tuned Stable Diffusion model trained on paper-cut art.")
    assert parents(text, "birdlab/papercut-diffusion") == {"Stable Diffusion": FT}


def test_stable_diffusion_release_after_a_photorealistic_adjective() -> None:
    text = _card("Finch Photo is a photorealistic Stable Diffusion 1.5 model fine tuned on photos.")
    assert parents(text, "birdlab/finch-photo") == {"Stable Diffusion 1.5": FT}


def test_stable_diffusion_as_its_own_subject_names_no_parent() -> None:
    # Trap: the family's own training, and a design, are no lineage of this card.
    text = _card(
        "Stable Diffusion was trained on LAION images. "
        "Our viewer is based on Stable Diffusion architecture. Use it like any Stable "
        "Diffusion model."
    )
    assert parents(text, "birdlab/finch-photo") == {}


# -- a composite model "leveraging" a linked language model ---------------------------------


def test_leveraging_a_linked_language_model_names_it() -> None:
    text = _card(
        f"Finch-VL model, leveraging [Wren-7b]({HUB}/wren/wren-7b) (a large language model "
        "with 7 billion parameters).",
        title="Finch-VL, Wren-7b",
    )
    assert parents(text, "birdlab/finch-vl-wren-7b") == {"wren/wren-7b": FT}


def test_leveraging_a_linked_data_set_or_a_library_names_no_parent() -> None:
    # Trap: "leveraging" a tool or data (no language model said after it) is no lineage.
    text = _card(
        f"Finch-VL is trained leveraging [Wren tools]({HUB}/wren/wren-tools) for speed.",
        title="Finch-VL",
    )
    assert parents(text, "birdlab/finch-vl") == {}


def test_stable_diffusion_after_a_linked_older_model_is_that_models_base() -> None:
    # Trap: the linked older model was based upon SD 2; this one names its own base after.
    text = _card(
        f"This improves on our [Skin Maker]({HUB}/birdlab/skin-maker) model based upon Stable "
        "Diffusion 2. Our model is now based upon the Stable Diffusion XL model."
    )
    assert parents(text, "birdlab/skin-maker-xl") == {"Stable Diffusion XL": FT}


# -- a Hub repo offered as a stand-in for the weights a card needs ------------------------------


def _xor_card(sentence: str) -> str:
    return _card(
        "We publish XOR weights only. To decode them you need a copy of the original Wren "
        f"weights. {sentence} Then run the decoding script.",
        title="Heron 30B XOR",
    )


def test_repo_that_can_be_used_as_a_base_is_no_parent() -> None:
    text = _xor_card(
        f"Some users say that [this model]({HUB}/someone/wren-30b-hf) can be used as a base "
        "for the decoding."
    )
    assert parents(text, "birdlab/heron-30b-xor") == {}


def test_stand_in_wording_leaves_a_stated_base_alone() -> None:
    # Trap: a card that states its base in a lineage sentence keeps it, whatever else it says.
    text = _card(
        f"Heron is fine-tuned from [Wren 30B]({HUB}/wren/wren-30b). This model can be used as a "
        "base for your own tuning."
    )
    assert parents(text, "birdlab/heron-30b") == {"wren/wren-30b": FT}

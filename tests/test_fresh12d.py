"""Kinds of statements of real cards: a mixture-of-experts recipe run on local download
folders ("ORG_NAME") while the text links the Hub ids, a fine-tune declared in YAML beside a
`quantized_by:` key, "a fine-tune (DPO) of X", and a version of X in another precision or with
one half of the network kept, a re-upload's "Original Repository" heading, an id broken by
spaces after its slash, "based on the Unet of X"; and two look-alikes: a VAE recommended for
use beside the model, and another model's news in apposition ("added X, an improved version
of Y"); a quoted id after a lineage phrase, "a model from an earlier SFT model [X](…)", and
a LoRA "applied" to a linked base or given under a "LoRA used" heading."""

from __future__ import annotations

import pytest

from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT = Relation.FINETUNE
ME = Relation.MERGE
QU = Relation.QUANTIZED
HUB = "https://huggingface.co"

# -- a mergekit-moe recipe over local "ORG_NAME" folders, the card linking the Hub ids ---------

_MOE_RECIPE = (
    "```yaml\n"
    "base_model: {base}\n"
    "gate_mode: hidden\n"
    "experts:\n"
    "  - source_model: finch_Finch-Coder-7b\n"
    "    positive_prompts: ['code']\n"
    "  - source_model: Lark-AI_lark-math-7b-v2\n"
    "    positive_prompts: ['math']\n"
    "```\n"
)


@pytest.mark.parametrize(
    "lead",
    [
        "The experts of this mixture:\n\n- {h}/finch/Finch-Coder-7b\n\n- {h}/Lark-AI/lark-math-7b-v2\n",
        "Made from [Finch-Coder-7b]({h}/finch/Finch-Coder-7b) and "
        "[lark-math]({h}/Lark-AI/lark-math-7b-v2), thanks to their authors.\n",
        "Experts: `finch/Finch-Coder-7b`, `Lark-AI/lark-math-7b-v2`.\n",
    ],
)
def test_moe_recipe_folders_resolve_to_the_linked_ids(lead: str) -> None:
    text = (
        "# Duo-2x7b\n\nA mixture of experts made with mergekit.\n\n"
        + lead.format(h=HUB)
        + "\nConfig:\n\n"
        + _MOE_RECIPE.format(base="wren_Wren-7B-v0.1")
    )
    # The base folder is named nowhere else: a local copy, no reference.
    assert parents(text, "me/Duo-2x7b") == {
        "finch/Finch-Coder-7b": ME,
        "Lark-AI/lark-math-7b-v2": ME,
    }


def test_moe_recipe_base_folder_resolves_when_linked_too() -> None:
    text = (
        f"# Duo-2x7b\n\nBase: {HUB}/wren/Wren-7B-v0.1; experts {HUB}/finch/Finch-Coder-7b and "
        f"{HUB}/Lark-AI/lark-math-7b-v2.\n\n" + _MOE_RECIPE.format(base="wren_Wren-7B-v0.1")
    )
    assert set(parents(text, "me/Duo-2x7b")) == {
        "wren/Wren-7B-v0.1",
        "finch/Finch-Coder-7b",
        "Lark-AI/lark-math-7b-v2",
    }


def test_moe_recipe_folders_the_text_does_not_link_stay_as_written() -> None:
    # Trap: no Hub id in the text spells the folders; the recipe is read as before.
    text = "# Duo-2x7b\n\nA mixture of experts made with mergekit.\n\n" + _MOE_RECIPE.format(
        base="wren/Wren-7B-v0.1"
    )
    found = parents(text, "me/Duo-2x7b")
    assert "wren/Wren-7B-v0.1" in found
    assert "finch/Finch-Coder-7b" not in found


# -- a fine-tune declared in YAML beside a `quantized_by:` key ----------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "This model is a fine-tune (DPO) of `acme/Lark-4b-chat`.",
        "Lark-4b-pref is a finetune (ORPO) of [acme/Lark-4b-chat]({h}/acme/Lark-4b-chat).",
        "A fine-tuned version of acme/Lark-4b-chat on preference pairs.",
    ],
)
def test_quantized_by_key_beside_a_stated_fine_tune(sentence: str) -> None:
    text = (
        "---\nbase_model: acme/Lark-4b-chat\nquantized_by: someone\nlicense: mit\n---\n"
        "# Lark-4b-pref\n\n" + sentence.format(h=HUB) + "\n\n# Quantized GGUF\n\n"
        "All GGUF files: [me/Lark-4b-pref-GGUF](" + HUB + "/me/Lark-4b-pref-GGUF)\n"
    )
    assert parents(text, "me/Lark-4b-pref") == {"acme/Lark-4b-chat": FT}


def test_quantized_by_key_in_a_conversion_repo_stays_quantized() -> None:
    # Trap: a GGUF repo with the same key and an original's "fine-tune of" sentence.
    text = (
        "---\nbase_model: acme/Lark-4b-chat\nquantized_by: someone\n---\n"
        "# Lark-4b-chat GGUF\n\nThe original is a fine-tune (DPO) of `acme/Lark-4b`.\n"
    )
    assert parents(text, "me/Lark-4b-chat-GGUF")["acme/Lark-4b-chat"] is QU


def test_quantized_by_key_alone_stays_quantized() -> None:
    text = "---\nbase_model: acme/Lark-4b-chat\nquantized_by: someone\n---\n# Lark-4b\n\nFiles.\n"
    assert parents(text, "me/Lark-4b-pref") == {"acme/Lark-4b-chat": QU}


# -- a version in another precision, or with half of the network kept ---------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "An encoder-only, half-precision version of the [Heron-XL]({h}/birds/heron_xl) model.",
        "This repo holds a half-precision version of [birds/heron_xl]({h}/birds/heron_xl).",
        "A bf16 version of `birds/heron_xl`, nothing else changed.",
        "An encoder-only version of birds/heron_xl for embeddings.",
    ],
)
def test_precision_or_half_network_version_is_a_conversion(sentence: str) -> None:
    text = "# Heron-XL encoder\n\n" + sentence.format(h=HUB) + "\n"
    assert parents(text, "me/heron_xl_half-enc") == {"birds/heron_xl": QU}


def test_a_plain_version_of_names_no_conversion() -> None:
    # Trap: "a newer version of X" is no conversion (and no parent by itself).
    text = "# Heron-XL 2\n\nA newer version of `birds/heron_xl` is out.\n"
    assert parents(text, "me/heron_xl-2").get("birds/heron_xl") is not QU


# -- a re-upload pointing at its original under an "Original Repository" heading ---------------


@pytest.mark.parametrize(
    "section",
    [
        "# Original Repository\n\n***acme/spam-filter-1234\n",
        "## Original repo\n\nacme/spam-filter-1234\n",
        "## Original model repository:\r\n[spam filter](" + HUB + "/acme/spam-filter-1234)\r\n",
    ],
)
def test_original_repository_heading_names_the_reuploaded_model(section: str) -> None:
    text = "# Spam filter\n\nDetects spam in short texts.\n\n" + section
    assert parents(text, "me/spam-filter") == {"acme/spam-filter-1234": QU}


def test_original_repository_heading_over_a_code_repo_names_no_parent() -> None:
    # Trap: the heading over a GitHub repository names no Hub model.
    text = "# Spam filter\n\nText.\n\n## Original repository\n\nhttps://github.com/acme/spam\n"
    assert parents(text, "me/spam-filter") == {}


# -- an id broken by spaces after its slash; "based on the Unet of X" ----------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "This model is a fine-tuned version of acme/  lark-xl-base-1.0 on line art.",
        "We made it by training an adapter based on the Unet of acme/ lark-xl-base-1.0, and more.",
        "It is based on the weights of acme/lark-xl-base-1.0.",
    ],
)
def test_split_id_and_based_on_a_part_of_the_model(sentence: str) -> None:
    assert set(parents("# Liner\n\n" + sentence + "\n", "me/Liner")) == {"acme/lark-xl-base-1.0"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Input and/ or output-2 files are kept.",
        "The code is at https://example.org/ lark-xl-base-1.0 (no model).",
    ],
)
def test_slash_then_space_in_words_is_no_id(sentence: str) -> None:
    assert parents("# Liner\n\nBased on nothing. " + sentence + "\n", "me/Liner") == {}


# -- a VAE recommended for use beside an image model --------------------------------------------


@pytest.mark.parametrize(
    "advice",
    [
        "It is recommended to use with VAE (for sharper faces): {h}/pix/soft-vae-ft<br>",
        "Recommended VAE: [soft-vae]({h}/pix/soft-vae-ft)",
        "For best colours, load the VAE from {h}/pix/soft-vae-ft when sampling.",
    ],
)
def test_recommended_vae_is_no_parent(advice: str) -> None:
    text = (
        "---\ntags:\n- text-to-image\n---\n# Dreamy v3\n\n"
        + advice.format(h=HUB)
        + "\n\nSampler: Euler a, 30 steps, CFG 6.\n"
    )
    assert "pix/soft-vae-ft" not in parents(text, "me/Dreamy-v3")


def test_model_made_from_a_checkpoint_beside_vae_advice() -> None:
    # The made-from sentence still names its parent; the VAE advice is held apart.
    text = (
        f"# Dreamy v3\n\nA fine-tuned version of [pix/base-1.5]({HUB}/pix/base-1.5).\n\n"
        f"Recommended VAE: {HUB}/pix/soft-vae-ft\n"
    )
    assert parents(text, "me/Dreamy-v3") == {"pix/base-1.5": FT}


# -- another model's news in apposition: "added X, an improved version of Y" ---------------------


@pytest.mark.parametrize(
    "news",
    [
        "- Nov 2023 -> added Heron beta, an improved version of Lark 7B (via DPO)",
        "- Nov 2023: added Heron beta, an improved version of [acme/Lark-7B]({h}/acme/Lark-7B).",
        "Update: we released Heron, an upgraded version of `acme/Lark-7B`.",
    ],
)
def test_news_of_another_model_in_apposition_is_no_parent(news: str) -> None:
    text = "# Calling models (v2)\n\n## News\n\n" + news.format(h=HUB) + "\n"
    assert parents(text, "me/Calling-7b-v2") == {}


def test_own_model_in_apposition_keeps_its_parent() -> None:
    # Trap: the news speaks of this model ("released Heron, an improved version of …").
    text = f"# Heron\n\nWe released Heron, an improved version of [acme/Lark-7B]({HUB}/acme/Lark-7B).\n"
    assert set(parents(text, "me/Heron-7b")) == {"acme/Lark-7B"}


# -- a quoted id after a lineage phrase ------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "relation"),
    [
        ('This model is finetuned based on "acme/Lark-8x7B-v0.1" with our chat data.', FT),
        ("A fine-tuned version of “acme/Lark-8x7B-v0.1” on chat.", FT),
        ('Lark-chat is based on "acme/Lark-8x7B-v0.1".', FT),
    ],
)
def test_quoted_id_after_a_phrase(sentence: str, relation: Relation) -> None:
    assert parents("# Lark chat\n\n" + sentence + "\n", "me/Lark-chat") == {
        "acme/Lark-8x7B-v0.1": relation
    }


def test_quoted_words_after_based_on_name_no_id() -> None:
    # Trap: a quoted phrase without a slash is no Hub id.
    found = parents('# Lark chat\n\nThe prompt is based on "the assistant persona".\n', "me/x")
    assert not any("/" in p for p in found)


# -- "a model from an earlier SFT model [X](…)" -------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "`lark-dpo` is an instruction-tuned model from an earlier SFT model "
        "[`lark-sft`]({h}/acme/lark-sft). DPO is used on preference pairs.",
        "Lark-DPO was trained from the previous checkpoint acme/lark-sft with DPO.",
        "It was initialized from our prior SFT model [acme/lark-sft]({h}/acme/lark-sft).",
    ],
)
def test_made_from_an_earlier_model(sentence: str) -> None:
    text = "# lark-dpo\n\n" + sentence.format(h=HUB) + "\n"
    assert parents(text, "me/lark-dpo") == {"acme/lark-sft": FT}


@pytest.mark.parametrize(
    "sentence",
    [
        "Results are compared with those from an earlier model [acme/old]({h}/acme/old).",
        "Other-7B is a chat model from a previous SFT model acme/old-sft.",
    ],
)
def test_an_earlier_model_that_is_no_start(sentence: str) -> None:
    text = "# lark-dpo\n\n" + sentence.format(h=HUB) + "\n"
    assert parents(text, "me/lark-dpo") == {}


# -- a LoRA applied to a linked base; a "LoRA used" heading -------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "This repo contains fp16 files of [acme/Lark-7B-chat]({h}/acme/Lark-7B-chat) with the "
        'LoRA [bo/RP-Lark-7B]({h}/bo/RP-Lark-7B) applied at weight "0.75".',
        "Weights of acme/Lark-7B-chat with the LoRA bo/RP-Lark-7B applied.",
        "The full version of {h}/acme/Lark-7B-chat with the adapter `bo/RP-Lark-7B` applied on top.",
    ],
)
def test_lora_applied_to_a_linked_base(sentence: str) -> None:
    text = "# Lark RP\n\n" + sentence.format(h=HUB) + "\n"
    assert parents(text, "me/Lark-RP-7B") == {"acme/Lark-7B-chat": FT, "bo/RP-Lark-7B": ME}


def test_lora_recipe_not_applied_is_no_ingredient() -> None:
    # Trap: "with the LoRA" followed by other words before the reference.
    text = f"# Lark RP\n\nTrained with the LoRA recipe of [bo/r]({HUB}/bo/r), not applied yet.\n"
    assert "bo/r" not in parents(text, "me/Lark-RP-7B")


@pytest.mark.parametrize(
    "section",
    [
        "## LoRA used\n\n{h}/bo/RP-13b-qloras/tree/main/prompt-a\n",
        "### LoRAs applied:\n[RP qloras]({h}/bo/RP-13b-qloras)\n",
    ],
)
def test_lora_used_heading_names_an_ingredient(section: str) -> None:
    text = "# Mixy RP\n\nA roleplay model.\n\n" + section.format(h=HUB)
    assert parents(text, "me/Mixy-RP-13B") == {"bo/RP-13b-qloras": ME}


def test_lora_heading_over_a_training_note_names_none() -> None:
    # Trap: the heading over prose, no reference.
    text = "# Mixy RP\n\n## LoRA used\n\nA rank 64 adapter trained for two epochs.\n"
    assert parents(text, "me/Mixy-RP-13B") == {}

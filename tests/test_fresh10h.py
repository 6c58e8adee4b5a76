"""Kinds of statements read on a second set of randomly drawn cards: each rule fires on its
form and stays quiet on a look-alike."""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import HUB, parents

FT, AD, QU, ME = Relation.FINETUNE, Relation.ADAPTER, Relation.QUANTIZED, Relation.MERGE


# -- an evaluation note naming another model's quantized version -----------------------


def test_results_of_a_quantized_sibling_leave_the_declared_base() -> None:
    text = (
        "---\nbase_model: wrenco/Wren-3-8B\n---\n# Heron-8B\n\n"
        "Heron-8B is tuned for clinical text.\n\n"
        "**The scores below are from the quantized version of Heron-70B**\n"
    )
    assert parents(text, "heronlab/Heron-8B") == {"wrenco/Wren-3-8B": FT}


def test_a_quantized_version_said_of_this_model_is_still_read() -> None:
    # Trap: the same words with no result before them state what this repo is.
    text = f"This repo holds the quantized version of [Heron-70B]({HUB}/heronlab/Heron-70B).\n"
    assert parents(text, "someone/Heron-70B-int4") == {"heronlab/Heron-70B": QU}


# -- a field label with a plural and a no-break space ----------------------------------


def test_fine_tuned_from_models_field_with_a_no_break_space() -> None:
    text = (
        "- **Developed by:** Heron Lab\n"
        "- **Fine-tuned from models:**\u00a0[wrenco/Wren-3-8B](wrenco/Wren-3-8B)\n"
    )
    assert parents(text, "heronlab/Heron-8B") == {"wrenco/Wren-3-8B": FT}


def test_a_field_that_can_be_fine_tuned_names_no_base() -> None:
    # Trap: the card's own model offered for further tuning.
    text = "- **Developed by:** Heron Lab\n\nThe model can be fine-tuned for other tasks.\n"
    assert parents(text, "heronlab/Heron-8B") == {}


# -- ControlNets are adapters of their base ----------------------------------------------


def test_controlnet_tag_makes_the_declared_base_an_adapter_base() -> None:
    text = (
        "---\nbase_model: wrenco/Wren-diffusion-2\ntags:\n- controlnet\n---\n"
        "# Edge guidance\n\nGuides Wren with edge maps.\n"
    )
    assert parents(text, "someone/wren-edges") == {"wrenco/Wren-diffusion-2": AD}


def test_controlnet_in_the_repo_name_makes_it_an_adapter() -> None:
    text = "---\nbase_model: wrenco/Wren-diffusion-2\n---\n# Upscaler\n"
    assert parents(text, "someone/Wren-2-ControlNet-Upscaler") == {"wrenco/Wren-diffusion-2": AD}


def test_template_fine_tuned_from_field_on_a_controlnet_card_is_an_adapter_base() -> None:
    text = (
        "---\ntags:\n- controlnet\n---\n# Edge guidance\n\n"
        "- **Finetuned from model [optional]:** wrenco/Wren-diffusion-2\n"
    )
    assert parents(text, "someone/wren-edges") == {"wrenco/Wren-diffusion-2": AD}


def test_a_controlnet_repo_of_another_controlnet_is_its_repack() -> None:
    text = (
        "Difference files taken from the original control networks.\n\n"
        f"Original models: {HUB}/wrenco/ControlNet\n"
    )
    assert parents(text, "someone/ControlNet-diff-files") == {"wrenco/ControlNet": QU}


def test_a_controlnet_trained_on_a_base_model_stays_its_adapter() -> None:
    # Trap: the parent is a diffusion model, not another control network.
    text = f"Original model: {HUB}/wrenco/Wren-diffusion-2\n"
    assert parents(text, "someone/ControlNet-edges") == {"wrenco/Wren-diffusion-2": AD}


def test_a_full_model_mentioning_controlnet_stays_a_fine_tune() -> None:
    # Trap: a fine-tuned full model whose card only says it works with ControlNets.
    text = (
        "---\nbase_model: wrenco/Wren-diffusion-2\n---\n# Painterly Wren\n\n"
        "Fine-tuned on paintings. Works well with ControlNet.\n"
    )
    assert parents(text, "someone/painterly-wren") == {"wrenco/Wren-diffusion-2": FT}


# -- a "Language model:" overview field ---------------------------------------------------


def test_language_model_field_with_a_hub_id() -> None:
    text = (
        "## Overview\n**Language model:** wrenco/Wren-L6-uncased\n"
        "**Language:** English\n**Downstream-task:** Extractive QA\n"
    )
    assert parents(text, "someone/wren-l6-qa") == {"wrenco/Wren-L6-uncased": FT}


def test_language_model_field_with_an_architecture_name_gives_nothing() -> None:
    # Trap: a family name as the field's value names an architecture, not a checkpoint.
    text = "## Overview\n**Language model:** RoBERTa-Base\n**Language:** Chinese\n"
    assert parents(text, "someone/wren-qa-zh") == {}


def test_language_model_in_a_sentence_is_no_field() -> None:
    text = "We trained a small language model: wrenco/Wren-L6-uncased was our reference.\n"
    assert parents(text, "someone/wren-l6-qa") == {}


# -- a moved-repo pointer -----------------------------------------------------------------


def test_update_pointer_to_another_repo_is_no_parent() -> None:
    assert parents(f"Update: {HUB}/wrenco/WrenDiffusion", "someone/Wren-Diffusion") == {}


def test_repo_moved_to_sentence_is_no_parent() -> None:
    text = f"This model has moved to [the new repo]({HUB}/wrenco/WrenDiffusion).\n"
    assert parents(text, "someone/Wren-Diffusion") == {}


# -- a conversion repo carrying its original's card --------------------------------------


def test_gguf_repo_titled_with_its_original_is_a_conversion_of_it() -> None:
    text = (
        "# HERON-13B-Mix2\nHeron Mix2 is a merged model made by our community.\n\n"
        "The following mergekit recipe was used:\n\n```\nmerge_method: task_arithmetic\n"
        "base_model: wrenco/Wren-13B-fp16\nmodels:\n  - model: wrenco/Wren-13B-fp16\n"
        "  - model: finchco/Finch-13b\n    parameters:\n      weight: 1.0\n```\n"
    )
    assert parents(text, "heronlab/Heron-13B-Mix2-GGUF") == {"heronlab/Heron-13B-Mix2": QU}


def test_the_same_card_in_the_original_repo_keeps_its_merge_inputs() -> None:
    # Trap: the original's own repo (no conversion token in its name) is the merge.
    text = (
        "# HERON-13B-Mix2\nHeron Mix2 is a merged model made by our community.\n\n"
        "The following mergekit recipe was used:\n\n```\nmerge_method: task_arithmetic\n"
        "base_model: wrenco/Wren-13B-fp16\nmodels:\n  - model: wrenco/Wren-13B-fp16\n"
        "  - model: finchco/Finch-13b\n    parameters:\n      weight: 1.0\n```\n"
    )
    got = parents(text, "heronlab/Heron-13B-Mix2")
    assert got == {"wrenco/Wren-13B-fp16": ME, "finchco/Finch-13b": ME}


def test_gguf_repo_titled_with_its_original_but_telling_no_lineage() -> None:
    # Trap: a title alone is no statement of where the files come from.
    text = "# HERON-13B-Mix2\nHeron answers questions about birds.\n"
    assert parents(text, "heronlab/Heron-13B-Mix2-GGUF") == {}


def test_gguf_repo_titled_with_another_name_gets_no_title_source() -> None:
    # Trap: the title is not the repo's stem, so it says nothing of the source.
    text = "# Heron family\nSmall chat models.\n"
    assert parents(text, "heronlab/Heron-13B-Mix2-GGUF") == {}


# -- a legacy Hub repo written as the kind of model ---------------------------------------


def test_this_is_a_legacy_repo_model_trained_on_data() -> None:
    text = "This is a roBERTa-base model trained on 40M posts and finetuned for stance.\n"
    assert parents(text, "someone/post-roberta-stance") == {"FacebookAI/roberta-base": FT}


def test_a_legacy_repo_model_trained_from_scratch_is_no_parent() -> None:
    text = "This is a roberta-base model trained from scratch on 40M posts.\n"
    assert parents(text, "someone/post-roberta") == {}


def test_a_linked_original_outranks_the_legacy_kind() -> None:
    text = (
        "This is a roBERTa-base model trained on 90M posts and finetuned for stance.\n"
        "The original post-based model can be found "
        f"[here]({HUB}/someone/post-roberta-base-90m) with its paper.\n"
    )
    assert parents(text, "someone/post-roberta-stance") == {"someone/post-roberta-base-90m": FT}


def test_trained_with_a_legacy_repo_model() -> None:
    text = "The model was trained with a DistilRoBERTa-base model for 10k steps on code pairs.\n"
    assert parents(text, "someone/code-search-distilroberta") == {
        "distilbert/distilroberta-base": FT
    }


def test_trained_with_a_teacher_or_a_loss_names_no_start() -> None:
    # Traps: the model that taught it, and a training setting.
    text = (
        "The model was trained with a roberta-large model as teacher.\n"
        "It was trained with a MultipleNegativesRankingLoss for 10k steps.\n"
    )
    assert parents(text, "someone/code-search-small") == {}


# -- the author's own earlier release named bare ------------------------------------------


def test_earlier_release_of_the_same_name_is_read_with_the_own_org() -> None:
    text = "# Kite_V3\nBased on Kite_V2 with 20 epochs fine-tuning on 30k images.\n"
    assert parents(text, "flyer/Kite_V3") == {"flyer/Kite_V2": FT}


def test_later_or_other_release_named_bare_is_no_parent() -> None:
    # Traps: a later release, and another name with the same shape.
    assert parents("Based on Kite_V4 with fine-tuning.\n", "flyer/Kite_V3") == {}
    assert parents("Based on Glide_V2 with fine-tuning.\n", "flyer/Kite_V3") == {}


# -- a family index table with a "Base Model" column --------------------------------------


def test_base_column_of_a_family_release_table_is_a_sibling() -> None:
    text = (
        "| | Base Model | Python | Instruct |\n|---|---|---|---|\n"
        f"| 7B | [wrenco/Wren-7b]({HUB}/wrenco/Wren-7b) | "
        f"[wrenco/Wren-7b-Python]({HUB}/wrenco/Wren-7b-Python) | "
        f"[wrenco/Wren-7b-Instruct]({HUB}/wrenco/Wren-7b-Instruct) |\n"
    )
    assert parents(text, "wrenco/Wren-7b-Python") == {}


def test_base_column_beside_the_model_column_is_still_read() -> None:
    # Trap: the model in a "Model" column, its base beside it.
    text = (
        "| Model | Base model | Context |\n|---|---|---|\n"
        f"| [Owl-7B]({HUB}/owls/Owl-7B) | [Finch-7B]({HUB}/finchco/Finch-7B) | 8k |\n"
    )
    assert parents(text, "owls/Owl-7B") == {"finchco/Finch-7B": FT}

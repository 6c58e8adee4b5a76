"""Kinds of statement met on randomly drawn cards: each rule beside a look-alike that must not fire."""

from __future__ import annotations

from lineage.core.records import Relation
from tests.test_prose_recall import HUB, parents

FT, AD, QU, DI = Relation.FINETUNE, Relation.ADAPTER, Relation.QUANTIZED, Relation.DISTILLATION


# -- a collection whose header says every model in it is quantized ----------------------


def test_collection_quantized_to_bits_makes_each_original_model_a_source() -> None:
    text = (
        "# Low-bit Set\n\nThis is a collection of several large LLMs quantized to 3 bit with "
        "a new method in a C++ runtime.\n\n"
        "### Owl-70b\n\nOriginal Model:  \n"
        f"{HUB}/birdlab/Owl-70B-Full\n\nPrompt format: plain\n\n"
        "### Crow-72b-lora\n\nOriginal Model:\n"
        f"{HUB}/corvids/Crow-72B-lora-2.1-DPO\n\nLicense: other\n"
    )
    assert parents(text, "me/low-bit-set") == {
        "birdlab/Owl-70B-Full": QU,
        "corvids/Crow-72B-lora-2.1-DPO": QU,
    }


def test_a_card_that_mentions_quantized_children_stays_a_fine_tune() -> None:
    # Trap: "quantized" said of other models (its own releases), not of this card's subject.
    text = (
        "This is a chat model tuned on dialogue.\n\n"
        f"Original model: {HUB}/birdlab/Owl-7B\n\n"
        "We also share a set of community models quantized to 4 bit for small GPUs.\n"
    )
    assert parents(text, "me/owl-chat") == {"birdlab/Owl-7B": FT}


def test_a_label_on_its_own_line_reads_only_its_own_sentence() -> None:
    # The words of the list above the label ("lora" in a name) say nothing of the link.
    text = (
        "## Sources\n\n- Hoot-lora-13b\n- Barn-7b\n\n### Barn\n\nBase model:\n"
        f"{HUB}/birdlab/Barn-7b\n"
    )
    assert parents(text, "me/barn-chat") == {"birdlab/Barn-7b": FT}


# -- a media file of another repo read by a code sample ------------------------------


def test_sample_image_of_another_repo_in_code_is_no_parent() -> None:
    text = (
        "# Segmenter base\n\nA promptable image segmenter trained from scratch.\n\n"
        "```python\nfrom PIL import Image\nimport requests\n"
        f'img_url = "{HUB}/someone/segment-demo/resolve/main/assets/truck.png"\n'
        "raw = Image.open(requests.get(img_url, stream=True).raw)\n```\n"
    )
    assert parents(text, "me/segmenter-base") == {}


def test_a_model_loaded_in_code_is_still_a_candidate() -> None:
    # Trap: the same card shape, the code loads a linked checkpoint (not a media file).
    text = (
        "# Segmenter tuned\n\nWe finetune the pretrained segmenter on aerial photos.\n\n"
        "```python\nfrom transformers import AutoModel\n"
        f'base = "{HUB}/someone/segment-base"\n'
        "model = AutoModel.from_pretrained(base)\n```\n"
    )
    assert parents(text, "me/segmenter-tuned") == {"someone/segment-base": FT}


# -- add-on networks and Hub copies ----------------------------------------------------


def test_controlnet_keeps_its_declared_base_beside_the_checkpoint_it_converts() -> None:
    text = (
        "---\nbase_model: painters/easel-diffusion-v2\ntags:\n- controlnet\n"
        "duplicated_from: sketch-preview/control_edges\n---\n"
        "# Control net for edges\n\nThis checkpoint is a conversion of [the original checkpoint]"
        f"({HUB}/sketchlab/Control-v2/blob/main/control_edges.pth) into `diffusers` format.\n"
        f"Use it with [painters/easel-diffusion-v2]({HUB}/painters/easel-diffusion-v2).\n"
    )
    assert parents(text, "sketchlab/control_edges") == {
        "painters/easel-diffusion-v2": AD,
        "sketchlab/Control-v2": QU,
        "sketch-preview/control_edges": QU,
    }


def test_a_plain_conversion_still_replaces_a_copied_base_model() -> None:
    # Trap: no add-on tag; the converter's statement outranks the YAML copied from the source.
    text = (
        "---\nbase_model: painters/easel-diffusion-v2\n---\n"
        "This checkpoint is a conversion of "
        f"[the original checkpoint]({HUB}/sketchlab/Easel-tuned/blob/main/easel.ckpt) "
        "into `diffusers` format.\n"
    )
    assert parents(text, "me/easel-tuned-diffusers") == {"sketchlab/Easel-tuned": QU}


def test_duplicated_from_another_repo_is_a_copy() -> None:
    text = (
        "---\nlicense: mit\nduplicated_from: inklab/Brush-3\n---\n# Brush 3\n\nA painting model.\n"
    )
    assert parents(text, "mirror/brush-3-copy") == {"inklab/Brush-3": QU}


def test_duplicated_from_naming_the_repo_itself_says_nothing() -> None:
    text = "---\nduplicated_from: inklab/Brush-3\n---\n# Brush 3\n\nA painting model.\n"
    assert parents(text, "inklab/Brush-3") == {}


def test_trained_to_work_alongside_a_linked_base_is_an_add_on() -> None:
    text = (
        "Flicker is a text-to-GIF model trained to work alongside "
        f"[Easel XL]({HUB}/painters/easel-xl-base-1.0).\n\nIt works with any tuned Easel XL.\n"
    )
    assert parents(text, "me/flicker") == {"painters/easel-xl-base-1.0": AD}


def test_designed_to_work_alongside_a_runtime_is_no_parent() -> None:
    # Trap: the thing it works beside is no Hub model (a runtime, a web page).
    text = (
        "Flicker is a text-to-GIF model designed to work alongside "
        "[our web app](https://flicker.example/app) and the llama.cpp runtime.\n"
    )
    assert parents(text, "me/flicker") == {}


# -- a recipe run again at another size ------------------------------------------------


def test_this_is_a_model_of_another_size_trained_again_is_no_parent() -> None:
    text = (
        f"This is [hoot-vicuna-13b]({HUB}/owlery/hoot-vicuna-13b) trained with a filtered "
        "subset of its data, without the refusals.\n"
    )
    assert parents(text, "me/Hoot-Vicuna-30B-Open") == {}


def test_this_is_a_model_of_the_same_size_fine_tuned_is_its_base() -> None:
    # Trap: the same sentence on a card of the linked model's size (or of no stated size).
    text = f"This is [hoot-vicuna-13b]({HUB}/owlery/hoot-vicuna-13b) fine-tuned on chat data.\n"
    assert parents(text, "me/Hoot-Vicuna-13B-Chat") == {"owlery/hoot-vicuna-13b": FT}
    assert parents(text, "me/Hoot-Vicuna-Chat") == {"owlery/hoot-vicuna-13b": FT}


# -- a legacy root id or a linked base in "This model is …" sentences ------------------


def test_this_model_is_a_linked_root_id_fine_tuned_on() -> None:
    text = (
        f"This model is [t5-small]({HUB}/t5-small) fine-tuned on a set of recipe titles "
        "to suggest tags.\n"
    )
    assert parents(text, "me/t5-small-tagger") == {"t5-small": FT}


def test_this_model_is_licensed_names_no_base() -> None:
    # Trap: the same opening with no model after it.
    text = "This model is Apache-2.0 licensed with no warranty; it was trained from scratch.\n"
    assert parents(text, "me/scratch-model") == {}


def test_this_model_is_an_emphasised_name_model_that_was_fine_tuned() -> None:
    text = (
        "Specifically, this model is a *bert-base-multilingual-cased* model that was "
        "fine-tuned on an aggregation of news in nine languages.\n"
    )
    assert parents(text, "me/bert-ner-nine") == {"google-bert/bert-base-multilingual-cased": FT}


def test_this_model_is_a_model_that_was_compared_is_no_base() -> None:
    # Trap: the "is a … model that was" shape without a tuning verb.
    text = (
        "Specifically, this model is a *bert-base-multilingual-cased* model that was "
        "evaluated against our own encoder.\n"
    )
    assert parents(text, "me/bert-ner-nine") == {}


def test_the_original_model_can_be_found_here() -> None:
    text = (
        "This is a RoBERTa-base model trained on posts and tuned for sentiment.\n"
        "The original post-based RoBERTa model can be found "
        f"[here]({HUB}/postlab/roberta-base-posts-2022) and the paper [here](https://arxiv.org/abs/1).\n"
    )
    assert parents(text, "postlab/roberta-sentiment") == {"postlab/roberta-base-posts-2022": FT}


def test_the_original_code_or_paper_found_here_is_no_parent() -> None:
    # Trap: the original code, or an original model whose link is no Hub model page.
    text = (
        "The original code can be found [here](https://github.com/postlab/code).\n"
        "The original model can be found [here](https://arxiv.org/abs/1234.5678).\n"
    )
    assert parents(text, "postlab/roberta-sentiment") == {}


def test_fine_tuned_using_a_pretrained_link_and_this_model_finetuned_a_link() -> None:
    text = (
        "Model is Fine-tuned using pre-trained "
        f"[lab/camembert-base]({HUB}/camembert/camembert-base) and a siamese network.\n"
    )
    assert parents(text, "me/sentence-camembert") == {"camembert/camembert-base": FT}
    text = (
        "## Training\n\n"
        f"This model finetuned [nest/bert-base-ja]({HUB}/nest/bert-base-ja) with a softmax "
        "classifier of three labels.\n"
    )
    assert parents(text, "nest/sbert-base-ja") == {"nest/bert-base-ja": FT}


def test_fine_tuned_with_a_pretrained_dataset_link_is_no_parent() -> None:
    # Trap: the link after the phrase is a dataset page.
    text = (
        "Model is fine-tuned with pre-trained "
        f"[sentence pairs]({HUB}/datasets/lab/sentence-pairs) from news.\n"
    )
    assert parents(text, "me/sentence-camembert") == {}


# -- a teacher named by its link's text -------------------------------------------------


def test_a_teacher_model_link_is_the_teacher() -> None:
    text = (
        "This repository hosts a small Italian encoder.\n\n| Model | F1 |\n|---|---|\n"
        "| Small | 0.95 |\n| Teacher | 0.97 |\n\nCompared with the results obtained by the "
        f"[teacher model]({HUB}/italab/bert-base-italian-xxl) fine-tuned in the same tasks.\n"
    )
    assert parents(text, "me/piccolo") == {"italab/bert-base-italian-xxl": DI}


def test_a_teacher_link_to_a_paper_is_no_parent() -> None:
    # Trap: the link's text says teacher, the target is no Hub model page.
    text = "We follow the [teacher model](https://arxiv.org/abs/1503.02531) recipe of the paper.\n"
    assert parents(text, "me/piccolo") == {}


# -- the pretrained checkpoint quoted by its Hub id ------------------------------------


def test_a_model_named_by_its_quoted_id_that_is_pre_trained_is_the_start() -> None:
    text = (
        "# Fine-tuned image transformer for leaf disease\n\n"
        'This specific model, named "vislab/vit-base-patch16-224-in21k," is pre-trained on a '
        "large image collection. The model was then fine-tuned on leaf photos.\n"
    )
    assert parents(text, "me/leaf-disease") == {"vislab/vit-base-patch16-224-in21k": FT}


def test_a_quoted_bare_name_or_a_model_trained_from_scratch_is_no_parent() -> None:
    # Traps: a name without an org, or a named id that is not said to be pre-trained.
    text = (
        'Our encoder, named "LeafNet-2," is pre-trained on leaf photos.\n'
        'The demo model, named "vislab/leaf-demo," was trained from scratch.\n'
    )
    assert parents(text, "me/leaf-disease") == {}


# -- this model's name at a larger size -----------------------------------------------


def test_the_own_name_at_a_larger_size_is_a_sibling() -> None:
    text = (
        "| Size | Weights |\n|---|---|\n"
        f"| 7B | [owlery/Hoot-Long-7b-64k]({HUB}/owlery/Hoot-Long-7b-64k) |\n"
        f"| 13B | [owlery/Hoot-Long-13b-64k]({HUB}/owlery/Hoot-Long-13b-64k) |\n\n"
        f"Original model: {HUB}/owlery/Hoot-Long-13b-64k\n"
    )
    assert "owlery/Hoot-Long-13b-64k" not in parents(text, "me/Hoot-Long-7b-64k")


def test_a_smaller_twin_grown_or_a_larger_teacher_stays_a_parent() -> None:
    grown = f"A frankenmerge of [Hoot-70B]({HUB}/owlery/Hoot-70B) stacked to 120 layers.\n"
    assert parents(grown, "me/Hoot-103B") == {"owlery/Hoot-70B": Relation.MERGE}
    taught = f"Distilled from [Hoot-70B]({HUB}/owlery/Hoot-70B) on chat data.\n"
    assert parents(taught, "me/Hoot-8B") == {"owlery/Hoot-70B": DI}

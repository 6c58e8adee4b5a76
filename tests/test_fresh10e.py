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

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

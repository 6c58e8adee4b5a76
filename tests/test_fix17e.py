"""A parent claimed without an org, respelled the way the card names it in full
(`importers.card_spelling`): a link's text or a table row's first cell, a Hub id spelled
another way, a size, tag or release written after the name in its statement."""

from __future__ import annotations

import pytest

from importers.card import read_card


def _parents(text: str, model_id: str) -> list[str]:
    return sorted(c.parent for c in read_card(text, model_id, "README.md").claims)


# -- the name as a link's text or a table row's first cell --------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # emphasis inside the link's text
        "# Heron-BERT-Radiology\n\nWe first train [**Heron-BERT-general**](https://huggingface.co/"
        "birdlab/Med-Heron-BERT-general) on notes.\n\n**Heron-BERT-Radiology** is continually pretrained "
        "from Heron-BERT-general on chest reports.\n",
        # code marks, the link before the statement on the same page
        "# Heron-BERT-Radiology\n\nSee [`Heron-BERT-general`](https://hf.co/birdlab/Med-Heron-BERT-general).\n\n"
        "Heron-BERT-Radiology was fine-tuned from Heron-BERT-general.\n",
        # a table of the family: the name's row gives its id
        "# Heron-BERT-Radiology\n\nHeron-BERT-Radiology is further trained from Heron-BERT-general.\n\n"
        "| Model | Hub id | Domain |\n|---|---|---|\n"
        "| Heron-BERT-general | [birdlab/Med-Heron-BERT-general](https://huggingface.co/birdlab/"
        "Med-Heron-BERT-general) | notes |\n"
        "| Heron-BERT-Radiology | [birdlab/Med-Heron-BERT-Radiology](https://huggingface.co/birdlab/"
        "Med-Heron-BERT-Radiology) | reports |\n",
    ],
)
def test_a_name_linked_elsewhere_is_its_linked_id(text: str) -> None:
    assert _parents(text, "birdlab/Med-Heron-BERT-Radiology") == ["birdlab/Med-Heron-BERT-general"]


@pytest.mark.parametrize(
    ("text", "parents"),
    [
        # the link's text is the name, but it leads to a quantization of it
        (
            "# Heron-BERT-Radiology\n\nHeron-BERT-Radiology was fine-tuned from Heron-BERT-general.\n\n"
            "Files: [Heron-BERT-general](https://huggingface.co/packer/Heron-BERT-general-GGUF).\n",
            ["Heron-BERT-general"],
        ),
        # a data set's page under that name
        (
            "# Heron-BERT-Radiology\n\nHeron-BERT-Radiology was fine-tuned from Heron-BERT-general.\n\n"
            "Data: [Heron-BERT-general](https://huggingface.co/datasets/birdlab/heron-bert-general).\n",
            ["Heron-BERT-general"],
        ),
        # a link to the docs of a library named like it
        (
            "# Heron-BERT-Radiology\n\nHeron-BERT-Radiology was fine-tuned from Heron-BERT-general.\n\n"
            "See [Heron-BERT-general](https://huggingface.co/docs/heron/bert-general/usage).\n",
            ["Heron-BERT-general"],
        ),
        # the name in a row of scores with an id in it is no row of the family
        (
            "# Heron-BERT-Radiology\n\nHeron-BERT-Radiology was fine-tuned from Heron-BERT-general.\n\n"
            "| Model | MMLU | ARC |\n|---|---|---|\n| Heron-BERT-general | 41.2 | 55.0 |\n",
            ["Heron-BERT-general"],
        ),
        # the link's text holds more than the name: another release of the family
        (
            "# Heron-BERT-Radiology\n\nHeron-BERT-Radiology was fine-tuned from Heron-BERT-general.\n\n"
            "Next: [Heron-BERT-general v2](https://huggingface.co/birdlab/Med-Heron-BERT-general-v2).\n",
            ["Heron-BERT-general"],
        ),
    ],
)
def test_no_link_that_is_no_model_of_that_name(text: str, parents: list[str]) -> None:
    assert _parents(text, "birdlab/Med-Heron-BERT-Radiology") == parents


# -- a Hub id that spells the claimed name another way -------------------------------------


def test_an_id_spelling_the_name_another_way_stands_for_it() -> None:
    text = (
        "# Quill 13B\n\n- Base pretrained model type: Wren V2 13B\n\n```bash\n"
        "python train.py --model_name wrenlab/Wren-2-13b --epochs 3\n```\n"
    )
    assert _parents(text, "quillco/quill-13b") == ["wrenlab/Wren-2-13b"]


@pytest.mark.parametrize(
    "text",
    [
        # another size of the family
        "# Quill 13B\n\n- Base pretrained model type: Wren V2 13B\n\n"
        "We compare with wrenlab/Wren-2-70b.\n",
        # a quantization of the same name
        "# Quill 13B\n\n- Base pretrained model type: Wren V2 13B\n\n"
        "Quantized: packer/Wren-2-13b-GGUF\n",
        # the numbers run together differently: another model
        "# Quill 13B\n\n- Base pretrained model type: Wren V2 13B\n\nSee wrenlab/Wren-21-3b.\n",
    ],
)
def test_no_id_that_is_another_model(text: str) -> None:
    assert _parents(text, "quillco/quill-13b") == ["Wren V2 13B"]


# -- the statement writes more after the name ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        ("# Sage 70B\n\n**Finetuned from model:** Wren-2 - 70B\n", "Wren-2 - 70B"),
        (
            "# Sage Clip\n\nThe model was fine-tuned from ViT-Q-12 (web3b_s12b_b40k).\n",
            "ViT-Q-12 (web3b_s12b_b40k)",
        ),
        (
            "# Sage\n\nSage is a fine-tuned Petal-7B model (based on v2.1) for logos.\n",
            "Petal-7B v2.1",
        ),
        (
            "# Sage\n\nSage is a fine-tune of Owl 7B, version 0.3, for support chats.\n",
            "Owl 7B v0.3",
        ),
    ],
)
def test_a_statement_that_writes_more_keeps_it(text: str, parent: str) -> None:
    assert _parents(text, "sagelab/sage-model") == [parent]


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        # a year and a quantization in brackets tell no variant
        ("# Sage\n\nThe model was fine-tuned from ViT-Q-12 (2023).\n", "ViT-Q-12"),
        # a size only in a comparison table elsewhere
        (
            "# Sage\n\nThe model was fine-tuned from Wren-2.\n\n| Model | Score |\n|---|---|\n"
            "| Wren-2 - 70B | 61.0 |\n",
            "Wren-2",
        ),
        # the tag after another mention, not the statement's
        (
            "# Sage\n\nThe model was fine-tuned from ViT-Q-12.\n\nWe also tried ViT-Q-12 (web9b) "
            "as a teacher.\n",
            "ViT-Q-12",
        ),
    ],
)
def test_no_fuller_spelling_outside_the_statement(text: str, parent: str) -> None:
    assert _parents(text, "sagelab/sage-model") == [parent]

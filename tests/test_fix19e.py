"""Lineage of other models read as this card's (a Hub copy's text, a section about the base,
a VAE credited) and label lines naming a base in a form the phrase readers leave."""

from __future__ import annotations

import pytest

from importers.card import read_card


def _parents(text: str, model_id: str = "acme/wren-chat") -> list[str]:
    return [c.parent for c in read_card(text, model_id, "README.md").claims]


# A Hub copy: its card is the original's, so the original's own base is a grand-parent.
_COPY = (
    "---\nduplicated_from: finchlab/heron-diffusion-v3\n---\n# Heron Diffusion v3\n\n"
    "The Heron-Diffusion-v3 checkpoint was initialized with the weights of the "
    "[Heron-Diffusion-v2](https://huggingface.co/finchlab/heron-diffusion-v2) checkpoint.\n\n"
    '```python\npipe = load("finchlab/heron-diffusion-v3")\n```\n'
)


def test_a_copys_text_names_the_originals_base() -> None:
    assert _parents(_COPY, "someone/heron-copy") == ["finchlab/heron-diffusion-v3"]


def test_a_copy_with_its_own_words_keeps_them() -> None:
    # The text never names the original: the author wrote it, its base stands.
    text = _COPY.replace('pipe = load("finchlab/heron-diffusion-v3")', "pipe = load(path)")
    text = text.replace("# Heron Diffusion v3", "# My copy").replace(
        "The Heron-Diffusion-v3 checkpoint", "This checkpoint"
    )
    assert sorted(_parents(text, "someone/heron-copy")) == [
        "finchlab/heron-diffusion-v2",
        "finchlab/heron-diffusion-v3",
    ]


def test_a_copy_of_itself_keeps_its_base() -> None:
    text = _COPY.replace("duplicated_from: finchlab/heron-diffusion-v3", "duplicated_from: a/b")
    assert _parents(text, "a/b") == ["finchlab/heron-diffusion-v2"]


# A section that describes the base: its lineage is the base's own.
_SECTION = (
    "# Wren sentiment\n\nThis model is a fine-tuned version of "
    "[kestrel-small](https://huggingface.co/acme/kestrel-small) on the reviews dataset.\n\n"
    "## {title}\n\nThis model is a distilled version of the "
    "[Kestrel-large model](https://huggingface.co/acme/kestrel-large).\n"
)


@pytest.mark.parametrize(
    "title", ["Base model description", "Original Model Details", "About the base model"]
)
def test_a_base_description_section_names_a_grand_parent(title: str) -> None:
    assert _parents(_SECTION.format(title=title)) == ["acme/kestrel-small"]


@pytest.mark.parametrize("title", ["Base model", "Training", "Model description"])
def test_other_sections_keep_their_claims(title: str) -> None:
    assert "acme/kestrel-large" in _parents(_SECTION.format(title=title))


def test_a_base_section_alone_keeps_its_claim() -> None:
    text = (
        "# Wren\n\n## Base model description\n\nWe fine-tuned "
        "[Kestrel-large](https://huggingface.co/acme/kestrel-large) on reviews.\n"
    )
    assert _parents(text) == ["acme/kestrel-large"]


# A VAE credited in a thanks list is a component, never the checkpoint's parent.
def test_a_credited_vae_is_no_parent() -> None:
    text = (
        "# Wren art\n\nA painting model.\n\n## Thanks\n\n"
        "- finchlab: [finchlab/heron-vae-ft-soft · Hugging Face]"
        "(https://huggingface.co/finchlab/heron-vae-ft-soft)\n- Our friends: testing.\n"
    )
    assert _parents(text, "acme/wren-art") == []


# Label lines naming a base the phrase readers leave.
@pytest.mark.parametrize(
    ("line", "parent"),
    [
        (
            "Trained on review pairs. Base model is [KestRoBERTa](https://code.example/kestroberta)"
            ", a model trained on posts.",
            "KestRoBERTa",
        ),
        ("- **Base model:** [Lark-2](https://github.com/larkteam/lark)", "Lark-2"),
        ("- **Finetuned from model:** HeronCrafter-interp (512x320)", "HeronCrafter-interp"),
        (
            "The pretrained model with Kestrel2 as the initialization of the LLM, strong on charts.",
            "Kestrel2",
        ),
    ],
)
def test_a_label_line_names_the_base(line: str, parent: str) -> None:
    assert _parents(f"# Wren\n\n{line}\n") == [parent]


@pytest.mark.parametrize(
    "line",
    [
        # A plain word, a site, a Hub link the phrase readers take elsewhere.
        "Base model is [here](https://code.example/kestrel).",
        "Base model is [GitHub](https://github.com/larkteam/lark).",
        "- **Finetuned from model:** [More Information Needed]",
        # Not a base: a tokenizer, a comparison, a size without a name.
        "We compare with Kestrel2 as the baseline of the LLM.",
        "- **Finetuned from model:** base (7B)",
        # The card's own name.
        "- **Finetuned from model:** Wren-chat (v2)",
        "Kestrel2 as the initialization of the reward head.",
    ],
)
def test_label_words_that_name_no_base(line: str) -> None:
    assert _parents(f"# Wren\n\n{line}\n") == []


# A Hub link whose text is an id of this model's size and whose target another size's.
_SLIP = "# Wren\n\nBase LLM: [acme/kestrel-7b-v2](https://huggingface.co/acme/kestrel-13b-v2)\n"


def test_a_link_text_of_this_models_size_over_its_target() -> None:
    assert _parents(_SLIP, "acme/wren-vision-7b") == ["acme/kestrel-7b-v2"]


def test_a_link_text_of_another_size_keeps_its_target() -> None:
    assert _parents(_SLIP, "acme/wren-vision-13b") == ["acme/kestrel-13b-v2"]


# The fine-tuning gerund with its method before it.
@pytest.mark.parametrize(
    "line",
    [
        "Wren is built by LoRA fine-tuning [Kestrel 6B](https://huggingface.co/acme/Kestrel-6b)"
        " on a subset of our chats.",
        "It was made via full finetuning acme/Kestrel-6b on dialogue.",
        "Obtained through QLoRA fine-tuning acme/Kestrel-6b for two epochs.",
    ],
)
def test_a_method_before_the_tuning_gerund(line: str) -> None:
    assert _parents(f"# Wren\n\n{line}\n") == ["acme/Kestrel-6b"]


def test_a_tuning_gerund_on_data_names_no_parent() -> None:
    assert _parents("# Wren\n\nIt is built by LoRA fine-tuning on acme/chat-pairs data.\n") == []

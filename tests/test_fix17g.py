"""Fine-tune statements with a long gap or a version phrase (`importers.made_from`)."""

from __future__ import annotations

import pytest

from importers.card import read_card


def _parents(body: str, model_id: str = "acme/Owl-Lark-7b", yaml: str = "") -> set[str]:
    text = f"---\nlicense: mit\n{yaml}---\n\n{body}\n"
    return {c.parent for c in read_card(text, model_id, "README.md").claims}


def _made(body: str, model_id: str) -> set[str]:
    """The parents these kinds name (the Hub-id scorer may weigh a trap's link on its own)."""
    text = f"---\nlicense: mit\n---\n\n{body}\n"
    claims = read_card(text, model_id, "README.md").claims
    return {c.parent for c in claims if c.value.startswith("[made-from]")}


# The verb and its source far apart, in a sentence about this model.
@pytest.mark.parametrize(
    "body",
    [
        "This model is a fine-tuned 7B chat model on our own cluster from the "
        "[acme/lark-7b-v3](https://huggingface.co/acme/lark-7b-v3) on the "
        "[acme/puzzles](https://huggingface.co/datasets/acme/puzzles) dataset.",
        "It was trained, using DPO on our preference pairs, starting from "
        "[acme/lark-7b-v3](https://huggingface.co/acme/lark-7b-v3).",
    ],
)
def test_far_source_is_the_start(body: str) -> None:
    assert _parents(body, "acme/owl-7b") == {"acme/lark-7b-v3"}


def test_far_source_drops_the_parents_own_base() -> None:
    body = (
        "This model is a fine-tuned 7B chat model on our own cluster from the "
        "[acme/lark-7b-v3](https://huggingface.co/acme/lark-7b-v3) on puzzles. The "
        "[acme/lark-7b-v3](https://huggingface.co/acme/lark-7b-v3) was originally fine-tuned "
        "from [wren/wren-7b](https://huggingface.co/wren/wren-7b)."
    )
    assert _parents(body, "acme/owl-7b") == {"acme/lark-7b-v3"}


@pytest.mark.parametrize(
    "body",
    [
        # data, a comparison, a team: no start
        "This model is a fine-tuned 7B chat model trained on samples from the "
        "[acme/lark-7b-v3](https://huggingface.co/acme/lark-7b-v3) outputs.",
        "This model was trained much like the others, but from the "
        "[acme/lark-7b-v3](https://huggingface.co/acme/lark-7b-v3) tokenizer.",
        "It was trained on more tokens than the models compared from the "
        "[acme/lark-7b-v3](https://huggingface.co/acme/lark-7b-v3) family.",
        "This model is a fine-tuned chat model with help from the "
        "[acme/lark-7b-v3](https://huggingface.co/acme/lark-7b-v3) team.",
    ],
)
def test_far_source_traps(body: str) -> None:
    assert _made(body, "acme/owl-7b") == set()


# This model as a sized release of a family its own name carries.
@pytest.mark.parametrize(
    "body",
    [
        "## Lark 7b Version of v0.3\n\nMore stories, fewer refusals.",
        "Your favourite storyteller is back in a Lark 7b version.",
        "Owl returns as the Lark 7b edition, tuned on new dialogues.",
    ],
)
def test_own_version_names_the_family(body: str) -> None:
    assert _parents(body) == {"Lark 7b"}


@pytest.mark.parametrize(
    "body",
    [
        "A GGUF version of this model is on its way.",
        "The 13b version is coming soon.",
        "Look at the older version too.",
        "It is compatible with version 4.2 of the library.",
        # a family the repo's name does not carry: another model's version
        "Our friends released Heron in a Wren 13b version.",
        "## Wren 13b Version of v0.3",
        # this model in another format: a child
        "It is also available in a Lark 7b GGUF version.",
    ],
)
def test_own_version_traps(body: str) -> None:
    assert _parents(body) == set()


# This model as an expansion, enhancement or extension of a model.
@pytest.mark.parametrize(
    ("body", "model_id", "parent"),
    [
        ("Kestrel serves as a careful enhancement over WrenDiffusionV2.1, keeping its style.",
         "acme/KestrelV0.2", "WrenDiffusionV2.1"),
        ("Kestrel is a 9B model. It's an expansion of Heron2-7B, trained on more code.",
         "acme/Kestrel-9B", "Heron2-7B"),
        ("[owl-ner-with-units] is an extension of french owl-ner model with one more tag.",
         "acme/owl-ner-with-units", "owl-ner"),
    ],
)  # fmt: skip
def test_extension_of_a_model(body: str, model_id: str, parent: str) -> None:
    assert _parents(body, model_id) == {parent}


@pytest.mark.parametrize(
    "body",
    [
        "Kestrel is an extension of the Transformer architecture.",
        "It is an extension of LoRA to many tasks.",
        "Heron is an enhancement over Wren-2.1 in every way.",  # another model's story
        "This model shows an enhancement over Wren-2.1 on every benchmark.",  # a comparison
        "It is an extension of the Heron-7B paper.",
    ],
)
def test_extension_traps(body: str) -> None:
    assert _parents(body, "acme/KestrelV0.2") == set()


def test_training_step_applied_to_a_model() -> None:
    body = "The cDPO training was done directly on Lark-20b-mix-v2, after some tests."
    assert _parents(body, "acme/Owl-cDPO-20b") == {"Lark-20b-mix-v2"}


@pytest.mark.parametrize(
    "body",
    [
        "The training was done on 8 A100 GPUs.",
        "The training was done on 20B tokens of stories.",
        "The fine-tuning was done on Puzzles-70k dataset.",
    ],
)
def test_training_step_traps(body: str) -> None:
    assert _parents(body, "acme/Owl-cDPO-20b") == set()


def test_one_line_description_tuned_to_enhance() -> None:
    body = "# Model Card\n\nSFT to enhance the planning ability of Wren\n\nMore below."
    assert _parents(body, "acme/Wren-7B-Plan") == {"Wren"}


@pytest.mark.parametrize(
    "body",
    [
        "Use SFT to enhance the planning ability of your model, as shown below. More here.",
        "SFT to enhance the planning ability of the model\n",
        "We used SFT to enhance the planning ability of Wren and compared it.",
    ],
)
def test_one_line_description_traps(body: str) -> None:
    assert _parents(body, "acme/Wren-7B-Plan") == set()


def test_yaml_base_wins() -> None:
    body = "Your favourite storyteller is back in a Lark 7b version."
    assert _parents(body, yaml="base_model: acme/lark-7b-hf\n") == {"acme/lark-7b-hf"}

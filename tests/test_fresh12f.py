"""Kinds of statements that name a parent without its org: an imperative training step
("Fine-tune X on …") opening a line, a list item or a label's value."""

from __future__ import annotations

import pytest

from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT = Relation.FINETUNE


# -- "Fine-tune X on …": a step of the recipe, in the imperative --------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "# Heron-13B\n\nHow it was made:\n\n"
            "- **Heron-13B**: Full-weight fine-tune Kestrel-2-13B on 9B tokens of field notes,"
            " then a LoRA pass on curated pairs\n",
            "Kestrel-2-13B",
        ),
        (
            "# Heron\n\nFine-tune Kestrel-2-13B to follow instructions, then merge.\n",
            "Kestrel-2-13B",
        ),
        (
            "# Heron\n\nRecipe. Finetune the Kestrel-2-13b-hf model with QLoRA for two epochs.\n",
            "Kestrel-2-13b-hf",
        ),
        ("# Heron\n\nStage 1: fine tune Kestrel-7B using 40k dialogues.\n", "Kestrel-7B"),
    ],
)
def test_an_imperative_fine_tune_step_names_the_base(text: str, name: str) -> None:
    assert parents(text, "me/Heron-13B") == {name: FT}


@pytest.mark.parametrize(
    "text",
    [
        # The reader's task, not this model's making.
        "# Heron\n\nFine-tune Kestrel-2-13B on your own data with our notebook.\n",
        "# Heron\n\nFine-tune Kestrel-2-13B on a custom dataset in minutes.\n",
        # A list of families the tool tunes faster: no step of a recipe.
        "# Heron\n\nFinetune Kestrel-2-13B, Plover-7B and Tern-2-9B 2x faster with less memory!\n",
        # A heading of a guide.
        "# Heron\n\n## Fine-tune Kestrel-2-13B on a single GPU\n\nSteps below.\n",
        # Not at the start of a sentence: a comparison of what others did.
        "# Heron\n\nUnlike methods that fine-tune Kestrel-2-13B on synthetic data, ours is new.\n",
        # A plain word after the verb, no model named.
        "# Heron\n\nFine-tune it on 9B tokens.\n",
    ],
)
def test_look_alikes_of_an_imperative_step_name_no_parent(text: str) -> None:
    assert parents(text, "me/Heron-13B") == {}


# -- "Backbone Model: X": a label for the base, like "Base Model: X" ----------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("- **Backbone Model**: Kestrel-2-13B\n- **Language**: English\n", "Kestrel-2-13B"),
        ("Backbone model: Kestrel-2-13b-chat\n", "Kestrel-2-13b-chat"),
        (
            "* **Backbone Model**: [Kestrel-2](https://github.com/birds/kestrel)\n"
            "* **Library**: transformers\n",
            "Kestrel-2",
        ),
    ],
)
def test_a_backbone_model_label_names_the_base(line: str, name: str) -> None:
    text = "# Heron-13B\n\n## Model Details\n\n" + line
    assert name in parents(text, "me/Heron-13B")


@pytest.mark.parametrize(
    "line",
    [
        # A part of a detector, not a model it was tuned from.
        "Backbone: ResNet-50\n",
        "The backbone model is frozen during the first stage.\n",
        # A results table's header.
        "| Backbone model | Top-1 | Top-5 |\n|---|---|---|\n| small | 71.2 | 90.1 |\n",
    ],
)
def test_look_alikes_of_a_backbone_label_name_no_parent(line: str) -> None:
    text = "# Heron-13B\n\n## Model Details\n\n" + line
    assert parents(text, "me/Heron-13B") == {}


# -- "the base X model" used for training, or tuned on -------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The base Kestrel-2 model was used for training. It saw 60k dialogues.",
        "This model has been fine-tuned on the base Kestrel-2 model from Birdworks.",
        "We trained from the base Kestrel-2 model for three epochs.",
    ],
)
def test_the_base_x_model_used_or_tuned_on_names_the_base(sentence: str) -> None:
    text = "# Heron-13B\n\n" + sentence + "\n"
    assert "Kestrel-2" in parents(text, "me/Heron-13B")


@pytest.mark.parametrize(
    "sentence",
    [
        "The base Kestrel-2 model was used for comparison in every table.",
        "The base Kestrel-2 model is trained on web data, some of it toxic.",
        "For best results with the base Kestrel-2 model, use a short prompt.",
        "Ours beats the base Kestrel-2 model on four benchmarks.",
    ],
)
def test_look_alikes_of_the_base_x_model_name_no_parent(sentence: str) -> None:
    text = "# Heron-13B\n\n" + sentence + "\n"
    assert parents(text, "me/Heron-13B") == {}

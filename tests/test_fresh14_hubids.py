"""Kinds of statements of the fourteenth round that name a parent by its Hub id, each with
look-alikes that use the same words and name no parent."""

from __future__ import annotations

import pytest

from importers.counted_links import counted_link_claims
from importers.linked_objects import tuned_link_claims
from importers.roles import role_claims
from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT, ME = Relation.FINETUNE, Relation.MERGE
HUB = "https://huggingface.co"

# -- a recipe of short names over the bare URLs of its inputs -----------------------------------


@pytest.mark.parametrize(
    "recipe",
    [
        "merged 60% wren v3 40% lark 7b merge with our own script",
        "A merge of 30% Wren-v3, 70% Lark 7b.",
    ],
)
def test_a_recipe_of_short_names_over_bare_urls_names_the_urls(recipe: str) -> None:
    text = f"{recipe}\n\n{HUB}/songbirds/Lark-Wren-Mix_7b\n\n{HUB}/tweet-lab/wren-7b-v3/tree/main\n"
    assert parents(text, "me/wren-lark-7b") == {
        "songbirds/Lark-Wren-Mix_7b": ME,
        "tweet-lab/wren-7b-v3": ME,
    }


def test_a_recipe_keeps_its_short_names_when_the_urls_do_not_match_its_count() -> None:
    # Three URLs under a recipe of two names: a list of something else (links to try).
    # (Names of other models: a URL whose name goes on past a short one would stand for it,
    # by `importers.card_resolve`, whatever the count.)
    text = (
        "merged 60% wren v3 40% lark 7b merge with our own script\n\n"
        f"{HUB}/songbirds/Heron-7b\n{HUB}/tweet-lab/Robin-7b\n{HUB}/other/Finch-7b\n"
    )
    assert parents(text, "me/wren-lark-7b") == {"wren v3": ME, "lark 7b": ME}


def test_a_recipe_with_text_between_it_and_the_urls_keeps_its_names() -> None:
    text = (
        "merged 60% wren v3 40% lark 7b merge with our own script\n\n"
        "Quantized versions:\n\n"
        f"{HUB}/someone/wren-lark-7b-GGUF\n{HUB}/someone/wren-lark-7b-AWQ\n"
    )
    assert parents(text, "me/wren-lark-7b") == {"wren v3": ME, "lark 7b": ME}


# -- a tuned release named like its base with the tuning step left out ---------------------------


def test_an_instruct_release_beside_its_base_release_without_the_token() -> None:
    text = (
        "# Heron-9b-instruct-hf\n\nHeron speaks Dutch; the base model's vocabulary was extended."
        "\n\n"
        "| Size | base | instruct |\n|---|---|---|\n"
        f"| 9B | [Link]({HUB}/wader-lab/Heron-9b-hf) | [Link]({HUB}/wader-lab/Heron-9b-instruct-hf) |\n"
    )
    assert parents(text, "wader-lab/Heron-9b-instruct-hf") == {"wader-lab/Heron-9b-hf": FT}


@pytest.mark.parametrize(
    ("text", "model_id"),
    [
        # No "base model" anywhere: a family index of siblings only.
        (
            f"# Heron-9b-instruct-hf\n\nBased on Heron.\n\n| Model |\n|---|\n"
            f"| [x]({HUB}/wader-lab/Heron-9b-hf) |\n",
            "wader-lab/Heron-9b-instruct-hf",
        ),
        # Another org's repo of that name.
        (
            f"Our base is good.\n\nSee [x]({HUB}/copycat/Heron-9b-hf) too.\n",
            "wader-lab/Heron-9b-instruct-hf",
        ),
        # A name of two tokens: without the step only the family is left ("Heron").
        (f"The base model: see [x]({HUB}/wader-lab/Heron).\n", "wader-lab/Heron-chat"),
    ],
)
def test_no_base_release_without_the_token(text: str, model_id: str) -> None:
    # (The learned scorer may still weigh a lone link: the rule itself names none.)
    assert role_claims(text, model_id) == []


# -- a Hub link as the object of a tuning verb ---------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        f"We finetune the [lark-v1-4]({HUB}/songbirds/lark-v1-4) model in two stages.",
        f"We further trained [Lark 7B]({HUB}/songbirds/Lark-7B) on 2B tokens of poetry.",
        f"We continued pretraining of [`songbirds/Lark-7B`]({HUB}/songbirds/Lark-7B) on news.",
        f"The model was fine-tuned on a pretrained [`songbirds/Lark-7B`]({HUB}/songbirds/Lark-7B),"
        f" using the [Pond]({HUB}/datasets/pond) data.",
        f"It was finetuned from the original [Lark]({HUB}/songbirds/Lark-7B) weights.",
    ],
)
def test_a_hub_link_tuned_by_the_authors_is_the_base(sentence: str) -> None:
    text = f"# Lark poet\n\nA poetry model.\n\n## Training\n\n{sentence}\n"
    base = "songbirds/lark-v1-4" if "lark-v1-4" in sentence else "songbirds/Lark-7B"
    assert parents(text, "me/lark-poet") == {base: FT}
    assert [c.parent for c in tuned_link_claims(text, "me/lark-poet")] == [base]


@pytest.mark.parametrize(
    "sentence",
    [
        # The reader's task, not the authors'.
        f"You can fine-tune the [Lark]({HUB}/songbirds/Lark-7B) model on your own data.",
        # A yardstick.
        f"We fine-tune [Lark]({HUB}/songbirds/Lark-7B) on the same data as a baseline.",
        f"We also finetune the [Lark]({HUB}/songbirds/Lark-7B) model for comparison.",
        # A data set, a space and a paper are no models.
        f"We fine-tune the [Pond]({HUB}/datasets/birds/pond) set to clean it.",
        f"We fine-tuned the [demo]({HUB}/spaces/birds/demo) app's prompts.",
        # A part of the model, a tool of the training, a child of this model.
        f"We fine-tuned the [Lark]({HUB}/songbirds/Lark-7B) tokenizer on Welsh text.",
        f"We fine-tuned [Lark]({HUB}/songbirds/Lark-7B) as a judge of the answers.",
        f"We fine-tuned [Lark-poet-v2]({HUB}/me/Lark-poet-v2) from this model.",
        # The card's own repo.
        f"We fine-tuned [this model]({HUB}/me/lark-poet) for one more epoch.",
    ],
)
def test_no_parent_from_a_tuning_verb_on_another_link(sentence: str) -> None:
    text = f"# Lark poet\n\nA poetry model.\n\n## Training\n\n{sentence}\n"
    assert tuned_link_claims(text, "me/lark-poet") == []


# -- a merge's inputs counted, then linked -------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        f"Its three models ([Finch]({HUB}/a/Finch-13b), [Robin]({HUB}/b/robin-13b-v2) and "
        f"[Jay]({HUB}/c/jay-l2-13b)) are spread evenly over the layers.",
        f"The three source models: [Finch]({HUB}/a/Finch-13b), [Robin]({HUB}/b/robin-13b-v2), "
        f"[Jay]({HUB}/c/jay-l2-13b).",
    ],
)
def test_counted_merge_inputs_then_their_links(sentence: str) -> None:
    text = f"A gradient merge of my own making.\n\n{sentence}\n"
    assert len(counted_link_claims(text, "me/bird-mix-13b")) == 3
    assert parents(text, "me/bird-mix-13b") == {
        "a/Finch-13b": ME,
        "b/robin-13b-v2": ME,
        "c/jay-l2-13b": ME,
    }


@pytest.mark.parametrize(
    "sentence",
    [
        # The count does not match the links.
        f"Its three models ([Finch]({HUB}/a/Finch-13b) and [Robin]({HUB}/b/robin-13b-v2)) "
        f"are merged.",
        # Released, compared or quantized models: children and rivals, no inputs.
        f"We also released two models ([Finch-merge-v2]({HUB}/me/Finch-merge-v2) and "
        f"[Finch-merge-v3]({HUB}/me/Finch-merge-v3)).",
        f"Compared with the two models ([Finch]({HUB}/a/Finch-13b) and [Robin]({HUB}/b/robin-13b))"
        f" it scores higher.",
        f"The two models ([GGUF]({HUB}/q/bird-mix-GGUF) and [AWQ]({HUB}/q/bird-mix-AWQ)) are "
        f"quantized versions.",
        # Data sets are no models.
        f"Its two components ([Pond]({HUB}/datasets/a/pond) and [Lake]({HUB}/datasets/b/lake)) "
        f"were mixed.",
    ],
)
def test_no_inputs_from_a_count_of_other_things(sentence: str) -> None:
    text = f"A gradient merge of my own making.\n\n{sentence}\n"
    assert counted_link_claims(text, "me/bird-mix-13b") == []


# -- a pasted merge recipe lists every input -----------------------------------------------------


def test_a_pasted_recipe_leaves_no_room_for_a_linked_example() -> None:
    text = (
        "# Finch-Mix-7B\n\n## Merge details\n\n"
        f"Most mixes like [Other-Mix]({HUB}/x/Other-Mix-7B) just glue two chat formats "
        "together; this one keeps one.\n\n"
        "```yaml\nmodels:\n  - model: a/Finch-7B\n    parameters:\n      weight: 0.5\n"
        "  - model: b/Robin-7B\n    parameters:\n      weight: 0.5\n"
        "merge_method: linear\ndtype: float16\n```\n"
    )
    assert parents(text, "me/Finch-Mix-7B") == {"a/Finch-7B": ME, "b/Robin-7B": ME}

"""Merge inputs named by a step-by-step recipe (the model the first step begins with and the
Hub ids the later steps apply or merge with) and by a line of marked Hub ids before "merged"."""

from __future__ import annotations

from importers.card import read_card
from importers.merge_steps import merge_step_claims
from importers.merged_ids import merged_id_claims


def _parents(claims: list) -> list[str]:  # type: ignore[type-arg]
    return [c.parent for c in claims]


_RECIPE = (
    "# Kestrel-Blend-13B\n\n"
    "A blend made by merging two adapters onto a settled merge.\n"
    "Here is how it was made:\n\n"
    "* We begin with the base model heronlab/Marsh-Mix-13B, which is itself a merge.\n"
    "* Then we applied the reedfolk/Dune-Tales-13b lora, tuned on travel logs.\n"
    "* After that we merged the original model with the newly created "
    "reedfolk/Dune-Tales-13b merge at 4% to soften its tone.\n"
    "* The resulting merge became a new base to which we applied "
    "[the fable adapter](https://huggingface.co/owlworks/Fable-13B-LoRA) the same way.\n\n"
    "It has these ingredients:\n"
    "- heronlab/Marsh-Mix-13B\n"
    "  - grebe/Old-Base-13B\n"
)


def test_recipe_steps_name_start_and_inputs() -> None:
    assert _parents(merge_step_claims(_RECIPE, "me/Kestrel-Blend-13B")) == [
        "heronlab/Marsh-Mix-13B",
        "reedfolk/Dune-Tales-13b",
        "owlworks/Fable-13B-LoRA",
    ]


def test_numbered_steps_started_with() -> None:
    body = (
        "1. I started with acme/Wren-7B.\n"
        "2. I added acme/Wren-Story-7B at a 30% weight.\n"
        "3. Finally I merged it with plover/Sandpiper-7B using a slerp.\n"
    )
    assert _parents(merge_step_claims(body, "me/Wren-Mix")) == [
        "acme/Wren-7B",
        "acme/Wren-Story-7B",
        "plover/Sandpiper-7B",
    ]


def test_recipe_steps_negatives() -> None:
    for body in (
        # not a list's step
        "We begin with the base model heronlab/Marsh-Mix-13B and merge it.\n",
        # a data set, a comparison, a tokenizer in the steps
        "* We begin with the dataset heronlab/tales-set for tuning.\n",
        "* We started with heronlab/Marsh-Mix-13B.\n"
        "* Then we compared it with plover/Sandpiper-7B on a judge.\n"
        "* We trained with the tokenizer from acme/Wren-tok.\n"
        "* We tuned with acme/story-data as data set.\n",
        # a bare name: no id
        "* We begin with Marsh-Mix and a merge.\n",
        # a list that begins with no model
        "* We begin with a learning rate of 1e-5.\n* Then we applied acme/Wren-7B-lora.\n",
    ):
        got = _parents(merge_step_claims(body, "me/Kestrel"))
        assert got in ([], ["heronlab/Marsh-Mix-13B"]), (body, got)
    assert merge_step_claims("* We begin with the dataset heronlab/tales-set.\n", "me/K") == []
    assert (
        merge_step_claims("* We begin with a learning rate.\n* Then we applied a/b.\n", "m/K") == []
    )


def test_card_reads_recipe_steps_but_not_on_its_quantization() -> None:
    front = "---\nlicense: llama2\n---\n"
    record = read_card(front + _RECIPE, "me/Kestrel-Blend-13B", "README.md")
    got = {c.parent for c in record.claims}
    assert {"heronlab/Marsh-Mix-13B", "reedfolk/Dune-Tales-13b", "owlworks/Fable-13B-LoRA"} <= got
    assert "grebe/Old-Base-13B" not in got
    quant = (
        front + "This is the GGUF version of [Kestrel-Blend-13B](https://huggingface.co/"
        "me/Kestrel-Blend-13B), quantized for llama.cpp.\n\n" + _RECIPE
    )
    record = read_card(quant, "me/Kestrel-Blend-13B-GGUF", "README.md")
    got = {c.parent for c in record.claims}
    assert "heronlab/Marsh-Mix-13B" not in got


def test_marked_ids_before_merged() -> None:
    body = (
        "# Lark-Wren-34B\n\n"
        "**orgA/Wren-34B** and **orgB/Lark-34B-v1.1** ties merged with mergekit.\n\n"
        "- `orgC/Owl-7B`, `orgD/Finch-7B` & `orgE/Gull-7B` were merged using slerp.\n"
    )
    assert _parents(merged_id_claims(body, "me/Lark-Wren-34B")) == [
        "orgA/Wren-34B",
        "orgB/Lark-34B-v1.1",
        "orgC/Owl-7B",
        "orgD/Finch-7B",
        "orgE/Gull-7B",
    ]


def test_marked_ids_before_merged_negatives() -> None:
    for body in (
        # not merged (yet), could be, a comparison, a quantization, a single id, unmarked ids
        "**orgA/Wren-34B** and **orgB/Lark-34B** can be merged later.\n",
        "**orgA/Wren-34B** and **orgB/Lark-34B** were not merged.\n",
        "**orgA/Wren-34B** and **orgB/Lark-34B** merged, compared with our own.\n",
        "**orgA/Wren-34B** and **orgB/Lark-34B** merged as GGUF quantizations.\n",
        "**orgA/Wren-34B** merged with mergekit.\n",
        "orgA/Wren-34B and orgB/Lark-34B merged with mergekit.\n",
        "**2024-05-05**: With commit [`abc1234`](https://example.org/x) merged we now have it.\n",
    ):
        assert merged_id_claims(body, "me/Mix") == [], body

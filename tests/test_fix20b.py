"""Merge inputs a card names without links (`importers.merge_bare`, `importers.merge_lists`)."""

from __future__ import annotations

import time

import pytest

from importers.card import read_card
from importers.merge_bare import bare_merge_list_claims, plus_recipe_claims


def _parents(text: str, model_id: str = "acme/wren-mix") -> list[str]:
    return [c.parent for c in read_card(text, model_id, "README.md").claims]


@pytest.mark.parametrize(
    ("text", "parents"),
    [
        # A list of names after "merged with", the last one a lower-case checkpoint name.
        (
            "# Wren Mix\n\nA portrait model tuned on 300 photos merged with Oakblend, "
            "Harbor, DuskVision2.1, Fenlight, QxR, k414.\n",
            ["Oakblend", "Harbor", "DuskVision2.1", "Fenlight", "QxR", "k414"],
        ),
        (
            "# Wren Mix\n\nThen merged with Heron-13B and Sparrow Plus at a low weight.\n",
            ["Heron-13B", "Sparrow Plus"],
        ),
        # A "merged models:" label in a line, lower-case names to the line's end.
        (
            "# Wren Mix\n\nUse the Vicuna format, merged models: oakmax, puddlewren, "
            "heronboros, dusk beluga\n",
            ["oakmax", "puddlewren", "heronboros", "dusk beluga"],
        ),
        (
            "# Wren Mix\n\nA merge. Models used: Heron-7B, Oak Lark and fenmix.\n",
            ["Heron-7B", "Oak Lark", "fenmix"],
        ),
        # A "Models Used:" line over items opened by HTML breaks, a note after a name.
        (
            "# Wren Mix\n\nI merged some models, then tuned on top.\n\nModels Used:\n"
            "<br> Heron2-70B-instruct\n<br> Lark-70B\n<br> DuskHarbor (at a 0.1 weight, for coherence)\n"
            "<br> Private De-alignment LoRA on top.\n",
            ["Heron2-70B-instruct", "Lark-70B", "DuskHarbor"],
        ),
    ],
)
def test_inputs_named_bare(text: str, parents: list[str]) -> None:
    assert _parents(text) == parents


@pytest.mark.parametrize(
    "text",
    [
        # One name, or a method, after "merged with": not a list of inputs.
        "# Wren Mix\n\nThe layers were merged with SLERP.\n",
        "# Wren Mix\n\nIt was merged with a LoRA at 0.3 weight.\n",
        "# Wren Mix\n\nMerged with the following config, and the tokenizer from Oak:\n",
        # A label whose words are a sentence, not a list of names.
        "# Wren Mix\n\nA merge. Models used: the ones I liked most from last month, mostly.\n",
        "# Wren Mix\n\nA merge. Models used: several of my older mixes and some others\n",
        # A card that never speaks of merging: the label may list anything.
        "# Wren Mix\n\nModels used: Heron-7B, Oak Lark and fenmix.\n",
        # An item the list marks as unpublished (its own inputs are listed beside it).
        "# Wren Mix\n\nA merge.\n\n## Models used\n\n- Oak-v2-L2-13B (Private trial of a recreation)\n",
    ],
)
def test_not_inputs(text: str) -> None:
    assert _parents(text) == []


def test_comparing_sentence_is_no_list() -> None:
    text = "# Wren Mix\n\nUnlike models merged with Heron-13B and Oak-2, this one stays calm.\n"
    assert bare_merge_list_claims(text, "acme/wren-mix") == []


def test_long_lines_stay_fast() -> None:
    # Long lists that end in no list's end: each rule reads them once.
    lines = [
        "merged models: " + ", ".join(["oak and wren"] * 1400) + " (",
        "merged with " + ", ".join(["Oak Wren Lark"] * 1400) + " zz",
        "a merge of " + " and ".join(["Oak Wren Lark"] * 1400) + " zz",
        "merge " + "Oak + Wren " * 1800 + "= x y",
    ]
    for line in lines:
        times = []
        for _ in range(3):  # the best of three: a busy machine is not the rule's cost
            start = time.perf_counter()
            bare_merge_list_claims(line + "\n", "acme/wren-mix")
            plus_recipe_claims(line + "\n", "acme/wren-mix")
            times.append(time.perf_counter() - start)
        assert min(times) < 0.1


@pytest.mark.parametrize(
    ("text", "parents"),
    [
        (
            "# Wren\n\nNew stories dataset trained.\n\nHeronRP merged in at a ~25% weight at the end.\n",
            ["HeronRP"],
        ),
        ("# Wren\n\n- oak-lora was merged in at 0.3\n", ["oak-lora"]),
    ],
)
def test_merged_in_at_a_weight(text: str, parents: list[str]) -> None:
    assert _parents(text, "acme/wren") == parents


@pytest.mark.parametrize(
    "text",
    [
        # Not a weight after "at", or not the line's subject.
        "# Wren\n\nHeronRP merged in at the end.\n",
        "# Wren\n\nThen the weights merged in at a 0.3 ratio.\n",
        "# Wren\n\nIt was trained, and HeronRP merged in at 25% weight.\n",
    ],
)
def test_not_merged_in_at_a_weight(text: str) -> None:
    assert _parents(text, "acme/wren") == []

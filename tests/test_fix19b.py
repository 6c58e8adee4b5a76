"""Merge inputs a merge card credits by their Hub links: verbs of composition ("powered by",
"augmented by") and reference lines under a merge lead-in (`importers.merge_credits`)."""

from __future__ import annotations

import pytest

from importers.card import read_card
from importers.merge_credits import composed_link_claims, reference_line_claims
from importers.merged_in_bare import merged_in_bare_claims

_A = "[Heron Chat](https://huggingface.co/alpha/Heron-7b-chat)"
_B = "[Kite](https://huggingface.co/beta/Kite-7B-v2)"
_C = "[Owl LoRA](https://huggingface.co/gamma/owl-lora-7b)"


def _parents(text: str, model_id: str = "me/Wren-7B") -> dict[str, str]:
    return {c.parent: c.relation.value for c in read_card(text, model_id, "README.md").claims}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"# Wren\n\nA gradient merge for stories. Its core is powered by {_A}, which is "
            f"further augmented by {_B} and a lightly distilled {_C}.\n",
            {"alpha/Heron-7b-chat", "beta/Kite-7B-v2", "gamma/owl-lora-7b"},
        ),
        (
            f"# Wren\n\nThis merge is enhanced with {_A} and infused with {_B} for dialogue.\n",
            {"alpha/Heron-7b-chat", "beta/Kite-7B-v2"},
        ),
    ],
)
def test_composition_verbs_name_linked_inputs(text: str, expected: set[str]) -> None:
    assert {c.parent for c in composed_link_claims(text, "me/Wren-7B")} == expected
    parents = _parents(text)
    assert expected <= set(parents)
    assert all(parents[p] == "merge" for p in expected)


@pytest.mark.parametrize(
    "text",
    [
        # a demo, a Space, a dataset: not inputs
        f"# Wren merge\n\nThe demo is powered by {_A}.\n",
        "# Wren merge\n\nA chat powered by [our Space](https://huggingface.co/spaces/me/wren).\n",
        "# Wren merge\n\nAugmented with [stories](https://huggingface.co/datasets/me/tales).\n",
        # a comparison, quantizations of this merge
        f"# Wren merge\n\nIt is enhanced by {_A} compared to {_B}.\n",
        "# Wren merge\n\nQuantized versions powered by "
        "[GGUF](https://huggingface.co/me/Wren-7B-GGUF).\n",
        # no verb of composition
        f"# Wren merge\n\nThanks to {_A} and {_B}.\n",
        # in code
        f"# Wren merge\n\n```\npowered by {_A}\n```\n",
    ],
)
def test_composition_verbs_not_inputs(text: str) -> None:
    assert composed_link_claims(text, "me/Wren-7B") == []


def test_composition_not_own_id() -> None:
    text = "# Wren merge\n\nPowered by [Wren](https://huggingface.co/me/Wren-7B) itself.\n"
    assert composed_link_claims(text, "me/Wren-7B") == []


_REFS = (
    "heron-7b-chat; https://huggingface.co/alpha/Heron-7b-chat\n"
    "[Picked for its dialogue.]\n\n"
    "Kite-7B-v2 - https://huggingface.co/beta/Kite-7B-v2\n"
)


@pytest.mark.parametrize(
    "lead",
    [
        "# Credits\nEvery model merged into Wren is listed here and includes the following:\n\n",
        "## Merge ingredients:\n\n",
        "The models blended for this one:\n",
    ],
)
def test_reference_lines_under_a_merge_lead_in(lead: str) -> None:
    text = f"# Wren, a merge\n\n{lead}{_REFS}"
    expected = {"alpha/Heron-7b-chat", "beta/Kite-7B-v2"}
    assert {c.parent for c in reference_line_claims(text, "me/Wren-7B")} == expected
    parents = _parents(text)
    assert expected <= set(parents)
    assert all(parents[p] == "merge" for p in expected)


@pytest.mark.parametrize(
    "text",
    [
        # children of this merge: formats, quantizations
        "# Wren merge\n\nMerged files:\n\nGGUF - https://huggingface.co/me/Wren-7B-GGUF\n"
        "EXL2 - https://huggingface.co/me/Wren-7B-exl2\n",
        # a lead-in that does not speak of merging
        f"# Wren merge\n\nModels we compared against:\n\n{_REFS}",
        # a lead-in about the author's other merges
        f"# Wren\n\nMy other merges:\n\n{_REFS}",
        # no lead-in ending with a colon
        f"# Wren merge\n\nSome links for you.\n{_REFS}",
        # datasets
        "# Wren merge\n\nMerged from these:\n\ntales; https://huggingface.co/datasets/me/tales\n",
    ],
)
def test_reference_lines_not_inputs(text: str) -> None:
    assert reference_line_claims(text, "me/Wren-7B") == []


def _bare(text: str, model_id: str = "me/Wren-7B") -> set[str]:
    return {c.parent for c in merged_in_bare_claims(text, model_id)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Wren v2 but tuned on riddles, and merged sparrowtalk in for livelier dialogue\n",
            {"sparrowtalk"},
        ),
        (
            "# Wren\n\nI also merged tidesong back into it once more to refresh its voice.\n",
            {"tidesong"},
        ),
        ("# Wren merge\n\nThis one has 25% of Heron-X merged back into it.\n", {"Heron-X"}),
        ("# Wren\n\nWe merged Kite Chat 2 into the model, then trained it.\n", {"Kite Chat 2"}),
        ("# Wren\n\nmerged owlbook in.\n", {"owlbook"}),
    ],
)
def test_merged_in_names_the_object(text: str, expected: set[str]) -> None:
    assert _bare(text) == expected
    parents = _parents(text)
    assert expected <= set(parents)
    assert all(parents[p] == "merge" for p in expected)


@pytest.mark.parametrize(
    "text",
    [
        # no model as the object
        "# Wren\n\nI merged the weights into it with a script.\n",
        "# Wren\n\nThe adapter was merged it in after training.\n",
        "# Wren\n\nWe merged everything in for convenience.\n",
        "# Wren\n\nI merged the lora into the base model.\n",
        "# Wren\n\nmerged back into the model after rescaling.\n",
        # "in" that does not end the clause
        "# Wren\n\nI merged heronstyle in the manner of older merges.\n",
        # "into" another model (not this one)
        "# Wren\n\nI merged Kite-7B into Heron-7B first.\n",
        # a comparison, a how-to, a quantization
        "# Wren\n\nIt is better than when I merged Kite-7B into it.\n",
        "# Wren\n\nYou could have merged Kite-7B in too.\n",
        "# Wren\n\nThe GGUF has Kite-7B merged into it.\n",
        # in code
        "# Wren\n\n```\nmerged Kite-7B into it\n```\n",
        # the card's own name
        "# Wren\n\nI merged Wren-7B back into it.\n",
    ],
)
def test_merged_in_not_inputs(text: str) -> None:
    assert _bare(text) == set()


def test_merged_in_takes_the_one_fuller_spelling() -> None:
    text = "# Wren\n\nBuilt on Heron-L2-13b.\n\nThis one has Heron merged back into it.\n"
    assert _bare(text) == {"Heron-L2-13b"}
    two = text + "\nSee also Heron-13b.\n"
    assert _bare(two) == set()


@pytest.mark.parametrize(
    "text",
    [
        "# Kite\n\nAshwood-7B merged with Birchly-7B resulting in Kite.\n",
        "# Kite\n\nAshwood-7B merged with Birchly-7B creating a calmer model.\n",
    ],
)
def test_merged_with_then_its_result(text: str) -> None:
    assert {"Ashwood-7B", "Birchly-7B"} <= set(_parents(text, "me/Kite"))


def test_merged_with_result_not_a_comparison() -> None:
    text = "# Kite\n\nAshwood-7B merged with Birchly-7B resulting in worse scores than Kite.\n"
    assert "Ashwood-7B" not in _parents(text, "me/Kite")

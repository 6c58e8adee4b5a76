"""Parents listed under a label, a heading or a lead-in sentence, a merge script's inputs, and a
recipe's bare name the card writes in full (`importers.listed_parents`)."""

from __future__ import annotations

import pytest

from importers.card import read_card
from importers.listed_parents import listed_parent_claims, merge_script_claims

_A = "[alpha/Heron-7b](https://huggingface.co/alpha/Heron-7b)"
_B = "[beta/Kite-7B-v2](https://huggingface.co/beta/Kite-7B-v2)"
_C = "[gamma/Owl-7b](https://huggingface.co/gamma/Owl-7b)"


def _parents(text: str, model_id: str = "me/Wren-7B") -> list[str]:
    return sorted(c.parent for c in read_card(text, model_id, "README.md").claims)


def _claims(text: str, model_id: str = "me/Wren-7B") -> dict[str, str]:
    return {c.parent: c.relation.value for c in read_card(text, model_id, "README.md").claims}


@pytest.mark.parametrize(
    "text",
    [
        # a label line over a loose list (blank lines between the items)
        f"# Wren\n\nA blend made for long stories.\n\nMerged models:\n\n- {_A}\n\n- {_B}\n\nHave fun.\n",
        # bare URLs one a line
        "# Wren\n\nA blend.\n\n**Models merged:**\nhttps://huggingface.co/alpha/Heron-7b\n"
        "https://huggingface.co/beta/Kite-7B-v2\n\nHave fun.\n",
        # items separated by breaks, on the label's own line too
        f"# Wren\n\nA blend.\n\nIngredients: <br>{_A}<br>\n{_B}<br>\n",
        # a trailing backslash after each URL, a mirror off the Hub passed over
        "# Wren\n\nA blend.\n\n## Experts\nhttps://huggingface.co/alpha/Heron-7b \\\n"
        "https://example.org/mirror/heron \\\nhttps://huggingface.co/beta/Kite-7B-v2\n\n## Usage\nrun\n",
    ],
)
def test_a_labelled_list_names_the_inputs(text: str) -> None:
    assert _claims(text) == {"alpha/Heron-7b": "merge", "beta/Kite-7B-v2": "merge"}


@pytest.mark.parametrize(
    "text",
    [
        "# Wren\n\nTuned for poems.\n\n### Base Model\nhttps://huggingface.co/alpha/Heron-7b <br />\n"
        "https://example.org/heron-page <br />\n\n### Usage\nrun it\n",
        f"# Wren\n\nTuned for poems.\n\n## Original model\n\n{_A}\n\n## Usage\nrun it\n",
        "# Wren\n\nTuned for poems.\n\n## Parent model\n\n`alpha/Heron-7b`\n\n## Usage\n"
        "[demo](https://huggingface.co/spaces/me/wren-demo)\n",
        "# Wren\n\nTuned for poems.\n\nPretrained model used:\n\n- alpha/Heron-7b\n\n"
        "Thanks to [the team](https://huggingface.co/me).\n",
    ],
)
def test_a_base_heading_or_label_over_one_id(text: str) -> None:
    assert _parents(text) == ["alpha/Heron-7b"]


@pytest.mark.parametrize(
    ("lead", "model_id"),
    [
        ("A mixture of experts. It uses parts from the following models:", "me/Wren-3x7B"),
        ("This MoE is made of these experts:", "me/Wren-MoE"),
        ("Wren combines:", "me/Wren-3x7B"),
    ],
)
def test_a_lead_in_on_a_mixture_card(lead: str, model_id: str) -> None:
    text = f"# Wren\n\n{lead}\n\n* {_A}\n* {_B}\n* {_C}\n\nEnjoy.\n"
    assert _claims(text, model_id) == {
        "alpha/Heron-7b": "merge",
        "beta/Kite-7B-v2": "merge",
        "gamma/Owl-7b": "merge",
    }


@pytest.mark.parametrize(
    "text",
    [
        # a heading whose section also holds prose: the links are told about, not listed
        f"# Wren\n\nTuned.\n\n## Base Model\n\nWe tried {_A} first, then gave up.\n{_B}\n\n## Usage\nx\n",
        # a comparison, an evaluation, other releases, children, after a lead-in
        f"# Wren-3x7B\n\nA MoE. It was compared with the following models:\n\n- {_A}\n- {_B}\n",
        f"# Wren-3x7B\n\nA MoE. We evaluated these models:\n\n- {_A}\n- {_B}\n",
        f"# Wren-3x7B\n\nA MoE. See also our other models:\n\n- {_A}\n- {_B}\n",
        f"# Wren-3x7B\n\nA MoE. These models are built from this one:\n\n- {_A}\n- {_B}\n",
        # a lead-in on a card that speaks neither of merging nor of experts
        f"# Wren\n\nA chat model. It combines:\n\n- {_A}\n- {_B}\n",
        # datasets and spaces under a label are no parents
        "# Wren\n\nTuned.\n\nBase model:\nhttps://huggingface.co/datasets/alpha/heron-chats\n",
        # a merge script's output folder, and usage code that is no merge
        "# Wren\n\nRun it:\n\n```\npython chat.py --model alpha/Heron-7b\n```\n",
    ],
)
def test_no_listed_parent(text: str) -> None:
    model_id = "me/Wren-3x7B" if "Wren-3x7B" in text else "me/Wren"
    assert listed_parent_claims(text, model_id) == []
    assert merge_script_claims(text, model_id) == []


def test_a_merge_script_names_its_inputs() -> None:
    text = (
        "# Wren\n\nMade in two steps.\n\n```\npython ties_merge.py alpha/Heron-7b ./wren-out "
        "--merge beta/Kite-7B-v2 --density 0.4 --merge gamma/Owl-7b --density 0.6 --cuda\n```\n"
    )
    assert _claims(text) == {
        "alpha/Heron-7b": "merge",
        "beta/Kite-7B-v2": "merge",
        "gamma/Owl-7b": "merge",
    }
    flags = "# Wren\n\nA merge.\n\n```\npython my_merge.py --base alpha/Heron-7b --out ./x\n```\n"
    assert _parents(flags) == ["alpha/Heron-7b"]


def test_a_recipes_bare_name_written_in_full_is_that_repo() -> None:
    text = (
        f"# Wren\n\nA merge of {_A} and Kite.\n\nThanks to {_B} for the second half.\n\n"
        "```yaml\nmodels:\n  - model: Heron-7b\n  - model: Kite-7B-v2\nmerge_method: slerp\n"
        "base_model: Heron-7b\n```\n"
    )
    assert _parents(text) == ["alpha/Heron-7b", "beta/Kite-7B-v2"]
    # two orgs write the name: which one the recipe took is not said
    twice = (
        text + "\nA copy lives at [delta/Kite-7B-v2](https://huggingface.co/delta/Kite-7B-v2).\n"
    )
    assert "delta/Kite-7B-v2" not in _parents(twice)
    assert "beta/Kite-7B-v2" not in _parents(twice)

"""Kinds of statements of real cards: a mixture-of-experts recipe run on local download
folders ("ORG_NAME") while the text links the Hub ids, a fine-tune declared in YAML beside a
`quantized_by:` key, "a fine-tune (DPO) of X", and a version of X in another precision or with
one half of the network kept, a re-upload's "Original Repository" heading, an id broken by
spaces after its slash, "based on the Unet of X"; and two look-alikes: a VAE recommended for
use beside the model, and another model's news in apposition ("added X, an improved version
of Y")."""

from __future__ import annotations

import pytest

from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT = Relation.FINETUNE
ME = Relation.MERGE
QU = Relation.QUANTIZED
HUB = "https://huggingface.co"

# -- a mergekit-moe recipe over local "ORG_NAME" folders, the card linking the Hub ids ---------

_MOE_RECIPE = (
    "```yaml\n"
    "base_model: {base}\n"
    "gate_mode: hidden\n"
    "experts:\n"
    "  - source_model: finch_Finch-Coder-7b\n"
    "    positive_prompts: ['code']\n"
    "  - source_model: Lark-AI_lark-math-7b-v2\n"
    "    positive_prompts: ['math']\n"
    "```\n"
)


@pytest.mark.parametrize(
    "lead",
    [
        "The experts of this mixture:\n\n- {h}/finch/Finch-Coder-7b\n\n- {h}/Lark-AI/lark-math-7b-v2\n",
        "Made from [Finch-Coder-7b]({h}/finch/Finch-Coder-7b) and "
        "[lark-math]({h}/Lark-AI/lark-math-7b-v2), thanks to their authors.\n",
        "Experts: `finch/Finch-Coder-7b`, `Lark-AI/lark-math-7b-v2`.\n",
    ],
)
def test_moe_recipe_folders_resolve_to_the_linked_ids(lead: str) -> None:
    text = (
        "# Duo-2x7b\n\nA mixture of experts made with mergekit.\n\n"
        + lead.format(h=HUB)
        + "\nConfig:\n\n"
        + _MOE_RECIPE.format(base="wren_Wren-7B-v0.1")
    )
    # The base folder is named nowhere else: a local copy, no reference.
    assert parents(text, "me/Duo-2x7b") == {
        "finch/Finch-Coder-7b": ME,
        "Lark-AI/lark-math-7b-v2": ME,
    }


def test_moe_recipe_base_folder_resolves_when_linked_too() -> None:
    text = (
        f"# Duo-2x7b\n\nBase: {HUB}/wren/Wren-7B-v0.1; experts {HUB}/finch/Finch-Coder-7b and "
        f"{HUB}/Lark-AI/lark-math-7b-v2.\n\n" + _MOE_RECIPE.format(base="wren_Wren-7B-v0.1")
    )
    assert set(parents(text, "me/Duo-2x7b")) == {
        "wren/Wren-7B-v0.1",
        "finch/Finch-Coder-7b",
        "Lark-AI/lark-math-7b-v2",
    }


def test_moe_recipe_folders_the_text_does_not_link_stay_as_written() -> None:
    # Trap: no Hub id in the text spells the folders; the recipe is read as before.
    text = "# Duo-2x7b\n\nA mixture of experts made with mergekit.\n\n" + _MOE_RECIPE.format(
        base="wren/Wren-7B-v0.1"
    )
    found = parents(text, "me/Duo-2x7b")
    assert "wren/Wren-7B-v0.1" in found
    assert "finch/Finch-Coder-7b" not in found

"""The shipped hub scorer on plain cases (hand-written cards, no real card's text), and the
training script's folder exclusion."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from bench import train_roles
from importers import scorer

# Folders scored blind at the end of a round: never training data.
BLIND = {"fresh-zq", "fresh-zr", "fresh-zs", "fresh-zt"}

# The card's name is the link's name plus a tuning step: a parent's shape.
TUNED_CARD = """# Marsh-Base-3B-SFT

We started from [Marsh Base 3B](https://huggingface.co/marshlab/marsh-base-3b) and taught it
to follow instructions.
"""

# A recipe line of two links: a merge's inputs.
RECIPE_CARD = """# Heron-Mix-3B

The recipe: [Marsh Chat](https://huggingface.co/marshlab/marsh-chat-3b) x [Reed Chat](https://huggingface.co/reedworks/reed-chat-3b)
"""

SEE_ALSO_CARD = """# Heron-Coder-3B

A small model for code exercises.

## Other models

Check out our other work: [Kestrel Chat](https://huggingface.co/kestrel-team/kestrel-chat-7b).
"""


def _meta(name: str) -> dict[str, object]:
    text = resources.files("importers").joinpath(name).read_text("utf-8")
    meta = json.loads(text)["meta"]
    assert isinstance(meta, dict)
    return meta


def test_no_feature_that_says_no_lineage_speaks_for_a_parent() -> None:
    model = scorer.shipped_model()
    assert model is not None
    for feature in train_roles.NON_POSITIVE:
        assert model.weights.get(feature, 0.0) <= 0.0


def test_the_shipped_model_claims_a_tuned_name_and_a_recipe_line() -> None:
    context = scorer.CardContext()
    got = scorer.decide(TUNED_CARD, "heronworks/Marsh-Base-3B-SFT", context)
    assert [d.candidate.model_id for d in got] == ["marshlab/marsh-base-3b"]
    assert "+linked" in got[0].snippet  # the features that weighed most are shown
    got = scorer.decide(RECIPE_CARD, "heronworks/Heron-Mix-3B", context)
    assert {d.candidate.model_id for d in got} == {
        "marshlab/marsh-chat-3b",
        "reedworks/reed-chat-3b",
    }


def test_the_shipped_model_leaves_a_see_also_link_alone() -> None:
    context = scorer.CardContext()
    assert scorer.decide(SEE_ALSO_CARD, "heronworks/Heron-Coder-3B", context) == []


def test_excluded_folders_are_no_training_data() -> None:
    found = [Path("bench/corpus/fresh-a"), Path("bench/corpus/fresh-zq/"), Path("/x/corpus")]
    kept = train_roles.chosen_corpora(found, ["fresh-zq", "fresh-zt"])
    assert kept == [Path("bench/corpus/fresh-a"), Path("/x/corpus")]

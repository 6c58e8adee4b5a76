"""Merge recipes pasted in a card, for `importers.card`.

A multi-step recipe names its steps' outputs under headings (`recipe_steps`), which are
intermediates, not inputs (`intermediate`); a recipe run on local copies names inputs without
an org that the card's links name by their Hub ids (`local_recipe_name`).
"""

from __future__ import annotations

import re

from importers.prose import ProseClaim, Strength
from lineage.core.records import Relation

# A heading, then (after at most a few short lines) a fenced block that holds a merge
# recipe: the heading names the model that step produces.
_STEP = re.compile(
    r"^#{1,6}[ \t]*(?P<name>[^\n#]{2,120}?)[ \t]*\n(?:(?![ \t]*(?:#|```))[^\n]{0,200}\n){0,4}?"
    r"[ \t]*```[^\n]*\n"
    r"(?P<block>(?:(?!```)[^\n]*\n){1,200}?)[ \t]*```",
    re.M,
)
_RECIPE_WORDS = re.compile(r"^[ \t]*(?:merge_method|models|slices)[ \t]*:", re.M)


def recipe_steps(body: str) -> frozenset[str]:
    """The names of the models a multi-step recipe in the card produces on the way.

    A card that pastes two or more mergekit configs under headings ("### Step-1",
    "### Step-2", then the final one) names each step's output by its heading; a later
    step that merges "org/Step-1" uses an intermediate. Empty for one-step recipes.
    """
    if body.count("merge_method") < 2:
        return frozenset()  # one config at most: no steps
    names = set()
    for m in _STEP.finditer(body):
        if _RECIPE_WORDS.search(m["block"]):
            names.add(m["name"].strip("*_` \t").rsplit("/", 1)[-1].casefold())
    return frozenset(names) if len(names) >= 2 else frozenset()


def intermediate(parent: str, steps: frozenset[str]) -> bool:
    """Whether ``parent`` is one of the recipe's own step outputs (`recipe_steps`)."""
    return bool(steps) and parent.rsplit("/", 1)[-1].casefold() in steps


# The mark of a claim read from a mergekit recipe pasted in the card (`importers.roles`).
_IN_CARD_RECIPE = "[mergekit-in-card]"


def local_recipe_name(claim: ProseClaim, kept: list[ProseClaim]) -> bool:
    """Whether ``claim`` is a name without an org from a recipe pasted in the card while the
    card's text links two merge inputs or more by their Hub ids: the recipe ran on local
    copies ("model: Orca2flat", a flattened copy of a linked input), which the links name."""
    if "/" in claim.parent or not claim.snippet.startswith(_IN_CARD_RECIPE):
        return False
    linked = [
        c
        for c in kept
        if "/" in c.parent and c.relation is Relation.MERGE and c.strength >= Strength.LABEL
    ]
    return len(linked) >= 2

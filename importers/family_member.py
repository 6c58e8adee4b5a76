"""A family named first, its checkpoint later: "Owl is a fine-tuned BERT model. … Specifically,
this model is a bert-base-cased model that was fine-tuned on …", or a "Backbone: LLaMA-2" label
above "This is a finetuned model from llama-2-70b.".

The prose reader stops at the first phrase that names a parent, so a card whose first words
give only the family ("BERT", "LLaMA-2") never has its later, exact statement read. When every
prose claim is a bare family's name (with its version perhaps), the lines naming that family
alone are blanked and the prose is read again; a claim of the second reading that names a
member of the family (its name starts with the family's: "bert-base-cased", "llama-2-70b",
"ORG/Llama-2-7b") takes the family's place. A second reading that names only other models
(not of the family), or nothing, changes nothing. Pure: text in, findings out.
"""

from __future__ import annotations

import re
from dataclasses import replace

from importers.prose import read_prose
from importers.prose_claims import ProseClaim, ProseFindings
from importers.prose_names import _FAMILIES
from lineage.core.ids import key

# A family's name, perhaps with its version ("LLaMA-2", "Llama 2", "Qwen1.5", "BERT").
_FAMILY_NAME = re.compile(r"(?P<family>[A-Za-z]+)(?:[-_ ]?v?[0-9]+(?:\.[0-9]+)?)?")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def family_only(parent: str) -> bool:
    """Whether ``parent`` is a bare family's name, its version perhaps written after it."""
    if "/" in parent:
        return False
    m = _FAMILY_NAME.fullmatch(parent.strip())
    return m is not None and m["family"].casefold() in _FAMILIES


def _squashed(name: str) -> str:
    return _NOT_ALNUM.sub("", key(name))


def member_of(parent: str, family: str) -> bool:
    """Whether ``parent`` (bare or an id) names a model of ``family``, more exactly than it."""
    name = parent.rsplit("/", 1)[-1]
    fam, mine = _squashed(family), _squashed(name)
    if not fam or len(mine) <= len(fam) or not mine.startswith(fam):
        return False
    # The member's name goes on with a word of its own ("bert-base", "llama-2-70b"), not
    # with more letters of one word ("bertweet" is no BERT checkpoint's name).
    rest = key(name)[len(key(family)) :] if key(name).startswith(key(family)) else ""
    return rest[:1] in ("-", "_", " ", ".")


def _blanked(body: str, families: list[str]) -> str:
    """``body`` with every line that names one of ``families`` as a word of its own blanked."""
    pattern = re.compile(
        "|".join(rf"(?<![\w-]){re.escape(f)}(?![\w-])" for f in families), re.IGNORECASE
    )
    lines = body.split("\n")
    return "\n".join("" if pattern.search(line) else line for line in lines)


def family_members(
    prose: ProseFindings, body: str, model_id: str, *, fallback: bool
) -> ProseFindings:
    """``prose`` with a family's name replaced by the member the card names later (see the
    module); unchanged unless every claim is a bare family's name (most cards: a test each)."""
    if not prose.claims or not all(family_only(c.parent) for c in prose.claims):
        return prose
    families = sorted({c.parent.strip() for c in prose.claims}, key=len, reverse=True)
    if not any(f.casefold() in body.casefold() for f in families):
        return prose  # (a name the reader spelled otherwise: nothing to blank)
    again = read_prose(_blanked(body, families), model_id, fallback=fallback)
    members: list[ProseClaim] = []
    for c in again.claims:
        seen = {key(m.parent) for m in members}
        if any(member_of(c.parent, f) for f in families) and key(c.parent) not in seen:
            members.append(c)
    if len(members) != 1:
        return prose  # none, or several checkpoints (sizes of a series): the family stands
    return replace(prose, claims=members)

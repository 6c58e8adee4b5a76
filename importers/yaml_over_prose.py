"""The prose's stated start in place of a declared base it was itself tuned from.

A card declares ``base_model: org/x-7b`` (the family's pretrained release, copied from the
card of the model it was tuned from) while its text says "this model was DPO'd from
[Y-X-7B](…)": Y-X-7B is a tuned model of x-7b (its name carries the declared base's name
and more), so the declared base is a grand-parent and the stated start is the parent (the
prose decides). `stated_tuned_start` reads the short "<method>'d from" wording the phrase
reader does not know; `tuned_of_declared` finds the stated start the declared base is an
ancestor of (the same org or another: `importers.card_bases.ancestor_of_stated` covers the
card whose own name extends the declared base's).
"""

from __future__ import annotations

import re
from dataclasses import replace

from importers.card_bases import WEAK_RELATIONS
from importers.card_names import runs_in, tokens
from importers.prose import ProseClaim, ProseFindings, Strength
from importers.references import HUB_MODEL_LINK
from lineage.core.ids import key
from lineage.core.records import Relation

# "This model was DPO'd from [X](https://huggingface.co/org/x)", "the checkpoint has been
# SFT’d on top of org/x": a training method's acronym made a verb, with the card's model as
# its subject ("the model", "this checkpoint"; another model's sentence says its name).
_METHOD_FROM = re.compile(
    r"\b(?:[Tt]his|[Tt]he|[Oo]ur)[ \t]+(?:model|checkpoint|version|release)[ \t]+"
    r"(?:was|is|has[ \t]+been)[ \t]+(?:(?:then|further|additionally|first)[ \t]+)?"
    r"(?:DPO|ORPO|KTO|SFT|RLHF|PPO|IPO|SimPO|CPO|GRPO)['’]?e?d[ \t]+"
    r"(?:from|on[ \t]+top[ \t]+of|off[ \t]+of|starting[ \t]+from)[ \t]+(?:the[ \t]+)?"
    rf"(?:{HUB_MODEL_LINK}|`?(?P<c>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9])`?)"
)
# The mark of a claim read here, at the start of its snippet.
METHOD_FROM = "[method-tuned-from]"
# Version tokens a declared base's name ends with ("-v0.1", "-hf"): left out of its stem.
_VERSION = re.compile(r"v?\d+(?:\.\d+)?|hf")


def stated_tuned_start(prose: ProseFindings, body: str, model_id: str) -> ProseFindings:
    """The prose with a strong fine-tune claim for "this model was DPO'd from [X](…)"."""
    if "'d " not in body and "’d " not in body:
        return prose  # most cards
    held = {key(c.parent) for c in prose.claims}
    for m in _METHOD_FROM.finditer(body):
        parent = (m["a"] or m["b"] or m["c"] or "").rstrip("/.")
        if "/" not in parent or key(parent) == key(model_id) or key(parent) in held:
            continue
        snippet = f"{METHOD_FROM} " + " ".join(m.group(0).split())
        claim = ProseClaim(parent, Relation.FINETUNE, Strength.STRONG, snippet)
        return replace(prose, claims=[*prose.claims, claim])
    return prose


def _stem(model_id: str) -> list[str]:
    """A name's tokens without its trailing version tokens ("mistral-7b-v0.1": mistral, 7b)."""
    words = tokens(model_id)
    while words and _VERSION.fullmatch(words[-1]):
        words.pop()
    return words


def tuned_of_declared(yaml_base: str, claims: list[ProseClaim], model_id: str) -> str | None:
    """A strongly stated start whose name carries the declared base's name and more, if any.

    "base_model: org/x-7b-v0.1" with "this model was fine-tuned from [other/y-x-7b](…)": y-x-7b
    was tuned from x-7b; the card was tuned from y-x-7b. A stated start that differs from the
    declared base only by a version ("x-7b-v0.2") is another release, not a later stage.
    """
    stem = _stem(yaml_base)
    if len(stem) < 2 or not any(ch.isdigit() for ch in "".join(stem)):
        return None  # a bare family word ("llama") is too loose to say which model it is
    for c in claims:
        if (
            "/" not in c.parent
            or c.strength < Strength.STRONG
            or c.inferred
            or c.conversion
            or c.relation not in WEAK_RELATIONS
            or key(c.parent) in (key(yaml_base), key(model_id))
        ):
            continue
        theirs = tokens(c.parent)
        if not runs_in(stem, theirs):
            continue
        at = next(i for i in range(len(theirs)) if theirs[i : i + len(stem)] == stem)
        extra = theirs[:at] + theirs[at + len(stem) :]
        if any(not _VERSION.fullmatch(t) for t in extra):
            return c.parent
    return None

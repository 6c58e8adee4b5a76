"""Merge inputs a step-by-step recipe names: a list (bullets or numbers) whose first step
says what the author began with ("* We begin with the base model ORG/A, a known merge",
"1. I started with ORG/A") and whose next steps say what was put in ("* Then we applied the
ORG/B lora", "* we merged the result with the newly created ORG/C merge at 5%", "* … a new
base to which we applied [C](https://huggingface.co/ORG/C)").

The start model and each Hub id a step takes as the object of "with", "applied" or "added"
are inputs of this merge. Ids only (ORG/NAME or a Hub link): a step's bare words may be a
method, a data set or a trick. Not an id a data set, tokenizer, prompt or comparison takes
("compared with ORG/X"), not a list that is not a recipe's (no step that begins with a model),
and not on a quantization's card (the caller's test: its copy of the recipe is its original's).
Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from lineage.core.ids import key
from lineage.core.records import Relation

RULE = "[merge-steps]"
_SNIPPET = 200
_NEEDLES = (" begin with ", " began with ", " start with ", " started with ")
_ID = r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9]"
_LINK = rf"\[[^\]\n]{{1,100}}\]\(https?://(?:huggingface\.co|hf\.co)/(?P<lid>{_ID})/?\)"
_TARGET = rf"(?:{_LINK}|\[?`?\*{{0,2}}(?P<id>{_ID})(?![\w/-]))"
_BULLET = re.compile(r"[ \t]*(?:[-*+]|\d{1,2}[.)])[ \t]+")
# The first step: "We begin with (the base model) X", "I started with X".
_OPEN = re.compile(
    r"[ \t]*(?:[-*+]|\d{1,2}[.)])[ \t]+(?:(?:First(?:ly)?|To[ \t]+start),?[ \t]+)?(?i:we|I)[ \t]+"
    r"(?:begin|began|start|started)[ \t]+with[ \t]+(?:(?:the|a|our|my)[ \t]+)?"
    rf"(?:(?:base|original|starting)[ \t]+)?(?:model[ \t]+)?{_TARGET}"
)
# A later step's object: "with (the newly created) X", "applied (the) X", "added X".
_STEP = re.compile(
    r"\b(?P<verb>with|appl(?:y|ied)|add(?:ed)?)[ \t]+(?:(?:the|a|our|my)[ \t]+)?"
    r"(?:(?:newly|freshly|created|resulting|original|base|new)[ \t]+){0,3}(?:model[ \t]+)?"
    rf"{_TARGET}"
)
_NOT_INPUT = re.compile(
    r"data[ \t-]?sets?|tokeni[sz]|prompt|compar|\bvs\b|versus|\bthan\b|\blike\b|similar|quantiz|judge",
    re.I,
)

# What a step writes right after the id: "ORG/X as data set", "ORG/X (tokenizer)".
_NOT_AFTER = re.compile(
    r"[`*\]\s]*[(,]?[ \t]*(?:as[ \t]+(?:an?|the|our)?[ \t]*)?(?:data[ \t-]?sets?|tokeni[sz])", re.I
)


def merge_step_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The models a merge recipe's steps start from and put in (see the module)."""
    if not any(n in body for n in _NEEDLES):
        return []  # most cards: no pattern is run
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    for start, end in sorted({line for n in _NEEDLES for line in lines_holding(body, n)}):
        m = _OPEN.match(body, start, end)
        if not m or _NOT_INPUT.search(body, start, m.start("lid" if m["lid"] else "id")):
            continue
        steps = [(start, end, m)]
        at = end + 1
        while at < len(body):
            stop = body.find("\n", at)
            stop = len(body) if stop < 0 else stop
            if not body[at:stop].strip():  # a loose list: a blank line between steps
                at = stop + 1
                continue
            if not _BULLET.match(body, at, stop):
                break
            steps.extend((at, stop, s) for s in _STEP.finditer(body, at, stop))
            at = stop + 1
        snippet = f"{RULE} {' '.join(body[start:end].split())}"[:_SNIPPET]
        for line, stop, s in steps:
            parent = s["lid"] or s["id"]
            if s is not m and _NOT_INPUT.search(body, max(line, s.start() - 40), s.start()):
                continue
            if _NOT_AFTER.match(body, s.end(), min(stop, s.end() + 40)):
                continue
            if key(parent) == own or key(parent) in found:
                continue
            found[key(parent)] = ProseClaim(parent, Relation.MERGE, Strength.STRONG, snippet)
    return list(found.values())

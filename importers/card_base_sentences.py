"""Lineage told of the base: "The underlying X model was distilled from Y", "Our base model,
X, was pre-trained from Y". The sentence's subject is the base (the underlying, base,
original or parent model; not "the backbone", which may be this model's start), so Y is the base's own parent (a grand-parent), whatever the
phrase after it; the base itself may be named elsewhere or not at all. Judged only in the
sentence the claim was read from, and not when the sentence speaks of this model again.
"""

from __future__ import annotations

import re
from dataclasses import replace

from importers.prose import ProseFindings

# The sentence's start up to the claim: "the underlying X model (…) was created … and was".
_BASE_SUBJECT = re.compile(
    r"(?:the|its|our)[ \t]+(?:underlying|base|original|parent)[ \t]+(?:[\w.-]+[ \t]+)?model\b"
    r"[^.!?;\n]{0,80}?\b(?:is|was|were|has[ \t]+been|had[ \t]+been)\b[^.!?;\n]{0,80}\Z",
    re.I,
)
# Words that bring this model back into the sentence ("… and this model was then …").
_THIS_MODEL = re.compile(r"\b(?:this|our)[ \t]+(?:model|version|checkpoint)\b|\bwe\b", re.I)
# The end of the sentence before the claim.
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n[ \t]*\n")
# Plain searches a card must pass before any claim's sentence is looked at ("base" alone
# is on most cards: "base model" written so, or one of the rarer subject words).
_GATE = ("nderlying", "riginal", "arent", "ase model")
# Words a base sentence needs (the gate: most cards hold none before a claim).
_NEEDLES = ("underlying", "base", "original", "parent")


def _told_of_base(body: str, snippet: str) -> bool:
    at = body.find(snippet)
    if at < 0:
        return False
    start = 0
    for end in _SENTENCE_END.finditer(body, max(0, at - 300), at):
        start = end.end()
    before = body[max(start, at - 300) : at].replace("\n", " ")
    if not any(n in before.lower() for n in _NEEDLES):
        return False
    subject = _BASE_SUBJECT.search(before)
    return subject is not None and _THIS_MODEL.search(before, subject.start()) is None


def base_told_lineage(findings: ProseFindings, body: str) -> ProseFindings:
    """The findings without claims read from a sentence whose subject is the base model."""
    if not findings.claims or not any(w in body for w in _GATE):
        return findings  # most cards
    dropped = [c for c in findings.claims if _told_of_base(body, c.snippet)]
    if not dropped:
        return findings
    return replace(findings, claims=[c for c in findings.claims if c not in dropped])

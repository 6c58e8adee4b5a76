"""Weak claims whose every mention points elsewhere, and family names spoken as a class.

Two kinds of mention name a model without making it a parent:

- a pointer to another model: "used in the same way as [X](…)", "works just like X",
  "similar to X", "check out the new model: [X](…)", "the successor, X". When every mention
  of a parent that only the card's shape suggested (its relation inferred) stands after
  such words, the card compares with it or points to it; it does not build on it.
- a class of models: "quants of Orca models", "fine-tunes of Lark models": a family's
  name without a size or version, followed by the plural "models", names every member and
  none of them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from importers.prose import ProseClaim, ProseFindings

# Words that point to another model right before its name (the clause's end).
_POINTING = re.compile(
    r"(?:\bsame[ \t]+(?:way[ \t]+)?as|\bjust[ \t]+like|\bsimilar(?:ly)?[ \t]+to|"
    r"\bcheck[ \t]+out[ \t]+(?:the[ \t]+|our[ \t]+|my[ \t]+)?(?:new(?:er)?|latest|updated|improved)"
    r"[ \t]+(?:model|version)s?[ \t]*:?|\bsuccessor[ \t]*:?|"
    r"\b(?:the|our|my)[ \t]+(?:new(?:er)?|latest|updated)[ \t]+(?:model|version)[ \t]*:)"
    r"[ \t*_`]*\[?[^\[\].!?\n]{0,24}\Z",
    re.I,
)
# The words `_POINTING` needs; a claim's clause holds none of them on most cards.
_POINTING_WORDS = ("same", "like", "similar", "check", "successor", "new", "latest", "updated")
# "… of Orca models": the plural after a family's name.
_CLASS_AFTER = re.compile(r"[`*_]*[ \t]+models\b", re.I)
_HUB_LINK = re.compile(r"\]\((?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/\Z", re.I)
_HUB_PREFIX = re.compile(r"(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/\Z", re.I)


def without_pointed(findings: ProseFindings, body: str) -> ProseFindings:
    """The findings without weak claims whose every mention points to another model, and
    without family names spoken as a class ("quants of Orca models")."""
    claims = findings.claims
    if not claims:
        return findings
    kept = [c for c in claims if not (_class_name(c, body) or _only_pointed(c, body))]
    if len(kept) == len(claims):
        return findings
    return replace(findings, claims=kept)


def _class_name(claim: ProseClaim, body: str) -> bool:
    """Whether a claim names a family (no org, no digit) followed by the plural "models"."""
    name = claim.parent
    if "/" in name or any(ch.isdigit() for ch in name) or not claim.snippet.endswith(name):
        return False
    at = body.find(claim.snippet)
    if at < 0:
        return False
    return _CLASS_AFTER.match(body, at + len(claim.snippet)) is not None


def _only_pointed(claim: ProseClaim, body: str) -> bool:
    """Whether a claim with an inferred relation has mentions, all after pointing words."""
    if not claim.inferred:
        return False
    name = claim.parent
    text = body.lower() if "/" in name else body
    needle = name.lower() if "/" in name else name
    starts: list[int] = []
    at = text.find(needle)
    while at >= 0 and len(starts) < 8:
        starts.append(at)
        at = text.find(needle, at + len(needle))
    if not starts or len(starts) == 8:
        return False
    return all(_pointed_before(body, start) for start in starts)


def _pointed_before(body: str, start: int) -> bool:
    """Whether the words before a mention (before its link's label, for a Hub URL) point to
    another model."""
    line_start = body.rfind("\n", 0, start) + 1
    before = body[max(line_start, start - 160) : start]
    link = _HUB_LINK.search(before)
    if link is not None:
        label_start = before.rfind("[", 0, link.start())
        if label_start < 0:
            return False
        before = before[:label_start]
    elif (bare := _HUB_PREFIX.search(before)) is not None:
        before = before[: bare.start()]
    lower = before[-90:].lower()
    if not any(w in lower for w in _POINTING_WORDS):
        return False
    return _POINTING.search(before[-90:]) is not None

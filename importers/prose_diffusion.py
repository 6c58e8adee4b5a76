"""Stable Diffusion named as a family in a lineage sentence, a name of two words.

Image-model cards name their base as the family, spoken with a space and perhaps a
version: "based on Stable Diffusion", "a finetune of stable diffusion", "a photorealistic
Stable Diffusion 1.5 model fine tuned on photos", "the fine-tuned Stable Diffusion model
trained on …". The reference patterns take a name as one word (or a word and its sizes),
so the family is read here, kept as written (the shared convention for bare names), as
vague as any family: a weak claim that stands only when nothing more explicit names a
parent. A split reading of the same words ("Diffusion 1.5") is replaced by it, and the
family named alone gives way to the release the card names elsewhere ("fine-tuned on
Stable Diffusion 2.1 base": after "on", only a release, never data, is read).

No claim for the family as the subject of its own sentence ("Stable Diffusion was trained
on LAION"), as a target ("an image pack for Stable Diffusion 1.5"), beside the design
words ("the Stable Diffusion architecture") or after a linked model's name ("[Older
Model](…) model based upon Stable Diffusion 2": that model's base).
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from lineage.core.ids import key
from lineage.core.records import Relation

# The family as written, with its release ("1.5", "v1-5", "2.1-768", "1.x", "XL") if one follows.
_NAME = (
    r"(?P<name>stable[ -]diffusion(?:[ \t]+(?:v(?:ersion)?[ \t]?)?\d+(?:[.-]\d+)*"
    r"(?:-768|\.x)?(?![\w-]|\.\w)|[ \t]+XL\b)?)"
)
# Not the weights when a design word or a pipeline follows ("… Stable Diffusion architecture").
_NOT_WEIGHTS = r"(?![ \t]+(?:architecture|pipeline|webui|web[ \t]ui|ui|license|licence|code)\b)"
_AFTER_PHRASE = re.compile(
    r"\b(?:(?P<based>(?:based|built)[ \t]+(?:up)?on(?:[ \t]+top[ \t]+of)?)|"
    r"(?:fine[- ]?tun(?:ed|ing|e)|finetun(?:ed|ing|e)|trained|initiali[sz]ed|derived)"
    r"[ \t]+(?:from|of|on[ \t]+top[ \t]+of))"
    rf"[ \t]+(?:the[ \t]+)?(?:original[ \t]+)?{_NAME}{_NOT_WEIGHTS}",
    re.I,
)
# "This is the fine-tuned Stable Diffusion model trained on …", "X is a photorealistic
# Stable Diffusion 1.5 model fine tuned on …": the card's model called a tuned one of it.
_TUNED_ONE = re.compile(
    r"\b(?:is|was)[ \t]+(?:a|an|the)[ \t]+(?:[\w-]+[ \t]+){0,3}?"
    rf"{_NAME}[ \t]+model[ \t]+(?:fine[- ]?tuned|finetuned|trained)[ \t]+(?:on|with)\b",
    re.I,
)
_TUNED_BEFORE = re.compile(
    rf"\b(?:is|was)[ \t]+(?:a|an|the)[ \t]+fine[- ]?tuned[ \t]+{_NAME}[ \t]+model\b", re.I
)
# "Fine-tuned on Stable Diffusion 2.1 base": "on" names data, unless what follows is the
# family with its release (no data set is called so); "base" is part of the release's name.
_TUNED_ON_RELEASE = re.compile(
    r"\b(?:fine[- ]?tuned|finetuned)[ \t]+on[ \t]+(?:the[ \t]+)?"
    r"(?P<name>stable[ -]diffusion[ \t]+(?:v(?:ersion)?[ \t]?)?\d+(?:[.-]\d+)*"
    r"(?:-768)?(?:[ \t]+base\b)?)(?![\w-]|\.\w)"
    rf"{_NOT_WEIGHTS}",
    re.I,
)


_FAMILY_ALONE = re.compile(r"stable[ -]diffusion", re.I)
# "[Older Model](…) model based upon Stable Diffusion 2": the linked model is the subject.
_LINK_BEFORE = re.compile(r"\]\([^)\s]*\)[ \t]*(?:model[ \t]+)?\Z")


def _name_positions(text: str) -> list[int]:
    """Where "diffusion" is written (any case), a few times a card at most."""
    lower = text.lower()
    out: list[int] = []
    at = lower.find("diffusion")
    while at >= 0:
        out.append(at)
        at = lower.find("diffusion", at + 9)
    return out


def add_diffusion_family(claims: list[tuple[int, ProseClaim]], text: str) -> None:
    """Add to ``claims`` (position, claim) the family's lineage sentences in ``text``,
    replacing the split readings of the same words."""
    found: list[tuple[int, ProseClaim]] = []
    seen: set[int] = set()
    # Each pattern is tried around the family's name only (a window on each side of it).
    windows: list[tuple[int, int]] = []
    for at in _name_positions(text):
        if windows and at - 120 <= windows[-1][1]:
            windows[-1] = (windows[-1][0], at + 80)  # overlapping windows are one
        else:
            windows.append((max(0, at - 120), at + 80))
    matches = (
        m
        for pattern in (_AFTER_PHRASE, _TUNED_ONE, _TUNED_BEFORE, _TUNED_ON_RELEASE)
        for start, end in windows
        for m in pattern.finditer(text, start, end)
    )
    for m in matches:
        if m.start("name") in seen:
            continue
        seen.add(m.start("name"))
        if _LINK_BEFORE.search(text, max(0, m.start() - 200), m.start()):
            continue  # another model's base, the one linked right before the phrase
        relation = None if m.groupdict().get("based") else Relation.FINETUNE
        name = " ".join(m["name"].split())
        snippet = " ".join(m.group(0).split())
        found.append((m.start("name"), ProseClaim(name, relation, Strength.WEAK, snippet)))
    if not found:
        return
    if any(c.relation for _, c in found):
        # "a finetune of stable diffusion" outranks a "based on stable diffusion 1.4" said of
        # an older release: the stated making wins, as a stronger phrase does.
        found = [(pos, c) for pos, c in found if c.relation]
    if len({key(c.parent) for _, c in found}) > 1:
        # "a Stable Diffusion model fine-tuned with DreamBooth … fine-tuned on Stable Diffusion
        # 2.1": the family named alone is the vaguer telling of the release named elsewhere.
        found = [(pos, c) for pos, c in found if not _FAMILY_ALONE.fullmatch(c.parent)]
    spans = [(pos, pos + len(c.parent)) for pos, c in found]
    # "Diffusion 1.5" read alone where the text says "Stable Diffusion 1.5": the same words.
    claims[:] = [
        (pos, c)
        for pos, c in claims
        if not any(start < pos < end for start, end in spans)
        or not key(c.parent).startswith("diffusion")
    ]
    claims.extend(found)

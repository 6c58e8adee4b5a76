"""Hub links a card gives another role than a parent's, for `importers.card`.

Each function returns the keys of the linked repos: where the model moved to (`moved_to`),
a stand-in the reader may use (`stand_ins`), the model it is a retraining of, a sibling
(`retrained`), a VAE to load beside it (`companion_vaes`), and a piece of work it credits
(`credited_works`).
"""

from __future__ import annotations

import re

from lineage.core.ids import key

# "Update: <link>", "This repo has moved to <link>", "Moved: <link>": the link is where
# the same model now lives (a new home or its next release), not what it was made from.
_MOVED_TO = re.compile(
    r"(?:^[ \t>*_]*(?:update[sd]?|moved)"
    r"[ \t*_]*[:：]|\b(?:has|have|was|were|been|is|are)[ \t]+(?:now[ \t]+)?(?:moved|migrated|"
    r"relocated|transferred)[ \t]+(?:to|into)\b|\bmoved[ \t]+to\b)"
    r"[ \t*_]*(?:(?:the|a|our|this|new|here)[ \t]+){0,3}"
    r"(?:\[[^\]\n]{0,200}\]\()?(?:https?://(?:www\.)?(?:huggingface\.co|hf\.co)/)"
    r"(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)",
    re.I | re.M,
)


_MOVED_WORDS = ("pdate", "PDATE", "oved", "OVED", "igrated", "elocated", "ransferred")


def moved_to(body: str) -> frozenset[str]:
    """The keys of Hub repos the card says the model moved to ("Update: <link>")."""
    if not any(word in body for word in _MOVED_WORDS):
        return frozenset()  # most cards: no pointer to a new home
    return frozenset(key(m["id"].rstrip(".")) for m in _MOVED_TO.finditer(body))


# "Some users report that [this model](hub link) can be used as a base for the conversion":
# a stand-in the reader may use for the weights the card needs, said with a "can", not what
# the model was made from.
_STAND_IN = re.compile(
    r"(?:huggingface\.co|hf\.co)/(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)/?\)?"
    r"[ \t]*(?:\([^()\n]{0,60}\)[ \t]*)?(?:[\w,'’-]+[ \t]+){0,3}?"
    r"(?:can|could|may|might)[ \t]+(?:also[ \t]+)?be[ \t]+used[ \t]+(?:instead\b|as[ \t]+"
    r"(?:a|an|the)[ \t]+(?:base|substitute|replacement|alternative|starting[ \t]+point|source)\b)",
    re.I,
)


_STAND_IN_TAIL = re.compile(
    r"be used[ \t]+(?:instead\b|as[ \t]+(?:a|an|the)[ \t]+(?:base|substitute|replacement|"
    r"alternative|starting[ \t]+point|source)\b)",
    re.I,
)


def stand_ins(body: str) -> frozenset[str]:
    """The keys of Hub repos the card offers as stand-ins ("[X](…) can be used as a base for
    the conversion"): an alternative the reader may use, never this model's parent."""
    found: set[str] = set()
    at = body.find("be used")
    while at >= 0:  # (most cards: none, or a "can be used for …" of their own)
        if _STAND_IN_TAIL.match(body, at):
            window = body[max(0, at - 300) : at + 80]
            found.update(key(m["id"].rstrip(".")) for m in _STAND_IN.finditer(window))
        at = body.find("be used", at + 7)
    return frozenset(found)


# "This is a retraining of <link> with a filtered dataset": the same recipe run again from
# the linked model's own start, a sibling of it, not a model made from it.
_RETRAINING_OF = re.compile(
    r"\bre-?train(?:ing)?[ \t]+of[ \t]+(?:the[ \t]+)?(?:\[[^\]\n]{0,200}\]\()?"
    r"(?:https?://(?:www\.)?(?:huggingface\.co|hf\.co)/)?"
    r"`?(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)",
    re.I,
)


def retrained(body: str) -> frozenset[str]:
    """The keys of Hub repos the card calls itself a retraining of (no parent: a sibling)."""
    if "etrain" not in body and "ETRAIN" not in body:
        return frozenset()  # most cards
    return frozenset(key(m["id"].rstrip(".")) for m in _RETRAINING_OF.finditer(body))


# "It is recommended to use with VAE (…): <link>", "Recommended VAE: [X](…)", "use the VAE
# from [X](…)": an image model's companion decoder, loaded beside it, not what it was made from.
_VAE_ADVICE = re.compile(
    r"\b(?:(?:recommend(?:ed)?|use[ds]?|using|with|load)[ \t]+(?:\w+[ \t]+){0,3}?"
    r"(?:the[ \t]+|a[ \t]+|this[ \t]+)?VAE\b|VAE[ \t]*(?:\([^()\n]{0,80}\))?[ \t]*[:：])"
    r"(?P<rest>[^\n]{0,240})",
    re.I,
)
_HUB_ID_IN_LINE = re.compile(
    r"(?:huggingface\.co|hf\.co)/(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9])"
)


def companion_vaes(body: str) -> frozenset[str]:
    """The keys of Hub repos the card recommends loading as the VAE beside this model."""
    if "VAE" not in body and "vae" not in body:
        return frozenset()  # most cards
    return frozenset(
        key(h["id"])
        for m in _VAE_ADVICE.finditer(body)
        for h in _HUB_ID_IN_LINE.finditer(m["rest"])
    )


# "based on [Ann Lee's work](<hub link>)", "inspired by [the authors' approach](…)": a link
# whose text names a piece of work (a method, an idea), which the card builds on, not weights.
_CREDITED_WORK = re.compile(
    r"\b(?:(?:based|built|builds|building)[ \t]+(?:up)?on|inspired[ \t]+by|follows|extends)"
    r"[ \t]+(?:the[ \t]+)?\[(?P<text>[^\]/\n]{0,120}\b(?:work|research|approach|method|"
    r"methodology|idea|paper|article|tutorial|notebook|recipe|implementation)s?)\]\("
    r"(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/"
    r"(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9])",
    re.I,
)


def credited_works(body: str) -> frozenset[str]:
    """The keys of Hub repos the card links as a piece of work it builds on ("based on
    [Ann Lee's work](…)"): the method is credited, not the weights at the link."""
    if "](" not in body:
        return frozenset()
    return frozenset(key(m["id"]) for m in _CREDITED_WORK.finditer(body))

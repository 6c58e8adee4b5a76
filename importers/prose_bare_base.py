"""A start named in words, then "as a base": "Uses Pony XL as a base", "using Heron Chat 2 as
its base model".

The phrase reader for "uses X as a base" (`importers.prose_phrases`) takes a name written as
one token ("Heron-7B", a link); a name written in words with a size, release or acronym last
("Pony XL", "Heron Chat 2", "Wren 1.5") is read here, kept as written (the shared convention
for bare names), relation ``finetune``, a labelled statement that gives way to any clearer
start. Every word of the name starts with a capital or a digit, its first is no article or
pronoun ("This Model"), and its last is an acronym or holds a digit ("Pony Diffusion" is
words, not a release). Not "as a base for comparison", "as a baseline", nor a sentence that
compares. Read only on the lines holding " base". Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from lineage.core.ids import key
from lineage.core.records import Relation

SPOKEN_BASE = "[spoken-base]"
_SNIPPET = 200

_USES_AS_BASE = re.compile(
    r"\b(?i:us(?:e[sd]?|ing))[ \t]+(?:the[ \t]+)?"
    r"(?P<name>[A-Z][\w.-]*(?:[ \t]+(?:[A-Z][\w.-]*|\d[\w.-]*)){1,2}?)"
    r"(?:[ \t]+(?i:model|checkpoint))?[ \t]+(?i:as)[ \t]+(?i:a|its|the|our)[ \t]+(?i:base)\b"
    r"(?![ \t]+(?i:for)[ \t]+(?i:comparison|reference|evaluation))"
)
_NOT_FIRST = frozenset("the this that these those our my your their its it we i".split())  # noqa: SIM905
_ACRONYM_OR_DIGIT = re.compile(r"[A-Z]{2,}|.*\d")
_COMPARES = re.compile(r"\b(?:compar\w*|than|versus|vs\.?|unlike|similar)\b", re.I)
_SENTENCE_START = re.compile(r"[.!?](?:[ \t]|$)")


def spoken_base_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Starts named in words before "as a base" (see the module)."""
    if " as " not in body or " base" not in body:
        return []
    own = key(model_id.rsplit("/", 1)[-1])
    found: dict[str, ProseClaim] = {}
    for start, end in lines_holding(body, " base"):
        for m in _USES_AS_BASE.finditer(body, start, end):
            name = " ".join(m["name"].split()).rstrip(".-")
            words = name.split()
            if (
                words[0].casefold() in _NOT_FIRST
                or _ACRONYM_OR_DIGIT.match(words[-1]) is None
                or key(name) == own
                or key(name) in found
            ):
                continue
            sentence = start
            for s in _SENTENCE_START.finditer(body, start, m.start()):
                sentence = s.end()
            stop = _SENTENCE_START.search(body, m.end(), end)
            if _COMPARES.search(body, sentence, stop.start() if stop else end):
                continue
            text = " ".join(body[sentence : m.end()].split())
            snippet = f"{SPOKEN_BASE} {text}"[:_SNIPPET]
            found[key(name)] = ProseClaim(name, Relation.FINETUNE, Strength.LABEL, snippet)
    return list(found.values())

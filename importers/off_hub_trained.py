"""A start linked off the Hub whose link text says "model", then "trained on".

"An [OpenWren-13B model](https://github.com/…) trained on chats", "This is a [Heron-7B
model](https://example.org/…) that was further trained on …": the card opens by calling
itself that model, trained on something. The English phrase reader takes "X model trained
on" only with the word "model" written after the link (`importers.prose_phrases`, kind
"sized_before"); here the word ends the link's own text. The name before it is kept as
written (the shared convention for a base named without an org), relation ``finetune``, a
labelled statement that gives way to any clearer start.

Only a name with a digit in it (a size or a version: "a [BERT model](github…) trained on a
corpus" is a design trained from scratch), a sentence that opens with "A(n)", "This is
a(n)" or "NAME is a(n)", a link that is no paper (arxiv, a PDF, a DOI) and not a Hub link
(the phrase readers take those), and not "trained from scratch" after it. Read only when
the card writes " model](http". Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from lineage.core.ids import key
from lineage.core.records import Relation

OFF_HUB_TRAINED = "[off-hub-trained]"
_SNIPPET = 200

_LINKED_TRAINED = re.compile(
    r"\[[`*_]*(?P<name>[A-Za-z][\w.-]*\d[\w.-]*)[`*_]*[ \t]+(?:model|checkpoint)\]"
    r"\((?P<url>https?://[^)\s]{1,300})\)[ \t]+"
    r"(?:(?:that|which)[ \t]+(?:was|is|has[ \t]+been)[ \t]+)?(?:further[ \t]+)?"
    r"(?:fine-?tuned|trained)[ \t]+on\b",
    re.I,
)
# What opens the sentence before the link: "An", "This is a", "Finch-13B is an".
_OPENING = re.compile(
    r"[ \t>*#-]*(?:(?:this[ \t]+(?:model[ \t]+)?is|[\w.-]+[ \t]+is)[ \t]+)?an?[ \t]+\Z", re.I
)
_HUB_OR_PAPER = re.compile(
    r"https?://(?:[\w-]+\.)*(?:huggingface\.co|hf\.co|arxiv\.org|openreview\.net|doi\.org|"
    r"aclanthology\.org)/|\.pdf(?:[?#]|$)",
    re.I,
)
_FROM_SCRATCH = re.compile(r"\bfrom[ \t]+scratch\b", re.I)
_SENTENCE_START = re.compile(r"[.!?](?:[ \t]|$)")


def off_hub_trained_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Starts linked off the Hub as "[X model](…) trained on" (see the module)."""
    if " model](http" not in body and " checkpoint](http" not in body:
        return []
    own = key(model_id.rsplit("/", 1)[-1])
    found: dict[str, ProseClaim] = {}
    for start, end in lines_holding(body, "](http"):
        for m in _LINKED_TRAINED.finditer(body, start, end):
            name = m["name"].rstrip(".-")
            if _HUB_OR_PAPER.match(m["url"]) or _HUB_OR_PAPER.search(m["url"]):
                continue
            sentence = start
            for s in _SENTENCE_START.finditer(body, start, m.start()):
                sentence = s.end()
            if _OPENING.fullmatch(body, sentence, m.start()) is None:
                continue
            stop = _SENTENCE_START.search(body, m.end(), end)
            if _FROM_SCRATCH.search(body, m.end(), stop.start() if stop else end):
                continue
            if key(name) == own or key(name) in found:
                continue
            text = " ".join(body[sentence : m.end()].split())
            snippet = f"{OFF_HUB_TRAINED} {text}"[:_SNIPPET]
            found[key(name)] = ProseClaim(name, Relation.FINETUNE, Strength.LABEL, snippet)
    return list(found.values())

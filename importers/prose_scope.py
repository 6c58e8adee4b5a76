"""Whose start a lineage phrase names: this model's, or one of several a sentence offers.

A family card or a paper's summary names bases that are not this model's own: a choice
("initialized with A or B": the paper's models took one or the other), one base per variant
("initialized from [A](…) (for the large reranker) and [B](…) (for the layerwise one)"), a
method's origin ("representation learning based on X": the method came from X). The phrase
reader asks these before it keeps a claim.
"""

from __future__ import annotations

import re
from functools import lru_cache

from importers.prose_names import name_tokens
from importers.prose_phrases import REF_RE

# "A (notes) or B", "A, or B": the reference is one of two alternatives.
_OR_AFTER = re.compile(r"[ \t*_`]*(?:\([^()\n]{0,80}\)[ \t]*)?,?[ \t]*or[ \t]+(?:the[ \t]+)?")
# "either A or B": the reference opens a choice.
_EITHER_BEFORE = re.compile(r"\beither[ \t]+(?:the[ \t]+)?\Z", re.I)
_SIZE_TOKEN = re.compile(r"(?:\d+x)?\d+(?:\.\d+)?[bm]")
# "(for the layerwise reranker)" right after a reference: the variant it is the base of.
_FOR_VARIANT = re.compile(r"[ \t*_`]*\((?:used[ \t]+)?for[ \t]+(?P<variant>[^()\n]{1,60})\)")
# The rest of a sentence (one line, up to its full stop).
_SENTENCE_REST = re.compile(r"[^\n]*?(?:[.!?](?=\s)|(?=\n)|\Z)")
_VARIANT_FILLER = frozenset({"the", "a", "an", "our", "model", "models", "version", "based"})
# "… learning based on", "an approach built on": a method (not weights) made from the name.
_METHOD_BEFORE = re.compile(
    r"\b(?:learning|approach|method|methodology|objective|technique|algorithm|paradigm|"
    r"loss|formulation)[ \t]+\Z",
    re.I,
)


def alternatives(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The references of a choice the one at ``text[start:end]`` opens: "A or B" (another
    name after "or"), "either A or …"; empty when it names no choice."""
    first = REF_RE.match(text, start, end)
    if first is None:
        return []
    joined = _OR_AFTER.match(text, end)
    nxt = REF_RE.match(text, joined.end()) if joined else None
    if nxt is not None and nxt["bare"] is not None and not nxt["bare"][:1].isupper():
        nxt = None  # "from X or fewer", "X or similar": no second name
    if nxt is not None:
        return [first, nxt]
    if _EITHER_BEFORE.search(text, max(0, start - 20), start):
        return [first]
    return []


@lru_cache(maxsize=4_096)
def sizes(name: str) -> frozenset[str]:
    """The parameter sizes a model's name states ("13b", "8x7b", "350m"; the org left out).

    Kept per name: the card's own id and each claim's parent are asked for again and again
    (`importers.card_passes.other_size` runs twice a card, three tests a claim).
    """
    return frozenset(t for t in name_tokens(name.rsplit("/", 1)[-1]) if _SIZE_TOKEN.fullmatch(t))


def variant_of_another(text: str, end: int, own_name: str) -> bool:
    """Whether the reference ending at ``end`` is one base of a per-variant list ("[A](…)
    (for X) and [B](…) (for Y)") whose variant is not this model (its words not all in the
    card's own name)."""
    qualifier = _FOR_VARIANT.match(text, end)
    if qualifier is None:
        return False
    line_start = text.rfind("\n", 0, end) + 1
    rest = _SENTENCE_REST.match(text, qualifier.end())
    sentence = text[max(line_start, end - 300) : rest.end() if rest else qualifier.end()]
    variants = [_variant_words(v) for v in _FOR_VARIANT.findall(sentence)]
    if len(variants) < 2:
        return False  # "fine-tuned from [A](…) (for 3 epochs)": no list of variants
    own = set(name_tokens(own_name))
    mine = _variant_words(qualifier["variant"])
    # The variant this model is: all its words in the card's name, the most of them.
    return not (mine <= own and all(len(mine) >= len(v) for v in variants if v <= own))


def _variant_words(variant: str) -> set[str]:
    words = {w for w in re.split(r"[^\w.]+", variant.casefold()) if w}
    return {t for w in words for t in name_tokens(w)} - _VARIANT_FILLER


# "This model card was written by … and is based on [X](…)": the card's text, not the model.
_CARD_SUBJECT = re.compile(r"\b(?:this|the)[ \t]+(?:model[ \t]+)?card\b[^.!?\n]{0,160}\Z", re.I)


def method_before(text: str, start: int) -> bool:
    """Whether a method's noun ends just before ``start``: "representation learning based
    on X", "a training objective built on X"."""
    return _METHOD_BEFORE.search(text, max(0, start - 40), start) is not None


def card_subject(text: str, start: int) -> bool:
    """Whether the sentence before ``start`` speaks of a model card ("this model card …
    is based on"): a text's origin, not the weights'."""
    return _CARD_SUBJECT.search(text, max(0, start - 200), start) is not None


# A capitalised word that opens a two-word name ("Stable Diffusion 1.5", "Code Llama 34B"),
# inside a sentence (after a lower-case word): a sentence's first word may be any word.
_TITLE_LEAD = re.compile(r"(?<=[a-z,][ \t])(?P<word>[A-Z][a-z]{2,15})[ \t]\Z")
# Capitalised words that describe a model rather than name it.
_NOT_LEADS = frozenset(
    {"the", "this", "our", "base", "original", "official", "new", "finetuned", "pretrained",
     "popular", "latest", "from", "with", "using", "based", "tuned", "trained", "model",
     "version", "open", "small", "large", "huge", "tiny", "quantized", "merged", "and"}
)  # fmt: skip


def title_lead(text: str, start: int, name: str) -> str:
    """The capitalised word that opens a spoken name ending at ``start`` ("Stable " before
    "Diffusion 1.5"), or ''. Only before a name whose first word is capitalised."""
    if not name[:1].isupper():
        return ""
    lead = _TITLE_LEAD.search(text, max(0, start - 20), start)
    if lead is None or lead["word"].casefold() in _NOT_LEADS:
        return ""
    return lead["word"] + " "


def titled_spoken(text: str) -> tuple[str, str] | None:
    """("Code ", "Llama 34B") for a link text that is a two-word spoken name."""
    lead = re.match(r"(?P<word>[A-Z][a-z]{2,15})[ \t]+(?=[A-Z])", text)
    if lead is None or lead["word"].casefold() in _NOT_LEADS:
        return None
    return lead["word"] + " ", text[lead.end() :]

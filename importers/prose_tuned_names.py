"""Fine-tune statements that name this model's start by a bare name (no org).

Read only when no phrase of the card named a parent (as the fallback phrases are), each
kind gated by a substring test of words it needs, so a card without them pays a few tests:

- the object of a fine-tune: "… was used to fine-tune the Lark-7b-hf model", "We fine-tuned
  Lark-2-13B on …" (not "can be used to fine-tune", a comparison, a baseline, this model).
- an appositive headed by "model(s)" before a fine-tune participle: "These are Lark-4-Base
  models finetuned on …", "This is a Lark-2 model, fine-tuned using …" (a name with digits,
  a size, a version or a hyphenated compound, "model(s)" right after it; not a task, a
  data set or a language).

The name is kept as written (the shared convention for names the card gives no Hub id);
`importers.card_resolve` lets an id the card writes for it stand in. A training command
pasted in the card (`importers.roles`) names the start exactly: it wins over these
(`only_tuned_names`, `yielding_to_others`).
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_names import (
    _CLOSED_MODEL,
    _FAMILIES,
    _bare_like,
    _family_version,
)
from importers.prose_phrases import Strength
from importers.prose_scan import line_matches
from lineage.core.ids import key
from lineage.core.records import Relation

MARK = "[tuned-name] "  # how a claim of this module starts its snippet
_SNIPPET = 200

# A name as prose writes it: letters first, then letters, digits, dots, hyphens.
_NAME = r"[A-Za-z][A-Za-z0-9.]*(?:-[A-Za-z0-9.]+)*"

# ---- the object of a fine-tune
_USED_TO_TUNE = re.compile(
    r"\bused[ \t]+to[ \t]+(?:further[ \t]+)?(?:fine[ \t-]?tune|finetune)[ \t]+(?:the[ \t]+)?"
    rf"(?P<name>{_NAME})(?:[ \t]+model)?\b",
    re.I,
)
_WE_TUNED = re.compile(
    r"\b(?:we|i)[ \t]+(?:have[ \t]+)?(?:(?:fully|further|then|first|also)[ \t]+)?"
    r"(?:fine[ \t-]?tuned?|finetuned?)[ \t]+(?:the[ \t]+)?"
    rf"(?P<name>{_NAME})(?:[ \t]+model)?[ \t]+(?:on|with|using|for)\b",
    re.I,
)
_NOT_DONE = re.compile(r"(?:can|could|may|might|will|would|should)[ \t]+(?:also[ \t]+)?be[ \t]+$")
_RIVAL = re.compile(r"\b(?:compar\w*|baselines?|versus|vs\.?|instead|rather|unlike)\b", re.I)

# ---- an appositive headed by "model(s)"
_APPOSITIVE = re.compile(
    r"\b(?:these[ \t]+are|this[ \t]+is[ \t]+an?|it[ \t]+is[ \t]+an?)[ \t]+"
    rf"(?P<name>{_NAME})(?:[ \t]+(?P<sizes>[\d.]+(?:/[\d.]+)*[bBmM]))?[ \t]+models?,?[ \t]+"
    r"(?:fine[ \t-]?tuned|finetuned)\b",
    re.I,
)
_SIZED = re.compile(r"(?:^|[-_.])(?:\d+(?:\.\d+)?[bBmMkK]|v\d+(?:\.\d+)*|\d+(?:\.\d+)*)(?=$|[-_.])")
_COMPOUND = re.compile(r"[A-Za-z][A-Za-z0-9.]*(?:-[A-Za-z0-9.]+)+")
# Heads that name a design, a modality or a language: "a Transformer model fine-tuned …".
_GENERIC = frozenset(
    "transformer transformers encoder decoder encoder-decoder seq2seq diffusion cnn rnn "  # noqa: SIM905
    "lstm llm lm ai gpt text image vision speech audio english chinese japanese korean "
    "french german spanish arabic russian multilingual".split()
)
_NOT_MODEL_WORDS = frozenset(
    "ner qa squad sentiment classification summarization translation base large small "  # noqa: SIM905
    "medium tiny pretrained pre-trained fine-tuned finetuned language".split()
)


def tuned_name_claims(text: str, lower: str, model_id: str) -> list[tuple[int, ProseClaim]]:
    """Claims (with their positions) of the kinds above in a card's cleaned prose."""
    own = key(model_id.rsplit("/", 1)[-1])
    out: list[tuple[int, ProseClaim]] = []
    if "tune" in lower:
        # Each phrase lies within one line and holds "tune": only such lines are searched.
        if "used to" in lower:
            for m in line_matches(_USED_TO_TUNE, text, lower, "tune"):
                before = text[max(0, m.start() - 20) : m.start()].lower()
                if _start_name(m["name"], own) and not _NOT_DONE.search(before):
                    out.append((m.start("name"), _claim(m["name"], m[0])))
        if "we " in lower or "i " in lower:
            for m in line_matches(_WE_TUNED, text, lower, "tune"):
                if _start_name(m["name"], own) and not _RIVAL.search(_sentence(text, m)):
                    out.append((m.start("name"), _claim(m["name"], m[0])))
        if appositive_possible(text, lower):
            for m in line_matches(_APPOSITIVE, text, lower, "tune"):
                if _appositive_name(m["name"], bool(m["sizes"]), own):
                    out.append((m.start("name"), _claim(m["name"], m[0])))
    return out


# What every `_APPOSITIVE` match holds: "model" or "models", a comma perhaps, blanks, then
# "fine" ("fine-tuned", "fine tuned", "finetuned"); led by a literal, so found fast.
_APPOSITIVE_TAIL = re.compile(r"models?,?[ \t]+fine")


def appositive_possible(text: str, lower: str) -> bool:
    """Whether `_APPOSITIVE` may match in ``text`` (``lower`` is ``text.lower()``): for an
    ASCII text, only where ``lower`` holds `_APPOSITIVE_TAIL` (``re.I`` matches an ASCII
    text as its lower case does); any other text is searched."""
    return not text.isascii() or _APPOSITIVE_TAIL.search(lower) is not None


def _start_name(name: str, own: str) -> bool:
    """Whether a name after "trained on" or "fine-tune" names a model: a family, a family
    with its version, or a name with a digit and a hyphen or a dot ("Lark-2", "lark-7b-hf")."""
    if key(name) == own or _CLOSED_MODEL.fullmatch(name):
        return False
    return _bare_like(name) or _family_version(name) or name.casefold() in _FAMILIES


def _appositive_name(name: str, sized: bool, own: str) -> bool:
    """Whether the head of "These are NAME models" is a model's name: digits, a size, a
    version, or a hyphenated compound (not a task, a data set or a language)."""
    folded = name.casefold()
    if key(name) == own or folded in _NOT_MODEL_WORDS or _CLOSED_MODEL.fullmatch(name):
        return False
    if folded in _GENERIC:
        return False
    if _start_name(name, own) or sized or _SIZED.search(name):
        return True
    return (
        _COMPOUND.fullmatch(name) is not None
        and not _NOT_MODEL_WORDS.intersection(folded.split("-"))
        and folded.split("-")[0] not in _GENERIC
    )


def _sentence(text: str, m: re.Match[str]) -> str:
    """The sentence around a match (to the previous and the next full stop or line end)."""
    start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
    ends = [e for e in (text.find(". ", m.end()), text.find("\n", m.end())) if e >= 0]
    return text[start : min(ends) if ends else len(text)]


def _claim(name: str, snippet: str) -> ProseClaim:
    return ProseClaim(
        name, Relation.FINETUNE, Strength.WEAK, (MARK + " ".join(snippet.split()))[:_SNIPPET]
    )


def only_tuned_names(claims: list[ProseClaim]) -> bool:
    """Whether every claim is of this module's kinds (the card's rules may then add theirs)."""
    return all(c.snippet.startswith(MARK) for c in claims)


def yielding_to_others(claims: list[ProseClaim]) -> list[ProseClaim]:
    """``claims`` without this module's bare names when another claim names a parent.

    These kinds are the card's last word on its start: read only when no phrase named a
    parent, they also give way to a Hub id the card's shape or the scorer finds later.
    """
    if not any(c.snippet.startswith(MARK) for c in claims):
        return claims
    others = [c for c in claims if not c.snippet.startswith(MARK)]
    return others or claims

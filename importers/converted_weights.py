"""A card that says its weights are another model's, converted, and names that model only
as written in the card: "These are the converted weights of Lark-2-7B-chat in Hugging Face
format", "[wren-small](…) exported to the ONNX format", "This is the GGUF version of this
model" under a title that names it ("# Heron-13B-Tales").

Two shapes of one statement:

* the conversion's noun phrase and its object: "(the) converted / exported / quantized /
  GGUF / GPTQ / AWQ / EXL2 / ONNX / 4-bit (model) weights / files / version of / for X";
  "this model" as X stands for the name of the card's first heading;
* a line that opens with the model's name and says it was converted: "X converted /
  exported to (the) FORMAT (format)", "ORG's X models converted to ggml format" (X here may
  be one capitalised word: the repo's own name must go on from it, "x.cpp" for "X");
* the conversion as a noun: "a conversion (from torch to HF Transformers) for / of the X
  checkpoint";
* the library's port: "the `transformers` compatible `X`", "a transformers-compatible
  version of X", "the HF transformers implementation of X".

X is one name token with a model's shape (a digit or a hyphen, or a Hub link), kept as the
card spells it, and the repo's own name is X's with more after it (a suffix or a release:
"-hf", "-v3-GGUF"). Read only on a card that claims no parent otherwise (the card reader's last
resort), and only on lines holding "convert", "export", "version of", "files of",
"weights of", "weights for", "compatible" or "implementation". Not the card's own id, nor
a sentence that tells the reader how to convert something ("you can convert …", "to convert …"). Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.known_models import known_id
from importers.prose_claims import ProseClaim
from importers.prose_names import _legacy_root
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from importers.references import mentions
from lineage.core.ids import key
from lineage.core.records import Relation

RULE = "[converted-weights]"
_SNIPPET = 200
# Found in the text as written: the words without their first letter, which may be a capital.
_NEEDLES = (
    "onvert",
    "onversion",
    "xport",
    "ersion of",
    "iles of",
    "eights of",
    "eights for",
    "ompatible",
    "mplementation",
)
_FORMAT = r"(?:gguf|ggml|gptq|awq|exl2|onnx|mlx|hf|hugging[ \t]?face|transformers|safetensors|fp16|[48]-?bit|quantized)"
_LINK = r"\[(?P<text>[^\]\n]{1,80})\]\((?P<url>[^)\s]+)\)"
_TOKEN = r"(?P<name>[A-Za-z][\w.+]*(?:-[\w.+]+)+|[A-Za-z]+[\w.+]*\d[\w.+]*)"
_NAME = rf"(?:{_LINK}|`?{_TOKEN}`?|(?P<this>this[ \t]+model))"
_OF = re.compile(
    rf"\b(?:the[ \t]+)?(?:converted|exported|{_FORMAT})[ \t]+(?:model[ \t]+)?"
    rf"(?:weights|files|checkpoints?|version)[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?{_NAME}",
    re.I,
)
_OPENS = re.compile(
    rf"[ \t]*(?:#{{1,6}}[ \t]*)?(?:[A-Z][\w-]*'s[ \t]+)?(?:\*\*)?(?:{_NAME}|(?P<word>[A-Z][a-z]+))"
    r"(?:\*\*)?(?:[ \t]+(?:models?|weights|checkpoints?))?"
    rf"[ \t]+(?:(?:has[ \t]+been|was|is|are|were)[ \t]+)?"
    rf"(?:converted|exported)[ \t]+(?:in)?to[ \t]+(?:the[ \t]+)?{_FORMAT}\b",
    re.I,
)
# "a conversion (from torch to HF Transformers) for / of the X checkpoint".
_CONVERSION = re.compile(
    r"\b(?:a|the)[ \t]+conversion[ \t]+(?:from[ \t]+[\w.-]+[ \t]+)?"
    r"(?:(?:in)?to[ \t]+(?:[\w.-]+[ \t]+){1,3}?)?(?:for|of)[ \t]+(?:the[ \t]+)?"
    rf"{_NAME}",
    re.I,
)
# "the `transformers` compatible `X`", "a transformers-compatible version of X", "the HF
# transformers implementation of X": the library's own port of another checkpoint (the
# library's name as written, "transfromers" too).
_COMPATIBLE = re.compile(
    r"(?<!\w)(?:(?:hf|hugging[ \t]?face(?:['’]s)?)[ \t]+)?`?transf[a-z]{2,5}ers`?[ \t-]+"
    r"(?:compatible|implementation|port)(?:[ \t]+(?:version|weights|checkpoints?))?"
    rf"(?:[ \t]+of)?[ \t]+(?:the[ \t]+)?{_NAME}",
    re.I,
)
_HOW_TO = re.compile(
    r"\b(?:you|to|can|how|we[ \t]+will|script)\b[^.\n]{0,30}\b(?:convert|export)", re.I
)
_LEGACY_PAGE = re.compile(r"(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/(?P<name>[\w.-]+)/?")
_HEADING = re.compile(r"^#{1,3}[ \t]+(?P<title>[A-Za-z][\w.+-]*)[ \t]*$", re.M)


def converted_weights_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The model the card says its weights were converted from (see the module)."""
    if not may_hold_needle(body):  # most cards: six whole-text searches spared
        return []
    lines = sorted({span for n in _NEEDLES for span in lines_holding(body, n)})
    if not lines:
        return []
    own = key(model_id.rsplit("/", 1)[-1])
    for start, end in lines:
        line = body[start:end]
        if _HOW_TO.search(line):
            continue
        m = (
            _OPENS.match(line)
            or _OF.search(line)
            or _CONVERSION.search(line)
            or _COMPATIBLE.search(line)
        )
        if m is None:
            continue
        parent = _named(m, body)
        if parent is None:
            continue
        name = key(parent.rsplit("/", 1)[-1])
        # "[x-small](huggingface.co/x-small) exported to ONNX" on ORG/x-small: a Hub repo of
        # the same name elsewhere, linked, is the copy's source (not the card's own id).
        linked_copy = bool(m["url"]) and name == own and key(parent) != key(model_id)
        if not (linked_copy or _named_after(own, name)):
            continue
        snippet = f"{RULE} {' '.join(m[0].split())}"[:_SNIPPET]
        return [ProseClaim(parent, Relation.QUANTIZED, Strength.STRONG, snippet, conversion=True)]
    return []


# The needles after "onvert" and "xport" are a word, then " of" or " for": their few
# occurrences of " of" and " for" are looked at instead of four searches of the whole text.
_TAILS = ((" of", ("ersion", "iles", "eights")), (" for", ("eights",)))


def may_hold_needle(body: str) -> bool:
    """Whether one of `_NEEDLES` may occur in ``body`` (True whenever one does)."""
    if "onvert" in body or "onversion" in body or "xport" in body:
        return True
    if "ompatible" in body or "mplementation" in body:
        return True
    for word, heads in _TAILS:
        at = body.find(word)
        while at >= 0:
            if body.endswith(heads, 0, at):
                return True
            at = body.find(word, at + 1)
    return False


def _named_after(own: str, name: str) -> bool:
    """Whether the repo's name is ``name`` with more after it ("x-7b-hf", "x-13b-v3-gguf"
    for "x-7b", "x-13b"): a copy says what it copies; a card that speaks of its own name or
    of an unrelated model is no conversion of it."""
    return len(own) > len(name) and own.startswith(name) and not own[len(name)].isalnum()


def _named(m: re.Match[str], body: str) -> str | None:
    """The model the match names: a link's Hub id, a name token, or the title's name."""
    if m["url"]:
        refs = mentions(m["url"])
        if refs:
            return refs[0].model_id
        legacy = _LEGACY_PAGE.fullmatch(m["url"])
        if legacy and _legacy_root(legacy["name"]):
            # "huggingface.co/t5-small": a legacy repo without an org (its Hub id today, so
            # that no later pass takes the card's own ORG/t5-small for it).
            return known_id(legacy["name"]) or legacy["name"]
        text = m["text"].strip("*_` ")
        return text if re.fullmatch(_TOKEN, text) else None
    if m["name"]:
        return m["name"].rstrip(".")
    if m.groupdict().get("word"):
        return m["word"]  # (a plain word: the repo's own name must go on from it)
    title = _HEADING.search(body)
    return title["title"] if title else None

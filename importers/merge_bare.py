"""Merge inputs named without an org, in two kinds of statement the phrase readers leave:

* `bare_merge_list_claims`: the list of names right after "merge of" / "merge, of" /
  "merge between", whatever words stand before the noun ("a weight merge of GoodOne and
  Kite-V2.0", "# Experts merge, of Ash, OpenWren, Birch, and Finch-LM", "a triple model
  merge of Wren Plus+CoQ+Tales"): two names at least, joined by commas, "and", "&" or
  "+", the list ending its sentence or line or a clause (", and a block merge of …").
* `plus_recipe_claims`: a line that is a recipe of names joined by plus signs, on a card
  that speaks of merging ("OakMix(no system prompt) + Larkmaid 13b 0.2",
  "(ash-13b+(Wren Plus+CoQ))").

Every name must be written as a name (a capital, a digit, or a model-like shape) and one
of them at least as a model's name (a size or version, a capital inside a word:
"OpenWren", a cased hyphenated name): "a merge of style and speed", "Ctrl + C",
"SFT + DPO", "DreamBooth + Merge Block Weights" (steps of a making) name no models. Not in
a sentence that likens, compares or thanks, not in code blocks, not the card's own name. Names are kept as written (the shared convention
for names the card gives no Hub id; `importers.card` lets an id the card writes stand in).
Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.prose_bare import named_bare
from importers.prose_claims import ProseClaim
from importers.prose_names import (
    _CLOSED_MODEL,
    _FAMILIES,
    _family_version,
    _model_like,
    name_tokens,
    name_words,
)
from importers.prose_phrases import Strength
from importers.references import code_spans
from lineage.core.ids import key
from lineage.core.records import Relation

BARE_MERGE_LIST = "[merge-bare-list]"
PLUS_RECIPE = "[plus-recipe]"
_SNIPPET = 200

# One name: a word, then up to two more words that start with a capital or a digit
# ("Wren Plus", "Larkmaid 13b 0.2").
# A lower-case first word only with a digit or a hyphen in it ("ash-13b"): not a word of the
# sentence going on after the list ("…, resulting in").
_NAME = r"(?:[A-Z][\w.-]*|[a-z][\w.]*[\d-][\w.-]*)(?:[ \t]+(?:[A-Z][\w.-]*|\d[\w.]*)){0,2}"
# (Each blank run has one place to go: a list of twenty names must not be split 2**20 ways.)
_SEP = r"[ \t]*(?:,(?:[ \t]*(?:and\b|&))?|\+|&|\band\b)[ \t]*"
# Where the list ends: its sentence or line, or a clause after it.
_LIST_END = (
    r"(?=[ \t]*(?:[.;!?](?:\s|$)|\n|$|,[ \t]+(?:and|then|with|which|using|resulting|to|for|"
    r"while|but|each|both)\b|[ \t]+(?:using|with|via|to|for|at|in|into|on)\b|[ \t]*\())"
)
_MERGE_LIST = re.compile(
    rf"\b(?i:merge),?[ \t]+(?i:of|between)[ \t]+(?:the[ \t]+(?:models[ \t]+)?)?"
    rf"(?P<items>{_NAME}(?:{_SEP}{_NAME})+){_LIST_END}"
)
# "… merged with Ash, Oak-2 and f111.": a list of names (two at least) after "merged with".
_MERGED_WITH_LIST = re.compile(
    rf"\b(?i:merged)[ \t]+with[ \t]+(?P<items>{_NAME}(?:{_SEP}{_NAME})+){_LIST_END}"
)
# "…, merged models: oakmix, larkmaid, wren beta": a label in a line, then the names as the
# author writes them (lower case too) to the line's end. A label alone on its line heads a
# list under it (`importers.merge_lists`).
_LABEL_LINE = re.compile(
    r"\b(?i:merged[ \t]+models|models[ \t]+(?:used|merged))[ \t]*:[ \t]*(?P<items>[^\n]*)"
)
_LABEL_NAME = re.compile(r"[A-Za-z0-9][\w.+-]*(?:[ \t]+[A-Za-z0-9][\w.+-]*){0,2}")
_LABEL_SEP = re.compile(r"[ \t]*(?:,[ \t]*(?:and[ \t]+)?|[ \t]and[ \t])[ \t]*")
# (Up to its first plus sign the line is read once: a long line without a recipe's end
# must not be tried at every plus sign again.)
_PLUS_LINE = re.compile(
    r"^[ \t]*(?:[*+-][ \t]+)?(?P<items>\(*[A-Za-z][^\n=+]*\+[^\n=]*?)[ \t]*"
    r"(?:\.[ \t]+[^\n]*)?$",
    re.M,
)
# A plus recipe's part: a name, a note in brackets after it, weights or shares after it.
_PART = re.compile(rf"^[ \t(]*(?P<name>{_NAME})[ \t]*(?:\([^()\n]*\))?[ \t)]*(?:[\d.%/ \t]*)?$")
_SPLIT = re.compile(_SEP)
_PLUS = re.compile(r"[ \t]*\+[ \t]*")
# Words a list of names may not hold, and sentences that name no inputs.
_NOT_NAMES = frozenset(
    """the this that these those a an its it our my your their several some many other others
    more most all both each few various different two three four models model weights lora
    loras layers experts version versions""".split()  # noqa: SIM905
)
_NOT_INPUTS = re.compile(
    r"inspired|\blike\b|similar|unlike|compar|\bthan\b|\bvs\.?|versus|thank|credit|kudos|"
    r"quantiz|\bgguf\b|\bq[2-8]_|instead|rather|not[ \t]+a\b|isn'?t|no[ \t]+longer",
    re.I,
)
# Method and format acronyms that a plus sign joins in a training recipe ("SFT + DPO"), and
# the techniques of an image model's recipe ("DreamBooth + Merge Block Weights + Merge LoRA":
# how it was made, not what went in; a name that starts with a verb of the recipe is a step).
_METHODS = frozenset(
    """sft dpo orpo kto ppo rlhf lora qlora dora peft gguf gptq awq fp16 bf16 ctrl alt shift
    cmd gpu cpu dreambooth hypernetwork hypernetworks textual lycoris locon loha lokr mbw
    merge merged merging finetune finetuned finetuning fine-tune fine-tuned fine-tuning train
    trained training""".split()  # noqa: SIM905
)
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")
_DIGIT = re.compile(r"\d")  # a lower-case word with a digit is a checkpoint's name ("f111")
# A package's version with a build tag after a plus sign ("torch 2.1.0+cu118", "1.13+cpu",
# "+rocm5.6"), as a card's "Framework versions" list writes it: no recipe of models.
_BUILD_TAG = re.compile(r"\d\.\d[\w.]{0,24}\+(?:cu\d|cpu\b|rocm|xpu\b|git|g[0-9a-f]{7})")
_SENTENCE_START = re.compile(r"[.!?](?:\s|$)|\n")


def bare_merge_list_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The names listed after "merge of" (see the module's docstring)."""
    lower = body.lower()
    patterns = []
    if "erge of" in lower or "erge, of" in lower or "erge between" in lower:
        patterns.append(_MERGE_LIST)
    if "erged with" in lower:
        patterns.append(_MERGED_WITH_LIST)
    labelled = "models:" in lower or "models used:" in lower or "models merged:" in lower
    if not patterns and not labelled:
        return []  # most cards: no pattern is run
    own = _own_keys(model_id)
    spans = code_spans(body)
    found: dict[str, ProseClaim] = {}
    if labelled:
        _labelled_names(body, spans, own, found)
    for m in (m for pattern in patterns for m in pattern.finditer(body)):
        if any(a <= m.start() < b for a, b in spans):
            continue
        start = _sentence_start(body, m.start())
        if _NOT_INPUTS.search(body, start, m.start() + 1):
            continue
        names = [" ".join(n.split()).rstrip(".-") for n in _SPLIT.split(m["items"]) if n.strip()]
        if not _a_list_of_models(names):
            continue
        snippet = f"{BARE_MERGE_LIST} {' '.join(body[start : m.end()].split())}"[:_SNIPPET]
        _add(found, names, own, snippet, _linked_words(body))
    return list(found.values())


def _labelled_names(
    body: str, spans: list[tuple[int, int]], own: set[str], found: dict[str, ProseClaim]
) -> None:
    """The names after a "merged models:" / "models used:" label in a line (two at least),
    as the author writes them: the label says they are models, whatever their case."""
    for m in _LABEL_LINE.finditer(body):
        if any(a <= m.start() < b for a, b in spans):
            continue
        start = _sentence_start(body, m.start())
        if _NOT_INPUTS.search(body, start, m.end()):
            continue
        names = [n.rstrip("-") for n in _LABEL_SEP.split(m["items"].strip().rstrip(". \t"))]
        if len(names) < 2 or any(
            _LABEL_NAME.fullmatch(n) is None
            or n.split()[0].casefold() in _NOT_NAMES
            or n.split()[0].casefold() in _METHODS
            or _CLOSED_MODEL.match(n)
            for n in names
        ):
            continue
        line_start = body.rfind("\n", 0, m.start()) + 1
        line = body[line_start : m.end()]
        snippet = f"{BARE_MERGE_LIST} {' '.join(line.split())}"[:_SNIPPET]
        _add(found, names, own, snippet, _linked_words(body))


def plus_recipe_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The names of a recipe line joined by plus signs (see the module's docstring)."""
    if "+" not in body or "erge" not in body:
        return []
    own = _own_keys(model_id)
    spans = code_spans(body)
    found: dict[str, ProseClaim] = {}
    for m in _PLUS_LINE.finditer(body):
        if any(a <= m.start() < b for a, b in spans) or _NOT_INPUTS.search(m[0]):
            continue
        if _BUILD_TAG.search(m[0]):
            continue  # a package's version and build ("1.10.0+cu113"), not names of models
        names: list[str] = []
        for part in _PLUS.split(m["items"]):
            p = _PART.match(part)
            if p is None or not p["name"]:
                names = []
                break
            names.append(" ".join(p["name"].split()))
        if len(names) < 2 or not _a_list_of_models(names):
            continue
        snippet = f"{PLUS_RECIPE} {' '.join(m[0].split())}"[:_SNIPPET]
        _add(found, names, own, snippet, _linked_words(body))
    return list(found.values())


def _a_list_of_models(names: list[str]) -> bool:
    """Every name written as a name, one of them at least as a model's name."""
    if len(names) < 2:
        return False
    for n in names:
        first = n.split()[0]
        if (
            first.casefold() in _NOT_NAMES
            or first.casefold() in _METHODS
            or _CLOSED_MODEL.match(n)
            or not (
                first[0].isupper()
                or first[0].isdigit()
                or _model_like(first)
                or _DIGIT.search(first) is not None
            )
        ):
            return False
    return any(_model_name(n) for n in names) or _one_family(names)


def _one_family(names: list[str]) -> bool:
    """Names that are variants of one family written as an acronym ("SDXL Turbo & SDXL
    DPO"): the same capitals first, a word after them in each."""
    first = names[0].split()[0]
    return (
        len(first) >= 2
        and first.isupper()
        and first.isalpha()
        and all(len(n.split()) > 1 and n.split()[0] == first for n in names)
    )


def _model_name(name: str) -> bool:
    """A name with a model's shape: a size or version, a capital inside a word, an
    acronym's capitals in a hyphenated name."""
    first = name.split()[0]
    return (
        _model_like(first)
        or _model_like(name.replace(" ", "-"))
        or _family_version(first)
        or named_bare(first)
        or _INNER_CAPITAL.search(first) is not None
    )


def _add(
    found: dict[str, ProseClaim], names: list[str], own: set[str], snippet: str, linked: set[str]
) -> None:
    for name in names:
        name = name.rstrip(".-")
        k = key(name)
        if k in own or k in found:
            continue
        if any(w in linked for w in name_words(name) if len(w) > 3 and w not in _FAMILIES):
            # "a merge of Wren + Oak" with "[Oak QLoRA](…/someone/llama-2-oak-qlora)" in the
            # card's list: the name is the linked model's, as the author calls it.
            continue
        found[k] = ProseClaim(name, Relation.MERGE, Strength.STRONG, snippet)


# A Hub model page the card writes (a link's target, a URL, or ORG/NAME); not a file in a
# repo ("…/ORG/X/resolve/main/cover.png": a picture hosted there).
_HUB_ID = re.compile(
    r"(?:(?<=huggingface\.co/)|(?<=hf\.co/)|(?<![\w./-]))(?!datasets/|spaces/)"
    r"[A-Za-z0-9][\w-]*/(?P<name>[A-Za-z0-9][\w.-]*)(?![\w.-])(?!/(?:resolve|raw|blob)/)"
)


def _linked_words(body: str) -> set[str]:
    """The tokens of the names of the Hub models the card writes."""
    words: set[str] = set()
    for m in _HUB_ID.finditer(body):
        words.update(name_tokens(m["name"]))
    return words


def _own_keys(model_id: str) -> set[str]:
    name = model_id.rsplit("/", 1)[-1]
    return {key(model_id), key(name)}


def _sentence_start(body: str, at: int) -> int:
    starts = [m.end() for m in _SENTENCE_START.finditer(body, max(0, at - 300), at)]
    return starts[-1] if starts else max(0, at - 300)

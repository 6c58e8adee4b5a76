"""The words around a lineage phrase: denied, compared, said of another model, relation named."""

from __future__ import annotations

import re

from importers.prose_names import _HF_URL, _model_like, name_tokens
from importers.prose_phrases import (
    FT_ADJ,
    INTERPRETIVE,
    NAMES,
    QUANT_WORDS,
    SENTENCE_END,
    WORDS_ADAPTER,
    WORDS_DISTILL,
    WORDS_MERGE,
    WORDS_QUANT,
)
from lineage.core.ids import key
from lineage.core.records import Relation

# "[A](…) by its author (and friends)" between the inputs of a merge list.
_BY_AUTHOR = re.compile(r"[ \t]+by[ \t]+[\w.-]+(?:[ \t]+\([^)\n]{0,80}\))?")

_HTML_BREAK_BEFORE = re.compile(r"<br[ \t]*/?>\Z", re.I)


# "A Llamafied version of X": the same weights renamed to another architecture's layout
# (a repack, typed as a conversion).
# Also a version in another precision or with a half of the network kept ("a half-precision
# version of X", "an encoder-only version of X"): X's own weights, cast or cut, no training.
_REPACK_WORDS = frozenset(
    {
        "llamafied",
        "llama-fied",
        "llamafy",
        "mistralified",
        "mistralfied",
        "half-precision",
        "fp16",
        "bf16",
        "float16",
        "bfloat16",
        "encoder-only",
    }
)


def _classify_version(adjectives: list[str]) -> tuple[Relation | None, bool, bool]:
    """(relation, inferred, conversion) for "<adjectives> version of"."""
    words = {w.strip(".,()*_`").casefold() for w in adjectives}
    if words & QUANT_WORDS or {"core", "ml"} <= words:  # "a Core ML version of X"
        return Relation.QUANTIZED, False, True
    if words & _REPACK_WORDS:
        return Relation.QUANTIZED, False, True
    if any(w.startswith("distil") for w in words):
        return Relation.DISTILLATION, False, False
    if words & {"lora", "qlora", "adapter", "peft"}:
        return Relation.ADAPTER, False, False
    if "merged" in words:
        return Relation.MERGE, False, False
    if words & FT_ADJ:
        return Relation.FINETUNE, bool(words & INTERPRETIVE), False
    return None, False, False


def _sentence_relation(text: str, start: int, end: int) -> Relation | None:
    """The relation the words around a reference name, if any."""
    left = start
    for m in SENTENCE_END.finditer(text, max(0, start - 300), start):
        # (A line break right before the reference ends no sentence: "Base model:\n<url>";
        # only the window's end made it look like one.)
        if m.end() < start or text[m.start()] != "\n":
            left = m.end()
    if left == start:
        left = max(0, start - 300)
    right_m = SENTENCE_END.search(text, end, end + 300)
    right = right_m.start() if right_m else min(len(text), end + 300)
    sentence = NAMES.sub(" ", text[left:start] + " " + text[end:right])
    if WORDS_ADAPTER.search(sentence):
        return Relation.ADAPTER
    if WORDS_QUANT.search(sentence):
        return Relation.QUANTIZED
    if WORDS_DISTILL.search(sentence):
        return Relation.DISTILLATION
    if WORDS_MERGE.search(sentence):
        return Relation.MERGE
    return None


# "… outperforms a fine-tuned X", "better than models based on X": a rival, not a parent.
_COMPARING = frozenset(
    [
        "than",
        "versus",
        "vs",
        "vs.",
        "against",
        "beat",
        "beats",
        "outperform",
        "outperforms",
        "outperformed",
        "compared",
    ]
)
_FILLER = frozenset(["a", "an", "the", "other", "all", "model", "models", "to", "with"])


def _compared(text: str, start: int) -> bool:
    """Whether the words just before a phrase compare ("outperforms a", "than models")."""
    for word in reversed(text[max(0, start - 32) : start].lower().split()):
        if word not in _FILLER:
            return word in _COMPARING
    return False


# "Below results are from the quantized version of X", "scores measured with a GGUF version of
# X": the version ran an evaluation; the sentence says nothing of how this model was made.
_RESULTS_FROM = re.compile(
    r"\b(?:results?|scores?|numbers|figures|metrics|outputs?|responses|answers|examples|samples"
    r"|generations|evaluat(?:ed|ions?)|benchmark(?:ed|s)?|tested|measured)\b"
    r"[^.!?:\n]{0,40}?\b(?:from|with|using|by|on|via)\s+(?:the\s+|an?\s+)?"
    r"(?:[\w.-]+\s+){0,3}\Z",
    re.I,
)


def _results_of(text: str, start: int) -> bool:
    """Whether a "<adjectives> version of" phrase at ``start`` says which model produced a set
    of results ("results are from the quantized version of X"), not what this one is."""
    left = max(0, start - 90)
    window = text[left:start]
    if window.isascii() and not any(w in window.lower() for w in _RESULTS_STEMS):
        return False  # most phrases: none of the words (an ASCII text lower-cases exactly)
    return _RESULTS_FROM.search(text, left, start) is not None


# Each word `_RESULTS_FROM` starts with holds one of these.
_RESULTS_STEMS = (
    "result", "score", "number", "figure", "metric", "output", "response", "answer", "example",
    "sample", "generation", "evaluat", "benchmark", "tested", "measured",
)  # fmt: skip


_NEGATION = re.compile(r"\b(?:not|never|neither|nor)\b|n't\b|\bno\s+longer\b", re.I)


def _built_on(first: str, second: str) -> bool:
    """Whether reference ``first`` names a model built on ``second`` (its name's first two
    tokens, family and size, recur in ``first``'s name): "e5-mistral-7b" on "Mistral-7B"."""
    tail = _REF_NAME.findall(second)
    head = _REF_NAME.findall(first)
    if not tail or not head:
        return False
    theirs = name_tokens(tail[-1])
    mine = set(name_tokens(head[-1]))
    return len(theirs) >= 2 and theirs[0] in mine and theirs[1] in mine


_REF_NAME = re.compile(r"[A-Za-z0-9][\w.-]*")


# "…, which is based on Y", "(itself a fine-tune of Y)": the clause speaks of the model
# named just before it.
_WHICH_BEFORE = re.compile(
    r"(?P<pre>\S+)[ \t]*(?:,[ \t]*which|\([ \t]*(?:which|itself))\b[^.!?\n()\[\]]{0,60}\Z", re.I
)


# A markdown link that ends where a phrase starts ("[X](…) based on"): `_after_link`.
_LINK_BEFORE = re.compile(r"\[(?P<text>[^\[\]\n]{1,200})\]\((?P<url>[^()\s]*)\)[ \t]*,?[ \t]*\Z")


def _of_another(text: str, start: int, own_name: str) -> bool:
    """Whether a phrase sits in a relative clause about another model ("X, which is based on
    Y": Y is X's parent, a grand-parent of this one)."""
    left = max(0, start - 80)
    if text.find("which", left, start) < 0 and text.find("itself", left, start) < 0:
        return False  # the usual case, told without a pattern tried at every position
    which = _WHICH_BEFORE.search(text, left, start)
    if which is None:
        return False
    pre = which["pre"].strip("*_`,")
    if pre.endswith(")") or "/" in pre:
        return True
    if not _model_like(pre.rstrip(".-")):
        return False
    # "We release THIS-8B, which is built upon …": the card's own model.
    tokens, own = name_tokens(pre.rstrip(".-")), name_tokens(own_name)
    return tokens != own[: len(tokens)]


def _after_link(text: str, start: int, own_name: str) -> bool:
    """Whether a link to a model other than the card's own ends just before ``start``:
    "built on [X](…) based on [Y](…)" says Y is X's base, a grand-parent of this one."""
    end = start
    while end > 0 and text[end - 1] in " \t,":
        end -= 1
    if text[end - 1 : end] != ")":
        return False  # the usual case, told without a pattern
    link = _LINK_BEFORE.search(text[max(0, start - 300) : start])
    if link is None:
        return False
    url, label = link["url"], link["text"].strip("*_` ")
    if _HF_URL.match(url):
        name = url.rstrip("/").rsplit("/", 1)[-1]
    elif _model_like(label):
        name = label
    else:
        return False  # "[the paper](…) based on …": no model named
    return key(name) != own_name


_ADAPTER_TOKEN = re.compile(r"(?:^|[-_./])(?:q?lora|adapter)(?=$|[-_./])", re.I)


def _adapter_named(model_id: str) -> bool:
    """Whether a model id's repo name has a "lora"/"qlora"/"adapter" token."""
    return _ADAPTER_TOKEN.search(model_id.rsplit("/", 1)[-1]) is not None


_ITEM_MARKS = ("-", "*", "+")
_ITEM_NAME = re.compile(r"[A-Za-z0-9][\w.-]*(?:/[A-Za-z0-9][\w.-]*)?")


def _under_another_item(text: str, start: int, own_name: str) -> bool:
    """Whether ``start`` is in a nested list item under an item that is another model's name:
    a family's details list ("- X-Base / - Fine-tuned from: Y", "- X-Chat / - Fine-tuned
    from: X-Base") speaks of each member in turn."""
    line = text.rfind("\n", 0, start) + 1
    row = text[line:start]
    body = row.lstrip(" \t")
    indent = len(row) - len(body)
    if not indent or not body.startswith(_ITEM_MARKS):
        return False  # the usual case: no nested list item
    pos = line
    for _ in range(8):  # the item's head is a few lines up, past its other details
        if pos == 0:
            return False
        head = text.rfind("\n", 0, pos - 1) + 1
        row = text[head : pos - 1]
        body = row.lstrip(" \t")
        if len(row) - len(body) < indent:
            if not body.startswith(_ITEM_MARKS):
                return False
            name = body[1:].strip().strip("*_`:")
            if not _ITEM_NAME.fullmatch(name):
                return False  # "Model: [this](…)", "Details": no member named alone
            name = name.rsplit("/", 1)[-1]
            return _model_like(name) and key(name) != own_name
        pos = head
    return False


# A list item or table row that opens with another model's link or id: "* [X-7b](…), a 7B
# model based on Y" (a family's list), "| [X-7b](…) | … based on Y |" (its table).
_ROW_HEAD = re.compile(
    r"[ \t]*(?:[-*+]|\|)[ \t]*(?:\*\*)?(?:\[(?P<text>[^\]\n]{1,120})\]\((?P<url>[^)\s]*)\)|"
    r"`(?P<code>[^`\n]{1,120})`)"
)
# "<sup>1</sup> For RTE we fine-tune the tasks based on X": a footnote on other runs.
_FOOTNOTE = re.compile(r"[ \t]*(?:[-*+][ \t]*)?(?:<sup>|\[\^|\^\d|[¹²³⁴⁵⁶⁷⁸⁹])")
# "a dense retriever based on X", "a tokenizer based on X": another part of the system.
_OTHER_PART_BEFORE = re.compile(
    r"\b(?:retriever|tokeni[sz]er|baseline|judge|evaluator|index|pipeline)s?[ \t]*\Z", re.I
)


def _of_a_listed_other(text: str, start: int, own_name: str) -> bool:
    """Whether the phrase at ``start`` speaks of another model: it sits in a list item or
    table row that opens with that model's name, or in a footnote, or after another part of
    the system ("a retriever based on X")."""
    line = text.rfind("\n", 0, start) + 1
    if _OTHER_PART_BEFORE.search(text, max(line, start - 40), start):
        return True
    if _FOOTNOTE.match(text, line):
        return True
    head = _ROW_HEAD.match(text, line, start)
    if head is None:
        return False
    name = (head["code"] or head["url"] or head["text"] or "").strip().rstrip("/")
    name = name.rsplit("/", 1)[-1]
    return _model_like(name) and key(name) != own_name and key(name) not in own_name


# "* X-7B-instruct: Further trained from X-7B-mono …": a family's release list, one member
# a line, its name (bold marks already cleaned away), then a colon and its story.
_NAMED_ITEM = re.compile(
    r"[ \t]*[-*+][ \t]+(?P<name>[A-Za-z][\w.-]*\d[\w.-]*)[ \t]*(?P<note>\([^()\n]{0,40}\))?"
    r"[ \t]*:[ \t]"
)
_OWN_NOTE = re.compile(r"this|ours|here|current", re.I)
_SQUASH = re.compile(r"[\W_]+")


def _of_a_sibling_item(text: str, start: int, own_name: str) -> bool:
    """Whether the phrase at ``start`` tells another member's story in a release list
    ("* X-7B-instruct: Further trained from X-7B-mono" on the card of X-7B-multi).

    The item's name must have a word of three letters and a number, and not be this card's
    own name (written with other separators, or marked "(this repo)").
    """
    line = text.rfind("\n", 0, start) + 1
    head = _NAMED_ITEM.match(text, line, start)
    if head is None:
        return False  # most phrases: not in a "* Name: …" item
    name = head["name"].rstrip(".-")
    if not re.search(r"[A-Za-z]{3}", name) or (head["note"] and _OWN_NOTE.search(head["note"])):
        return False
    mine, theirs = _SQUASH.sub("", own_name.casefold()), _SQUASH.sub("", name.casefold())
    return bool(theirs) and theirs not in mine and mine not in theirs


def _last_word(text: str, end: int) -> tuple[int, str]:
    """(start, lower-cased word) of the word ending at ``end`` (after blanks are cut)."""
    low = max(0, end - 16)  # the glue words are short; a longer word is cut, no matter
    cut = max(text.rfind(" ", low, end), text.rfind("\t", low, end), low - 1)
    return cut + 1, text[cut + 1 : end].lower()


def _blank_back(text: str, pos: int) -> int:
    """``pos`` moved back over the blanks just before it."""
    while pos > 0 and text[pos - 1] in " \t":
        pos -= 1
    return pos


def _before_glue(text: str, end: int) -> int | None:
    """Where "[model] [that has been|which was] [further] " before ``end`` starts.

    Plain string steps, no pattern searched over the text: the words are few and fixed.
    """
    pos = _blank_back(text, end)
    if text.endswith(">", 0, pos) and (br := _HTML_BREAK_BEFORE.search(text, max(0, pos - 8), pos)):
        pos = _blank_back(text, br.start())  # "… chat model <br />fine-tuned on …"
    if pos == end:
        return None  # no blank between the name and the verb
    start, word = _last_word(text, pos)
    if word == "further":
        pos = _blank_back(text, start)
        start, word = _last_word(text, pos)
    if word in ("been", "was", "is"):
        if word == "been":
            start, word = _last_word(text, _blank_back(text, start))
            if word != "has":
                return None
        start, word = _last_word(text, _blank_back(text, start))
        if word not in ("that", "which"):
            return None
        pos = _blank_back(text, start)
        start, word = _last_word(text, pos)
    if word == "model":
        pos = _blank_back(text, start)
        start, word = _last_word(text, pos)
        if word in ("chat", "instruct"):
            start, word = _last_word(text, _blank_back(text, start))
        if word == "based":
            # "a Lark2 based chat model fine-tuned on …": the name before "based".
            pos = _blank_back(text, start)
    return pos


def _heading_before(text: str, line: int) -> bool:
    """Whether a markdown heading opens a line before the line starting at ``line``."""
    before = text[:line]
    return before.lstrip().startswith("#") or _LATER_HEADING.search(before) is not None


_LATER_HEADING = re.compile(r"\n[ \t]*#")


def _after_author(text: str, pos: int) -> int:
    by = _BY_AUTHOR.match(text, pos)
    return by.end() if by else pos


def _negated(text: str, start: int) -> bool:
    """Whether the few words before a phrase deny it ("this is not a fine-tune of X")."""
    return _NEGATION.search(text, max(0, start - 24), start) is not None

"""A parent's role stated in a sentence the phrase reader does not read: a distillation's
teacher, an adapter's base, a conversion's source, the repos a mirror re-hosts.

A card whose prose holds none of the phrase needles a shape needs ("distil", "teacher",
"lora", "adapter", "quant", "conver", "export", "original", "mirror": the prose scan's
`ProseFindings.needles`) is not searched (most cards); else each shape is read only on the
lines holding its words, each pattern only on a line holding a word it needs:

* the teacher, relation ``distillation``: "a student (model) of X", "distil X into …",
  "the knowledge of X was distilled", "we / by distilling X on / into / with …",
  "with X as (the) teacher", "X was used / served as the teacher";
* the adapter's base, relation ``adapter``: "(a) LoRA (adapter / weights) for / of X",
  "this LoRA / adapter was trained on top of X", "a LoRA on X", "the base (model) of this
  LoRA is X", "apply / load this LoRA to / on X", "the adapter must be loaded on top of X";
* the conversion's source, relation ``quantized``: "quantized / converted / exported (with T)
  from X", "this is X in (the) GGUF format", "(this repo contains) X, quantized / converted
  to / with …", "the original model is X" (not in a sentence that compares);
* "the files are mirrored …" (a line holding "mirrored" and what is mirrored: files,
  weights, models) and the download URLs of Hub repos' files
  (``huggingface.co/ORG/NAME/resolve/…``) in the card: each repo whose files the card
  re-hosts, relation ``quantized``.

``X`` is a Hub id ``ORG/NAME``, a Hub link, or a name with a model's shape (a letter and a
digit: "Lark-2-7B", "wren3"; not "text-to-image", "a large model", nor a format or precision:
"fp16", "int8"), kept as written. Not the card's own id, a dataset or Space link, nor a name
followed by what it made ("X outputs", "X's responses", "X dataset") or a comparison; not
in code. Pure: text in, claims out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from importers.prose import MAX_PROSE_CHARS
from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from importers.references import code_spans
from lineage.core.ids import key, parse_reference
from lineage.core.records import Relation

RULE = "[stated-role]"
_SNIPPET = 200

_LINK = r"\[(?P<text>[^\]\n]{1,80})\]\((?P<url>[^)\s]+)\)"
# An id, a Hub URL, or a name token with a letter and a digit (the rest checked in `_parent`).
_TOKEN = r"(?P<name>(?:https?://)?[A-Za-z][\w.+/:-]*[\w+])"
_NAME = rf"(?:{_LINK}|[`*_]*{_TOKEN}[`*_]*)"
_THE = r"(?:the[ \t]+|a[ \t]+|an[ \t]+)?"

_STUDENT = re.compile(rf"\bstudent(?:[ \t]+model)?[ \t]+of[ \t]+{_THE}{_NAME}", re.I)
_DISTIL_INTO = re.compile(
    rf"\bdistill?(?:s|ed|ing)?[ \t]+{_THE}(?:knowledge[ \t]+of[ \t]+{_THE})?{_NAME}[ \t]+into\b",
    re.I,
)
_WITH_TEACHER = re.compile(
    rf"\bwith[ \t]+{_THE}{_NAME}[ \t]+as[ \t]+(?:the[ \t]+|a[ \t]+|its[ \t]+|our[ \t]+)?teacher\b",
    re.I,
)
_LORA_FOR = re.compile(
    r"\b(?:q?lora|peft)(?:[ \t]+(?:adapter|weights|model|checkpoint))?[ \t]+(?:for|of)[ \t]+"
    rf"{_THE}{_NAME}",
    re.I,
)
_LORA_ON = re.compile(
    r"\b(?:q?lora|adapter)[ \t]+(?:was|is|has[ \t]+been)[ \t]+trained[ \t]+on[ \t]+top[ \t]+of"
    rf"[ \t]+{_THE}{_NAME}",
    re.I,
)
_USED_AS_TEACHER = re.compile(
    rf"(?<![\w/.-]){_NAME}[ \t]+(?:(?:was|is|were)[ \t]+(?:used|chosen|employed)|serve[sd]?)"
    r"[ \t]+as[ \t]+(?:the[ \t]+|a[ \t]+|our[ \t]+)?teacher\b",
    re.I,
)
_KNOWLEDGE_DISTILLED = re.compile(
    rf"\bknowledge[ \t]+of[ \t]+{_THE}{_NAME}[ \t]+(?:was|is|has[ \t]+been)[ \t]+distill?ed\b",
    re.I,
)
_WE_DISTILLED = re.compile(
    rf"\b(?:we|by)[ \t]+distill?(?:ed|ing)?[ \t]+{_THE}{_NAME}"
    r"(?=[ \t]+(?:on|into|using|with)\b|[.,;])",
    re.I,
)
_LORA_BASE = re.compile(
    r"\b(?:(?:the[ \t]+)?base(?:[ \t]+model)?[ \t]+(?:of|for)[ \t]+this[ \t]+(?:q?lora|adapter)"
    r"[ \t]+(?:is|was)|(?:apply|load)[ \t]+(?:this|the)[ \t]+(?:q?lora|adapter)[ \t]+(?:to|on|onto)"
    r"(?:[ \t]+top[ \t]+of)?|(?:q?lora|adapter)[ \t]+(?:must|should|can)[ \t]+be[ \t]+loaded"
    r"[ \t]+on[ \t]+top[ \t]+of|a[ \t]+q?lora[ \t]+on)"
    rf"[ \t]+{_THE}{_NAME}",
    re.I,
)
# Conversions stated of a model: "quantized / converted (with T) from X", "X in GGUF format",
# "X, converted to MLX", "X quantized with T", "the original model is X".
_FORMATS = (
    r"(?:gguf|ggml|gptq|awq|exl2|onnx|mlx|openvino|coreml|tflite|safetensors|fp8|fp16|bf16|"
    r"int[48]|nf4|[248]-?bits?|w4a16|w8a8)"
)
_CONVERTED_FROM = re.compile(
    rf"\b(?:quantized|converted|exported)[ \t]+(?:(?:with|using|by)[ \t]+[\w.-]+[ \t]+)?from"
    rf"[ \t]+{_THE}{_NAME}",
    re.I,
)
_IN_FORMAT = re.compile(
    rf"\b(?:is|are)[ \t]+{_THE}{_NAME}[ \t]+in[ \t]+(?:the[ \t]+)?{_FORMATS}[ \t]+format\b",
    re.I,
)
_NAME_CONVERTED = re.compile(
    rf"[ \t>*#-]*(?:(?:this[ \t]+repo(?:sitory)?[ \t]+)?(?:contains|holds)[ \t]+)?{_NAME},?[ \t]+"
    r"(?:quantized|converted|exported)[ \t]+(?:to|with|using|into)\b",
    re.I,
)
_ORIGINAL_IS = re.compile(rf"\boriginal[ \t]+model[ \t]+(?:is|was)[ \t]+{_THE}{_NAME}", re.I)
# Formats and precisions have a model's shape ("fp16", "int8"): never a parent.
_FORMAT_NAME = re.compile(rf"{_FORMATS}|fp32|float\d+|bfloat16|v\d[\w.]*", re.I)
# A sentence that compares models or speaks of another's conversion.
_RIVAL = re.compile(r"\b(?:than|versus|vs|compar\w*|outperform\w*|better|worse)\b", re.I)
_FILE_URL = re.compile(
    r"https?://(?:huggingface\.co|hf\.co)/(?P<id>[\w.-]+/[\w.-]+)/(?:resolve|blob)/", re.I
)
# The words after the name that make it no teacher or base: a comparison, a judge, data made.
_NOT_PARENT_AFTER = re.compile(
    r"[ \t]*(?:'s[ \t]+)?(?:dataset|data\b|outputs?|responses|tokenizer|prompt|format|template|"
    r"judge|than|vs\b|versus|(?:model[ \t]+)?(?:to|for)[ \t]+"
    r"(?:generat|label|annotat|synthe|writ|creat|produc|scor|judg)"
    r"|(?:for[ \t]+)?(?:\d+|one|two|three|a[ \t]+few)[ \t]+epochs?\b|gpus?\b|tpus?\b)",
    re.I,
)
# "with X as the teacher which resulted in [Y](…)": X taught an earlier stage, Y (`importers.
# teacher_roles` reads Y as the start).
_STAGE_MADE = re.compile(r"[ \t]*,?[ \t]*(?:which[ \t]+resulted|resulting)[ \t]+in\b", re.I)
# Hardware has a model's shape ("a LoRA for A100 GPUs"): never a base.
_HARDWARE = re.compile(
    r"(?:[AHL]\d{2,3}S?|[VP]100|P40|T4|L4|A\d{4}|RTX[ -]?\w+|GTX[ -]?\w+|MI\d{3}X?|TPU[\w-]*)"
    r"(?:[ -]?(?:SXM|PCIe|Ti|\d+GB))*",
    re.I,
)
# A line offering a sibling adapter ("we also provide a LoRA for X", "see the other repo"):
# another repo's base, not this card's.
_SIBLING = re.compile(
    r"\balso[ \t]+(?:provide|release|offer|publish|share|upload)\w*|\bother[ \t]+repo",
    re.I,
)
_SHAPE = re.compile(r"[A-Za-z].*\d|\d.*[A-Za-z]")

# (the phrase needles one of which the prose must hold, the words looked for as the text
# spells them (by the needle that tells they may occur), each pattern with the words one of which its line must hold, the relation):
# each pattern's match holds one of its rule's words. (A pattern searched for along a line
# costs tens of µs on a card of many such lines; a word's absence is told in a find.)
_Guarded = tuple[re.Pattern[str], tuple[str, ...]]
_Words = tuple[tuple[str, tuple[str, ...]], ...]  # (a needle, "" for any, and its words)
_RULES: tuple[tuple[frozenset[str], _Words, tuple[_Guarded, ...], Relation], ...] = (
    (
        frozenset({"distil", "teacher"}),
        (("", ("student", "Student")),),
        ((_STUDENT, (" of",)),),
        Relation.DISTILLATION,
    ),
    (
        frozenset({"distil"}),
        (("distil", ("distil", "Distil")),),
        (
            (_DISTIL_INTO, ("into",)),
            (_KNOWLEDGE_DISTILLED, ("nowledge",)),
            (_WE_DISTILLED, ("e distil", "y distil")),
        ),
        Relation.DISTILLATION,
    ),
    (
        frozenset({"teacher"}),
        (("teacher", ("teacher", "Teacher")),),
        ((_WITH_TEACHER, ("ith ",)), (_USED_AS_TEACHER, (" as ",))),
        Relation.DISTILLATION,
    ),
    (
        frozenset({"lora", "adapter"}),
        (("lora", ("LoRA", "lora", "Lora")), ("adapter", ("dapter",))),
        (
            (_LORA_FOR, (" for ", " of ")),
            (_LORA_ON, ("top of",)),
            (_LORA_BASE, ("base", "pply", "oad", " on ")),
        ),
        Relation.ADAPTER,
    ),
    (
        frozenset({"quant", "conver", "export"}),
        (("quant", ("uantiz",)), ("conver", ("onvert",)), ("export", ("xport",))),
        (
            (_CONVERTED_FROM, ("from",)),
            (_NAME_CONVERTED, ("ed to", "ed with", "ed using", "ed into")),
        ),
        Relation.QUANTIZED,
    ),
    (
        frozenset({"quant", "conver", "export"}),
        (("", ("format",)),),
        ((_IN_FORMAT, (" in ",)),),
        Relation.QUANTIZED,
    ),
    (
        frozenset({"original"}),
        (("original", ("riginal model",)),),
        ((_ORIGINAL_IS, (" is ", " was ")),),
        Relation.QUANTIZED,
    ),
)
# Lineage sentences sit near the top (as for `importers.prose`, which found the needles).
_WINDOW = MAX_PROSE_CHARS
_ALL_NEEDLES = frozenset({"mirror"}).union(*(wanted for wanted, *_ in _RULES))
# A line that says files are mirrored ("the files are mirrored with …", "weights mirrored
# from …"), not that outputs mirror a bias.
_MIRRORED = re.compile(
    r"\b(?:files|weights|checkpoints|models)\b[^.\n]{0,40}\bmirrored\b"
    r"|\bmirrored[ \t]+(?:from|with|by|here)\b",
    re.I,
)


def stated_role_claims(
    body: str, model_id: str, needles: frozenset[str], datasets: Iterable[str] = ()
) -> list[ProseClaim]:
    """The parents whose role a sentence of the card states (see the module); ``needles``
    are the phrase needles its prose holds (`importers.prose.ProseFindings.needles`),
    ``datasets`` the data sets its metadata names (never an adapter's base)."""
    found: dict[str, ProseClaim] = {}
    if needles.isdisjoint(_ALL_NEEDLES):
        return []  # most cards: no search at all
    own = key(model_id)
    spans: list[tuple[int, int]] | None = None  # the card's code (looked up at a first match)
    for wanted, spellings, patterns, relation in _RULES:
        if needles.isdisjoint(wanted):
            continue
        lines = {
            span
            for needle, words in spellings
            if not needle or needle in needles
            for word in words
            for span in lines_holding(body, word, _WINDOW)
        }
        for start, end in sorted(lines) if len(lines) > 1 else lines:
            rival: bool | None = None  # whether the line compares (looked up once, if needed)
            sibling: bool | None = None  # whether the line offers another adapter (likewise)
            for pattern, guards in patterns:
                if not any(body.find(g, start, end) >= 0 for g in guards):
                    continue
                if pattern is _NAME_CONVERTED:  # (read from the line's start)
                    first = pattern.match(body, start, end)
                    found_on: Iterable[re.Match[str]] = (first,) if first else ()
                else:
                    found_on = pattern.finditer(body, start, end)
                for m in found_on:
                    if _NOT_PARENT_AFTER.match(body, m.end()):
                        continue
                    if relation is Relation.DISTILLATION and _STAGE_MADE.match(body, m.end()):
                        continue  # the teacher of an earlier stage ("… which resulted in Y")
                    parent = _parent(m)
                    if parent is None or key(parent) == own or _FORMAT_NAME.fullmatch(parent):
                        continue
                    if rival is None:
                        rival = _RIVAL.search(body, start, end) is not None
                    if rival:
                        break
                    if relation is Relation.ADAPTER and _not_base(parent, datasets):
                        continue
                    if relation is Relation.ADAPTER and sibling is None:
                        sibling = _SIBLING.search(body, start, end) is not None
                    if relation is Relation.ADAPTER and sibling:
                        break
                    if spans is None:
                        spans = code_spans(body)
                    if any(a <= m.start() < b for a, b in spans):
                        continue  # a comment or a string in code: not the card's statement
                    snippet = f"{RULE} {' '.join(m.group(0).split())}"[:_SNIPPET]
                    claim = ProseClaim(
                        parent,
                        relation,
                        Strength.STRONG,
                        snippet,
                        conversion=relation is Relation.QUANTIZED,
                    )
                    found.setdefault(key(parent), claim)
    if "mirror" in needles and "irrored" in body and _says_mirrored(body):
        found.update((key(c.parent), c) for c in _mirrored(body, own) if key(c.parent) not in found)
    return list(found.values())


def _not_base(parent: str, datasets: Iterable[str]) -> bool:
    """Whether an adapter's "base" is hardware or a data set the card's metadata names."""
    if _HARDWARE.fullmatch(parent):
        return True
    k = key(parent)
    return any(k in (key(d), key(d.rsplit("/", 1)[-1])) for d in datasets)


def _says_mirrored(body: str) -> bool:
    """Whether a line says files, weights or models are mirrored (not "biases mirrored")."""
    return any(_MIRRORED.search(body, start, end) for start, end in lines_holding(body, "irrored"))


def _mirrored(body: str, own: str) -> list[ProseClaim]:
    """The Hub repos whose files a card that says it mirrors files links for download."""
    out: dict[str, ProseClaim] = {}
    for m in _FILE_URL.finditer(body):
        ref = parse_reference(m["id"])
        if ref.model_id is None or key(ref.model_id) == own:
            continue
        snippet = f"{RULE} mirrored: {m.group(0)}"[:_SNIPPET]
        out.setdefault(
            key(ref.model_id),
            ProseClaim(ref.model_id, Relation.QUANTIZED, Strength.STRONG, snippet, conversion=True),
        )
    return list(out.values())


def _parent(m: re.Match[str]) -> str | None:
    """The model the match names: a link's Hub id, an id, a Hub URL, or a model-shaped name."""
    if m["url"]:
        ref = parse_reference(m["url"])
        if ref.model_id is not None:
            return ref.model_id
        if ref.unresolved is not None and "://" in m["url"]:
            return None  # a dataset, a Space, a paper: not a model
        text = m["text"].strip("*_` ")
        return text if _SHAPE.search(text) and " " not in text else None
    name = m["name"].rstrip(".:")
    if "://" in name:
        ref = parse_reference(name)
        return ref.model_id
    if name.count("/") > 1 or ":" in name:
        return None
    if "/" in name:
        return parse_reference(name).model_id
    return name if _SHAPE.search(name) else None

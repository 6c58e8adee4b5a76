"""Kinds of statement that say what this model was made from, in shapes the phrase readers
(`importers.prose`) miss: the source stands far from the verb, or the model is called a
version, an extension or a training run of it.

* the verb and its source far apart, in a sentence whose subject is this model: "This model
  is a fine-tuned 7B chat model on our own cluster from the <link> on …", "It was trained,
  using DPO on our pairs, starting from <link>" (`far_source_claims`, on the lines holding a
  Hub link);
* this model as a sized release of a family its own name carries: "## Lark 7b Version of
  v0.3", "… is back in a Lark 7b version", "the Lark 7B edition" on the card of
  ``ORG/Owl-Lark-7b`` (the version's words are the repo name's);
* this model as an expansion, enhancement or extension of a model: "Proteus serves as an
  enhancement over Wren-2.1", "It's an expansion of Heron2-7B", "[own-name] is an extension
  of french wren-ner model";
* a training step applied to a model: "The cDPO training was done directly on Lark-20b-v2";
* a card whose one-line description is a tuning of a model: "SFT to enhance the reasoning
  ability of Wren".

The last four name a model as written (no org; `importers.card_resolve` lets an id the card
writes stand in) and are read with the fallback phrases, only when no phrase named a parent.
Each kind is tried only on lines holding its words. Not: a version of this model in another
format or size (a child or sibling: "a GGUF version", "the 13b version is coming", "an older
version"), a library's version, a comparison, a data set, a method or an architecture.
"""

from __future__ import annotations

import re
from dataclasses import replace

from importers.prose_claims import ProseClaim, ProseFindings
from importers.prose_names import name_words
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from importers.references import HUB_MODEL_LINK
from lineage.core.ids import key
from lineage.core.records import Relation

RULE = "[made-from]"
_SNIPPET = 200
_LINK = HUB_MODEL_LINK
_NOT_MODELS = frozenset({"datasets", "spaces", "docs", "blog", "papers", "collections", "api"})

# "This model is a fine-tuned 7B LLM on … from the <link>", "It was trained, using …, starting
# from <link>": this model the subject, a making verb, then "from <link>" later in the sentence.
_FAR_SOURCE = re.compile(
    r"(?:^|(?<=[.!?][ \t])|(?<=[.!?]))[ \t>*_-]*"
    r"(?:this[ \t]+(?:model|checkpoint)|our[ \t]+model|it)[ \t]+(?:is|was|has[ \t]+been)[ \t]+"
    r"(?:(?:a|an)[ \t]+)?(?:further[ \t]+)?(?:fine-?tuned|finetuned|trained|pre-?trained)\b"
    r"(?P<gap>[^.!?\n]{4,160}?)\b(?:starting[ \t]+)?from[ \t]+(?:the[ \t]+)?"
    r"(?:(?:pre-?trained|base|original)[ \t]+)?" + _LINK,
    re.I | re.M,
)
# Words in the gap that make the link no start: a comparison, a teacher, data.
_GAP_OTHER = re.compile(
    r"compar|\bthan\b|\blike\b|similar|baseline|distil|teacher|\bdata\b|generated|outputs",
    re.I,
)
# What the link may be instead, by the word right after it.
_AFTER_OTHER = re.compile(
    r"[ \t]*(?:'s[ \t]+)?(?:dataset|data|corpus|outputs?|responses|generations|tokeni[sz]er|team|"
    r"paper|repo|github|space|collection|leaderboard)\b",
    re.I,
)


def far_source_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The Hub model a sentence about this model says it was tuned or trained from, far after
    the verb (`_FAR_SOURCE`)."""
    if "co/" not in body or "from " not in body:
        return []
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    for start, end in lines_holding(body, "from "):
        line = body[start:end]
        if "co/" not in line or ("rain" not in line and "tune" not in line):
            continue
        for m in _FAR_SOURCE.finditer(body, start, end):
            parent = m["a"] or m["b"]
            if parent.split("/", 1)[0].casefold() in _NOT_MODELS or key(parent) == own:
                continue
            if _GAP_OTHER.search(m["gap"]) or _AFTER_OTHER.match(body, m.end()):
                continue
            snippet = f"{RULE} {' '.join(m.group(0).split())}"[:_SNIPPET]
            found.setdefault(
                key(parent), ProseClaim(parent, Relation.FINETUNE, Strength.STRONG, snippet)
            )
    return list(found.values())


# A model's name as written in running text: one token with a digit, a hyphen or a capital
# inside ("Heron2-7B", "OpenWren-v1.1", "wren-ner"), or a family word and a size ("Lark 7b").
_SIZE = r"(?:\d+x)?\d+(?:\.\d+)?[bBmM]"
_TOKEN = r"[A-Za-z][\w.+-]*[A-Za-z0-9]"
_SIZED_NAME = rf"(?P<name>[A-Z][\w.+-]*(?:[ \t]+[\w.+-]+)?[ \t]+{_SIZE})"
# "## Lark 7b Version of v0.3" (a heading), "is back in a Lark 7b version", "the Lark 7B edition".
_VERSION = re.compile(
    rf"(?:^#+[ \t]+{_SIZED_NAME}[ \t]+(?:version|edition)\b"
    rf"|\b(?:in|as)[ \t]+(?:a|an|the)[ \t]+{_SIZED_NAME.replace('name', 'name2')}[ \t]+"
    r"(?:version|edition)\b(?![ \t]+(?:of[ \t]+(?:this|the|our|my)|is|will|would|coming|soon)))",
    re.I | re.M,
)
# Format, size and age words: a child or a sibling of this model, no parent.
_NOT_A_SOURCE = frozenset(
    {
        "gguf", "gptq", "awq", "exl2", "mlx", "onnx", "ggml", "quantized", "fp16", "bf16",
        "older", "newer", "previous", "next", "smaller", "larger", "bigger", "lite", "this",
        "our", "my", "the", "new", "old", "first", "second", "other", "lora", "merged",
    }
)  # fmt: skip
# "… serves as an enhancement over X", "It's an expansion of X", "[own] is an extension of X".
_SUBJECT = (
    r"(?:^|(?<=[.!?][ \t]))[ \t>*_-]*(?P<subject>(?i:this[ \t]+model|it)|\[[^\]\n]{2,80}\]|"
    r"`[^`\n]{2,80}`|[A-Z][\w.+-]{2,40})"
)
_EXTENSION = re.compile(
    _SUBJECT + r"(?:[ \t]+(?:is|serves[ \t]+as)|['’]s)[ \t]+(?:a|an)[ \t]+"
    r"(?:[\w-]+[ \t]+){0,2}?(?:expansion|enhancement|extension)[ \t]+(?:of|over|to|upon)[ \t]+"
    rf"(?:the[ \t]+)?(?:(?P<adj>[a-z]+)[ \t]+)?(?P<name>{_TOKEN})(?P<model>[ \t]+model)?",
    re.M,
)
# "The cDPO training was done directly on Lark-20b-v2": a step of training applied to a model.
_STEP_ON = re.compile(
    r"(?:^|(?<=[.!?][ \t]))[ \t>*_-]*(?:the|our|my|this)[ \t]+(?:[\w-]+[ \t]+){0,2}?"
    r"(?:training|fine-?tuning|finetuning|tuning)[ \t]+(?:was|has[ \t]+been|is)[ \t]+"
    r"(?:done|performed|applied|run|carried[ \t]+out|conducted)[ \t]+(?:directly[ \t]+)?on[ \t]+"
    rf"(?:top[ \t]+of[ \t]+)?(?:the[ \t]+)?(?P<name>[A-Za-z][\w.+-]*?{_SIZE}(?:[-_.][\w.+-]*)?)\b"
    r"(?![ \t]+(?:tokens|dataset|data|GPUs?|nodes?|cards?)\b)",
    re.I | re.M,
)
# "SFT to enhance the CoT ability of Wren" as a line of its own: the card's description.
_TUNED_TO = re.compile(
    r"^[ \t]*(?:SFT|DPO|ORPO|KTO|RLHF|LoRA|QLoRA|Fine-?tun(?:e|ed|ing)|Finetun(?:e|ed|ing)|"
    r"Instruction[- ]tun(?:ed|ing)|Trained)[ \t]+to[ \t]+(?:enhance|improve|boost|strengthen)"
    r"[ \t]+the[ \t]+(?:[\w-]+[ \t]+){1,3}?(?:capabilit\w*|capabiliy|abilit\w*|skills?)[ \t]+of[ \t]+"
    rf"(?P<name>[A-Z][\w.+-]*(?:[ \t]+{_SIZE})?)[ \t]*\.?[ \t]*$",
    re.M,
)
# Names that are methods, architectures or words, not models.
_PLAIN = frozenset(
    {"lora", "qlora", "dpo", "sft", "rlhf", "transformer", "transformers", "bert", "the", "this"}
)
_NOT_NAMES = re.compile(
    r"[ \t]+(?:architecture|method|technique|approach|paper|framework|dataset|library|idea|"
    r"work|family|series)\b",
    re.I,
)


def own_version_claims(
    text: str,
    lower: str,
    model_id: str,
    hits: frozenset[str],
    found: tuple[tuple[str, re.Match[str]], ...] | None = None,
) -> list[tuple[int, ProseClaim]]:
    """Claims (with their positions) of the bare-name kinds above in a card's cleaned prose.

    ``hits`` are the phrase needles the prose scan found in ``lower`` ("version", "edition",
    "extension", "tuning" among them): most kinds are looked for only when one is there.
    ``found`` is `own_version_matches` of the text when known (a text shared by cards).
    """
    own_name = model_id.rsplit("/", 1)[-1]
    out: list[tuple[int, ProseClaim]] = []

    def add(at: int, name: str, snippet: str) -> None:
        name = name.rstrip(".,;:")
        if key(name) == key(own_name) or name.casefold() in _PLAIN:
            return
        claim = ProseClaim(name, Relation.FINETUNE, Strength.LABEL, f"{RULE} {snippet.strip()}")
        out.append((at, claim))

    if found is None:
        found = own_version_matches(text, lower, hits)
    for kind, m in found:
        if kind == "version":
            name = m["name"] or m["name2"]
            words, own_words = name_words(name), set(name_words(own_name))
            # The version's words are the repo name's (a sibling's or a format's are not).
            if (
                not own_words.issuperset(words)
                or own_words & _NOT_A_SOURCE
                or set(words) & _NOT_A_SOURCE
            ):
                continue
            add(m.start("name" if m["name"] else "name2"), name, m.group(0))
        elif kind == "extension":
            if not _this_model(m["subject"], key(own_name)):
                continue
            name = m["name"]
            if m["adj"] and not m["model"]:
                continue  # "an extension of the original Lark": a word, then no name
            if not _model_shaped(name) or _NOT_NAMES.match(text, m.end("name")):
                continue
            add(m.start("name"), name, m.group(0))
        else:
            add(m.start("name"), m["name"], m.group(0))
    return out


def own_version_matches(
    text: str, lower: str, hits: frozenset[str]
) -> tuple[tuple[str, re.Match[str]], ...]:
    """The matches `own_version_claims` judges, each with its kind, in the card's reading
    order; they depend on the text only (no match, no claim for any card)."""
    out: list[tuple[str, re.Match[str]]] = []
    if "version" in hits or "edition" in hits:
        for start, end in _lines_sized_before(lower, hits):
            out.extend(("version", m) for m in _VERSION.finditer(text, start, end))
    if "extension" in hits or "xpansion" in lower or "nhancement" in lower:
        for needle in ("expansion", "enhancement", "extension"):
            for start, end in lines_holding(lower, needle):
                out.extend(("extension", m) for m in _EXTENSION.finditer(text, start, end))
    for needle in ("training was", "tuning was") if "tuning" in hits else ("training was",):
        for start, end in lines_holding(lower, needle):
            out.extend(("step", m) for m in _STEP_ON.finditer(text, start, end))
    # (A card's description stands at its top.)
    for needle in (" to enhance the ", " to improve the "):
        at = lower.find(needle, 0, _TOP)
        if at >= 0:
            start = lower.rfind("\n", 0, at) + 1
            end = lower.find("\n", at)
            out.extend(
                ("step", m) for m in _TUNED_TO.finditer(text, start, end if end >= 0 else len(text))
            )
    return tuple(out)


# How far into the cleaned prose a one-line description is looked for.
_TOP = 1500
# A size right before "version" / "edition" ("… 7b version"): most such words have none.
_SIZE_BEFORE = re.compile(r"\d[bm][ \t]+\Z")


def _lines_sized_before(lower: str, hits: frozenset[str]) -> list[tuple[int, int]]:
    """The lines of ``lower`` where "version" or "edition" follows a size, each once."""
    out: set[tuple[int, int]] = set()
    for needle in ("version", "edition"):
        if needle not in hits:
            continue
        at = lower.find(needle)
        while at >= 0:
            if lower[at - 2 : at - 1] in ("b", "m") and _SIZE_BEFORE.search(lower, at - 6, at):
                start = lower.rfind("\n", 0, at) + 1
                end = lower.find("\n", at)
                out.add((start, end if end >= 0 else len(lower)))
            at = lower.find(needle, at + 7)
    return sorted(out)


def _this_model(subject: str, own: str) -> bool:
    """Whether a sentence's subject is this model: "this model", "it", or its own name (a word
    of it at least four letters long, as written in brackets, backticks or plain)."""
    plain = subject.strip("[]`").casefold()
    if plain in ("this model", "it"):
        return True
    words = [w for w in re.split(r"[\s_.-]+", plain) if w]
    return bool(words) and len(plain) >= 4 and key(plain) in own


def _model_shaped(name: str) -> bool:
    """A digit, a hyphen or a capital inside the token ("Heron2-7B", "wren-ner", "OpenWren")."""
    inner = name[1:]
    return any(c.isdigit() for c in name) or "-" in name or any(c.isupper() for c in inner)


# "The [X](…) was originally fine-tuned from …": the sentence's subject is a linked model.
_LINK_SUBJECT = re.compile(
    r"[ \t>*_-]*(?:the[ \t]+)?" + _LINK + r"[ \t]*(?:model[ \t]+|checkpoint[ \t]+)?"
    r"(?:was|is|has[ \t]+been|had[ \t]+been)\b[^.!?\n]{0,60}\Z",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")


def parents_own_lineage(findings: ProseFindings, body: str) -> ProseFindings:
    """The findings without a claim read from a sentence whose subject is another claimed
    parent, linked ("The [X](…) was originally fine-tuned from [Y](…)"): Y is X's parent, a
    grand-parent of this model. Judged only beside a claim of `far_source_claims`, whose
    sentences tell the parent apart from what it was made from. (A subject written as a
    name, not a linked id, is `importers.card_siblings`' grand-parent rule.)"""
    claims = findings.claims
    if len(claims) < 2 or not any(c.snippet.startswith(RULE) for c in claims):
        return findings  # most cards
    parents = {key(c.parent) for c in claims}
    dropped = []
    for c in claims:
        at = body.find(c.snippet)
        if at < 0 or c.snippet.startswith(RULE):
            continue
        start = 0
        for end in _SENTENCE_END.finditer(body, max(0, at - 300), at):
            start = end.end()
        subject = _LINK_SUBJECT.match(body[max(start, at - 300) : at])
        if subject is None:
            continue
        linked = subject["a"] or subject["b"]
        if key(linked) in parents and key(linked) != key(c.parent):
            dropped.append(c)
    if not dropped:
        return findings
    return replace(findings, claims=[c for c in claims if c not in dropped])

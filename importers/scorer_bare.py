"""A learned decision for parents a card names without an org ("fine-tuned from Mistral-7B").

`importers.scorer` weighs the Hub ids (``ORG/NAME``) no rule decided. Cards name a
parent as often without its org: "a merge of MythoMax-13b and Nous-Hermes", "built on
starcoder", "| Base model | Llama 2 13B |". This module finds every such name the rules
left alone near a lineage phrase (a cheap gate: most cards say none), pools its mentions
per name (case aside, spaces and hyphens alike), computes
the occurrence features of `importers.scorer` at each mention plus a few of its own (a
size, a version, a `importers.known_models` name, a family named alone, its capitals,
in code, how often and how early), and a SEPARATE logistic model decides
(``scorer_bare_weights.json``, trained by ``python -m bench.train_roles``, its threshold
chosen for out-of-fold precision). The Hub-id model is not touched by it.

Candidates are names with a size or a version (`importers.prose_names._model_like`,
`importers.prose_bare.named_bare`: "Qwen2.5-7B", "Llama2", "pegasus-XSUM"), a family's
name alone ("BERT", "starcoder"), a name of ``known_models.txt``, or a name spoken with
spaces ("Llama 2 13B"). Left out: a name a held parent stands for (same tokens, or the
held id's name), the card's own name and stem, a mention inside any ``ORG/NAME``, the
card's datasets, names every mention of which plays another role (a comparison table, a
judge, a citation: `importers.scorer_roles`), a design ("the Llama-2 architecture"),
"-based" words, method acronyms, hosted models and library versions.

A name decided a parent is emitted as the `importers.known_models` Hub id when it maps to
one, else as the ``ORG/NAME`` the card writes elsewhere for it, else as written. The
relation comes from `importers.scorer_relation`; the snippet starts with the scorer's
mark, "bare" and the features that weighed most.
"""

from __future__ import annotations

import re

from importers.known_models import known_id
from importers.prose_bare import (
    _DESCRIPTIVE_PARTS,
    _NOT_MODEL_LEADS,
    another_role_before,
    design_before,
    model_after,
    named_bare,
)
from importers.prose_names import (
    _CLOSED_MODEL,
    _DOMAIN_NAME,
    _FAMILIES,
    _SPOKEN,
    _family_version,
    _legacy_root,
    _model_like,
    _spoken_like,
)
from importers.references import Mention, code_spans
from importers.roles import name_tokens
from importers.scorer import (
    _DATASET_NAME,
    MAX_CHARS,
    Candidate,
    CardContext,
    Decision,
    ModelSlot,
    _card_features,
    _context_snippet,
    _Layout,
    _occurrence_features,
    _plain_stem,
    decisions,
    worth_scoring,
)
from lineage.core.ids import key

_MAX_OCCURRENCES = 8
_MAX_CANDIDATES = 40
# A card that says none of these phrases credits no parent in prose: the cheap gate (plain
# substring tests on the lower-cased text, no pattern) that keeps most cards from the name
# scan. ("trained from" and "fine-tuning" alone are left out: "trained from scratch", "can
# be fine-tuned for your task" are the words of cards that name no parent.)
_LINEAGE_PHRASES = (
    "tuned from", "tuned version", "tune of", "tuned on top", "tuned with", "based on",
    "base model", "base:", "built on", "built upon", "merge of", "merged", "merging",
    "mergekit", "slerp", "initiali", "distilled from", "derived from", "on top of",
    "continued from", "starting from", "parent", "further train", "further fine",
    "fine-tuning of", "finetuning of",
)  # fmt: skip
# A word of the text: never a piece of a longer token, a path or an ``ORG/NAME`` (the
# possessive quantifiers keep a name whole).
_TOKEN = re.compile(r"(?<![\w./@:-])[A-Za-z][\w+]*+(?:[.-][\w+]++)*+(?![\w/]|-\w|\.\w)")
_TWO_CAPS = re.compile(r"[A-Z]{2}")
# The Hub's card template: "Finetuned from model [optional]: [More Information Needed]".
_PLACEHOLDER = "[more information needed]"
_BEFORE = 150  # characters read before a lineage phrase
_AFTER = 500  # and after it (its sentence, the list or table it introduces)
_NUMBER_AFTER = re.compile(r"[ \t]+v?\d")
_SIZE = re.compile(r"(?<![a-z])\d+(?:\.\d+)?[bmk](?![a-z])|\d+x\d+b", re.I)
_VERSION = re.compile(r"(?:^|[-_. ])v?\d+(?:\.\d+)*(?:$|[-_. ])|[a-z]\d+(?:\.\d+)?$", re.I)
# Names that look like a model's but are software, hardware or number formats.
_NOT_MODELS = frozenset(
    """transformers pytorch torch tensorflow datasets tokenizers peft trl accelerate
    deepspeed python cuda cudnn jax flax keras numpy vllm llama.cpp exllama exllamav2
    bitsandbytes autogptq optimum unsloth axolotl safetensors onnx triton gradio rtx gtx
    a100 h100 v100 a6000 a10 a10g t4 l4 l40 l40s rtx3090 rtx4090 mps fp16 bf16 fp32 fp8
    int4 int8 q4 q5 q6 q8 utf-8 iso ubuntu windows macos linux sha256 md5 arxiv apache-2.0
    cc-by-4.0 cc-by-nc-4.0 mit llama2 llama3""".split()  # noqa: SIM905
) - frozenset({"llama2", "llama3"})
# Benchmarks and datasets named like models ("ImageNet-1k", "SQuADv1.1", "GSM8K").
_DATA_LEADS = frozenset(
    """imagenet imagenet1k imagenet21k imagenet-1k laion coco cifar10 cifar100 mnist squad
    squadv1 squadv2 glue superglue mmlu gsm8k wikitext c4 pile librispeech cityscapes ade20k
    pubtables voc kinetics openwebtext bookcorpus wmt wmt14 wmt16 xnli mnli sst2 cnn
    tpu tpuv2 tpuv3 tpuv4 tpuv5 gpu""".split()  # noqa: SIM905
)
_SEPARATORS = re.compile(r"[\s_]+")


def pool_key(name: str) -> str:
    """A name's pooling key: case aside, spaces and underscores read as hyphens."""
    return _SEPARATORS.sub("-", name.strip().casefold())


_FILE_NAME = re.compile(
    r"\.(?:png|jpe?g|gif|webp|svg|pdf|txt|md|json|jsonl|ya?ml|py|sh|ipynb|csv|safetensors|"
    r"ckpt|bin|pt|pth|gguf|onnx|h5|zip|tar|gz)$",
    re.I,
)
_CODE_NAME = re.compile(r"\.[a-z]+_[a-z]|[a-z][A-Z][a-z]+[A-Z][a-z]+[A-Z]")
_SPOKEN_NUMBER = re.compile(r"[ \t](?:v\d|\d+(?:\.\d+)?[bm]\b)", re.I)


def _spoken_named(name: str) -> bool:
    """A name spoken with spaces names a model when its word is a family's or a coined one
    (a capital or a digit inside it), or its number is a size or a "v" version ("Aria 70B");
    not "Day 1", "Solution 2", "Copyright 2021"."""
    word = name.split(" ", 1)[0]
    return (
        word.casefold() in _FAMILIES
        or any(c.isdigit() for c in word)
        or any(c.isupper() for c in word[1:])
        or _SPOKEN_NUMBER.search(name) is not None
    )


def _family_only(name: str) -> bool:
    return name.casefold() in _FAMILIES


def name_counts(name: str) -> bool:
    """Whether a bare written name may be a model's (before its context is weighed)."""
    low = name.casefold()
    if len(name) < 3 and not _family_only(name):
        return False
    if low in _NOT_MODELS or _CLOSED_MODEL.match(name) or _DOMAIN_NAME.match(name):
        return False
    parts = re.split(r"[-_. ]", low)
    if parts[0] in _NOT_MODEL_LEADS or not _DESCRIPTIVE_PARTS.isdisjoint(parts):
        return False  # "LoRA-7B", "Llama2-based": a method or a description
    if (
        parts[0] in _NOT_MODELS
        or parts[0] in _DATA_LEADS
        or low.rstrip("0123456789.v") in _DATA_LEADS
    ):
        return False  # "Transformers 4.35", "CUDA-12.1", "ImageNet-1k", "SQuADv1.1", "TPUv3-8"
    if _FILE_NAME.search(name) or _CODE_NAME.search(name):
        return False  # "s1.png", "Scheduler.from_config": a file, a code name
    if " " in name:
        return _spoken_like(name) and _spoken_named(name)
    return (
        _model_like(name)
        or named_bare(name)
        or _family_only(name)
        or _legacy_root(name)
        or known_id(name) is not None
    )


_SLOT = ModelSlot("scorer_bare_weights.json")
_sinks = _SLOT.sinks
shipped_model = _SLOT.shipped  # the bare-name model shipped with the package
current_model = _SLOT.current
using = _SLOT.using  # read cards with a model deciding bare names (None: none)
recording = _SLOT.recording  # every (card id, bare candidate) the reader builds


def active() -> bool:
    """Whether bare names are read at all (a model to decide, or a recording to fill)."""
    model = current_model()
    # A model whose threshold no probability reaches decides nothing: no scan for it.
    return bool(_sinks) or (model is not None and model.threshold < 1.0)


def worth_reading(body: str) -> bool:
    """Whether the card says a phrase of lineage (most cards that do not name no parent)."""
    low = body[:MAX_CHARS].lower()
    return any(phrase in low for phrase in _LINEAGE_PHRASES) and bool(windows(low))


def decide(body: str, model_id: str, context: CardContext) -> list[Decision]:
    """The bare names the current bare model calls parents, strongest first (the caller
    asks `active` and `worth_reading` first)."""
    model = current_model()
    if model is None and not _sinks:
        return []
    found = candidates(body, model_id, context, ruled_out=bool(_sinks))
    for sink in _sinks:
        sink.extend((model_id, c) for c in found)
    if model is None:
        return []
    return decisions(model, found, context, model_id, body, lead=(("bare", 1.0),))


def windows(low: str) -> list[tuple[int, int]]:
    """The stretches of the lower-cased text around its lineage phrases, merged."""
    spans: list[tuple[int, int]] = []
    for phrase in _LINEAGE_PHRASES:
        at = low.find(phrase)
        while at >= 0:
            end = at + len(phrase)
            if _PLACEHOLDER not in low[end : end + 70]:
                spans.append((max(0, at - _BEFORE), end + _AFTER))
            at = low.find(phrase, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def scan(text: str, low: str | None = None) -> dict[str, list[tuple[int, str]]]:
    """The model-like bare names of ``text`` near its lineage phrases, pooled per name with
    every mention of the card: per pooling key, its (start, as written) mentions.

    Names are found in the stretches around lineage phrases only; their other mentions are
    found by plain substring search of the lower-cased text, so the card is tokenised once
    and only where lineage is spoken of.
    """
    low = _lower(text) if low is None else low
    found: dict[str, list[tuple[int, str]]] = {}
    seen: set[str] = set()
    for a, b in windows(low):
        for m in _TOKEN.finditer(text, a, b):
            name = m.group(0)
            number_after = _NUMBER_AFTER.match(text, m.end()) is not None
            if name.isalpha():
                if name.casefold() not in _FAMILIES and not number_after:
                    continue  # a plain word: a name only with a number after it
            elif "-" in name and not any(c.isdigit() for c in name) and not _TWO_CAPS.search(name):
                continue  # "state-of-the-art", "fine-tuned": words, not a cased name
            if number_after:
                spoken = _SPOKEN.match(text, m.start())
                if spoken is not None and len(spoken["bare"]) > len(name):
                    name = spoken["bare"].rstrip(".")
            if name in seen or not name_counts(name):
                continue
            seen.add(name)
            found.setdefault(pool_key(name), []).extend(_mentions(text, low, name))
    pooled = {k: sorted(set(occ)) for k, occ in found.items() if occ}
    return dict(sorted(pooled.items(), key=lambda kv: kv[1][0][0]))


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _lower(text: str) -> str:
    """The text lower-cased, character for character ("İ" lower-cases to two characters:
    then only ASCII letters are lowered, so that positions line up)."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


def _mentions(text: str, low: str, name: str) -> list[tuple[int, str]]:
    """Every whole-word mention of ``name`` in the text (case aside), with its spelling."""
    needle = name.lower()
    out: list[tuple[int, str]] = []
    at = low.find(needle)
    n = len(needle)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + n] if at + n < len(text) else " "
        if not (before.isalnum() or before in "./@:-_") and not (
            after.isalnum()
            or after in "/_"
            or (after in "-." and text[at + n + 1 : at + n + 2].isalnum())
        ):
            out.append((at, text[at : at + n]))
        at = low.find(needle, at + 1)
    return out


def written_ids(text: str) -> dict[str, str]:
    """Per pooling key of a name, the ``ORG/NAME`` the text writes for it (first one)."""
    if "/" not in text:
        return {}
    from importers.scorer import references

    out: dict[str, str] = {}
    for m in references(text):
        out.setdefault(pool_key(m.model_id.rpartition("/")[2]), m.model_id)
    return out


def emitted_id(name: str, written: dict[str, str]) -> str:
    """The parent id a decided bare name stands for: its known Hub id, the ``ORG/NAME`` the
    card writes for it, else the name as written."""
    return known_id(name) or written.get(pool_key(name)) or name


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(name_tokens(name.replace(" ", "-")))


_ARCH_AFTER = re.compile(
    r"[ \t]*(?:-|\w+[ \t]+)?(?:architecture|structure|design|style|tokeni[sz]er|licen[cs]e)\b",
    re.I,
)


def candidates(
    body: str, model_id: str, context: CardContext, ruled_out: bool = False
) -> list[Candidate]:
    """Every bare name no rule decided, one per pooled name, with its features.

    ``ruled_out``: also those a rule rules out whatever the weights (every mention in another
    role), marked so, for training.
    """
    text = body[:MAX_CHARS]
    by_key = scan(text)
    if not by_key:
        return []
    own_org, _, own_name = model_id.casefold().rpartition("/")
    own_tokens = set(name_tokens(own_name))
    own_stem = _plain_stem(own_name)
    skip_tokens = {tuple(name_tokens(own_name)), own_stem, (own_org,)}
    held_names = {h.rpartition("/")[2] for h in context.held}
    skip_tokens |= {tuple(name_tokens(h)) for h in held_names}
    skip_tokens |= {tuple(name_tokens(d.rpartition("/")[2])) for d in context.datasets}
    written = written_ids(text)
    order = [
        k
        for k in by_key
        if _tokens(by_key[k][0][1]) not in skip_tokens and not _DATASET_NAME.search(k)
    ]
    if not order or len(order) > _MAX_CANDIDATES:
        return []
    layout = _Layout(text)
    spans = code_spans(text)
    card = _card_features(context, len(order))
    hub_read = worth_scoring(body, merge=context.merge, quantized=context.quantized)
    out: list[Candidate] = []
    for rank, k in enumerate(order):
        occ = by_key[k][:_MAX_OCCURRENCES]
        name = occ[0][1]
        emitted = emitted_id(name, written)
        if key(emitted) in context.held:
            continue  # the id a held parent already has
        if hub_read and pool_key(name) in written:
            continue  # the card writes its ORG/NAME, which the Hub-id model weighed
        feats = dict(card)
        words: set[str] = set()
        roles = 0
        for start, written_as in occ:
            in_code = any(a <= start < b for a, b in spans)
            mention = Mention(written_as, start, "bare", in_code)
            words |= _occurrence_features(text, mention, layout, feats)
            feats.pop("image", None)
            role = feats.pop("role", 0.0) > 0
            end = start + len(written_as)
            if design_before(text, start) or _ARCH_AFTER.match(text, end):
                feats["design"] = 1.0  # "the Llama-2 architecture", "identical to Qwen2"
                role = True
            if another_role_before(text, start):
                feats["other-role-before"] = 1.0  # "a judge fine-tuned from X"
            if model_after(text, end):
                feats["model-after"] = 1.0
            roles += role
        if feats.pop("denied", 0.0):
            continue
        why = "role" if roles == len(occ) else None
        if why and not ruled_out:
            continue
        _name_features(feats, name, own_tokens, own_stem)
        if own_org and own_org in pool_key(name):
            feats["own-org-in-name"] = 1.0  # "Qwen2.5" on a card of qwen/…: its own family
        if emitted != name:
            feats["known-id" if known_id(name) else "written-with-org"] = 1.0
        if all(any(a <= s < b for a, b in spans) for s, _ in occ):
            feats["only-in-code"] = 1.0
        feats["occurrences"] = min(len(by_key[k]), 5) / 5
        if rank == 0:
            feats["first-candidate"] = 1.0
        feats["early"] = 1.0 if occ[0][0] < 1500 else 0.0
        if not any(n.startswith(("near-", "after-", "para-", "list-after-")) for n in feats):
            feats["no-lineage-words"] = 1.0
        snippet = _context_snippet(text, occ[0][0])
        out.append(Candidate(emitted, feats, snippet, frozenset(words), why))
    return out


def _name_features(
    feats: dict[str, float], name: str, own_tokens: set[str], own_stem: tuple[str, ...]
) -> None:
    """The features of the written name itself: its shape and its likeness to the card's own."""
    if _SIZE.search(name):
        feats["has-size"] = 1.0
    if _VERSION.search(name) or _family_version(name):
        feats["has-version"] = 1.0
    if known_id(name):
        feats["known-name"] = 1.0
    if _family_only(name):
        feats["family-only"] = 1.0
    if " " in name:
        feats["spoken"] = 1.0
    if name.islower():
        feats["lower-case"] = 1.0
    elif name.isupper():
        feats["upper-case"] = 1.0
    if named_bare(name) and not _model_like(name):
        feats["family-version-or-cased"] = 1.0
    toks = set(_tokens(name))
    jac = len(toks & own_tokens) / len(toks | own_tokens) if toks | own_tokens else 0.0
    feats["name-overlap"] = round(jac, 3)
    if own_tokens and own_tokens < toks:
        feats["name-extends-own"] = 1.0
    if toks and toks < own_tokens:
        feats["own-extends-name"] = 1.0
    stem = _plain_stem(name.replace(" ", "-"))
    if stem and own_stem[: len(stem)] == stem and stem != own_stem:
        feats["stem-prefix-of-own"] = 1.0

"""Lineage stated in a card's prose rather than its YAML.

The Trainer writes "This model is a fine-tuned version of [X](…) on the Y
dataset", llama.cpp's GGUF-my-repo "converted to GGUF format from [X](…)",
mergekit "The following models were included in the merge: * [A](…)". People
write "LoRA adapter for X", "distilled from X", "based on X".

Precision matters more than recall here: only a model reference right after
one of these phrases counts, code blocks, HTML comments and block quotes are
skipped, and the card's own id is never a parent. Each finding says how strong
its phrase is so the card reader can let explicit statements win over "based on".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from importers.known_models import known_id
from importers.prose_phrases import (
    ADAPTER_WORDING,
    ALL_NEEDLES,
    CONFIG_WORD,
    CONVERSION_TRIGGERS,
    DATASET_LABEL,
    DATASET_TAIL,
    DISTILL_WORDING,
    FALLBACK_TRIGGERS,
    FT_ADJ,
    INTERPRETIVE,
    LORA_MERGED_WORDING,
    MERGE_WORDING,
    NAMES,
    QUANT_WORDS,
    REF_RE,
    SENTENCE_END,
    TRIGGER_NEEDLES,
    UPGRADE_ADJ,
    WORDS_ADAPTER,
    WORDS_DISTILL,
    WORDS_MERGE,
    WORDS_QUANT,
    Strength,
    Trigger,
    needle_hits,
)
from importers.prose_scan import Scan, aligned, matches
from importers.references import reference
from lineage.core.ids import dataset_id, key, parse_reference
from lineage.core.records import EvidenceKind, Relation, Unresolved

__all__ = [
    "MAX_PROSE_CHARS",
    "ProseClaim",
    "ProseFindings",
    "Strength",
    "conversion_phrase_claims",
    "read_prose",
]

# Lineage sentences sit near the top; long cards are mostly usage and results.
MAX_PROSE_CHARS = 20_000
_SNIPPET = 200
# How far after "obtained by pruning X" a distillation step is looked for.
_PRUNED_WINDOW = 500
# What a weak phrase ("built on X") may leave unresolved; a non-Hub URL there is noise.
_WEAK_REASONS = frozenset(
    {"local path", "empty or placeholder value", "model name without an organisation"}
)


@dataclass(frozen=True, slots=True)
class ProseClaim:
    """A parent named in prose; ``relation`` is ``None`` when the phrase names none."""

    parent: str
    relation: Relation | None
    strength: Strength
    snippet: str
    inferred: bool = False
    conversion: bool = False
    revision: str | None = None


@dataclass(slots=True)
class ProseFindings:
    """Everything the prose says about lineage, plus card-level wording signals."""

    claims: list[ProseClaim] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    adapter_wording: bool = False
    merge_wording: bool = False
    distill_wording: bool = False
    lora_merged_wording: bool = False
    conversion_wording: bool = False
    # The words "merg…" or "lora" occur: hand-made merge lists are worth looking for.
    merge_or_lora_words: bool = False


# (An HTML line break may sit between a label and its value: "Model page: <br>".)
_LEAD = re.compile(
    r"[ \t]*(?:<[bB][rR][ \t]*/?>[ \t]*)?\n?[ \t]*(?:(?:the|a|an|our|this|model)\s+){0,2}"
)
# "Meta's original Llama 2 7B", "Mistral AI's Mixtral 8x7b": an owner and a word or two
# before a name spoken without an org.
_OWNER_LEAD = re.compile(
    r"(?:[A-Z][A-Za-z-]*(?:[ \t]+AI)?['’´]s[ \t]+)?(?:(?:original|base|pretrained|pre-trained|"
    r"powerful|strong|popular|open-source|larger|bigger|latest|official|excellent)[ \t]+){0,2}",
    re.I,
)
_OWNER_TAILS = ("'s", "’s", "´s", " AI's", " AI’s", " AI´s")
_LEAD_WORDS = frozenset(
    [
        "original",
        "base",
        "pretrained",
        "pre-trained",
        "powerful",
        "strong",
        "popular",
        "open-source",
        "larger",
        "bigger",
        "latest",
        "official",
        "excellent",
    ]
)
# What follows the space after the first word of a spoken name: a size or version.
_SPOKEN_NEXT = frozenset("0123456789vV")
# A name spoken with spaces: a word, then sizes and versions ("Llama 2 13B", "Mistral 7B
# v0.1", "LLaMA v2 Chat", "Qwen2 1.5B"), then perhaps a variant word. Its groups are
# REF's, all but ``bare`` empty, so it reads like any reference.
_NUMBERED = r"v?\d+(?:\.\d+)*(?:x\d+)?[bmk]?"
_SPOKEN = re.compile(
    r"(?P<lt>(?!))?(?P<lu>(?!))?(?P<bk>(?!))?(?P<bt>(?!))?(?P<url>(?!))?(?P<path>(?!))?"
    r"(?P<id>(?!))?(?<![A-Za-z0-9_./-])(?P<bare>[A-Za-z][A-Za-z0-9_.-]*+"
    rf"(?:[ \t]+{_NUMBERED}(?![\w.-]))+(?:[ \t]+(?:chat|instruct|base|hf)\b)*)",
    re.I,
)
# Families named alone after a lineage phrase ("based on LLaMA", "fine-tuned from Qwen").
_FAMILIES = frozenset(
    {"llama", "mistral", "mixtral", "qwen", "yi", "gemma", "falcon", "bloom", "baichuan",
     "chatglm", "internlm", "vicuna", "alpaca", "pythia", "starcoder", "codellama"}
)  # fmt: skip
_ADJECTIVES = re.compile(r"(?:[\w.'’-]+[ \t]+){1,2}(?=[\[`])")
# "[A](…) by its author (and friends)" between the inputs of a merge list.
_BY_AUTHOR = re.compile(r"[ \t]+by[ \t]+[\w.-]+(?:[ \t]+\([^)\n]{0,80}\))?")
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|&|\+|\band\b|\bwith\b|\bx\b)\s*")
_FOLDED_LORA = re.compile(r"[^\n.]{0,80}?\b(?:q?lora|adapter)s?\b", re.I)
_LIST_NEXT = re.compile(
    r"[ \t]*(?:the\s+following(?:\s+models)?)?[ \t]*:?[ \t]*\n\s*[*+-][ \t]", re.I
)
_BULLET = re.compile(r"[ \t]*[*+-][ \t]+(?P<item>[^\n]*)")
_HF_URL = re.compile(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/", re.I)
# ORG/NAME mentions anywhere (code included), to qualify a bare name in prose.
_HUB_SECTIONS = frozenset({"datasets", "spaces", "docs", "blog", "papers", "collections"})
_ORG_BEFORE = re.compile(r"(?<![\w.@-])[A-Za-z0-9][\w-]*\Z")
# The "-hf" ending of a converted repo's name ("llama-7b-hf" for "LLaMA-7b").
_HF_TAIL = re.compile(r"-hf(?![\w.-])", re.I)
_NAME_GOES_ON = re.compile(r"[\w-]|\.[A-Za-z0-9]")
_HUB_URL_TAIL = re.compile(r"(?:huggingface\.co|hf\.co)/\Z", re.I)

_ORIGINAL_CARD = re.compile(
    r"^[ \t]*(?:#{1,6}[^\n]*\boriginal\s+model(?:'s)?\s+card\b|<!--\s*original-model-card\s+start)",
    re.I | re.M,
)
_CODE_BLOCK = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.M | re.S)
_FENCE_LINE = re.compile(r"[ \t]*(`{3,}|~{3,})[^\n]*\n")  # _CODE_BLOCK's opening line
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_HTML_BREAK_BEFORE = re.compile(r"<br[ \t]*/?>\Z", re.I)
_QUOTE_LINE = re.compile(r"^[ \t]*>[^\n]*$", re.M)
_CITATION = re.compile(r"^[ \t]*@\w+\s*\{.*?(?:^[ \t]*\}[ \t]*$|\Z)", re.M | re.S)
_QUOTE_START = re.compile(r"\n[ \t]*>")
_CITATION_START = re.compile(r"\n[ \t]*@")


def read_prose(body: str, model_id: str, *, fallback: bool = True) -> ProseFindings:
    """Read lineage claims, datasets and wording signals from a card's prose.

    ``fallback=False`` skips `FALLBACK_TRIGGERS` (the card declares its parents elsewhere,
    in YAML: a vaguer phrase could only repeat them).
    """
    raw = body[:MAX_PROSE_CHARS]
    scanned = _scanned(raw) if len(raw) <= _SCAN_CACHE_MAX_CHARS else _scan(raw)
    found = ProseFindings(
        adapter_wording=scanned.adapter_wording,
        merge_wording=scanned.merge_wording,
        distill_wording=scanned.distill_wording,
        lora_merged_wording=scanned.lora_merged_wording,
        merge_or_lora_words=scanned.merge_or_lora_words,
    )
    reader = _Reader(scanned.text, raw, model_id, found)
    for trigger, found_matches in scanned.phrases:
        for m in found_matches:
            if trigger.kind == "first":
                reader.ref_first(m, trigger)
            else:
                reader.after(m, trigger)
    if fallback and not any(_named(c.parent) for _, c in reader.claims):
        # (A date read after "quants for 5/3" names no parent.)
        _read_phrases(reader, scanned, FALLBACK_TRIGGERS)
    for ref in scanned.dataset_refs:
        reader.add_dataset(ref)
    if reader.claims:  # most cards state no lineage in prose
        found.claims = _without_vaguer(_best_per_parent(reader.claims))
    return found


def conversion_phrase_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Claims of the phrases only a conversion repo's card is read for (`CONVERSION_TRIGGERS`:
    "GGUF of X", "Model page: X"); the card reader asks for them in such cards only."""
    raw = body[:MAX_PROSE_CHARS]
    scanned = _scanned(raw) if len(raw) <= _SCAN_CACHE_MAX_CHARS else _scan(raw)
    reader = _Reader(scanned.text, raw, model_id, ProseFindings())
    _read_phrases(reader, scanned, CONVERSION_TRIGGERS)
    return _best_per_parent(reader.claims) if reader.claims else []


def _tuned_at(trigger: Trigger, text: str, lower: str) -> list[re.Match[str]]:
    """``matches`` for "(fine-)tuned on/for …": its few candidates found with ``str.find``.

    "fine-tuned" (five letters before "tuned") or "finetuned" (four); ``lower`` lines up.
    """
    out: list[re.Match[str]] = []
    at = lower.find("tuned")
    while at >= 0:
        for start in (at - 5, at - 4):
            if start >= 0 and (m := trigger.scan.pattern.match(text, start)):
                out.append(m)
                break
        at = lower.find("tuned", at + 5)
    return out


def _named(parent: str) -> bool:
    """Whether each part of a parent's id has a letter (no date, no fraction)."""
    return all(any(ch.isalpha() for ch in part) for part in parent.split("/"))


def _read_phrases(reader: _Reader, scanned: _Scanned, triggers: tuple[Trigger, ...]) -> None:
    """Claims for the phrases of ``triggers`` (conversion-only or fallback phrases).

    Their matches are kept with the scan: a recurring text (a template) is scanned once.
    """
    if not triggers:
        return
    found = scanned.later.get(id(triggers))
    if found is None:
        text, lower, hits = scanned.text, scanned.lower, scanned.hits
        probed = lower if scanned.probed else None
        found = tuple(
            (
                trigger,
                tuple(
                    _tuned_at(trigger, text, lower)
                    if probed and trigger.kind == "named_before"
                    else matches(trigger.scan, text, probed)
                ),
            )
            for trigger in triggers
            # A needle the card scan looked for already is known; another is looked for.
            if any(n in hits if n in ALL_NEEDLES else n in lower for n in trigger.needles)
        )
        scanned.later[id(triggers)] = found
    for trigger, trigger_matches in found:
        for m in trigger_matches:
            reader.after(m, trigger)


@dataclass(frozen=True, slots=True)
class _Scanned:
    """What a card's prose holds before its own id matters: phrase matches, wording, labels."""

    text: str
    lower: str
    adapter_wording: bool
    merge_wording: bool
    distill_wording: bool
    lora_merged_wording: bool
    merge_or_lora_words: bool
    phrases: tuple[tuple[Trigger, tuple[re.Match[str], ...]], ...]
    dataset_refs: tuple[re.Match[str], ...]
    hits: frozenset[str] = frozenset()  # the trigger needles the text holds
    probed: bool = False  # whether ``lower`` lines up with ``text`` (`aligned`)
    # Matches of the phrases read only for some cards (by id of their tuple), found when
    # first needed.
    later: dict[int, tuple[tuple[Trigger, tuple[re.Match[str], ...]], ...]] = field(
        default_factory=dict
    )


# Many cards share their prose word for word (the Hub's unfilled card template, a
# quantizer's boilerplate): the scan of a recent prose is kept for the next card with
# the same text. Short texts only, so the cache stays a few MB.
_SCAN_CACHE_MAX_CHARS = 8_192


def _scan(raw: str) -> _Scanned:
    """Find the phrases, wording and dataset labels in a card's (truncated) prose."""
    text = _clean(_own_part(raw))
    lower = text.lower()
    exact = aligned(text, lower)
    probed = lower if exact else None
    # Each needle is looked for once; a trigger is scanned only if one of its needles occurs.
    hits = needle_hits(lower, exact)
    # The wording needles are trigger needles too ("adapter", "distil"; "merge" and
    # "merged" need "merg"), and an ASCII card holds no Chinese word: one scan less each.
    cjk = not lower.isascii()
    merg = "merg" in hits
    phrases = tuple(
        (trigger, found)
        for trigger in (_triggers_for(hits) if hits else ())
        if (found := tuple(matches(trigger.scan, text, probed)))
    )
    dataset_refs: tuple[re.Match[str], ...] = ()
    if "data" in lower:
        refs = (REF_RE.match(text, m.end()) for m in matches(DATASET_LABEL, text, probed))
        dataset_refs = tuple(ref for ref in refs if ref)
    return _Scanned(
        text=text,
        lower=lower,
        adapter_wording=("adapter" in hits or (cjk and "适配器" in lower))
        and _has(ADAPTER_WORDING, text, probed),
        merge_wording=merg and "merge" in lower and _has(MERGE_WORDING, text, probed),
        distill_wording=("distil" in hits or (cjk and "蒸馏" in lower))
        and _has(DISTILL_WORDING, text, probed),
        lora_merged_wording=merg and "merged" in lower and _has(LORA_MERGED_WORDING, text, probed),
        merge_or_lora_words=merg or "lora" in hits,
        phrases=phrases,
        dataset_refs=dataset_refs,
        hits=hits,
        probed=probed is not None,
    )


_scanned = lru_cache(maxsize=64)(_scan)


def _without_vaguer(claims: list[ProseClaim]) -> list[ProseClaim]:
    """Drop a family's name ("LLaMA") when another claim names a model of it ("LLaMA 7B"),
    and a family's version written bare ("Llama-3") when another claim, as strong, names a
    Hub model whose name holds it ("meta-llama/Meta-Llama-3-8B")."""
    if len(claims) > 1:
        claims = _without_bare_versions(claims)
    families = [c for c in claims if key(c.parent) in _FAMILIES]
    if not families:
        return claims
    names = [key(c.parent).rsplit("/", 1)[-1] for c in claims]
    vaguer = {
        key(f.parent)
        for f in families
        if any(n != key(f.parent) and n.startswith(key(f.parent)) for n in names)
    }
    return [c for c in claims if key(c.parent) not in vaguer]


def _without_bare_versions(claims: list[ProseClaim]) -> list[ProseClaim]:
    ids = [(c.strength, _tokens(c.parent.rsplit("/", 1)[-1])) for c in claims if "/" in c.parent]
    if not ids:
        return claims

    def vaguer(c: ProseClaim) -> bool:
        if "/" in c.parent or not _FAMILY_VERSION.fullmatch(c.parent.replace("-", "", 1)):
            return False
        mine = _tokens(c.parent)
        n = len(mine)
        return any(
            strength >= c.strength
            and any(theirs[i : i + n] == mine for i in range(len(theirs) - n + 1))
            for strength, theirs in ids
        )

    return [c for c in claims if not vaguer(c)]


def _own_part(raw: str) -> str:
    """The card without a copied "Original model card" section.

    Quantizers paste the parent's card below their own: its lineage sentences
    name the grand-parents, not this model's parents.
    """
    if "riginal" not in raw:
        return raw
    m = _ORIGINAL_CARD.search(raw)
    return raw[: m.start()] if m else raw


def _best_per_parent(claims: list[tuple[int, ProseClaim]]) -> list[ProseClaim]:
    """One claim per parent: the strongest phrase, then a stated relation, then text order.

    Several phrases can match one sentence ("fine-tuned version of" is also a
    "version of"); they are one piece of evidence, not two.
    """
    ranked = sorted(claims, key=lambda pc: (-pc[1].strength, pc[1].inferred, pc[0]))
    best: dict[str, tuple[int, ProseClaim]] = {}
    for pos, claim in ranked:
        best.setdefault(key(claim.parent), (pos, claim))
    return [c for _, c in sorted(best.values(), key=lambda pc: (-pc[1].strength, pc[0]))]


def _has(scan: Scan, text: str, probed: str | None) -> bool:
    return bool(matches(scan, text, probed))


# The triggers each needle turns on, by position in `TRIGGER_NEEDLES`: a card's few
# needles name its triggers without a test per trigger.
def _index_needles() -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for i, (_, needles) in enumerate(TRIGGER_NEEDLES):
        for needle in needles:
            out.setdefault(needle, []).append(i)
    return {needle: tuple(found) for needle, found in out.items()}


_TRIGGERS_OF_NEEDLE = _index_needles()


def _triggers_for(hits: frozenset[str]) -> list[Trigger]:
    """The triggers with a needle among ``hits``, in `TRIGGER_NEEDLES` order."""
    if len(hits) == 1:
        (needle,) = hits
        return [TRIGGER_NEEDLES[i][0] for i in _TRIGGERS_OF_NEEDLE[needle]]
    on: set[int] = set()
    for needle in hits:
        on.update(_TRIGGERS_OF_NEEDLE[needle])
    return [TRIGGER_NEEDLES[i][0] for i in sorted(on)]


def _clean(text: str) -> str:
    """Drop what never states this card's lineage: code, comments, quotes, citations."""
    if "```" in text or "~~~" in text:
        text = _strip_code(text)
    if "<!--" in text:
        text = _without_comments(text)
    if ">" in text and _some_line_starts(text, ">", _QUOTE_START):
        text = _QUOTE_LINE.sub("", text)
    if "@" in text and _some_line_starts(text, "@", _CITATION_START):
        text = _CITATION.sub("", text)
    # Bold markers sit between labels and values ("**Base model:** X").
    return text.replace("**", "")


def _strip_code(text: str) -> str:
    """``_CODE_BLOCK.sub("\\n", text)``, trying the pattern only where a line opens a fence.

    A line-anchored pattern is tried at every position of the card; the fences
    themselves are found with ``str.find``.
    """
    starts: set[int] = set()
    for fence in ("```", "~~~"):
        at = text.find(fence)
        while at >= 0:
            line = text.rfind("\n", 0, at) + 1
            if not text[line:at].strip(" \t"):
                starts.add(line)
            at = text.find(fence, at + 3)
    out: list[str] = []
    pos = 0
    for start in sorted(starts):
        if start >= pos and (end := _code_block_end(text, start)) is not None:
            out += (text[pos:start], "\n")
            pos = end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def _without_comments(text: str) -> str:
    """``_HTML_COMMENT.sub("", text)`` with ``str.find``: the lazy ``.*?`` costs per character."""
    out: list[str] = []
    pos = 0
    at = text.find("<!--")
    while at >= 0:
        out.append(text[pos:at])
        end = text.find("-->", at + 4)
        if end < 0:
            return "".join(out)  # an unclosed comment runs to the end
        pos = end + 3
        at = text.find("<!--", pos)
    out.append(text[pos:])
    return "".join(out)


def _code_block_end(text: str, start: int) -> int | None:
    """Where ``_CODE_BLOCK.match(text, start)`` ends, for a ``start`` at a line start.

    The closing fence is looked for with ``str.find``: the pattern's lazy ``.*?`` tries
    the closing line at every character of the block.
    """
    opening = _FENCE_LINE.match(text, start)
    if opening is None:
        return None
    fence = opening[1]
    at = text.find(fence, opening.end())
    while at >= 0:
        line = text.rfind("\n", 0, at) + 1
        after = at + len(fence)
        eol = text.find("\n", after)
        eol = len(text) if eol < 0 else eol
        if not text[line:at].strip(" \t") and not text[after:eol].strip(" \t"):
            return eol  # "[ \t]*\1[ \t]*$": blanks around the same fence, alone on its line
        at = text.find(fence, at + 1)
    return len(text)  # never closed: the block runs to the end


def _some_line_starts(text: str, mark: str, after_newline: re.Pattern[str]) -> bool:
    """Whether a line starts with ``mark`` after blanks: what quotes and citations need.

    ``after_newline`` (``\\n[ \\t]*MARK``) starts with a literal, so ``re`` finds
    it quickly; the line-anchored patterns themselves are tried at every position.
    """
    return text.lstrip(" \t").startswith(mark) or after_newline.search(text) is not None


class _Reader:
    """Turns trigger matches into claims, keeping the card-wide state in one place."""

    def __init__(self, text: str, raw: str, model_id: str, found: ProseFindings) -> None:
        self.text = text
        self.raw = raw
        self.own = key(model_id)
        self.own_org = model_id.split("/", 1)[0] if "/" in model_id else None
        self.own_name = key(model_id.rsplit("/", 1)[-1])
        self.found = found
        self.claims: list[tuple[int, ProseClaim]] = []
        self._lower_raw: str | None = None
        self._zh_based_seen = False

    def after(self, m: re.Match[str], trigger: Trigger) -> None:
        """Claims for the reference(s) that follow a trigger phrase."""
        relation, strength = trigger.relation, trigger.strength
        conversion, kind, inferred = trigger.conversion, trigger.kind, False
        if kind == "before":
            self._listed_before(m, trigger)
            return
        if kind == "base_before":
            self._base_before(m, trigger)
            return
        if kind == "named_before":
            self._named_before(m, trigger)
            return
        if kind == "zh_based" and not self._first_zh_based(m):
            return
        if kind == "pair" and not self.own_subject(m.start()):
            return  # "this dataset combines …", "[Y](…) combines …": not this model
        if kind == "subject" and not self.own_subject(m.start()):
            # "DeepSeek-X-8B is derived from Y" in another model's card: Y is X's parent.
            return
        if kind == "pruned":
            after = self.text[m.end() : m.end() + _PRUNED_WINDOW].lower()
            relation = Relation.DISTILLATION if "distil" in after else None
        if kind == "version":
            # The words just before "version of" say what kind of version it is.
            before = self.text[max(0, m.start() - 60) : m.start()].split()[-3:]
            relation, inferred, conversion = _classify_version(before)
            if relation is None and not _upgraded(before, self, m.start()):
                return
            if relation is None:
                strength = Strength.LABEL  # "an improved version of X": no relation named
        if kind == "bullets" or (
            kind in ("inline", "one", "and") and _LIST_NEXT.match(self.text, m.end())
        ):
            # "… a merge between:" / "… based on" then a markdown list of the inputs.
            start = m.end() if kind == "bullets" else self.text.index("\n", m.end())
            self._bullets(m, relation, strength, start)
            return
        ref = self._ref_at(m.end())
        if ref is None and kind == "inline" and relation is Relation.MERGE:
            # "a merge between Alpha, beta-chat and Gamma-7B": bare names listed.
            self._bare_inputs(m, strength)
        if (
            ref is None
            or _negated(self.text, m.start())
            or _compared(self.text, m.start())
            or _of_another(self.text, m.start(), self.own_name)
            # ("[A](…) merged with [B](…)" names two inputs alike.)
            or (relation is not Relation.MERGE and _after_link(self.text, m.start(), self.own_name))
            or _under_another_item(self.text, m.start(), self.own_name)
            or _NOT_LINEAGE_AFTER.match(self.text, ref.end())
        ):
            # "quantized versions of this model are provided by …": children, not a source;
            # "not a fine-tune of X", "based on X's tokenizer": no lineage.
            return
        if (
            conversion
            and not (ref["id"] and not any(c.isalpha() for c in ref["id"]))
            and not self._names_own(ref)
        ):
            # ("Exl2 quants for 5/3": a date, no model, says nothing of this card; "an Int4
            # quantized model of <this model>": the card's own quantized release, a child.)
            self.found.conversion_wording = True
        refs = [ref]
        if kind in ("inline", "and", "pair"):
            pos = ref.end()
            # "fine-tuned from [A](…) and [B](…)": a second written reference after "and"
            # (never a bare word: "from X and Y data").
            seps = _LIST_SEP if kind == "inline" else _AND_SEP
            while (sep := seps.match(self.text, _after_author(self.text, pos))) and (
                nxt := REF_RE.match(self.text, sep.end())
            ):
                if nxt["bare"] and (kind == "and" or not _model_like(nxt["bare"].rstrip(".-"))):
                    break
                if kind == "and" and _built_on(refs[-1].group(0), nxt.group(0)):
                    # "trained on top of [X-7B-chat](…) and [X-7B](…)": X-7B is X-7B-chat's
                    # own base, a grand-parent.
                    break
                refs.append(nxt)
                pos = nxt.end()
        if trigger.kind == "pair" and len(refs) < 2:
            return  # "combines speed with accuracy", "combines X with a vision tower"
        snippet = self._snippet(m.start(), refs[-1].end())
        if relation is Relation.MERGE and len(refs) == 1:
            folded = _FOLDED_LORA.match(self.text, ref.end())
            if kind == "version" and _adapter_named(self._resolve(ref, False)[0] or ""):
                # "the merged version of [X-lora](…)": the adapter folded into its base.
                relation = Relation.FINETUNE
            elif folded:
                # "a merge of X with the … LoRA": one model with an adapter folded into it.
                relation = Relation.FINETUNE
                snippet = self._snippet(m.start(), folded.end())
        if kind == "subject" and WORDS_DISTILL.search(self.text, ref.end(), ref.end() + 300):
            # "… a derivative of X. We distil X block by block …"
            relation = Relation.DISTILLATION
        base = None
        if relation is Relation.MERGE and len(refs) > 1:
            full = [r for r in refs if not _adapter_named(self._resolve(r, False)[0] or "")]
            if len(full) == 1:
                # "a merge of [X](…) + [Y-LoRA](…)": the adapters folded into the one full
                # model, whose weights they tune; the adapters are the ingredients.
                base = full[0]
        held = len(self.claims)
        self._claim(
            ref, Relation.FINETUNE if base is ref else relation, strength, snippet,
            inferred=inferred, conversion=conversion, own_org=kind == "predecessor",
        )  # fmt: skip
        if kind == "subject" and len(self.claims) > held:
            self._most_specific_subject()
        for nxt in refs[1:]:
            self._claim(nxt, Relation.FINETUNE if base is nxt else relation, strength, snippet)
        if relation in (Relation.FINETUNE, Relation.ADAPTER):
            self._dataset_tail(ref.end())

    def _named_before(self, m: re.Match[str], trigger: Trigger) -> None:
        """A claim for the name right before "(model) fine-tuned on/for …".

        Only where the sentence speaks of this model: the card's first heading, a name
        label ("Model name: X fine-tuned for …") or "… is a(n) … X model fine-tuned";
        elsewhere the name is a rival or a child ("we compare with X fine-tuned on …").
        """
        start = _before_glue(self.text, m.start())
        if start is None:
            return
        last = self.text[max(0, start - 40) : start].rsplit(None, 1)[-1:]
        if not last or (last[0].isalpha() and last[0].islower() and last[0] not in _NAME_TAILS):
            return  # "… used directly or fine-tuned for …": a plain word, no name, before it
        line = self.text.rfind("\n", 0, start) + 1
        left = max(line, start - 200)
        for end in SENTENCE_END.finditer(self.text, left, start):
            left = end.end()
        sentence = self.text[left:start].lower()
        if not any(w in sentence for w in _NAMED_BEFORE_WORDS):
            return  # no title, label or "is a": told before any name is looked for
        ref = self._name_ending_at(left, start)
        if ref is None:
            return
        prefix = self.text[left : ref.start()]
        if _NAMED_BEFORE_NOT.search(prefix) or _negated(self.text, ref.start()):
            return
        heading = prefix.lstrip().startswith("#")
        if heading and _heading_before(self.text, line):
            return  # a later heading names a section, not this model
        if not (
            (heading and _NAMED_BEFORE_TITLE.fullmatch(prefix))
            or _NAMED_BEFORE_LABEL.search(prefix)
            or _NAMED_BEFORE_IS_A.search(prefix)
        ):
            return
        snippet = self._snippet(ref.start(), m.end())
        name = ref["bare"]
        if name and not _bare_like(name) and key(name) not in (self.own, self.own_name):
            # "a Lark2 based chat model fine-tuned …": a family and version, as written
            # and as vague as a spoken name.
            claim = ProseClaim(name, trigger.relation, Strength.WEAK, snippet)
            self.claims.append((ref.start(), claim))
        else:
            self._claim(ref, trigger.relation, trigger.strength, snippet)
        self._dataset_tail(ref.end())

    def _base_before(self, m: re.Match[str], trigger: Trigger) -> None:
        """A claim for the name before "as its base (model)", after "with", "from", "using"
        or a list bullet, when the sentence's subject is this model (or there is none)."""
        end = _blank_back(self.text, m.start())
        if end == m.start():
            return
        start, word = _last_word(self.text, end)
        if word == "model":
            end = _blank_back(self.text, start)
        line = self.text.rfind("\n", 0, end) + 1
        left = max(line, end - 300)
        for stop in SENTENCE_END.finditer(self.text, left, end):
            left = stop.end()
        ref = self._name_ending_at(left, end)
        if ref is None:
            return
        lead = _BASE_BEFORE_LEAD.search(self.text, max(left, ref.start() - 12), ref.start())
        if lead is None or _negated(self.text, ref.start()):
            return
        if not _COMPARING.isdisjoint(self.text[left : lead.start()].lower().split()):
            return  # "it beats models trained with X as the base": others' base
        subject = _SUBJECT_VERB.search(self.text, left, lead.start())
        if subject is not None and not self._own_words(self.text[left : subject.start()]):
            return  # "[Y](…) is trained with X as its base": Y's base, a grand-parent
        snippet = self._snippet(ref.start(), m.end())
        self._claim(ref, trigger.relation, trigger.strength, snippet)

    def _own_words(self, subject: str) -> bool:
        """Whether a sentence's subject names no model but this one."""
        own = _tokens(self.own_name)
        for word in subject.split():
            word = word.strip("*_`()[]{}:,;'\"")
            if "/" in word or "](" in word:
                return False
            if _model_like(word) and _tokens(word) != own[: len(_tokens(word))]:
                return False
        return True

    def _name_ending_at(self, left: int, end: int) -> re.Match[str] | None:
        """The longest model reference in ``text[left:end]`` that ends at ``end``."""
        text = self.text
        for word in _WORD_START.finditer(text, left, end):
            pos = word.start()
            spoken = _SPOKEN.match(text, pos, end)
            if spoken is not None and spoken.end() == end and _spoken_like(spoken["bare"]):
                return spoken
            ref = REF_RE.match(text, pos, end)
            if ref is not None and ref.end() == end:
                if ref["bare"] and not _bare_like(ref["bare"]) and not _family_version(ref["bare"]):
                    continue
                return ref
        return None

    def _first_zh_based(self, m: re.Match[str]) -> bool:
        """Whether "基于" at ``m`` names the card's first base: a model name, then no
        word saying it is a design, a tokenizer, data or a rival; once per card."""
        if self._zh_based_seen:
            return False
        ref = self._ref_at(m.end())
        if ref is None or (
            # A name spoken with spaces ("PyTorch 2.0") only when it is a model family's.
            ref.re is _SPOKEN
            and ref["bare"].split(None, 1)[0].casefold() not in _FAMILIES
            and known_id(ref["bare"]) is None
        ):
            return False
        if _ZH_NOT_LINEAGE_AFTER.match(self.text, ref.end()):
            return False
        self._zh_based_seen = True
        return True

    def ref_first(self, m: re.Match[str], trigger: Trigger) -> None:
        """A claim for the ``ref`` group of a phrase whose reference comes first."""
        if _negated(self.text, m.start()):
            return
        if trigger.conversion and not self._names_own(m, first=True):
            # "<this model>'s Int4 quantized model", "the Int4 quantized model": the card's
            # own quantized releases (children), not a statement that it is a conversion.
            self.found.conversion_wording = True
        snippet = self._snippet(m.start(), m.end())
        relation = trigger.relation
        self._claim(m, relation, trigger.strength, snippet, conversion=trigger.conversion)
        if relation is Relation.FINETUNE:
            self._dataset_tail(m.end())

    def add_dataset(self, ref: re.Match[str]) -> None:
        """A dataset after a "Dataset:" label, if it is a Hub dataset id or URL."""
        url = ref["lu"] or ref["url"]
        if url and _HF_URL.match(url):
            if "/datasets/" in url:
                self._dataset(dataset_id(url))
            return
        value = ref["bt"] or ref["id"]
        if value and "/" in value:
            self._dataset(dataset_id(value))

    def _listed_before(self, m: re.Match[str], trigger: Trigger) -> None:
        """Claims for every link of "[A](…) and [B](…) merge" (names before the noun)."""
        if _negated(self.text, m.start()) or _compared(self.text, m.start()):
            return
        if _THANKED.search(self.text, max(0, m.start() - 40), m.start()):
            return  # "thanks to [A](…) and [B](…) for the merge tools"
        tail = _LIST_TAIL.search(self.text, m.start(), m.end())
        if tail is None or _NEGATION.search(tail.group(0)):
            return
        snippet = self._snippet(m.start(), m.end())
        for ref in REF_RE.finditer(self.text, m.start(), tail.start()):
            if ref["lt"] is not None:
                self._claim(ref, trigger.relation, trigger.strength, snippet)

    def _bare_inputs(self, m: re.Match[str], strength: Strength) -> None:
        """Claims for a list of bare names after "a merge of/between" (a sentence of its own).

        Only a list of three or more names of which one looks like a model, or of two
        model-like names: "a merge of style and speed" is no list of models.
        """
        listed = _BARE_LIST.match(self.text, m.end())
        if listed is None:
            return
        names = [n.rstrip(".-") for n in _BARE_SPLIT.split(listed["items"]) if n]
        like = sum(_model_like(n) for n in names)
        if not (len(names) >= 3 and like >= 1) and not (len(names) == 2 and like == 2):
            return
        if any(n.casefold() in _NOT_NAMES or n.casefold() in _FILLER for n in names):
            return
        snippet = self._snippet(m.start(), listed.end())
        for name in _BARE_NAME.finditer(self.text, listed.start("items"), listed.end("items")):
            value = name.group(0).rstrip(".-")
            if value.casefold() == "and":
                continue
            if _model_like(value) or value.casefold() in _FAMILIES:
                ref = REF_RE.match(self.text, name.start())
                if ref is not None:
                    self._claim(ref, Relation.MERGE, strength, snippet)
                continue
            # A listed input without a size ("Chupacabra"): the id the card writes for
            # it, else the name as written.
            owners = self._owners(value)
            parent = next(iter(owners)) if len(owners) == 1 else value
            if key(parent) not in (self.own, self.own_name):
                claim = ProseClaim(parent, Relation.MERGE, strength, snippet)
                self.claims.append((name.start(), claim))

    def _most_specific_subject(self) -> None:
        """Of "a derivative of X-70B-instruct" and "a derivative of X-70B", keep the first.

        The card names one parent twice, once shortened: the shorter name is no other parent.
        """
        pos, new = self.claims[-1]
        mine = _tokens(key(new.parent).rsplit("/", 1)[-1])
        for i, (_, old) in enumerate(self.claims[:-1]):
            if old.strength != new.strength:
                continue
            theirs = _tokens(key(old.parent).rsplit("/", 1)[-1])
            if mine == theirs:
                continue
            if theirs[: len(mine)] == mine:
                self.claims.pop()
                return
            if mine[: len(theirs)] == theirs:
                self.claims[i] = (pos, new)
                self.claims.pop()
                return

    def own_subject(self, start: int) -> bool:
        """Whether the sentence before ``start`` speaks of this model, not of another one.

        Another model's id, link or name ("X-8B is derived from Y") or a non-model subject
        ("the licence is derived from", "pairs derived from") says no.
        """
        left = max(0, start - 300)
        for end in SENTENCE_END.finditer(self.text, left, start):
            left = end.end()
        subject = self.text[left:start]
        if _OTHER_SUBJECT.search(subject):
            return False
        own = _tokens(self.own_name)
        for word in subject.split():
            word = word.strip("*_`()[]{}:,;'\"")
            if "/" in word or "](" in word:
                return False
            if _model_like(word):
                tokens = _tokens(word)
                if tokens != own[: len(tokens)]:
                    return False
        return True

    # -- internals ---------------------------------------------------------

    def _ref_at(self, pos: int) -> re.Match[str] | None:
        lead = _LEAD.match(self.text, pos)
        pos = lead.end() if lead else pos
        ref = REF_RE.match(self.text, pos)
        if ref is None or (ref["bare"] and not _model_like(ref["bare"].rstrip(".-"))):
            # "GGUF conversion of the frozen [X](…)": a word or two before a link.
            adj = _ADJECTIVES.match(self.text, pos)
            linked = REF_RE.match(self.text, adj.end()) if adj else None
            ref = linked if linked is not None and not linked["bare"] else ref
        if ref is not None and ref["bare"]:
            ref = self._spoken(ref, pos)
        if ref is None or (
            ref["bare"]
            and ref.re is not _SPOKEN
            and not _bare_like(ref["bare"].rstrip(".-"))
            and not self._linked_name(ref["bare"].rstrip(".-"))
        ):
            return None
        if ref["bare"] and _NOT_A_MODEL_AFTER.match(self.text, ref.end()):
            # "based on the Llama-2 architecture": a design, not weights.
            return None
        return ref

    def _linked_name(self, name: str) -> bool:
        """Whether a hyphenated name without a size ("Ru-base-cased") is one the card writes
        as exactly one ORG/NAME (a Hub link or id): a model, although no digit says so."""
        return "-" in name and len(name) >= 5 and len(self._owners(name)) == 1

    def _spoken(self, ref: re.Match[str], pos: int) -> re.Match[str] | None:
        """A bare name at ``pos``, perhaps spoken with spaces after its owner ("Meta's X 7B").

        Cheap character tests first: most bare words are followed by neither an
        owner's "'s" nor a size or version.
        """
        text, end = self.text, ref.end()
        if text.startswith(_OWNER_TAILS, end) or ref["bare"].casefold() in _LEAD_WORDS:
            owner = _OWNER_LEAD.match(text, pos)
            pos = owner.end() if owner else pos
        elif text[end : end + 1] not in (" ", "\t") or (
            text[end : end + 3].lstrip(" \t")[:1] not in _SPOKEN_NEXT
        ):
            return ref
        spoken = _SPOKEN.match(text, pos)
        if spoken is not None and _spoken_like(spoken["bare"]):
            return spoken
        return ref if pos == ref.start() else REF_RE.match(text, pos)

    def _bullets(
        self, m: re.Match[str], relation: Relation | None, strength: Strength, pos: int
    ) -> None:
        found: list[tuple[re.Match[str], str]] = []
        while True:
            while pos < len(self.text) and self.text[pos] == "\n":
                pos += 1
            item = _BULLET.match(self.text, pos)
            if item is None:
                break
            ref = REF_RE.match(self.text, item.start("item"))
            if ref is not None and not ref["bare"]:
                found.append((ref, self._snippet(m.start(), item.end())))
            else:
                # A bullet that is no reference is usually a local path (D:\merges\x).
                self._unresolved(item["item"].strip(), parse_reference(item["item"]).unresolved)
            pos = item.end()
        if relation is None and len(found) > 1:
            # "based on" a list of several models: they were merged.
            relation = Relation.MERGE
        for ref, snippet in found:
            self._claim(ref, relation, strength, snippet)

    def _claim(
        self,
        ref: re.Match[str],
        relation: Relation | None,
        strength: Strength,
        snippet: str,
        *,
        inferred: bool = False,
        conversion: bool = False,
        own_org: bool = False,
    ) -> None:
        model_id, revision, reason, raw = self._resolve(ref, own_org)
        if model_id is None:
            # "built on [OpenHands](github…)" is not worth recording; a path or None is.
            if reason is not None and (strength > Strength.WEAK or reason in _WEAK_REASONS):
                self._unresolved(raw, reason)
            return
        if key(model_id) in (self.own, self.own_name):
            return
        if ref.re is _SPOKEN or raw.strip("` ").casefold() in _FAMILIES:
            # A name as spoken ("Llama 2", "LLaMA") is vaguer than any id the card writes:
            # it stands only when nothing more explicit names a parent.
            strength = Strength.WEAK
        if relation is None:
            # The phrase names no relation: the sentence may ("… fine-tuned with LoRA");
            # otherwise the card reader infers one from the whole card.
            relation = _sentence_relation(self.text, ref.start(), ref.end())
            inferred = True
        claim = ProseClaim(model_id, relation, strength, snippet, inferred, conversion, revision)
        self.claims.append((ref.start(), claim))

    def _names_own(self, ref: re.Match[str], first: bool = False) -> bool:
        """Whether ``ref`` names the card's own model (``first``: or, written before the
        phrase, no model at all: a precision such as "Int4")."""
        model_id, _, reason, _ = self._resolve(ref, False)
        if model_id is None:
            return first and reason is None
        return key(model_id) in (self.own, self.own_name)

    def _resolve(
        self, ref: re.Match[str], own_org: bool
    ) -> tuple[str | None, str | None, str | None, str]:
        """(model id, revision, why unresolved, raw text) of one reference match."""
        url = ref["lu"]
        if ref["lt"] is not None:
            if url and _HF_URL.match(url):
                parsed = reference(url)
                return parsed.model_id, parsed.revision, parsed.unresolved, url
            if url.startswith(("http://", "https://")):
                # "[LLaMA-2-7B](https://vendor.example/llama)": the text names the model.
                text = ref["lt"].strip("` ")
                if _bare_like(text) and "/" not in text:
                    return self._name(text, own_org)
                if spoken := _spoken_text(text):
                    # "[Mistral AI's Mixtral 8x7b](https://news.example/…)": a name as spoken.
                    return spoken, None, None, spoken
                return None, None, "URL outside the Hugging Face Hub", url
            return self._name(ref["lt"].strip("` "), own_org)
        if ref["bt"] is not None:
            return self._name(ref["bt"].strip(), own_org)
        if ref["bk"] is not None:
            return self._name(ref["bk"].strip("` "), own_org)
        if ref["path"] is not None:
            # A Hugging Face cache folder names its Hub repo (lineage.core.ids).
            parsed = reference(ref["path"])
            return parsed.model_id, parsed.revision, parsed.unresolved, ref["path"]
        if ref["url"] is not None:
            parsed = reference(ref["url"].rstrip(".-"))
            return parsed.model_id, parsed.revision, parsed.unresolved, ref["url"]
        if ref["id"] is not None:
            # "_ORG/NAME_" in italics: the closing mark is no part of the name.
            value = ref["id"].rstrip(".-_") if ref["id"].endswith("_") else ref["id"].rstrip(".-")
            org, _, name = value.partition("/")
            if _plain_word(org) and _plain_word(name):
                return None, None, None, value
            parsed = reference(value)
            return parsed.model_id, parsed.revision, parsed.unresolved, value
        if ref.re is _SPOKEN:
            # "Llama 2 13B": kept as written, spaces made single.
            spoken = " ".join(ref["bare"].split())
            if _CLOSED_MODEL.match(spoken.replace(" ", "-")):  # "GPT 4", "Claude 3"
                return None, None, None, spoken
            return spoken, None, None, spoken
        return self._name(ref["bare"].rstrip(".-"), own_org, bare=True)

    def _name(
        self, value: str, own_org: bool, bare: bool = False
    ) -> tuple[str | None, str | None, str | None, str]:
        """A reference from link text, code or a bare word: an id, or a name to qualify.

        ``bare``: a word of the running text, which may be a name the card links elsewhere.
        """
        if "/" in value or "\\" in value or value.casefold() in ("none", "null"):
            parsed = reference(value)
            return parsed.model_id, parsed.revision, parsed.unresolved, value
        if not _bare_like(value) and not (bare and self._linked_name(value)):
            return None, None, None, value
        # A bare name (no org) is only a model id if the card names exactly one ORG/NAME
        # with that name, e.g. in a usage command; a predecessor shares the card's org.
        owners = self._owners(value)
        if len(owners) == 1:
            return next(iter(owners)), None, None, value
        if not owners and own_org and self.own_org:
            return f"{self.own_org}/{value}", None, None, value
        if not owners and (known := known_id(value)):
            # A well-known base named exactly as its Hub repo ("Mistral-7B-v0.1").
            return known, None, None, value
        if not owners and not _CLOSED_MODEL.match(value):
            # Named without an org and nowhere else in the card: kept as written (a
            # placeholder a later import may fill in), as a careful reader would.
            return value, None, None, value
        return None, None, "model name without an organisation", value

    def _owners(self, name: str) -> set[str]:
        """The ORG/NAME ids the card writes (plainly or in a Hub link) for a bare ``name``."""
        if self._lower_raw is None:
            self._lower_raw = self.raw.lower()
        lower = self._lower_raw
        if len(lower) != len(self.raw):
            lower = self.raw  # positions must line up; casing then has to match exactly
        needle = "/" + name.lower()
        found: dict[str, str] = {}
        at = lower.find(needle)
        while at >= 0:
            end = at + len(needle)
            pos, at = at, lower.find(needle, at + 1)
            if _NAME_GOES_ON.match(self.raw, end):
                if not _HF_TAIL.match(self.raw, end):
                    continue
                end += 3  # "LLaMA-7b" and "org/llama-7b-hf": the same weights, HF format
            org = _ORG_BEFORE.search(self.raw, max(0, pos - 96), pos)
            if org is None or org.group(0).casefold() in _HUB_SECTIONS:
                continue
            before = self.raw[max(0, org.start() - 16) : org.start()]
            # "github.com/org/name" is another site; a Hub link or a plain id is the Hub.
            if before.endswith("/") and not _HUB_URL_TAIL.search(before):
                continue
            full = f"{org.group(0)}/{self.raw[pos + 1 : end]}"
            if key(full) != self.own:
                found.setdefault(key(full), full)
        return set(found.values())

    def _dataset_tail(self, pos: int) -> None:
        m = DATASET_TAIL.match(self.text, pos)
        if m is None:
            return
        if m["du"]:
            if _HF_URL.match(m["du"]) and "/datasets/" in m["du"]:
                self._dataset(dataset_id(m["du"]))
            return
        words = m["dn"].split()
        # The Trainer writes "{name} {config}" ("wikitext wikitext-2-raw-v1").
        if len(words) == 2 and not CONFIG_WORD.search(words[1]):
            return
        self._dataset(dataset_id(words[0]))

    def _dataset(self, value: str | None) -> None:
        if value and key(value) not in {key(d) for d in self.found.datasets}:
            self.found.datasets.append(value)

    def _unresolved(self, value: str, reason: str | None) -> None:
        if reason is None:
            return
        entry = Unresolved(value=value[:_SNIPPET], kind=EvidenceKind.CARD_PROSE, reason=reason)
        if entry not in self.found.unresolved:
            self.found.unresolved.append(entry)

    def _snippet(self, start: int, end: int) -> str:
        return " ".join(self.text[start:end].split())[:_SNIPPET]


def _upgraded(adjectives: list[str], reader: _Reader, start: int) -> bool:
    """Whether "<adjectives> version of" is "an improved version of" said of this model."""
    words = {w.strip(".,()*_`").casefold() for w in adjectives}
    return bool(words & UPGRADE_ADJ) and reader.own_subject(start)


def _spoken_text(text: str) -> str | None:
    """A link text that is a model's name as spoken ("Owner's Name 7B v2"), without owner."""
    owner = _OWNER_LEAD.match(text)
    rest = text[owner.end() :] if owner else text
    spoken = _SPOKEN.fullmatch(rest)
    if spoken is None or not _spoken_like(spoken["bare"]):
        return None
    name = " ".join(spoken["bare"].split())
    return None if _CLOSED_MODEL.match(name.replace(" ", "-")) else name


def _classify_version(adjectives: list[str]) -> tuple[Relation | None, bool, bool]:
    """(relation, inferred, conversion) for "<adjectives> version of"."""
    words = {w.strip(".,()*_`").casefold() for w in adjectives}
    if words & QUANT_WORDS:
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


_DOMAIN_NAME = re.compile(r"^[\w-]+\.(?:ai|com|org|io|net|cn|co|dev|app|html?|md|py)$", re.I)
# Hosted models with no Hub weights: a card "distilled from GPT-4" names data, not a parent.
_CLOSED_MODEL = re.compile(r"(?:gpt-?[345]|gpt-4o|chatgpt|claude|gemini|palm|o[134])\b", re.I)
_NOT_A_MODEL_AFTER = re.compile(
    r"[ \t]+(?:architecture|arch|structure|design|family|series|tokenizer|paper|recipe|"
    r"format|codebase|framework|template|style|licen[cs]e|paper)\b",
    re.I,
)


# Capitalised words that start a sentence or a heading, not a model's name.
_NOT_NAMES = frozenset({"the", "version", "step", "epoch", "epochs", "top", "about", "over"})

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


_NEGATION = re.compile(r"\b(?:not|never|neither|nor)\b|n't\b|\bno\s+longer\b", re.I)
_NOT_LINEAGE_AFTER = re.compile(
    r"(?:'s)?[ \t]+(?:tokenizer|chat[ \t]+template|prompt[ \t]+(?:format|template)|"
    # "trained on [X](…) outputs": X wrote the data.
    r"outputs?|generations?|responses?|completions?)\b",
    re.I,
)


# Where "X fine-tuned on …" speaks of this model: the first heading ("# Model card for X"),
# a name label, or "… is a(n) … X model".
_WORD_START = re.compile(r"(?<![\w./-])[\w\[`]")
# Lower-case words that may end a model's name as spoken ("Lark2 7B chat", "llama").
_NAME_TAILS = frozenset({"chat", "instruct", "base", "hf"}) | _FAMILIES
# One of these occurs in every sentence `_named_before` reads (cheap test first).
_NAMED_BEFORE_WORDS = ("#", "name", "title", " is a", " as a", "\tis a")
_NAMED_BEFORE_TITLE = re.compile(r"[ \t]*#{1,6}[ \t]*(?:model[ \t]+card[ \t]+for[ \t]+)?", re.I)
_NAMED_BEFORE_LABEL = re.compile(r"\b(?:model[ \t]*name|title)[ \t]*[:：][ \t]*\Z", re.I)
_NAMED_BEFORE_IS_A = re.compile(r"\b(?:is|as)[ \t]+an?\b[^.!?\n\[\]()/]{0,80}\Z", re.I)
_NAMED_BEFORE_NOT = re.compile(
    r"baseline|compar|rival|teacher|judge|reward|\bthan\b|\bvs\b|versus|other|previous|older",
    re.I,
)
# "… with / from / using X as its base": the word before the name (or a list bullet).
_BASE_BEFORE_LEAD = re.compile(
    r"(?:\b(?:with|from|us(?:e[ds]?|ing))[ \t]+(?:the[ \t]+)?|^[ \t]*[*+-][ \t]+)\Z", re.I | re.M
)
# The verb after a sentence's subject: "X is trained …", "X was built …".
_SUBJECT_VERB = re.compile(r"\s(?:is|was|were|are|has|have)\s", re.I)
# "基于X架构" (X's design), "基于X的分词器" (its tokenizer), "基于X生成的数据" (data X wrote),
# "基于X对比" (compared with X): no lineage.
_ZH_NOT_LINEAGE_AFTER = re.compile(
    r"[ \t]*(?:的[ \t]*)?(?:模型)?[ \t]*(?:架构|结构|框架|分词器|词表|tokenizer|生成|合成|标注|对比|"
    r"相比|比较|评测|评估|推理框架|部署)",
    re.I,
)
# "fine-tuned from A and B": separators that join a second base (no "with", "x" or "+").
_AND_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|&|\band\b)\s*")
_THANKED = re.compile(r"thank|credit|kudos|shout", re.I)
# The words after the links of "[A](…) and [B](…) merge": where the list ends.
_LIST_TAIL = re.compile(r"(?<=\))[^\[\]()]*\Z")
# "a merge of A, B and C." ending its sentence or line.
_BARE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
_BARE_LIST = re.compile(
    r"[ \t]*(?P<items>[A-Za-z][A-Za-z0-9_.-]*(?:[ \t]*,[ \t]*[A-Za-z][A-Za-z0-9_.-]*)*"
    r"[ \t]*,?[ \t]*(?:and|&)[ \t]+[A-Za-z][A-Za-z0-9_.-]*?)[.-]*[ \t]*(?:\n|\.(?:\s|$)|$)"
)
_BARE_SPLIT = re.compile(r"[ \t]*(?:,[ \t]*(?:and[ \t]+)?|(?:and|&)[ \t]+)[ \t]*")
# Subjects that are not a model: "the licence is derived from", "pairs derived from".
_OTHER_SUBJECT = re.compile(
    r"licen[cs]e|\bdata|corpus|sentence|usage|products?\b|pairs\b|solutions\b|\bsite\b|"
    r"\bquants?\b|tokeni[sz]er|\bcode\b|weights of|\bversions\b",
    re.I,
)


_TOKEN_SPLIT = re.compile(r"[-_.]")


def _tokens(name: str) -> list[str]:
    """A name's lower-case tokens split at ``-``, ``_`` and ``.``."""
    return [t for t in _TOKEN_SPLIT.split(name.casefold()) if t]


def _built_on(first: str, second: str) -> bool:
    """Whether reference ``first`` names a model built on ``second`` (its name's first two
    tokens, family and size, recur in ``first``'s name): "e5-mistral-7b" on "Mistral-7B"."""
    tail = _REF_NAME.findall(second)
    head = _REF_NAME.findall(first)
    if not tail or not head:
        return False
    theirs = _tokens(tail[-1])
    mine = set(_tokens(head[-1]))
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
    tokens, own = _tokens(pre.rstrip(".-")), _tokens(own_name)
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


def _plain_word(segment: str) -> bool:
    # "and/or", "TCP/IP", "w/o": prose slashes between two plain words are not ids.
    return segment.isalpha() and (segment.islower() or segment.isupper())


def _bare_like(name: str) -> bool:
    """A bare name worth reading after a lineage phrase: model-like, or a family's name."""
    return _model_like(name) or name.casefold() in _FAMILIES


_FAMILY_VERSION = re.compile(r"(?P<family>[A-Za-z]+)[0-9]+(?:\.[0-9]+)?")


def _family_version(name: str) -> bool:
    """A family's name with its version written straight after it ("Llama2", "Qwen1.5")."""
    m = _FAMILY_VERSION.fullmatch(name)
    return m is not None and m["family"].casefold() in _FAMILIES


def _spoken_like(name: str) -> bool:
    """Whether "WORD 2 13B" names a model: the word is a name (capitals, digits, a family)."""
    word = name.split(None, 1)[0]
    return (
        not word.islower() or any(c.isdigit() for c in word) or word.casefold() in _FAMILIES
    ) and word.casefold() not in _NOT_NAMES


def _model_like(name: str) -> bool:
    # Bare model names carry a size or version ("DeepSeek-V3", "Qwen2.5-7B").
    return (
        len(name) >= 3
        and _DOMAIN_NAME.match(name) is None
        and not any(c.isspace() for c in name)
        and any(c.isdigit() for c in name)
        and ("-" in name or "." in name)
    )

"""Lineage stated in a card's prose rather than its YAML.

The Trainer writes "This model is a fine-tuned version of [X](…) on the Y
dataset", llama.cpp's GGUF-my-repo "converted to GGUF format from [X](…)",
mergekit "The following models were included in the merge: * [A](…)". People
write "LoRA adapter for X", "distilled from X", "based on X".

Precision matters more than recall here: only a model reference right after
one of these phrases counts, code blocks, HTML comments and block quotes are
skipped, and the card's own id is never a parent. Each finding says how strong
its phrase is so the card reader can let explicit statements win over "based on".

This module scans a card's prose once (cached for recurring texts) and runs the
phrase reader over the matches; the parts live beside it: `importers.prose_reader`
and `importers.prose_before` (the readers), `importers.prose_refs` (references to
ids), `importers.prose_context`, `importers.prose_names`, `importers.prose_clean`
and `importers.prose_claims`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from importers.made_from import own_version_claims, own_version_matches
from importers.prose_bare_kinds import bare_kind_claims
from importers.prose_bare_starts import bare_start_claims
from importers.prose_claims import ProseClaim, ProseFindings, _best_per_parent, _without_vaguer
from importers.prose_clean import _clean, _own_part
from importers.prose_diffusion import add_diffusion_family
from importers.prose_needles import ALL_NEEDLES, TRIGGER_NEEDLES, needle_hits, needles_in
from importers.prose_phrases import (
    ADAPTER_WORDING,
    CONVERSION_TRIGGERS,
    DATASET_LABEL,
    DISTILL_WORDING,
    FALLBACK_TRIGGERS,
    LORA_MERGED_WORDING,
    MERGE_WORDING,
    QUANTIZED_COLLECTION_WORDING,
    REF_RE,
    Strength,
    Trigger,
)
from importers.prose_reader import _Reader
from importers.prose_scan import Scan, aligned, matches, probe_head
from importers.prose_subject_names import subject_name_claims
from importers.prose_tuned_names import tuned_name_claims

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
        conversion_wording=scanned.quantized_collection,
        code=scanned.code if len(raw) == len(body) else None,
        needles=scanned.hits,
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
        if not any(_named(c.parent) for _, c in reader.claims):
            reader.claims += _own_blind(bare_kind_claims, scanned, model_id)
        if not any(_named(c.parent) for _, c in reader.claims):
            reader.claims += _own_blind(tuned_name_claims, scanned, model_id)
        if not any(_named(c.parent) for _, c in reader.claims):
            reader.claims += _own_blind(subject_name_claims, scanned, model_id)
        if not any(_named(c.parent) for _, c in reader.claims):  # `importers.prose_bare_starts`
            reader.claims += _own_blind(bare_start_claims, scanned, model_id)
        if not any(_named(c.parent) for _, c in reader.claims):
            reader.claims += _own_version(scanned, model_id)
    if "iffusion" in scanned.text:  # "Stable Diffusion": a family's name of two words
        add_diffusion_family(reader.claims, scanned.text)
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


# A fallback reader of bare names whose card's own id only ever drops a claim (the card's
# own name is no parent): `bare_kind_claims`, `tuned_name_claims`, `subject_name_claims`.
_OwnBlindReader = Callable[[str, str, str], list[tuple[int, ProseClaim]]]


def _own_blind(
    read: _OwnBlindReader, scanned: _Scanned, model_id: str
) -> list[tuple[int, ProseClaim]]:
    """``read(text, lower, model_id)``, told without a call when the text holds nothing it
    could claim for any card: read with no own id ("", no name's key) it claims what it
    claims for every card and more, so if that is nothing, so is every card's. A recurring
    text (a template) is read so once."""
    barren = scanned.barren
    if read in barren:
        return []
    if not read(scanned.text, scanned.lower, ""):
        barren.add(read)
        return []
    return read(scanned.text, scanned.lower, model_id)


def _own_version(scanned: _Scanned, model_id: str) -> list[tuple[int, ProseClaim]]:
    """`own_version_claims` of the card, from the text's matches found once (none, most
    texts: no claim, whatever the card)."""
    found = scanned.own_version
    if found is None:
        found = scanned.own_version = own_version_matches(scanned.text, scanned.lower, scanned.hits)
    if not found:
        return []
    return own_version_claims(scanned.text, scanned.lower, model_id, scanned.hits, found)


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
        on = _with_needles(triggers, hits, lower)
        words, group_of, unions = _probe_unions(triggers)
        if probed and not hits.isdisjoint(words):
            # Triggers that share their needles and their probes' first word share one search
            # for any of their probes: when it finds none, none of them has a match (`Scan`:
            # no probe match, no match).
            silent: dict[int, bool] = {}
            kept = []
            for trigger in on:
                group = group_of.get(id(trigger))
                if group is not None:
                    quiet = silent.get(group)
                    if quiet is None:
                        quiet = silent[group] = unions[group].search(lower) is None
                    if quiet:
                        continue
                kept.append(trigger)
            on = kept
        found = tuple(
            (
                trigger,
                tuple(
                    _tuned_at(trigger, text, lower)
                    if probed and trigger.kind == "named_before" and trigger.needles == ("tune",)
                    else matches(trigger.scan, text, probed)
                ),
            )
            for trigger in on
        )
        scanned.later[id(triggers)] = found
    for trigger, trigger_matches in found:
        for m in trigger_matches:
            if trigger.kind == "first":
                reader.ref_first(m, trigger)
            else:
                reader.after(m, trigger)


# For a tuple of triggers: the needles of those that share a search for their probes, the
# position of each such trigger's search (by the trigger's id), and the searches.
_Unions = tuple[frozenset[str], dict[int, int], tuple[re.Pattern[str], ...]]
_UNIONS: dict[int, _Unions] = {}  # by id of a module-level tuple of triggers


def _probe_unions(triggers: tuple[Trigger, ...]) -> _Unions:
    """One pattern for the lower-cased text that matches wherever any probe of a group of
    ``triggers`` does: a group is the triggers with the same needles whose probes all start
    with the same word ("trained" turns on seven phrases, "this" four; in most cards none
    of their probes matches). A word of four letters at least: ``re`` finds it as fast as
    ``str.find``, where a union of unlike probes would be tried at every place of the text.
    (Not "fine-tuned on", read by `_tuned_at`.)"""
    unions = _UNIONS.get(id(triggers))
    if unions is None:
        groups: dict[tuple[tuple[str, ...], str], list[Trigger]] = {}
        for t in triggers:
            if t.kind == "named_before" and t.needles == ("tune",):
                continue
            head = _common_head([probe_head(p.pattern) for p in t.scan.probes])
            if len(head) >= 4:
                groups.setdefault((t.needles, head), []).append(t)
        shared = [group for group in groups.values() if len(group) > 1]
        unions = (
            frozenset(n for group in shared for t in group for n in t.needles),
            {id(t): i for i, group in enumerate(shared) for t in group},
            tuple(
                re.compile("|".join(dict.fromkeys(p.pattern for t in g for p in t.scan.probes)))
                for g in shared
            ),
        )
        _UNIONS[id(triggers)] = unions
    return unions


def _common_head(heads: list[str]) -> str:
    """The longest text that each of ``heads`` starts with."""
    head = heads[0]
    for other in heads[1:]:
        while not other.startswith(head):
            head = head[:-1]
    return head


# For a tuple of triggers: which of them each needle turns on (by position), split into
# the needles the card scan looks for (known from its hits) and the others (looked for in
# the text, each once), each other with a needle that every card scan looks for and that
# it holds, if any ("based" holds "base": absent when "base" is).
_NeedleIndex = tuple[
    dict[str, tuple[int, ...]], tuple[tuple[str, tuple[int, ...], str | None], ...]
]
_INDEXES: dict[int, _NeedleIndex] = {}  # by id of a module-level tuple of triggers
_INDEXED: dict[int, tuple[Trigger, ...]] = {}  # the tuples, by the same ids
_ALWAYS_LOOKED_FOR = needles_in("")  # the needles of an ASCII card's scan


def _needle_index(triggers: tuple[Trigger, ...]) -> _NeedleIndex:
    index = _INDEXES.get(id(triggers))
    if index is None:
        known: dict[str, list[int]] = {}
        other: dict[str, list[int]] = {}
        for i, t in enumerate(triggers):
            for n in t.needles:
                (known if n in ALL_NEEDLES else other).setdefault(n, []).append(i)
        index = (
            {n: tuple(found) for n, found in known.items()},
            tuple(
                (n, tuple(found), next((k for k in _ALWAYS_LOOKED_FOR if k in n), None))
                for n, found in other.items()
            ),
        )
        _INDEXES[id(triggers)] = index
        _INDEXED[id(triggers)] = triggers
    return index


def _with_needles(triggers: tuple[Trigger, ...], hits: frozenset[str], lower: str) -> list[Trigger]:
    """The triggers (in their order) with a needle in the card: among ``hits`` when the card
    scan looks for it, else in ``lower`` (a shared list, never changed, when the hits alone
    tell: the fallback phrases' needles are all looked for by the card scan)."""
    by_other = _needle_index(triggers)[1]
    if not by_other:
        return _known_triggers(id(triggers), hits)
    on = set(_known_on(id(triggers), hits))
    for needle, found, held in by_other:
        # (``hits`` holds every needle an ASCII card's scan looks for that the card has.)
        if (held is None or held in hits) and needle in lower:
            on.update(found)
    return [triggers[i] for i in sorted(on)]


@lru_cache(maxsize=4_096)
def _known_triggers(triggers_id: int, hits: frozenset[str]) -> list[Trigger]:
    """The triggers (of the tuple indexed under ``triggers_id``, in its order) that the hits
    turn on."""
    triggers = _INDEXED[triggers_id]
    return [triggers[i] for i in sorted(_known_on(triggers_id, hits))]


@lru_cache(maxsize=4_096)
def _known_on(triggers_id: int, hits: frozenset[str]) -> frozenset[int]:
    """The positions of the triggers (of the tuple indexed under ``triggers_id``) that the
    hits alone turn on: the same few hundred sets of hits recur from card to card."""
    by_known = _INDEXES[triggers_id][0]
    turned: set[int] = set()
    for needle in hits:
        found = by_known.get(needle)
        if found is not None:
            turned.update(found)
    return frozenset(turned)


# Not frozen: built for each new text and never changed but for ``later``, and a frozen class
# of fourteen fields is slower to build.
@dataclass(slots=True)
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
    quantized_collection: bool = False  # "this is a collection of models quantized to …"
    probed: bool = False  # whether ``lower`` lines up with ``text`` (`aligned`)
    # The code blocks cut out of the text (`ProseFindings.code`); None when its own part
    # ends before the card (a copied card cut off).
    code: str | None = None
    # Matches of the phrases read only for some cards (by id of their tuple), found when
    # first needed.
    later: dict[int, tuple[tuple[Trigger, tuple[re.Match[str], ...]], ...]] = field(
        default_factory=dict
    )
    # The fallback readers that claim nothing in this text, whatever the card (`_own_blind`).
    barren: set[_OwnBlindReader] = field(default_factory=set)
    # `own_version_matches` of the text, found when first needed.
    own_version: tuple[tuple[str, re.Match[str]], ...] | None = None


# Many cards share their prose word for word (the Hub's unfilled card template, a
# quantizer's boilerplate): the scan of a recent prose is kept for the next card with
# the same text, a few hundred texts back (a template recurs between other cards).
# Short texts only, so the cache stays a few MB (at most ~25 MB of text).
_SCAN_CACHE_MAX_CHARS = 4_096


def _scan(raw: str) -> _Scanned:
    """Find the phrases, wording and dataset labels in a card's (truncated) prose."""
    own = _own_part(raw)
    code: list[str] = []
    text = _clean(own, code)
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
        quantized_collection="quant" in hits and _has(QUANTIZED_COLLECTION_WORDING, text, probed),
        code="\n".join(code) if len(own) == len(raw) else None,
    )


_scanned = lru_cache(maxsize=512)(_scan)


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


@lru_cache(maxsize=4_096)
def _triggers_for(hits: frozenset[str]) -> list[Trigger]:
    """The triggers with a needle among ``hits``, in `TRIGGER_NEEDLES` order (a shared list,
    never changed: the same few hundred sets of hits recur from card to card)."""
    on: set[int] = set()
    for needle in hits:
        on.update(_TRIGGERS_OF_NEEDLE.get(needle, ()))  # (a fallback phrase's needle: none)
    return [TRIGGER_NEEDLES[i][0] for i in sorted(on)]

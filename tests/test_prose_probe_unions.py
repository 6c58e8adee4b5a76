"""Fallback phrases that share their needles and their probes' first word share one search
for any of their probes (`importers.prose._probe_unions`): when it finds nothing, the phrases
are skipped, and what is read is exactly what trying each of them finds."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from importers import prose, prose_phrases, prose_scan
from importers.prose_claims import ProseFindings
from importers.prose_reader import _Reader

_FALLBACK = prose_phrases.FALLBACK_TRIGGERS

_WORDS = [
    "This", "this", "model", "is", "a", "an", "the", "was", "trained", "Trained", "with", "on",
    "top", "of", "from", "scratch", "fine-tuned", "finetuned", "tuned", "using", "pre-trained",
    "[Lark 7B](https://huggingface.co/org/lark-7b)", "org/lark-7b", "Lark-7B", "lark-2-7b",
    "dataset", "datasets", "to", "fine-tune", "original", "weights", "repo", "base", "based",
    "as", "its", "gpt2", "roberta-base", "DPO", "model:", "Language", "#", "-", "`org/x`",
]  # fmt: skip
_SEPARATORS = st.sampled_from([" ", "  ", "\n", "\t", "", ", ", ". ", "\n\n"])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(_WORDS), max_size=30))
    return "".join(w + draw(_SEPARATORS) for w in words)


def _tried_one_by_one(scanned: prose._Scanned) -> list[tuple[int, list[tuple[object, ...]]]]:
    """The matches of each fallback phrase with any, each phrase tried on its own (the
    reading before the shared searches)."""
    text, lower = scanned.text, scanned.lower
    probed = lower if scanned.probed else None
    out = []
    for trigger in prose._with_needles(_FALLBACK, scanned.hits, lower):
        found = (
            prose._tuned_at(trigger, text, lower)
            if probed and trigger.kind == "named_before" and trigger.needles == ("tune",)
            else prose_scan.matches(trigger.scan, text, probed)
        )
        if found:
            out.append((_FALLBACK.index(trigger), _spans(found)))
    return out


def _spans(found: list[re.Match[str]] | tuple[re.Match[str], ...]) -> list[tuple[object, ...]]:
    return [(m.span(), m.groupdict()) for m in found]


def _read(scanned: prose._Scanned) -> list[tuple[int, list[tuple[object, ...]]]]:
    reader = _Reader(scanned.text, scanned.text, "org/own", ProseFindings())
    scanned.later.clear()
    prose._read_phrases(reader, scanned, _FALLBACK)
    return [
        (_FALLBACK.index(trigger), _spans(found))
        for trigger, found in scanned.later[id(_FALLBACK)]
        if found
    ]


@settings(max_examples=3000, deadline=None)
@given(_texts())
@example("This model was trained from scratch on an unknown dataset.")
@example("This model is a Lark-7B model that was fine-tuned on chat data, trained on Lark-2-7b.")
@example("X was trained on the Lark-34B base. trained with a roberta-base model for 10k steps")
@example("Fine-tuned using pre-trained [Lark 7B](https://huggingface.co/org/lark-7b) here")
def test_shared_searches_read_what_each_phrase_finds(text: str) -> None:
    scanned = prose._scan(text)
    assert _read(scanned) == _tried_one_by_one(scanned)


@settings(max_examples=1000, deadline=None)
@given(_texts())
def test_a_quiet_search_means_no_probe_of_its_group_matches(text: str) -> None:
    lower = text.lower()
    _, group_of, unions = prose._probe_unions(_FALLBACK)
    for trigger in _FALLBACK:
        group = group_of.get(id(trigger))
        if group is not None and unions[group].search(lower) is None:
            assert not any(p.search(lower) for p in trigger.scan.probes)


def test_the_groups() -> None:
    words, group_of, _ = prose._probe_unions(_FALLBACK)
    grouped = [t for t in _FALLBACK if id(t) in group_of]
    assert {"trained", "this"} <= words
    assert sum(t.needles == ("trained",) for t in grouped) >= 6
    assert sum(t.needles == ("this",) for t in grouped) == 4
    # "fine-tuned on" is read by `_tuned_at`, never skipped by a group's search.
    assert not any(t.kind == "named_before" and t.needles == ("tune",) for t in grouped)
    for t in grouped:  # a group's triggers share needles and the first word of their probes
        mates = [u for u in grouped if group_of[id(u)] == group_of[id(t)]]
        assert len(mates) > 1 and all(u.needles == t.needles for u in mates)
        heads = {prose_scan.probe_head(p.pattern)[:4] for u in mates for p in u.scan.probes}
        assert len(heads) == 1 and len(next(iter(heads))) == 4


def test_probe_heads() -> None:
    head = prose_scan.probe_head
    assert head(r"datasets?(?:/[^)\s]*\))?\s+to") == "dataset"
    assert head(r"this\s+model") == "this"
    assert head(r"trained[ \t]{1,3}on\b") == "trained"
    assert head(r"as (?:its|the) base") == "as "
    assert head(r"https?://") == "http"
    assert head(r"(?:a|b)c") == ""
    assert head(r"a?b") == ""

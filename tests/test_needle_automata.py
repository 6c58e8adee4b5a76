"""The needles a card holds, found in one pass (an Aho-Corasick automaton per script set),
are exactly those a substring test of each needle finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from importers import prose_needles

_NEEDLES = sorted(prose_needles.ALL_NEEDLES)
_FILLER = ["the ", "model ", " ", "\n", "-", "é", "ü", "на ", "模型", "를 ", "x", "Ⅱ", "ß", "🤗"]
# Other languages' common words (a card without accents that holds one and not " the " is
# looked at for the Latin-script languages' needles too), and those needles.
_LATIN = [*prose_needles._LATIN_WORDS, " the ", "und", " "]
_LATIN_NEEDLES = sorted(
    set(prose_needles._NEEDLES_OF[prose_needles._LATIN_SCRIPTS]) - prose_needles._ENGLISH
)


def _by_substring(lower: str) -> frozenset[str]:
    found = frozenset(n for n in prose_needles.needles_in(lower) if n in lower)
    # "trained" counts only where it may start a word (test_card_fastpath checks that no
    # phrase of it matches elsewhere).
    starts = re.search(r"(?<![a-z0-9_])trained", lower)
    return found if starts or "trained" not in found else found - {"trained"}


def test_the_automata_are_built() -> None:
    # (Without pyahocorasick the reader falls back to substring tests; the project depends
    # on it, so the tests below exercise the automata.)
    assert set(prose_needles._AUTOMATA) == set(prose_needles._NEEDLES_OF.values())


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_NEEDLES + _FILLER), max_size=40))
def test_automaton_finds_what_substring_tests_find(parts: list[str]) -> None:
    lower = "".join(parts).lower()
    assert prose_needles.needle_hits(lower, True) == _by_substring(lower)


@given(st.text(max_size=300))
def test_any_text(text: str) -> None:
    lower = text.lower()
    assert prose_needles.needle_hits(lower, True) == _by_substring(lower)


def test_overlapping_and_nested_needles() -> None:
    # One needle inside another and two sharing letters are both reported.
    lower = "it was fine-tuned and finetuned, merged; based on the base model; distilled"
    hits = prose_needles.needle_hits(lower, True)
    assert hits == _by_substring(lower)
    assert {"base", "tune"} <= hits


def test_unaligned_text_counts_every_needle() -> None:
    lower = "nothing here"
    assert prose_needles.needle_hits(lower, False) == frozenset(prose_needles.needles_in(lower))


def test_fallback_needles_are_found_in_the_card_scan() -> None:
    # The fallback phrases' English needles come out of the same pass, so choosing those
    # phrases for a card needs no substring test of its own.
    from importers import prose, prose_phrases

    assert prose._needle_index(prose_phrases.FALLBACK_TRIGGERS)[1] == ()
    lower = "a checkpoint named after the earlier one, trained on a dataset"
    hits = prose_needles.needle_hits(lower, True)
    assert {"named", "earlier", "dataset", "trained"} <= hits
    assert hits == _by_substring(lower)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(_NEEDLES[::3] + _LATIN_NEEDLES[::2] + _LATIN + ["x", "\n", "🤗"]),
        max_size=30,
    )
)
def test_latin_words_choose_the_needles(parts: list[str]) -> None:
    # One pass over a card without accents finds the English needles and the words that say
    # it may be German, French, …: exactly the needles the card's scripts call for.
    lower = "".join(parts)
    assert prose_needles.needle_hits(lower, True) == _by_substring(lower)


def test_a_card_without_accents_in_another_language() -> None:
    lower = "das modell ist feinjustiert auf basis von x und y"
    assert prose_needles._scripts(lower) == prose_needles._LATIN_SCRIPTS
    assert {"feinjust", "auf basis"} <= prose_needles.needle_hits(lower, True)
    assert prose_needles.needle_hits(lower, True) == _by_substring(lower)
    english = lower + " and the rest"
    assert "feinjust" not in prose_needles.needle_hits(english, True)
    assert prose_needles.needle_hits(english, True) == _by_substring(english)

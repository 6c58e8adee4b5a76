"""Which phrase triggers a card is scanned for: each trigger's needles (lower-case words one
of which occurs in every match of it), by the scripts the card is written in.

Phrases of German, French, Spanish, Portuguese, Italian, Vietnamese and Turkish are looked
for in cards with accented letters or, unaccented, other languages' common words; Russian in
Cyrillic cards; Chinese, Japanese and Korean in CJK cards. An ASCII English card looks for
the English needles only. `importers.prose` turns the needles found on a card into the
triggers to run; tests/test_card_fastpath.py checks that a trigger none of whose needles
occur could not have matched.
"""

from __future__ import annotations

import re
from typing import Any

from importers import prose_languages
from importers.prose_phrases import ENGLISH_NEEDLES, FALLBACK_TRIGGERS, TRIGGERS

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_CJK = re.compile("[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
# (Vietnamese: ơ, ư and the letters with two marks, "ế", "ỉ", too.)
_ACCENTED = re.compile("[\u00c0-\u00ff\u0100-\u017f\u01a0-\u01b0\u1ea0-\u1ef9]")
# Any of the three: a non-ASCII card without one (emoji, symbols) is English alone.
_SCRIPTED = re.compile(
    "[\u00c0-\u00ff\u0100-\u017f\u01a0-\u01b0\u1ea0-\u1ef9\u0400-\u04ff\u3040-\u30ff"
    "\u4e00-\u9fff\uac00-\ud7af]"
)


# German, French, Spanish and Portuguese prose carries accented letters somewhere (ä, é, ã,
# ñ…), Russian Cyrillic, Chinese, Japanese and Korean their scripts: a card's phrases in
# those languages are only looked for when it has such letters (most cards are ASCII).
# ("basiert auf", "basado en", "Modelo base:" are looked for in every card: the commonest
# of those phrases, often written without accents, each a substring test.)
_LATIN_FOREIGN = frozenset(
    "aufbau basee feinab feinjust nachtrain affin ajust afinad refinad "  # noqa: SIM905
    "quantisiert quantifi cuantizad quantizad".split()
) | prose_languages.latin_needles(ENGLISH_NEEDLES)
# Words common in German, French, Spanish, Portuguese, Italian or Turkish prose and rare in
# English: a card written without accents ("Das Modell basiert auf X und …") that holds one
# is read for those languages' phrases too (a few substring tests instead of a hundred).
_LATIN_WORDS = (
    " und ", " der ", " die ", " das ", " ist ", " ein ", " eine ", " les ", " une ", " est ",
    " sur ", " que ", " el ", " en ", " del ", " los ", " una ", " para ", " em ", " uma ",
    " il ", " della ", " bir ",
)  # fmt: skip


def _script_of(needle: str) -> str:
    if _CJK.search(needle):
        return "cjk"
    if _CYRILLIC.search(needle):
        return "cyrillic"
    return "en" if needle.isascii() and needle not in _LATIN_FOREIGN else "latin"


_SCRIPTED_TRIGGERS = tuple((t, tuple((n, _script_of(n)) for n in t.needles)) for t in TRIGGERS)
TRIGGER_NEEDLES = tuple((t, frozenset(t.needles)) for t in TRIGGERS)
_ASCII_SCRIPTS = frozenset({"en"})


# The English needles of the fallback phrases (read for most cards, those that name no
# parent in YAML or a phrase): looked for in the same pass as the others, where a substring
# test each cost more than the few hits they add to it.
_FALLBACK_NEEDLES = tuple(
    dict.fromkeys(n for t in FALLBACK_TRIGGERS for n in t.needles if _script_of(n) == "en")
)


def _needles_of(scripts: frozenset[str]) -> tuple[str, ...]:
    """The distinct needles of every trigger written in one of ``scripts``, then the
    fallback phrases' English needles."""
    out: dict[str, None] = {}
    for _, needles in _SCRIPTED_TRIGGERS:
        for needle, script in needles:
            if script in scripts:
                out.setdefault(needle)
    for needle in _FALLBACK_NEEDLES:
        out.setdefault(needle)
    return tuple(out)


_SCRIPT_SETS = (
    _ASCII_SCRIPTS,
    *(
        frozenset({"en", *extra})
        for extra in (
            (),
            ("latin",),
            ("cyrillic",),
            ("cjk",),
            ("latin", "cyrillic"),
            ("latin", "cjk"),
            ("cyrillic", "cjk"),
            ("latin", "cyrillic", "cjk"),
        )
    ),
)
_NEEDLES_OF = {scripts: _needles_of(scripts) for scripts in _SCRIPT_SETS}
# Every needle `needles_in` may give: whether a card holds one is known after its scan.
ALL_NEEDLES = frozenset(n for needles in _NEEDLES_OF.values() for n in needles)


_LATIN_SCRIPTS = frozenset({"en", "latin"})


def _latin(lower: str) -> bool:
    """Whether ``lower`` may be written in a Latin-script language other than English."""
    return _ACCENTED.search(lower) is not None or _unaccented_latin(lower)


def _unaccented_latin(lower: str) -> bool:
    """Whether a card without accented letters holds another language's common words.

    A card that uses the English article is read as English: the two dozen word tests (each
    a search of the whole text, and a space-led needle is a slow one) are for the short
    cards written wholly in German, French, Spanish, … without accents.
    """
    return " the " not in lower and any(w in lower for w in _LATIN_WORDS)


def _scripts(lower: str) -> frozenset[str]:
    """The scripts whose phrases may occur in ``lower``."""
    if lower.isascii() or _SCRIPTED.search(lower) is None:
        return _LATIN_SCRIPTS if _unaccented_latin(lower) else _ASCII_SCRIPTS
    found = {"en", "latin"} if _latin(lower) else {"en"}
    if _CYRILLIC.search(lower):
        found.add("cyrillic")
    if _CJK.search(lower):
        found.add("cjk")
    return frozenset(found)


def needles_in(lower: str) -> tuple[str, ...]:
    """The needles worth looking for in a lower-cased card, by the scripts it is written in."""
    return _NEEDLES_OF[_scripts(lower)]


def needle_hits(lower: str, aligned: bool) -> frozenset[str]:
    """The needles that occur in a lower-cased card (a trigger none of whose needles occur is
    not scanned; tests/test_card_fastpath.py checks that it could not match).

    ``aligned``: `prose_scan.aligned` of the card. When not (İ, ſ: lower-casing changed a
    length, or ``re.I`` matches a letter that lower-casing does not give), every needle
    counts as found: a phrase may match where no needle occurs in ``lower``.
    """
    found: set[str] | None = None
    if aligned and _PLAIN is not None and (lower.isascii() or _SCRIPTED.search(lower) is None):
        # In no script but Latin without accents: the pass for the English needles finds
        # the other languages' common words too (`_unaccented_latin`), which most such
        # cards lack (else the Latin-script languages' needles are looked for as below).
        found = {needle for _, needle in _PLAIN.iter(lower)}
        if " the " in lower or found.isdisjoint(_LATIN_WORDS):
            hits = _ENGLISH & found
        else:
            found = None
    if found is None:
        needles = needles_in(lower)
        if not aligned:
            return frozenset(needles)
        automaton = _AUTOMATA.get(needles)
        if automaton is None:  # (without pyahocorasick: one substring test a needle)
            hits = frozenset({n for n in needles if n in lower})
        else:
            hits = frozenset(needle for _, needle in automaton.iter(lower))
    if "trained" in hits and not _word_start(lower, "trained"):
        hits -= _TRAINED  # only "pretrained", "untrained": no phrase of "trained" can match
    return hits


# Every phrase whose needle is "trained" wants it to start a word ("\btrained", "model
# trained", "further-trained"), so a card whose every "trained" follows a letter, a digit or
# an underscore ("pretrained" on most cards) turns none of them on.
_TRAINED = frozenset({"trained"})
_WORD_ASCII = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def _word_start(lower: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``lower`` other than right after an ASCII word character
    (after any other character it may start a word: ``\b`` decides, not this test)."""
    at = lower.find(needle)
    while at >= 0:
        if at == 0 or lower[at - 1] not in _WORD_ASCII:
            return True
        at = lower.find(needle, at + 1)
    return False


def _automata() -> dict[tuple[str, ...], Any]:
    """An Aho-Corasick automaton for each tuple of needles: one pass over a card finds which
    of its fifty to three hundred needles occur (a substring test each took three times as
    long). Empty when pyahocorasick is not installed."""
    try:
        import ahocorasick
    except ImportError:  # pragma: no cover (a dependency; the tests run with it)
        return {}
    out: dict[tuple[str, ...], Any] = {}
    for needles in _NEEDLES_OF.values():
        automaton = ahocorasick.Automaton()
        for needle in needles:
            automaton.add_word(needle, needle)
        automaton.make_automaton()
        out[needles] = automaton
    return out


_AUTOMATA = _automata()


def _plain_automaton() -> Any:
    """For a card in no script but Latin without accents: an automaton of the English
    needles and `_LATIN_WORDS` (a card that holds one of those and not " the " is looked
    at again for the Latin-script languages' needles). None without pyahocorasick."""
    if not _AUTOMATA:  # pragma: no cover (a dependency; the tests run with it)
        return None
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for needle in (*_NEEDLES_OF[_ASCII_SCRIPTS], *_LATIN_WORDS):
        automaton.add_word(needle, needle)
    automaton.make_automaton()
    return automaton


_PLAIN = _plain_automaton()
_ENGLISH = frozenset(_NEEDLES_OF[_ASCII_SCRIPTS])

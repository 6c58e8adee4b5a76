"""Where in a card a phrase pattern can match, found cheaply.

Trying an ``re.I`` pattern at every position of a card is what made prose
reading slow. A `Scan` pairs the pattern with literal-led probes on the
lower-cased text, so only the positions a probe points at are tried.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_I = re.I
# Letters that re.I matches to an ASCII letter although str.lower() does not give
# that letter (or gives two characters): see `aligned`.
CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")


class Scan:
    """A pattern, and probes that say where in a card its matches can start.

    Trying an ``re.I`` pattern at every position of a card is what made prose
    reading slow. Each probe is a case-sensitive pattern for the lower-cased
    text that starts with a literal (so ``re`` finds it as fast as ``str.find``),
    and every match of ``pattern`` starting at ``s`` has a probe match starting
    in ``[s, s + lead]``. So only those positions are tried (`matches`); no
    probe match, no match. ``lead=None``: a probe match lies somewhere inside
    every match, so the probes only decide whether the whole text is scanned.
    tests/test_card_fastpath.py checks `matches` against ``pattern.finditer``.

    ``offsets`` (each within ``[0, lead]``): where a phrase's words put a probe match at
    one of a few known distances from the match start ("tuned" 4, 5 or 12 characters into
    "finetuned", "fine-tuned", "instruction-tuned"), only those starts are tried.

    ``pattern`` is compiled the first time it is asked for: most phrases' probes never
    match on most cards, and compiling a thousand phrase patterns when the readers are
    imported cost every process (each import worker, each CLI call) about half a second.
    """

    def __init__(
        self,
        source: str,
        flags: int,
        probes: tuple[re.Pattern[str], ...],
        lead: int | None,
        offsets: tuple[int, ...] | None = None,
    ) -> None:
        self.source = source
        self.flags = flags
        self.probes = probes
        self.lead = lead
        self.offsets = offsets
        self._compiled: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.source, self.flags)
        return compiled


def scan(
    pattern: str,
    probes: tuple[str, ...],
    lead: int | None,
    flags: int = _I,
    offsets: tuple[int, ...] | None = None,
) -> Scan:
    return Scan(pattern, flags, tuple(re.compile(p) for p in probes), lead, offsets)


def aligned(text: str, lower: str) -> bool:
    """Whether ``re.I`` matches in ``text`` are plain substrings at the same place in ``lower``.

    Not so when lower-casing changes a length (U+0130), or for a letter that
    ``re.I`` matches to an ASCII letter but that does not lower-case to it
    (dotless i, long s): then every pattern scans the whole text.
    """
    return len(lower) == len(text) and (text.isascii() or CASE_TRAPS.search(text) is None)


def line_matches(
    pattern: re.Pattern[str], text: str, lower: str, needle: str
) -> list[re.Match[str]]:
    """Exactly ``list(pattern.finditer(text))`` for a pattern whose every match lies within one
    line and holds ``needle`` (lower-case) there: only the lines of ``lower`` holding the
    needle are searched (a whole-text ``re.I`` search costs tens of µs on a card; most cards
    have no such line). ``lower`` must line up with ``text`` (`aligned`), else the whole text
    is searched.
    """
    if len(lower) != len(text):
        return list(pattern.finditer(text))
    out: list[re.Match[str]] = []
    for start, end in lines_holding(lower, needle):
        out.extend(pattern.finditer(text, start, end))
    return out


def lines_holding(text: str, needle: str, limit: int | None = None) -> Iterator[tuple[int, int]]:
    """The (start, end) of each line of ``text`` holding ``needle``, in order, each once
    (only occurrences starting before ``limit``, when given)."""
    at = text.find(needle, 0, limit)
    while at >= 0:
        end = text.find("\n", at)
        if end < 0:
            end = len(text)
        yield text.rfind("\n", 0, at) + 1, end
        at = text.find(needle, end, limit)


def line_starts_matching(
    pattern: re.Pattern[str], text: str, lower: str, needles: tuple[str, ...]
) -> list[re.Match[str]]:
    """Exactly ``list(pattern.finditer(text))`` for a pattern anchored at a line's start
    (``^`` under ``re.M``) whose every match holds one of ``needles`` (lower-case) on its line:
    the pattern is tried once at the start of each line of ``lower`` holding a needle.
    ``lower`` must line up with ``text``, else the whole text is searched.
    """
    if len(lower) != len(text):
        return list(pattern.finditer(text))
    lines = sorted({line for needle in needles for line in lines_holding(lower, needle)})
    return [m for start, end in lines if (m := pattern.match(text, start, end))]


def matches(scan: Scan, text: str, lower: str | None) -> list[re.Match[str]]:
    """Exactly ``list(scan.pattern.finditer(text))``, trying only where a match can start.

    ``lower`` is ``text.lower()`` when `aligned`, else ``None`` (scan everything).
    """
    if lower is None:
        return list(scan.pattern.finditer(text))
    lead = scan.lead
    starts: set[int] | None = None  # made at the first probe match (most scans find none)
    for probe in scan.probes:
        hit = probe.search(lower)
        if hit is None:
            continue
        if lead is None:
            return list(scan.pattern.finditer(text))
        if starts is None:
            starts = set()
        while hit is not None:
            at = hit.start()
            if lead:
                if scan.offsets is None:
                    starts.update(range(max(0, at - lead), at + 1))
                else:
                    starts.update(at - o for o in scan.offsets if o <= at)
            else:
                starts.add(at)
            hit = probe.search(lower, at + 1)  # overlapping probe matches too
    if not starts:
        return []
    out: list[re.Match[str]] = []
    pos = 0
    pattern = scan.pattern
    for start in sorted(starts):
        if start >= pos and (m := pattern.match(text, start)):
            out.append(m)
            # finditer goes on where the match ended (no pattern matches empty text).
            pos = m.end()
    return out


# Characters that shape a pattern rather than stand for themselves, and quantifiers.
_META = frozenset("\\.^$*+?{}[]()|")
_QUANTIFIERS = frozenset("?*+{")


def probe_head(probe: str) -> str:
    """The literal text every match of the (case-sensitive) pattern ``probe`` starts with: its
    leading plain characters, less the last if a quantifier follows it ("datasets?" starts
    "dataset", "this\\s+" starts "this"); "" when it starts with none."""
    at = 0
    while at < len(probe) and probe[at] not in _META:
        at += 1
    if at < len(probe) and probe[at] in _QUANTIFIERS:
        at -= 1
    return probe[: max(at, 0)]


def starts_with_a_probe(pattern: str, probes: tuple[str, ...]) -> bool:
    """Whether every match of ``pattern`` starts with a match of one of ``probes``: each of
    its top-level alternatives is ``\\b`` then a probe, or a group of probes, that no
    ``?``, ``*`` or ``{`` follows ("\\badapter,?\\s+…", "\\b(?:adattatore|adapter)…").

    Such a phrase can be tried only where its words occur (a lead of 0) instead of over the
    whole text whenever they occur somewhere (`importers.prose_phrases`' language phrases).
    """
    return all(
        (rest := alternative.removeprefix(r"\b")) != alternative and _probes_lead(rest, probes)
        for alternative in _top_level_alternatives(pattern)
    )


def _probes_lead(rest: str, probes: tuple[str, ...]) -> bool:
    if rest.startswith("(?:"):
        inner, after = _group(rest)
        if inner is None:
            return False
        heads = _top_level_alternatives(inner)
        return all(h in probes for h in heads) and not after.startswith(("?", "*", "{"))
    return any(
        rest.startswith(p) and not rest[len(p) :].startswith(("?", "*", "{")) for p in probes
    )


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """Each character of ``pattern`` that shapes it (parentheses, ``|``), with its position
    and the group depth after it; escaped characters and character classes are skipped."""
    depth, at = 0, 0
    while at < len(pattern):
        ch = pattern[at]
        if ch == "\\":
            at += 2
            continue
        if ch == "[":
            at = _class_end(pattern, at)
        elif ch in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[ch]
            yield at, ch, depth
        at += 1


def _group(text: str) -> tuple[str | None, str]:
    """The inside of the non-capturing group ``text`` opens with, and the text after it."""
    for at, ch, depth in _structure(text):
        if ch == ")" and depth == 0:
            return text[3:at], text[at + 1 :]
    return None, ""


def _class_end(text: str, at: int) -> int:
    """Where the character class opened at ``at`` closes."""
    at += 1
    if at < len(text) and text[at] == "^":
        at += 1
    if at < len(text) and text[at] == "]":
        at += 1  # a "]" first in a class is a member
    while at < len(text) and text[at] != "]":
        at += 2 if text[at] == "\\" else 1
    return at


def _top_level_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at each ``|`` outside every group and character class."""
    out, start = [], 0
    for at, ch, depth in _structure(pattern):
        if ch == "|" and depth == 0:
            out.append(pattern[start:at])
            start = at + 1
    out.append(pattern[start:])
    return out

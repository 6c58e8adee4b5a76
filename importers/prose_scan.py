"""Where in a card a phrase pattern can match, found cheaply.

Trying an ``re.I`` pattern at every position of a card is what made prose
reading slow. A `Scan` pairs the pattern with literal-led probes on the
lower-cased text, so only the positions a probe points at are tried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.I
# Letters that re.I matches to an ASCII letter although str.lower() does not give
# that letter (or gives two characters): see `aligned`.
CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")


@dataclass(frozen=True, slots=True)
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
    """

    pattern: re.Pattern[str]
    probes: tuple[re.Pattern[str], ...]
    lead: int | None


def scan(pattern: str, probes: tuple[str, ...], lead: int | None, flags: int = _I) -> Scan:
    return Scan(re.compile(pattern, flags), tuple(re.compile(p) for p in probes), lead)


def aligned(text: str, lower: str) -> bool:
    """Whether ``re.I`` matches in ``text`` are plain substrings at the same place in ``lower``.

    Not so when lower-casing changes a length (U+0130), or for a letter that
    ``re.I`` matches to an ASCII letter but that does not lower-case to it
    (dotless i, long s): then every pattern scans the whole text.
    """
    return len(lower) == len(text) and (text.isascii() or CASE_TRAPS.search(text) is None)


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
                starts.update(range(max(0, at - lead), at + 1))
            else:
                starts.add(at)
            hit = probe.search(lower, at + 1)  # overlapping probe matches too
    if not starts:
        return []
    out: list[re.Match[str]] = []
    pos = 0
    for start in sorted(starts):
        if start >= pos and (m := scan.pattern.match(text, start)):
            out.append(m)
            # finditer goes on where the match ended (no pattern matches empty text).
            pos = m.end()
    return out

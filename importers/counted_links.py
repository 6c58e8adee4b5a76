"""A merge's inputs announced by their number, then linked: "Its three models ([A](…), [B](…)
and [C](…)) are evenly divided over the layers", "the two models merged: [A](…) and [B](…)".

The count is the check: exactly that many Hub model links follow (in brackets, or after a
colon, up to the sentence's end). Read only in cards that speak of merging, for a count
led by a possessive or an article ("its", "the", "these", "our", "both"), and never in a
sentence that releases, compares or quantizes the models it counts ("we release three
models (…)", "compared with two models (…)"). Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from lineage.core.ids import key
from lineage.core.records import Relation

_SNIPPET = 200
RULE = "[counted-links]"
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2}
_COUNTED = re.compile(
    r"\b(?:(?:its|the|these|our|my|all)[ \t]+)?(?P<n>two|three|four|five|six|both|[2-6])[ \t]+"
    r"(?:(?:source|parent|base|input|original|merged|component)[ \t]+)?"
    r"(?:models|ingredients|components|parents)\b(?P<gap>[^.:(\n]{0,30}?)[ \t]*(?P<open>[(:])",
    re.I,
)
_LINK = re.compile(
    r"\[[^\]\n]{1,160}\]\(<?(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/"
    r"(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)/?>?\)"
)
_NOT_INPUTS = re.compile(
    r"releas|publish|upload|compar|\bvs\b|\bthan\b|outperform|quantiz|gguf|gptq|awq|"
    r"evaluat|benchmark",
    re.I,
)
_NOT_MODELS = frozenset({"datasets", "spaces", "docs", "blog", "papers", "collections"})
_NEEDLES = (" models (", " models:", " ingredients", " components", " parents")
_BREAK = re.compile(r"[.!?](?:\s|$)|\n")  # a sentence's end or a new line
_SENTENCE_END = re.compile(r"[.!?](?:\s|\Z)|\n\s*\n")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")


def counted_link_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The merge inputs a counted phrase links (as many links as the count says)."""
    if "erge" not in body or ("huggingface.co/" not in body and "hf.co/" not in body):
        return []
    lower = body.lower()
    starts = sorted(at for needle in _NEEDLES for at in _finds(lower, needle))
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    for at in starts:
        m = _COUNTED.search(body, max(0, at - 40), at + 40)
        if m is None:
            continue
        n = int(m["n"]) if m["n"].isdigit() else _COUNTS[m["n"].lower()]
        close = ")" if m["open"] == "(" else None
        end = body.find(close, m.end()) if close else _sentence_end(body, m.end())
        # Links may hold ")" only at their own end: the bracket closes after the last link.
        tail = body[m.end() : m.end() + 600]
        links = []
        pos = 0
        for link in _LINK.finditer(tail):
            between = tail[pos : link.start()]
            if (close and ")" in between) or (not close and _breaks(between)):
                break
            links.append(link)
            pos = link.end()
        if len(links) != n or end < 0:
            continue
        line_start = body.rfind("\n", 0, m.start()) + 1
        sentence = body[max(line_start, _sentence_start(body, m.start())) : m.end() + pos]
        if _NOT_INPUTS.search(_strip_links(sentence)):
            continue
        ids = [x["id"] for x in links]
        if any(i.split("/", 1)[0].casefold() in _NOT_MODELS or key(i) == own for i in ids):
            continue
        snippet = f"{RULE} {' '.join(body[m.start() : m.end() + pos].split())}"[:_SNIPPET]
        for i in ids:
            found.setdefault(key(i), ProseClaim(i, Relation.MERGE, Strength.STRONG, snippet))
    return list(found.values())


def _finds(text: str, needle: str) -> list[int]:
    out = []
    at = text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def _breaks(between: str) -> bool:
    """Whether the text between two links ends the list (a sentence end or a new line)."""
    return _BREAK.search(between) is not None


def _sentence_end(body: str, at: int) -> int:
    m = _SENTENCE_END.search(body, at)
    return m.start() if m else len(body)


def _sentence_start(body: str, at: int) -> int:
    cut = max(body.rfind(". ", 0, at), body.rfind("\n\n", 0, at))
    return cut + 1 if cut >= 0 else 0


def _strip_links(text: str) -> str:
    """The text without its links' URLs (a repo name may hold "gguf" or "awq")."""
    return _LINK_TARGET.sub("]", text)

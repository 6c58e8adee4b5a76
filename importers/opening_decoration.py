"""A card's opening sentence behind its decoration: a logo, a badge row or an HTML block above
the first heading, then "**Lark-7b** fine-tuned on the code set with QLoRA.".

The prose reader takes "X fine-tuned on …" as this model's start only on the card's first line
of prose, with nothing but headings and blank lines before it; a logo in a ``<div>``, an
``<img>``, a Markdown image (linked or not) or an HTML comment above the heading hid it. On a
card whose prose named no parent, and whose first line of prose after such decoration speaks
of tuning ("tuned", "tuning"), the decoration lines are blanked and the prose read again.
Lines of text (a sentence, a list item, a table row) before it are not decoration: the
sentence is then no opening, and nothing changes. Pure: text in, text out.
"""

from __future__ import annotations

import re

# A line of markup alone: HTML tags, Markdown images (a badge links one: "[![a](b)](c)").
_DECORATION = re.compile(
    r"[ \t]*(?:(?:<[^<>\n]*>|!\[[^\]\n]*\]\([^)\n]*\)|\[!\[[^\]\n]*\]\([^)\n]*\)\]\([^)\n]*\))"
    r"[ \t]*)+"
)
_REACH = 40  # lines: the opening is near the top


def undecorated_opening(body: str) -> tuple[str, str] | None:
    """``body`` with the decoration before its first line of prose blanked, and that line; or
    None when there is no decoration or the line speaks of no tuning (see the module)."""
    if "<" not in body[:4000] and "![" not in body[:4000]:
        return None  # most cards: no markup near the top
    lines = body.split("\n", _REACH)
    out = list(lines)
    blanked = False
    in_comment = False
    for i, line in enumerate(lines[:_REACH]):
        s = line.strip()
        if in_comment:
            out[i], blanked = "", True
            in_comment = "-->" not in s
            continue
        if not s or s.startswith("#"):
            continue
        if s.startswith("<!--"):
            out[i], blanked = "", True
            in_comment = "-->" not in s
            continue
        if _DECORATION.fullmatch(line):
            out[i], blanked = "", True
            continue
        lower = s.lower()
        if blanked and ("tuned" in lower or "tuning" in lower):
            return "\n".join(out), s
        return None
    return None


_MARKS = re.compile(r"[*_`]+")


def on_opening(snippet: str, opening: str) -> bool:
    """Whether a claim's ``snippet`` was read from the ``opening`` line (emphasis aside)."""
    said = " ".join(_MARKS.sub("", snippet).split())
    return bool(said) and said[:40] in " ".join(_MARKS.sub("", opening).split())

"""A card's prose readied for the phrase readers: no copied card, code, comments or quotes."""

from __future__ import annotations

import re

_ORIGINAL_CARD = re.compile(
    r"^[ \t]*(?:#{1,6}[^\n]*\boriginal\s+model(?:'s)?\s+card\b|<!--\s*original-model-card\s+start)",
    re.I | re.M,
)
_CODE_BLOCK = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.M | re.S)
_HEAD_OR_TAG_LINE = re.compile(r"\n[ \t]*[#<]")  # a line that _ORIGINAL_CARD may open
_FENCE_LINE = re.compile(r"[ \t]*(`{3,}|~{3,})[^\n]*\n")  # _CODE_BLOCK's opening line
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_QUOTE_LINE = re.compile(r"^[ \t]*>[^\n]*$", re.M)
_CITATION = re.compile(r"^[ \t]*@\w+\s*\{.*?(?:^[ \t]*\}[ \t]*$|\Z)", re.M | re.S)
_QUOTE_START = re.compile(r"\n[ \t]*>")
_CITATION_START = re.compile(r"\n[ \t]*@")


def _own_part(raw: str) -> str:
    """The card without a copied "Original model card" section.

    Quantizers paste the parent's card below their own: its lineage sentences
    name the grand-parents, not this model's parents.
    """
    if "riginal" not in raw:
        return raw
    # The heading or comment opens a line: only lines starting with "#" or "<" are tried
    # (found fast), not every position of the card as a search of the pattern would.
    starts = [0] if raw.lstrip(" \t").startswith(("#", "<")) else []
    starts += [m.start() + 1 for m in _HEAD_OR_TAG_LINE.finditer(raw)]
    for start in starts:
        if _ORIGINAL_CARD.match(raw, start):
            return raw[:start]
    return raw


def _clean(text: str, code: list[str] | None = None) -> str:
    """Drop what never states this card's lineage: code, comments, quotes, citations.

    ``code`` receives each fenced code block cut out, fence lines included.
    """
    if "```" in text or "~~~" in text:
        text = _strip_code(text, code)
    if "<!--" in text:
        text = _without_comments(text)
    if ">" in text and _some_line_starts(text, ">", _QUOTE_START):
        text = _QUOTE_LINE.sub("", text)
    if "@" in text and _some_line_starts(text, "@", _CITATION_START):
        text = _CITATION.sub("", text)
    if "]](" in text:
        text = _flat_link_texts(text)
    if "/ " in text or "/\t" in text:
        text = _SPLIT_ID.sub(r"\1/", text)
    if "ined-tuned" in text:
        text = _FINED_TUNED.sub(r"\1ine-tuned ", text)
    # Bold markers sit between labels and values ("**Base model:** X").
    return text.replace("**", "")


# "a model fined-tuned using …": a typo of "fine-tuned", written as it (a blank after it, so
# the text keeps its length and every position after it).
_FINED_TUNED = re.compile(r"\b([Ff])ined-tuned\b")


# "stabilityai/  stable-diffusion-xl-1.0": an id broken by spaces after its slash (a name with
# a hyphen or underscore after it; "and/ or", "I/ O" are words).
_SPLIT_ID = re.compile(
    r"(?<![\w/.:-])([A-Za-z][\w.-]{1,38}[A-Za-z0-9])/[ \t]{1,3}"
    r"(?=[A-Za-z0-9][\w.]*[-_][\w.-]*[A-Za-z0-9])"
)


# "[SVD Image-to-Video [14 frames]](https://hf.co/ORG/X)": a bracketed note inside a link's
# text. The link patterns take text without brackets, so the note's become parentheses.
_NESTED_LINK_TEXT = re.compile(r"\[([^\[\]\n]{1,150})\[([^\[\]\n]{1,60})\]\]\(")


def _flat_link_texts(text: str) -> str:
    """The text with a link's inner bracketed note written in parentheses (`_NESTED_LINK_TEXT`)."""
    return _NESTED_LINK_TEXT.sub(r"[\1(\2)](", text)


def _strip_code(text: str, code: list[str] | None = None) -> str:
    """``_CODE_BLOCK.sub("\\n", text)``, trying the pattern only where a line opens a fence.

    A line-anchored pattern is tried at every position of the card; the fences
    themselves are found with ``str.find``. ``code`` receives each block cut out.
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
            if code is not None:
                code.append(text[start:end])
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

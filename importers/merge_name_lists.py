"""Merge inputs written as plain lines of names under a label that names them.

Hand-made merges (image checkpoints, 2023 language-model blends) credit their
ingredients as one name a line, no bullets, under a heading or a bold line::

    # Models:

    Lark-13B

    Wren Chat

    # Adapters:

    Tidy-LoRA

or each name followed by the line that says where it comes from::

    **Models used for the merge**
    paper-bloom-v2
    (https://example.org/models/123) ©someone

The label is a heading, a bold line or a line ending with a colon that names the items:
"Models", "Adapters", "LoRAs", "Models used (for the merge)", "Merged models", "Source
models", or the same in Japanese or Chinese ("マージ利用モデル一覧", "融合模型"). Only on a card
that speaks of merging. The list opens right under the label (blank lines allowed) and
ends at the first line that is neither a name nor a source line; two names at least. A
source line that is a Hub link gives the name's id; otherwise the name is kept as
written. Not names of conversions, nor lines that are sentences. Pure: text in, claims out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from importers.references import mentions
from lineage.core.ids import key
from lineage.core.records import Relation

NAME_LIST = "[merge-name-list]"
_SNIPPET = 200
# Words a merge card is written with, in the languages such lists are seen in.
_MERGE_WORDS = ("マージ", "融合", "合并", "合併")
_NEEDLES = ("odels", "ODELS", "dapters", "oRAs", "oras")
_CJK_NEEDLES = ("モデル", "模型")
_LABEL = re.compile(
    r"[ \t]*(?P<head>#{1,6}[ \t]*)?(?:\*\*|__)?[ \t]*(?:the[ \t]+)?(?P<label>"
    r"(?:models?|adapters?|q?loras?)(?:[ \t]*(?:\+|&|/|,|and)[ \t]*(?:models?|adapters?|q?loras?))*"
    r"(?:[ \t]+(?P<used>used|merged|combined)(?:[ \t]+(?:for|in)[ \t]+(?:the[ \t]+|this[ \t]+)?"
    r"(?:merge|merging|mix))?)?"
    r"|(?:merged?|source)[ \t]+models?"
    r"|[^\n#*:]{0,12}(?:マージ|融合|合并|合併|使用|利用)[^\n#*:]{0,6}(?:モデル|模型)[^\n#*:]{0,8})"
    r"[ \t]*[:：]?[ \t]*(?:\*\*|__)?[ \t]*[:：]?[ \t]*",
    re.I,
)
# One name a line: up to four words, bold perhaps, a remark in brackets after it
# ("fantasia_v10(formerly fantasiaReal)"), a Markdown line break (two spaces, a backslash).
_WORD = r"[A-Za-z0-9][\w.+'-]*"
_ITEM = re.compile(
    rf"[ \t]*(?:\*\*|__)?(?P<name>{_WORD}(?:[ \t]{_WORD}){{0,3}})(?:\*\*|__)?[ \t]*"
    r"(?:\([^()\n]*\)|（[^（）\n]*）)?[ \t]*\\?[ \t]*"
)
# A source line: a URL (in brackets or not), perhaps with its author ("©name", "by name").
_SOURCE = re.compile(
    r"[ \t]*[(（<\[]?[ \t]*(?P<url>https?://[^\s()（）<>\]]+)[ \t]*[)）>\]]?[ \t]*"
    r"(?:(?:©|\(c\)|by[ \t])[^\n]*)?\\?[ \t]*",
    re.I,
)
_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]")
_NOT_A_NAME = frozenset(
    "none n/a tbd todo soon coming unknown various others etc and or the".split()  # noqa: SIM905
)
_NOT_AN_INPUT = re.compile(r"gguf|gptq|awq|exl2|ggml|quant|negative|embedding", re.I)
_MAX_LINES = 40
_LABEL_LONGEST = 60


def name_list_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Merge inputs listed one name a line under a label that names them (see the module)."""
    ascii_only = body.isascii()
    merge_card = "erge" in body or "erging" in body
    if not merge_card and (ascii_only or not any(w in body for w in _MERGE_WORDS)):
        return []  # a card that does not speak of merging
    needles = _NEEDLES if ascii_only else _NEEDLES + _CJK_NEEDLES
    labels = sorted(
        {
            (start, end)
            for n in needles
            for start, end in lines_holding(body, n)
            if end - start <= _LABEL_LONGEST and _label_shaped(body, start, end)
        }
    )
    own = {key(model_id), key(model_id.rsplit("/", 1)[-1])}
    found: dict[str, ProseClaim] = {}
    for start, end in labels:
        m = _LABEL.fullmatch(body, start, end)
        if m is None:
            continue
        label = m.group(0)
        if not (m["head"] or m["used"] or any(c in label for c in (":", "：", "**", "__"))):
            continue  # a bare "Models" line is a table's or a sentence's piece
        items = _names_under(body, end)
        if len(items) < 2:
            continue
        for name, source in items:
            parent = source or name
            k = key(parent)
            if k in own or k in found or _NOT_AN_INPUT.search(parent):
                continue
            snippet = f"{NAME_LIST} {label.strip()} … {name}"[:_SNIPPET]
            found[k] = ProseClaim(parent, Relation.MERGE, Strength.STRONG, snippet)
    return list(found.values())


def _label_shaped(body: str, start: int, end: int) -> bool:
    """Whether the line may be a label: a heading, a bold line, a line ending with a colon,
    or one with "used" / "merged" (a cheap test before the pattern is tried)."""
    line = body[start:end].strip()
    return (
        line[:1] in ("#", "*", "_")
        or line[-1:] in (":", "：")
        or "used" in line
        or "merged" in line
        or not line.isascii()
    )


def _names_under(body: str, end: int) -> list[tuple[str, str | None]]:
    """The (name, Hub id from its source line or None) listed from ``end`` on. When the
    first name has a source line, every name has one: a name without is no item."""
    items: list[tuple[str, str | None]] = []
    sourced: list[bool] = []
    for line in _lines_after(body, end):
        if not line.strip():
            continue
        if _HEADING.match(line):
            break
        source = _SOURCE.fullmatch(line)
        if source is not None:
            if not items or sourced[-1]:
                break  # a source line belongs to the name right above it
            refs = mentions(source["url"])
            if refs:
                items[-1] = (items[-1][0], refs[0].model_id)
            sourced[-1] = True
            continue
        item = _ITEM.fullmatch(line)
        if item is None or not _a_name(item["name"]):
            break
        items.append((" ".join(item["name"].split()).rstrip(".-"), None))
        sourced.append(False)
    if sourced and sourced[0]:
        return [item for item, has in zip(items, sourced, strict=True) if has]
    return items


def _lines_after(body: str, end: int) -> Iterator[str]:
    """The lines after the one ending at ``end`` (most lists end at the first)."""
    for _ in range(_MAX_LINES):
        if end >= len(body):
            return
        start = end + 1
        end = body.find("\n", start)
        if end < 0:
            end = len(body)
        yield body[start:end]


def _a_name(name: str) -> bool:
    """Whether ``name`` is written as a model's name: each word capitalised, a number or a
    word holding a digit, a hyphen or an underscore ("Lark-13B", "LIMA RP", "paper_v2")."""
    words = name.split()
    if any(w.casefold() in _NOT_A_NAME for w in words):
        return False
    return all(
        w[0].isupper() or w[0].isdigit() or any(c in w for c in "-_0123456789") for w in words
    )

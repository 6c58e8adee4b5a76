"""Every model reference in a card body, with where it stands: the candidates for a role.

The phrase reader (`importers.prose`) only looks right after lineage phrases.
This module lists *all* references — Hub links whatever their display text,
bare Hub URLs, ``ORG/NAME`` ids in prose or code, Hugging Face cache paths
(``…/models--ORG--NAME/snapshots/REV``) — so that `importers.roles` can decide
what each one is from features of the whole card. Pure: text in, tuples out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lineage.ids import parse_reference

_SEG = r"[A-Za-z0-9][\w.-]*[A-Za-z0-9]|[A-Za-z0-9]"
_HUB_URL = re.compile(
    rf"(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/(?P<ref>(?:{_SEG})/(?:{_SEG}))", re.I
)
_PLAIN_ID = re.compile(rf"(?<![\w./@:-])(?P<ref>(?:{_SEG})/(?:{_SEG}))(?![\w/])")
_CACHE = re.compile(rf"models--(?P<org>{_SEG}?)--(?P<name>{_SEG})")
_CODE_FENCE = re.compile(
    r"^[ \t]*(`{3,}|~{3,})[^\n]*\n(?P<code>.*?)(?:^[ \t]*\1[ \t]*$|\Z)", re.M | re.S
)
_NOT_MODELS = frozenset({"datasets", "spaces", "docs", "blog", "papers", "collections", "api"})


@dataclass(frozen=True, slots=True)
class Mention:
    """One model reference: the Hub id it names, where, and in what form."""

    model_id: str
    start: int
    form: str  # "url" (a Hub link or URL), "id" (ORG/NAME), "cache" (a cache folder)
    in_code: bool


def code_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of the fenced code blocks' contents."""
    if "```" not in body and "~~~" not in body:
        return []
    return [m.span("code") for m in _CODE_FENCE.finditer(body)]


def code_blocks(body: str) -> list[str]:
    """The text of each fenced code block."""
    return [body[a:b] for a, b in code_spans(body)]


def mentions(body: str) -> list[Mention]:
    """Every model reference in ``body``, in text order, one per position."""
    spans = code_spans(body)
    found: dict[int, Mention] = {}

    def add(raw: str, start: int, form: str) -> None:
        if raw.split("/", 1)[0].casefold() in _NOT_MODELS:
            return
        ref = parse_reference(raw)
        if ref.model_id is None or "/" not in ref.model_id:
            return
        in_code = any(a <= start < b for a, b in spans)
        found.setdefault(start, Mention(ref.model_id, start, form, in_code))

    if "huggingface.co" in body or "hf.co" in body:
        for m in _HUB_URL.finditer(body):
            add(m["ref"], m.start("ref"), "url")
    if "/" in body:
        for m in _PLAIN_ID.finditer(body):
            add(m["ref"], m.start(), "id")
    if "models--" in body:
        for m in _CACHE.finditer(body):
            add(f"{m['org']}/{m['name']}", m.start(), "cache")
    return [found[k] for k in sorted(found)]

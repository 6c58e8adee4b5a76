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
from functools import lru_cache

from lineage.core.ids import Reference, parse_reference

_SEG = r"[A-Za-z0-9][\w.-]*[A-Za-z0-9]|[A-Za-z0-9]"
# The Hub's address (its short form too), and the model links the phrase rules read, as
# pattern text: one spelling shared by `importers.original_links`, `importers.derived_links`
# and `importers.made_from`.
HUB_HOST = r"(?:www\.)?(?:huggingface\.co|hf\.co)/"
HUB_PREFIX = rf"(?:https?://)?{HUB_HOST}"
HUB_ID_TEXT = r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*"
# "[text](https://huggingface.co/ORG/X)" (group ``a``) or a bare URL, "<hf.co/ORG/X>" (``b``).
HUB_MODEL_LINK = (
    rf"(?:\[[^\]\n]{{1,160}}\]\(<?{HUB_PREFIX}(?P<a>{HUB_ID_TEXT})/?>?\)"
    rf"|<?{HUB_PREFIX}(?P<b>{HUB_ID_TEXT})/?>?)"
)
# A Markdown link's target on the Hub, "(https://huggingface.co/…)" (group ``url``).
HUB_LINK_TARGET = rf"\((?P<url>https?://{HUB_HOST}[^)\s]{{1,200}})\)"
_HUB_URL = re.compile(rf"{HUB_PREFIX}(?P<ref>(?:{_SEG})/(?:{_SEG}))", re.I)
# An id ends where its name ends: not inside a dotted or hyphened part ("v0.1" of "v0.1.1"),
# and a slash may close it ("ORG/NAME/" on a list line) but not open a path ("ORG/NAME/file").
_PLAIN_ID = re.compile(rf"(?<![\w./@:-])(?P<ref>(?:{_SEG})/(?:{_SEG}))(?!\w|/[\w/]|[.-]\w)")
_CACHE = re.compile(rf"models--(?P<org>{_SEG}?)--(?P<name>{_SEG})")
# A fenced code block; `code_spans` finds what its ``finditer`` finds (a test checks it).
_CODE_FENCE = re.compile(
    r"^[ \t]*(`{3,}|~{3,})[^\n]*\n(?P<code>.*?)(?:^[ \t]*\1[ \t]*$|\Z)", re.M | re.S
)
_NOT_MODELS = frozenset({"datasets", "spaces", "docs", "blog", "papers", "collections", "api"})
# Site sections under the Hub's address, pages rather than repos: the library's old
# documentation (huggingface.co/transformers/model_doc/bart.html), the course.
_SITE_PAGES = frozenset({"transformers", "course", "learn", "tasks"})


def reference(raw: object) -> Reference:
    """`parse_reference`, answered once per process for a recurring string.

    The same ids come back card after card (a base model on each of its children's
    cards); a `Reference` is immutable, so one answer serves them all.
    """
    if type(raw) is str and len(raw) <= _RECURRING_MAX_CHARS:
        return _recurring_reference(raw)
    return parse_reference(raw)


_RECURRING_MAX_CHARS = 256
_recurring_reference = lru_cache(maxsize=16_384)(parse_reference)


@dataclass(frozen=True, slots=True)
class Mention:
    """One model reference: the Hub id it names, where, and in what form."""

    model_id: str
    start: int
    form: str  # "url" (a Hub link or URL), "id" (ORG/NAME), "cache" (a cache folder)
    in_code: bool


def code_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of the fenced code blocks' contents.

    Exactly ``_CODE_FENCE.finditer``, found with string searches: the pattern starts with
    ``^`` (``re`` would try it at every position of the card) and its lazy ``.*?`` tries the
    closing fence at every character of the block.
    """
    if "```" not in body and "~~~" not in body:
        return []
    spans: list[tuple[int, int]] = []
    end = 0
    for line in _fence_lines(body):
        if line < end:
            continue
        opens = line
        while body[opens] in " \t":  # (a fence follows: `_fence_lines`)
            opens += 1
        run = opens
        while run < len(body) and body[run] == body[opens]:
            run += 1
        newline = body.find("\n", run)
        if newline < 0:
            break  # an opening fence needs a line after it (and no line follows)
        start = newline + 1
        close, end = _closing_fence(body, body[opens:run], start)
        spans.append((start, close))
    return spans


def _closing_fence(body: str, fence: str, start: int) -> tuple[int, int]:
    """Where the first line at or after ``start`` that holds ``fence`` alone (spaces and tabs
    around it) starts and ends; ``(len(body), len(body))`` without one."""
    at = body.find(fence, start)
    while at >= 0:
        line = body.rfind("\n", 0, at) + 1
        end = body.find("\n", at)
        if end < 0:
            end = len(body)
        if body[line:end].strip(" \t") == fence:
            return line, end
        at = body.find(fence, end)
    return len(body), len(body)


def _fence_lines(body: str) -> list[int]:
    """Where each line starts that opens with spaces or tabs and three backticks or tildes."""
    starts: set[int] = set()
    for fence in ("```", "~~~"):
        at = body.find(fence)
        while at >= 0:
            line = body.rfind("\n", 0, at) + 1
            if line == at or not body[line:at].strip(" \t"):
                starts.add(line)
            at = body.find(fence, at + 3)
    return sorted(starts)


def code_blocks(body: str) -> list[str]:
    """The text of each fenced code block."""
    return [body[a:b] for a, b in code_spans(body)]


def site_pages(body: str) -> set[str]:
    """The keys of ``SECTION/PAGE`` read from Hub URLs of site pages (`_SITE_PAGES`), which
    an id scan would take for repos: "huggingface.co/transformers/model_doc/bart.html"."""
    if "huggingface.co/" not in body:
        return set()
    return {
        m["ref"].casefold()
        for m in _HUB_URL.finditer(body)
        if m["ref"].split("/", 1)[0].casefold() in _SITE_PAGES
    }


def mentions(body: str) -> list[Mention]:
    """Every model reference in ``body``, in text order, one per position."""
    spans = code_spans(body)
    found: dict[int, Mention] = {}

    def add(raw: str, start: int, form: str) -> None:
        if raw.split("/", 1)[0].casefold() in _NOT_MODELS:
            return
        ref = reference(raw)
        if ref.model_id is None or "/" not in ref.model_id:
            return
        in_code = any(a <= start < b for a, b in spans)
        found.setdefault(start, Mention(ref.model_id, start, form, in_code))

    if "huggingface.co" in body or "hf.co" in body:
        for m in _HUB_URL.finditer(body):
            if m["ref"].split("/", 1)[0].casefold() not in _SITE_PAGES:
                add(m["ref"], m.start("ref"), "url")
    if "/" in body:
        for m in _PLAIN_ID.finditer(body):
            add(m["ref"], m.start(), "id")
    if "models--" in body:
        for m in _CACHE.finditer(body):
            add(f"{m['org']}/{m['name']}", m.start(), "cache")
    return [found[k] for k in sorted(found)]


_ORG_BEFORE = re.compile(r"(?<![\w.-])[A-Za-z0-9][\w-]*\Z")
_SEP_TABLE = str.maketrans({"_": "-", ".": "-"})
_NAME_END = re.compile(r"[\w-]")


def named(body: str, names: set[tuple[str, ...]]) -> list[Mention]:
    """Model references ``ORG/NAME`` whose name is one of ``names`` (lower-case tokens).

    A name also matches when the org's tokens and the name's tokens together
    make it (``aibuncho/novel-6b`` for ``aibuncho-novel-6b``). Cheaper than
    `mentions`: plain substring searches for each wanted name.
    """
    lower = body.lower()
    if len(lower) != len(body):
        wanted = [m for m in mentions(body) if _matches_name(m.model_id, names)]
        return wanted
    flat = lower.translate(_SEP_TABLE)  # "-", "_" and "." all separate tokens
    tails = {toks[k:] for toks in names for k in range(len(toks))}
    spans: list[tuple[int, int]] | None = None
    out: list[Mention] = []
    for tail in tails:
        needle = "/" + "-".join(tail)
        at = flat.find(needle)
        while at >= 0:
            end = at + len(needle)
            pos, at = at, flat.find(needle, at + 1)
            if end < len(flat) and _NAME_END.match(flat, end):
                continue
            org = _ORG_BEFORE.search(body, max(0, pos - 96), pos)
            if org is None:
                continue
            model_id = f"{org.group(0)}/{body[pos + 1 : end]}"
            if not _matches_name(model_id, names) or org.group(0).casefold() in _NOT_MODELS:
                continue
            ref = reference(model_id)
            if ref.model_id is None:
                continue
            if spans is None:
                spans = code_spans(body)
            in_code = any(a <= org.start() < b for a, b in spans)
            out.append(Mention(ref.model_id, org.start(), "id", in_code))
    return sorted(out, key=lambda m: m.start)


def _matches_name(model_id: str, names: set[tuple[str, ...]]) -> bool:
    org, _, name = model_id.partition("/")
    tokens = tuple(t for t in _TOKEN_SPLIT.split(name.casefold()) if t)
    org_tokens = tuple(t for t in _TOKEN_SPLIT.split(org.casefold()) if t)
    return tokens in names or org_tokens + tokens in names


_TOKEN_SPLIT = re.compile(r"[-_.]")

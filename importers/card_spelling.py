"""A parent claimed by a name without an org, respelled the way the card names it in full.

A claim keeps the words a lineage phrase was followed by; the card often names the same
model more fully, and the fullest spelling is the one that tells which model it was:

- the name is the text of a Hub link, or the first cell of a table row that gives its Hub id
  ("pretrained from Lark-Base" where the card writes `[**Lark-Base**](…/acme/Bio-Lark-Base)`
  or `| Lark-Base | acme/Bio-Lark-Base |`): the linked id;
- the card writes a Hub id whose name is the claimed name spelled another way ("Lark V2 13B"
  and `acme/Lark-2-13b`: the same words and numbers once a release's "v" is dropped): that id;
- in the statement itself the name goes on past what the phrase kept: a size set apart
  ("Lark-2 - 70B"), a tag in brackets ("ViT-L-9 (web3b_s12b)", "Owl 7B (v0.1)"), a release
  written apart ("a Lark model (based on v1.5)", "Owl 7B, version 0.2"): the name with it.

Only a claim without an org is respelled, and only to exactly one fuller form; a quantization,
the card's own id, a data set's page and a row of scores never stand in.
"""

from __future__ import annotations

import re
from dataclasses import replace

from importers.card_resolve import (
    _ID_NAME,
    _NOT_ORGS,
    _ORG_BEFORE,
    _score_line,
    strongest_per_model,
)
from importers.prose import ProseClaim, ProseFindings
from importers.roles import is_conversion_name
from lineage.core.ids import key

_MARKS = "*_` \t"
# A link to a repo's page (not a deeper path: the docs, a file, a folder).
_HUB_LINK = re.compile(
    r"\]\((?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/([A-Za-z0-9][\w.-]*)/([A-Za-z0-9][\w.+-]*)"
    r"/?(?=[)#?\s\"'])"
)
# The Hub's own pages, whose paths look like ORG/NAME.
_SITE_PAGES = frozenset(
    {"datasets", "spaces", "docs", "blog", "papers", "learn", "tasks", "collections"}
    | {"organizations", "settings", "join", "login", "models", "posts", "chat"}
)
_HUB_HOSTS = ("huggingface.co/", "hf.co/")
# An ORG/NAME id in a table cell: as a link's target, a link's text or plain.
_CELL_ID = re.compile(
    r"(?:huggingface\.co/|hf\.co/|(?<![\w./-]))([A-Za-z0-9][\w.-]*)/([A-Za-z0-9][\w.+-]*[\w+])"
    r"(?![\w/.+-])"
)
# After the name in its statement: a size set apart, a one-token tag in brackets, a release.
_SPACED_SIZE = re.compile(r"[ \t]+-[ \t]+(\d+(?:\.\d+)?[BbMm])\b")
_TAG = re.compile(r"[ \t]*\(([\w.+-]{1,40})\)")
_RELEASE_APART = re.compile(
    r"(?:[ \t]+(?:model|checkpoint))?(?:[ \t]*\((?:based[ \t]+on|version)[ \t]+(v?\d+(?:\.\d+)*)\)"
    r"|,[ \t]*version[ \t]+(v?\d+(?:\.\d+)*)\b)",
    re.I,
)
_TOKENS = re.compile(r"[a-z]+|\d+(?:\.\d+)*")
_V_RELEASE = re.compile(r"(?<![a-z])v(?=\d)")


def _tokens(name: str) -> list[str]:
    """A name's letters and numbers, a release's "v" dropped ("Lark V2 13B" → lark 2 13 b)."""
    return _TOKENS.findall(_V_RELEASE.sub("", name.casefold()))


def _usable(org: str, name: str, own: str) -> str | None:
    """The id ``org/name``, unless it is no model that could stand for a parent here."""
    if org.casefold() in _NOT_ORGS or org.casefold() in _SITE_PAGES:
        return None
    full = f"{org}/{name.rstrip('.-_')}"
    if key(full) == own or is_conversion_name(full):
        return None
    return full


def _row_ids(row: str, own: str) -> list[str]:
    """The Hub ids a table row writes."""
    ids = []
    for m in _CELL_ID.finditer(row):
        if m.group(1).casefold() in {"github.com", "arxiv.org"} or "." in m.group(1):
            continue
        if (full := _usable(m.group(1), m.group(2), own)) is not None:
            ids.append(full)
    return ids


def _linked_ids(body: str, lower: str, name: str, own: str) -> dict[str, str]:
    """The Hub ids the card gives ``name`` as a link's text or a table row's first cell."""
    found: dict[str, str] = {}
    needle = name.casefold()
    at = lower.find(needle)
    while at >= 0:
        pos, at = at, lower.find(needle, at + 1)
        end = pos + len(needle)
        start = pos
        while start > 0 and body[start - 1] in _MARKS:
            start -= 1
        stop = end
        while stop < len(body) and body[stop] in _MARKS:
            stop += 1
        if start > 0 and body[start - 1] == "[" and (link := _HUB_LINK.match(body, stop)):
            if (full := _usable(link.group(1), link.group(2), own)) is not None:
                found.setdefault(key(full), full)
            continue
        if start > 0 and body[start - 1] == "|" and body.startswith("|", stop):
            line_start = body.rfind("\n", 0, pos) + 1
            if body[line_start:start].strip() != "|" or _score_line(body, pos):
                continue  # not the row's first cell; a row of scores
            line_end = body.find("\n", stop)
            for full in _row_ids(body[stop : line_end if line_end >= 0 else len(body)], own):
                found.setdefault(key(full), full)
    return found


def _alike_ids(body: str, lower: str, name: str, own: str) -> dict[str, str]:
    """The Hub ids the card writes whose names are ``name`` spelled another way."""
    mine = _tokens(name)
    if len(mine) < 2:
        return {}
    found: dict[str, str] = {}
    needle = "/" + mine[0]
    at = lower.find(needle)
    while at >= 0:
        pos, at = at + 1, lower.find(needle, at + 1)
        org = _ORG_BEFORE.search(body, max(0, pos - 64), pos)
        if org is None:
            continue
        if lower.endswith("/", 0, org.start()) and not lower.endswith(_HUB_HOSTS, 0, org.start()):
            continue  # a deeper path: a folder, another site
        written = _ID_NAME.match(body, pos)
        if written is None or _tokens(written.group(0)) != mine:
            continue
        if (full := _usable(org.group(1), written.group(0), own)) is not None:
            found.setdefault(key(full), full)
    return found


def _plain(text: str) -> str:
    """Text without emphasis or code marks, its white space collapsed, lower-cased."""
    return " ".join(text.translate(str.maketrans("", "", "*_`")).split()).casefold()


def _in_statement(body: str, pos: int, claim: ProseClaim) -> bool:
    """Whether the mention at ``pos`` is the one the claim's statement was read from."""
    at = claim.snippet.casefold().find(claim.parent.casefold())
    if at <= 0:
        return False
    told = _plain(claim.snippet[:at])[-24:]
    line_start = body.rfind("\n", 0, pos) + 1
    return _plain(body[max(line_start, pos - 200) : pos]).endswith(told)


def _stated_in_full(body: str, lower: str, claim: ProseClaim) -> str | None:
    """The claimed name with the size, tag or release its statement writes after it."""
    name = claim.parent
    needle = name.casefold()
    at = lower.find(needle)
    while at >= 0:
        pos, at = at, lower.find(needle, at + 1)
        end = pos + len(needle)
        if end < len(body) and (body[end].isalnum() or body[end] in "-."):
            continue  # inside a longer name
        if not _in_statement(body, pos, claim):
            continue
        if size := _SPACED_SIZE.match(body, end):
            return f"{name} - {size.group(1)}"
        if (tag := _TAG.match(body, end)) and _a_tag(tag.group(1)):
            return f"{name} ({tag.group(1)})"
        if release := _RELEASE_APART.match(body, end):
            number = release.group(1) or release.group(2)
            return f"{name} {number if number[0] in 'vV' else 'v' + number}"
        return None
    return None


def _a_tag(tag: str) -> bool:
    """Whether a bracketed token tells a model's variant: it holds a digit and is no year,
    number or quantization ("web3b_s12b", "v0.1", "70B"; not "2023", "Q4_K_M")."""
    return (
        any(ch.isdigit() for ch in tag)
        and not tag.replace(".", "").isdigit()
        and not is_conversion_name(tag)
    )


def fullest_spellings(findings: ProseFindings, body: str, model_id: str) -> ProseFindings:
    """The findings with each parent claimed without an org respelled in full (see the
    module's docstring); claims that then name the same model kept once, the strongest."""
    shorts = [c for c in findings.claims if "/" not in c.parent] if findings.claims else []
    if not shorts:
        return findings  # most cards: every claim names an org
    lower = body.lower()
    if len(lower) != len(body):
        return findings  # positions must line up
    own = key(model_id)
    claims = list(findings.claims)
    changed = False
    for short in shorts:
        if len(short.parent) < 3:
            continue
        found = _linked_ids(body, lower, short.parent, own) if "](" in body or "|" in body else {}
        if not found:
            found = _alike_ids(body, lower, short.parent, own) if "/" in body else {}
        spelled: str | None = None
        if len(found) == 1:
            spelled = next(iter(found.values()))
        elif not found:
            spelled = _stated_in_full(body, lower, short)
        if spelled is not None and key(spelled) != key(short.parent):
            claims[claims.index(short)] = replace(short, parent=spelled)
            changed = True
    if not changed:
        return findings
    return replace(findings, claims=strongest_per_model(claims))

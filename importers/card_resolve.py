"""A parent claimed by a short name, resolved to the one Hub id the card writes for it.

"a fine-tuned BERT model" on a card that links `google-bert/bert-large-cased`; "built on
Lark-2" beside a table's `acme/Lark-2-13b-hf`; "merged 60% Lark v2" beside a link to `acme/Lark-13b-v2`:
the card says which model of the family it was, in words it did not put after a lineage
phrase. A claimed name without an org and without a size gives way to the `ORG/NAME`
(a Hub link or URL, or an id in prose, a table, a list or code) whose name goes on past it
("bert-large-cased" after "BERT", not "Lark-2.1" after "Lark-2": another release) or is it
with a size put in ("Lark-13b-v2" for "Lark v2"), when the card writes exactly one such id
in a mention that plays no other role: not in a table of scores, not in a clause that
compares, judges, tokenizes, generates data or cites (`importers.scorer_roles`), not a data
set, not a conversion, not the card's own name, family line or a sibling at another size.
A name with a size ("Lark-7B") names its model already, and a longer name written without
an org says no more than the short one. (`importers.card_names.drop_shortened` does the
same among names the card claims.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from importers.prose import ProseClaim, ProseFindings
from importers.prose_names import LEGACY_ROOT, name_words
from importers.roles import is_conversion_name
from importers.scorer_roles import role_clause, score_row
from lineage.core.ids import key

# The name part of an id after its slash.
_ID_NAME = re.compile(r"[A-Za-z0-9][\w.+-]*")
_ORG_BEFORE = re.compile(r"([A-Za-z0-9][\w.-]*)/\Z")
_HUB_HOSTS = ("huggingface.co/", "hf.co/")
_NOT_ORGS = frozenset({"huggingface.co", "hf.co", "www.huggingface.co", "models", "datasets"})
_RELEASE = re.compile(r"v?\d+")
_SIZE = re.compile(r"\d+(?:\.\d+)?(?:x\d+)?[bm]")
_NOT_NAME_ENDS = frozenset({"based", "style", "like", "sized", "size", "powered", "tuned", "model"})
_DATASET_AFTER = re.compile(r"[`*_\])]*[ \t]+(?:data[ \t]?set|corpus)\b", re.I)
_NUMBER_CELL = re.compile(r"[ *]*\d+(?:[.,]\d+)?%?[ *]*")


def _no_lineage(_text: str) -> bool:
    """Role words in a mention's clause count whatever else it says (a short name is
    resolved only from mentions that plainly name a model)."""
    return False


def _sizes(words: list[str]) -> set[str]:
    return {w for w in words if _SIZE.fullmatch(w)}


# Sizes spoken as words ("bert-base-x", "t5-large", "whisper-small"): a name that differs
# from the card's own only in this word is the same recipe run at another size.
_SIZE_WORDS = frozenset({"tiny", "mini", "small", "base", "medium", "large", "xl", "xxl", "huge"})


def _other_size_word(words: list[str], own_words: list[str]) -> bool:
    """Whether ``words`` are the card's own name's with its size word swapped for another."""
    if len(words) != len(own_words):
        return False
    diff = [(a, b) for a, b in zip(words, own_words, strict=True) if a != b]
    return len(diff) == 1 and diff[0][0] in _SIZE_WORDS and diff[0][1] in _SIZE_WORDS


def _fuller(theirs: list[str], mine: list[str]) -> bool:
    """Whether the name ``theirs`` is ``mine`` gone on ("bert large cased" after "bert",
    "llama 2 13b hf" after "llama2") or ``mine`` with a size put in ("lark 13b v2" for
    "lark v2"); not with a release number after it ("lark 2" after "lark")."""
    if len(theirs) <= len(mine) and "".join(theirs) == "".join(mine):
        return False
    joined, at = "".join(mine), 0
    for n, word in enumerate(theirs[:-1], 1):
        at += len(word)
        if at >= len(joined):
            if (
                at == len(joined)
                and "".join(theirs[:n]) == joined
                and not _RELEASE.fullmatch(theirs[n])
            ):
                return True
            break
    plain = [w for w in theirs if not _SIZE.fullmatch(w)]
    return len(plain) < len(theirs) and plain == mine


# Words of a name that say its size: a tuned model shares them with its base.
SIZE_WORDS = frozenset({"tiny", "mini", "small", "base", "medium", "large", "xl", "xxl", "huge"})


def _own_line(
    words: list[str], mine: list[str], own_words: list[str], *, size_apart: bool = False
) -> bool:
    """Whether a name is the card's own, its family or a sibling of its line: its words are
    all the card's (in any order) or hold them all, or it goes on past the short name the
    way the card's own name does ("Lark-Math-Chat" on the card of "Lark-Math-7B") — with
    ``size_apart``, not when that next word is the size, which a tuned model shares with its
    base ("bert-large-cased" for "bert-large-ner")."""
    theirs, own = set(words), set(own_words)
    if theirs <= own or own <= theirs:
        return True
    n = len(mine)
    return (
        len(own_words) > n
        and len(words) > n
        and own_words[:n] == words[:n]
        and own_words[n] == words[n]
        and not (size_apart and (words[n] in SIZE_WORDS or bool(_sizes([words[n]]))))
    )


def _score_line(body: str, start: int) -> bool:
    """Whether the mention at ``start`` stands in a row of a table of scores."""
    line_start = body.rfind("\n", 0, start) + 1
    if not body[line_start:start].lstrip().startswith("|"):
        return False
    end = body.find("\n", start)
    cells = body[line_start : end if end >= 0 else len(body)].split("|")
    if sum(1 for c in cells if _NUMBER_CELL.fullmatch(c)) >= 2:
        return True
    return score_row(body, line_start)


def _plays_a_role(
    body: str, start: int, end: int, written: str, tuned_before: re.Pattern[str] | None = None
) -> bool:
    """Whether the mention from ``start`` to ``end`` names a data set, stands in a table of
    scores or in a clause that gives it another role than a parent's — unless
    ``tuned_before`` finds a training verb right before it ("the data used to fine-tune the
    X model was generated by …": X is what was tuned)."""
    if _DATASET_AFTER.match(body, end) or _score_line(body, start):
        return True
    line_start = body.rfind("\n", 0, start) + 1
    line_end = body.find("\n", end)
    before = body[max(line_start, start - 200) : start]
    after = body[end : line_end if line_end >= 0 else len(body)]
    if tuned_before is None:
        return role_clause(before, written, after, _no_lineage)
    tuned = tuned_before.search(before) is not None
    return role_clause(before, written, after, lambda _text: tuned)


def _a_sibling(
    written: str,
    words: list[str],
    mine: list[str],
    own_words: list[str],
    own_sizes: set[str] | frozenset[str],
    *,
    size_apart: bool = False,
) -> bool:
    """Whether a fuller form of a short name is no parent of this card: a quantization, the
    card's own name or its line (`_own_line`), a sibling at another size or size word."""
    if is_conversion_name(written) or _own_line(words, mine, own_words, size_apart=size_apart):
        return True
    sizes = _sizes(words)
    if own_sizes and sizes and not sizes & own_sizes:
        return True  # a sibling at another size
    return _other_size_word(words, own_words)  # "x-base-ner" on the card of "x-large-ner"


def _hub_ids(body: str, lower: str, mine: list[str], model_id: str) -> dict[str, str]:
    """The ids the card writes whose names are fuller forms of ``mine``, by their keys."""
    own = key(model_id)
    own_words = name_words(model_id.rsplit("/", 1)[-1])
    own_sizes = _sizes(own_words)
    needle = "/" + mine[0]
    found: dict[str, str] = {}
    at = lower.find(needle)
    while at >= 0:
        pos, at = at + 1, lower.find(needle, at + 1)
        org = _ORG_BEFORE.search(body, max(0, pos - 64), pos)
        if org is None or org.group(1).casefold() in _NOT_ORGS:
            continue
        if lower.endswith("/", 0, org.start()) and not lower.endswith(_HUB_HOSTS, 0, org.start()):
            continue  # a deeper path: a folder, another site, a data set's page
        name = _ID_NAME.match(body, pos)
        if name is None:
            continue
        written = name.group(0).rstrip(".-_")
        words = name_words(written)
        if not _fuller(words, mine) or words[-1] in _NOT_NAME_ENDS:
            continue
        if _a_sibling(written, words, mine, own_words, own_sizes):
            continue
        full = f"{org.group(1)}/{written}"
        if key(full) == own or _plays_a_role(body, org.start(), pos + len(written), full):
            continue
        found.setdefault(key(full), full)
        if len(found) > 1:
            break  # no one id
    return found


def resolved_short_names(findings: ProseFindings, body: str, model_id: str) -> ProseFindings:
    """The findings with each claimed short name replaced by the one Hub id the card writes
    for it (see the module's docstring)."""
    return replaced_short_names(
        findings, body, lambda lower, mine, claims: _hub_ids(body, lower, mine, model_id)
    )


# What a short name's words (and the claims so far) find written in the card's lower-cased
# body: the fuller names by key, one of them to stand in.
FullerNames = Callable[[str, list[str], list[ProseClaim]], dict[str, str]]


def replaced_short_names(findings: ProseFindings, body: str, find: FullerNames) -> ProseFindings:
    """The findings with each claimed name without an org (and not already the name of one
    model: a size, a legacy root id) replaced by the one fuller name ``find`` gives; claims
    that then name the same model kept once, the strongest."""
    shorts = [c for c in findings.claims if "/" not in c.parent] if findings.claims else []
    if not shorts:
        return findings  # most cards: every claim names an org
    lower = body.lower()
    if len(lower) != len(body):
        return findings  # positions must line up
    claims = list(findings.claims)
    changed = False
    for short in shorts:
        mine = name_words(short.parent)
        if not mine or _sizes(mine) or LEGACY_ROOT.fullmatch(short.parent):
            continue  # "Lark-7B", "roberta-base": names of one model already
        found = find(lower, mine, claims)
        if len(found) != 1:
            continue
        claims[claims.index(short)] = replace(short, parent=next(iter(found.values())))
        changed = True
    if not changed:
        return findings
    return replace(findings, claims=strongest_per_model(claims))


def strongest_per_model(claims: list[ProseClaim]) -> list[ProseClaim]:
    """The claims with those that name one model (by key) kept once, the strongest, in
    their order."""
    kept: list[ProseClaim] = []
    for c in sorted(claims, key=lambda c: -c.strength):
        if key(c.parent) not in {key(k.parent) for k in kept}:
            kept.append(c)
    kept.sort(key=claims.index)
    return kept

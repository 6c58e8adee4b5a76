"""Lineage told of another model of a card that describes several, for `importers.card`.

Family cards, collection cards and cards copied from a sibling tell each model's making in
turn: "Heron-13B is a fine-tune of [A](…). Heron-7B is a fine-tune of [B](…)", "- [Heron-13B]
(…) - fine-tuned from [A](…)", "We also release Heron-70B, a fine-tune of [A](…)", "Our base,
Heron-Base, was itself trained from [A](…)". A statement gives its parent to the model that
is its subject (the name before the verb, an apposition's head, a list item's or a table
row's head); the parent goes to this model only when that subject is this model (its own
name, "this model", "we") or names none. Dropped here, whatever the phrase's strength:

- a parent told of a sibling: a name of the card's family (its first word) that is not this
  model's name ("Heron-13B" on the card of "Heron-7B", "Heron-Chat" on "Heron-Code");
- a parent told of another parent the card claims ("X was originally fine-tuned from Y"
  beside "fine-tuned from [X](…)"): a grand-parent. (A subject written as a linked Hub id,
  "The [ORG/X](…) was …", is no name here: `importers.made_from.parents_own_lineage`
  judges it, beside a claim of a far source.)

A subject the card writes with this model's name inside it, the card's title, or a name of
no known relation (another family) keeps the claim. `importers.card_subjects` judges weak
sentences ("based on") the same way for any other release.

`column_bases` reads the other shape of a card about several models: a table whose header
cells each name a column's base.
"""

from __future__ import annotations

import re
from dataclasses import replace

from importers.card_names import runs_in, tokens
from importers.markdown_tables import is_rule, pipe_led, split_cells
from importers.prose import ProseClaim, ProseFindings
from importers.prose_scope import sizes
from importers.references import mentions
from lineage.core.ids import key
from lineage.core.records import EvidenceKind, SourceRecord, Unresolved

# A model's name as prose writes it: a hyphened name or one with a digit, perhaps a link's
# text or in bold.
_NAME = r"[A-Za-z][\w.]*(?:-[\w.]+)+|[A-Za-z][\w.]*\d[\w.]*"
_HEAD = (
    rf"(?:\*\*|__|`)?(?:\[({_NAME})\]\([^)\s]*\)|({_NAME}))(?:\*\*|__|`)?[ \t]*"
    r"(?:\([^)\n]{0,60}\)[ \t]*)?"
)
_VERB = (
    r"(?:(?:itself|themselves|in[ \t]+turn|originally|first|also)[ \t]+)?"
    r"(?:is|was|were|are|has[ \t]+been|had[ \t]+been)"
)
# Up to the claim's phrase, the sentence's last words: "Heron-13B is a ", "Heron-13B, our
# other model, is a ", "Heron-Base was originally ", "release Heron-70B, a ", "X, which was ".
_SUBJECT_BEFORE = re.compile(
    rf"{_HEAD}(?:,[^,.;\n]{{1,60}},[ \t]*)?,?[ \t]*{_VERB}[ \t]+(?:[a-z]+[ \t]+){{0,3}}\Z"
    rf"|{_HEAD},[ \t]*(?:an?|the|which|that)[ \t]+(?:{_VERB}[ \t]+)?(?:[a-z]+[ \t]+){{0,2}}\Z"
)
# The sentence's start: "Heron-13B is fully tuned on D and based on …" (a coordinated verb).
_SUBJECT_FIRST = re.compile(
    rf"[ \t>*_]*(?:(?:The|the)[ \t]+)?{_HEAD}(?:,[^,.;\n]{{1,60}},[ \t]*)?{_VERB}[ \t]"
)
# Words that bring this model (or another subject) into the sentence after its start.
_ANOTHER_SUBJECT = re.compile(
    r"\b(?:this|our)[ \t]+(?:model|version|checkpoint|release)\b|\b(?:we|I|it|while|whereas)\b"
)
# A list item's or a line's head: "- **Heron-13B**: ", "* [Heron-13B](…) - ", "Heron-13B — ".
_ITEM_HEAD = re.compile(rf"[ \t]*(?:[-*+][ \t]+|\d{{1,2}}[.)][ \t]+)?{_HEAD}(?::|[ \t][-–—])[ \t]")
# The end of the sentence before a claim: a full stop, a blank line, a new line.
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)|\n")
# A rule's mark at a snippet's start ("[base-column] ", "[scorer p=…]"): not read from prose.
_MARKED = re.compile(r"\[[a-z][a-z-]*[\] ]")
_TOLD_OF = "told of "
_TITLE = re.compile(r"^#[ \t]+(?P<title>[^\n]{1,80})", re.M)


def siblings_lineage(record: SourceRecord, findings: ProseFindings, body: str) -> ProseFindings:
    """The findings without claims told of another model of the card (see the module)."""
    claims = findings.claims
    if not claims:
        return findings  # most cards
    own = tokens(record.model_id)
    if not own:
        return findings
    # The words a subject of interest begins with: the card's family word, another claimed
    # parent's first word (a plain search before any regex looks at a sentence).
    needles = {own[0]} | {t[0] for c in claims if (t := tokens(c.parent))}
    titles: list[list[str]] = []
    dropped: list[tuple[ProseClaim, str]] = []
    for c in claims:
        if len(c.snippet) < 6 or _MARKED.match(c.snippet):
            continue
        subjects = _subjects(body, c.snippet, needles)
        if not subjects:
            continue
        if not titles:
            title = _TITLE.search(body, 0, 2000)
            titles = [own] + ([tokens(title["title"].strip(" *_`"))] if title else [])
        reasons = [_whose(subject, c, claims, titles) for subject in subjects]
        if all(reasons):
            dropped.append((c, str(reasons[0])))
    # A sibling of this model's size or of none ("Heron-7B-Chat" on "Heron-7B-Code") is
    # dropped only beside a claim the card makes of this model: alone, it may be this model
    # under another name (a release's marketing name, its repo renamed).
    if dropped and all(c in [d for d, _ in dropped] or _MARKED.match(c.snippet) for c in claims):
        dropped = [(c, why) for c, why in dropped if not why.endswith(_SAME_SIZE)]
    if not dropped:
        return findings
    for c, why in dropped:
        entry = Unresolved(c.parent, EvidenceKind.CARD_PROSE, why)
        if entry not in record.unresolved:
            record.unresolved.append(entry)
    gone = [c for c, _ in dropped]
    return replace(findings, claims=[c for c in claims if c not in gone])


def _subjects(body: str, snippet: str, needles: set[str]) -> list[str]:
    """The subject of each place the claim was read from; none when a place has none."""
    out: list[str] = []
    start = 0
    while (at := body.find(snippet, start)) >= 0:
        start = at + 1
        line_start = body.rfind("\n", 0, at) + 1
        near = body[max(line_start, at - 200) : at].casefold()
        subject = _subject(body, at) if any(n in near for n in needles) else None
        if subject is None:
            return []
        out.append(subject)
    return out


def _subject(body: str, at: int) -> str | None:
    """The name the sentence holding ``at`` makes its subject, as written before ``at``."""
    line_start = body.rfind("\n", 0, at) + 1
    left = max(line_start, at - 200)
    for end in _SENTENCE_END.finditer(body, left, at):
        left = end.end()
    before = body[left:at]
    m = _SUBJECT_BEFORE.search(before)
    if m is not None:
        return _head_of(m)
    m = _SUBJECT_FIRST.match(before)
    if m is not None and _ANOTHER_SUBJECT.search(before, m.end()) is None:
        return _head_of(m)
    if left != line_start and not body.startswith(("- ", "* "), line_start):
        return None
    item = _ITEM_HEAD.match(body, line_start, at)
    if item is None or body.find(". ", item.end(), at) >= 0:
        return None  # no head, or the head's sentence ended before the claim
    return _head_of(item)


def _head_of(m: re.Match[str]) -> str:
    # The first alternative's groups, or the second's (a regex names each group once).
    groups = [g for g in m.groups() if g]
    return groups[0]


def _whose(
    subject: str, claim: ProseClaim, claims: list[ProseClaim], titles: list[list[str]]
) -> str | None:
    """Why the subject is another model than this card's, or None when it may be this one."""
    mine = tokens(subject)
    if not mine or runs_in(mine, tokens(claim.parent)):
        return None
    own = titles[0]
    if runs_in(own, mine) or set(mine) - _FILLER <= set(own):
        return None  # this model, as its name writes it, perhaps with words left out
    if any(runs_in(mine, t) for t in titles[1:]):
        return None  # the card's title
    if sizes("-".join(own)) and not sizes(subject) and set(mine) - set(own) <= _SIZE_WORDS:
        return None  # this model with a size word for its size ("Heron-XS-v2", "Heron-7B-v2")
    for other in claims:
        if other is not claim and tokens(other.parent) == mine:
            return f"{_TOLD_OF}{subject}, a parent the card names: a grand-parent"
    theirs = tokens(claim.parent)
    if mine[0] == own[0] and not sizes(mine[0]) and theirs and theirs[0] != own[0]:
        # (A card named after its base's family, "Lark-7b-heron", may retell the family's
        # own releases: "Lark-7b-chat was tuned from Lark-7b" stays.)
        sized, size = sizes("-".join(own)), sizes(subject)
        other_size = bool(sized) and bool(size) and sized.isdisjoint(size)
        return f"{_TOLD_OF}{subject}, another model of the family" + (
            _OTHER_SIZE if other_size else _SAME_SIZE
        )
    return None


_OTHER_SIZE = " at another size"
_SAME_SIZE = " (a sibling)"


# Words that add nothing to a name ("Heron-7B-hf" is Heron-7B).
_FILLER = frozenset({"hf", "model", "weights", "original"})
# Size words a series may name its sizes by instead of a parameter count.
_SIZE_WORDS = frozenset(
    {"xxs", "xs", "s", "m", "l", "xl", "xxl", "nano", "micro", "tiny", "mini", "small"}
    | {"medium", "large", "huge"}
)


def told_of_others(record: SourceRecord) -> set[str]:
    """The keys of the parents `siblings_lineage` set aside: no other rule may claim them
    from the same card (the scorer would read the same link again)."""
    return {key(u.value) for u in record.unresolved if u.reason.startswith(_TOLD_OF)}


# A table's header cell naming its column's base: "**Base Model: Lark-2**".
_COLUMN_BASE = re.compile(r"[*_ \t]*base[ \t]+model[ \t]*:[ \t]*(?P<base>[^|*_]+?)[*_ \t]*", re.I)


def column_bases(record: SourceRecord, findings: ProseFindings, body: str) -> ProseFindings:
    """A "Base Model: X" read off a table header whose columns each name their base: the
    base of the column this model's row cell stands in ("| | Base Model: Lark-2 | Base
    Model: Lark-Code |" over the family's sizes), not the first column's."""
    claims = findings.claims
    if not claims or "|" not in body:
        return findings  # most cards
    for i, c in enumerate(claims):
        if not c.snippet.casefold().startswith("base model:"):
            continue
        base = _own_column_base(body, c, record.model_id)
        if base is not None and key(base) != key(c.parent):
            note = Unresolved(c.parent, EvidenceKind.CARD_PROSE, "the base of another column")
            if note not in record.unresolved:
                record.unresolved.append(note)
            kept = [*claims[:i], replace(c, parent=base), *claims[i + 1 :]]
            return replace(findings, claims=kept)
    return findings


def _own_column_base(body: str, claim: ProseClaim, model_id: str) -> str | None:
    at = body.find(claim.snippet)
    if at < 0:
        return None
    start = body.rfind("\n", 0, at) + 1
    end = body.find("\n", at)
    header = body[start : end if end >= 0 else len(body)]
    if not pipe_led(header):
        return None
    labels = [_COLUMN_BASE.fullmatch(cell) for cell in split_cells(header)]
    if sum(m is not None for m in labels) < 2:
        return None  # one base for the whole table
    lines = body[end + 1 :].split("\n", 40)
    if not lines or not is_rule(lines[0]):
        return None
    own = key(model_id)
    for line in lines[1:40]:
        if not pipe_led(line):
            break
        for j, cell in enumerate(split_cells(line)):
            if j < len(labels) and any(key(m.model_id) == own for m in mentions(cell)):
                label = labels[j]
                return label["base"].strip() if label is not None else None
    return None

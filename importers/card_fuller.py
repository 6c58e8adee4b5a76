"""A parent claimed by a family's name, spelled as the one fuller name the card writes for it.

"built on Lark-2" on a card that says elsewhere "the data used to tune the lark-2-7b-hf
model"; "a fine-tuned BERT model" on a card that says "this is a *bert-large-cased* model":
the claim names the family, and the card names its member in words with no org. The claim
takes the fuller spelling (as written) when the card writes exactly one such name that
names one model — a Hub legacy root id (`bert-large-cased`) or a name with a size
(`lark-2-7b-hf`) — in a mention that plays no other role. The same tests as
`importers.card_resolve` (which takes `ORG/NAME` ids first) keep out a release after the
name, the card's own name, its line and siblings at another size, a conversion, data sets,
tables of scores and clauses that compare, judge, tokenize or cite.
"""

from __future__ import annotations

import re

from importers.card_resolve import (
    _ID_NAME,
    _NOT_NAME_ENDS,
    _a_sibling,
    _fuller,
    _plays_a_role,
    _sizes,
    replaced_short_names,
)
from importers.prose import ProseClaim, ProseFindings
from importers.prose_names import LEGACY_ROOT, name_words
from lineage.core.ids import key

# A character before a name that makes it part of a longer token (a path, an id, a word).
_GLUED = re.compile(r"[\w/.@#-]")
# A training verb right before the name: "to fine-tune the X model", "trained from X".
_TUNED_BEFORE = re.compile(
    r"(?:fine[- ]?tun\w*|tun(?:e|ed|ing)|train(?:ed|ing)?|built|based)"
    r"(?:[ \t]+(?:on|from|of|upon))?(?:[ \t]+(?:the|a|an))?[ \t*_`]*\Z",
    re.I,
)
# Sizes spoken as words; a name with another one than the card's own is a sibling's base.
_SIZE_WORDS = frozenset({"tiny", "mini", "small", "base", "medium", "large", "xl", "xxl", "huge"})


def _other_size_word(words: list[str], own_words: list[str]) -> bool:
    """Whether ``words`` hold a size word and the card's own name another one, none shared."""
    theirs = _SIZE_WORDS.intersection(words)
    mine = _SIZE_WORDS.intersection(own_words)
    return bool(theirs) and bool(mine) and not theirs & mine


# What may follow a sized name that a training verb takes as its object: the end of the
# clause or a word for weights ("to fine-tune the X model"), not "X style prompts".
_OBJECT_END = re.compile(
    r"[`*_]*(?:[ \t]+(?:model|checkpoint|weights|base)\b|[ \t]*(?:[.,;:)]|\n|\Z))", re.I
)


def _written(
    body: str, lower: str, mine: list[str], model_id: str, claimed: set[str]
) -> dict[str, str]:
    """The names without an org the card writes that are fuller forms of ``mine`` and name
    one model (a legacy root anywhere; a sized name right after a training verb), by their
    keys; none that another claim names already (another stage)."""
    own_words = name_words(model_id.rsplit("/", 1)[-1])
    own_sizes = _sizes(own_words)
    found: dict[str, str] = {}
    at = lower.find(mine[0])
    while at >= 0:
        pos, at = at, lower.find(mine[0], at + 1)
        if pos and _GLUED.match(body, pos - 1):
            continue  # inside an id, a path or a longer word
        name = _ID_NAME.match(body, pos)
        if name is None:
            continue
        written = name.group(0).rstrip(".-_+")
        if body.startswith("/", pos + len(written)):
            continue  # an org's name before its repo
        words = name_words(written)
        if not _fuller(words, mine) or words[-1] in _NOT_NAME_ENDS:
            continue
        sizes = _sizes(words)
        if LEGACY_ROOT.fullmatch(written) is None and (
            not sizes
            or not _TUNED_BEFORE.search(body, max(0, pos - 40), pos)
            or not _OBJECT_END.match(body, pos + len(written))
        ):
            continue  # "lark-2-hf": still no one model; a sized name in a table, a comparison
        if key(written) in claimed:
            continue  # a stage another claim names ("initialized from X, merged with X-7B")
        if _a_sibling(written, words, mine, own_words, own_sizes, size_apart=True):
            continue
        if _other_size_word(words, own_words):
            continue  # "bert-large-cased" in the family table of "bert-base-NER": a sibling's
        if _plays_a_role(body, pos, pos + len(written), written, _TUNED_BEFORE):
            continue
        found.setdefault(key(written), written)
        if len(found) > 1:
            break  # no one name
    return found


def fuller_written_names(findings: ProseFindings, body: str, model_id: str) -> ProseFindings:
    """The findings with each family name claimed without an org or a size replaced by the
    one fuller name without an org the card writes for it (see the module's docstring)."""

    def written(lower: str, mine: list[str], claims: list[ProseClaim]) -> dict[str, str]:
        claimed = {key(c.parent.rsplit("/", 1)[-1]) for c in claims}
        return _written(body, lower, mine, model_id, claimed)

    return replaced_short_names(findings, body, written)

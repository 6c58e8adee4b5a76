"""Merge inputs listed as the rows of a table that a merge sentence points to.

Some cards say "Merged with the models below." and then show a table of scores, one row
per input, the first cell the input's Hub id::

    Merged with below models.

    | Model           | Average | ARC  |
    |-----------------|---------|------|
    | finch/robin-7b  | 61.5    | 66.2 |
    | finch/lark-7b   | 59.3    | 62.1 |
    | Wren-7b (merge) | 64.7    | 63.5 |

The rows whose first cell is a Hub id (not the card's own) are the inputs. Pure: text in,
claims out.
"""

from __future__ import annotations

import re

from importers.markdown_tables import first_table_after
from importers.prose import ProseClaim, Strength
from importers.references import mentions
from lineage.core.ids import key
from lineage.core.records import Relation

# "Merged with below DARE models.", "merging the following models:", "the models below were
# merged": a merge sentence that points at what comes next.
_POINTER = re.compile(
    r"^[^\n|]*\bmerg(?:e|ed|ing)\b[^\n|]{0,80}?"
    r"(?:\b(?:below|following)[ \t]+(?:[\w-]+[ \t]+){0,2}?models?\b|\bmodels?[ \t]+"
    r"(?:listed[ \t]+)?below\b)[^\n|]*$|"
    r"^[^\n|]*(?:\b(?:below|following)[ \t]+(?:[\w-]+[ \t]+){0,2}?models?|\bmodels?[ \t]+"
    r"(?:listed[ \t]+)?below)[ \t]+(?:were|are|was)[ \t]+merged\b[^\n|]*$",
    re.I | re.M,
)
_PLAIN_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*")
_MARKUP = re.compile(r"[*_`]")
_LOOK_AHEAD = 12  # lines between the sentence and its table (settings, a blank line)
_SNIPPET = 200


def table_input_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Merge inputs from the first column of the table a merge sentence points to."""
    if "|" not in body or ("below" not in body and "following" not in body):
        return []
    own = key(model_id)
    for m in _POINTER.finditer(body):
        table = first_table_after(body, m.end())  # the first pipe-led line after the sentence
        if table is None or table.rule is None:
            continue  # no table, or its header without a rule row under it
        if body.count("\n", m.end(), table.header.start) > _LOOK_AHEAD + 1:
            continue  # too far below the sentence
        between = body[m.end() + 1 : table.header.start].split("\n")
        if any(line.lstrip().startswith("#") for line in between):
            continue  # a new section before the table: not the list the sentence means
        found: dict[str, ProseClaim] = {}
        for row in table.rows:
            cell = row.cells()[0].strip()
            _add_input(found, own, _cell_id(cell), f"{m.group(0).strip()} … {cell}")
        if len(found) >= 2:
            return list(found.values())
    return []


def _add_input(found: dict[str, ProseClaim], own: str, parent: str | None, said: str) -> None:
    """Add ``parent`` to ``found`` as a merge input (once; never the card's own id)."""
    if parent is not None and key(parent) != own and key(parent) not in found:
        snippet = " ".join(said.split())[:_SNIPPET]
        found[key(parent)] = ProseClaim(parent, Relation.MERGE, Strength.STRONG, snippet)


def _one_model(text: str) -> str | None:
    """The one model ``text`` references outside code, or None (none, or several)."""
    ids = {key(r.model_id): r.model_id for r in mentions(text) if not r.in_code}
    return next(iter(ids.values())) if len(ids) == 1 else None


def _cell_id(cell: str) -> str | None:
    """The Hub id a table cell holds: written plainly, or as a link."""
    plain = _MARKUP.sub("", cell).strip()
    if _PLAIN_ID.fullmatch(plain):
        return plain
    refs = [r for r in mentions(cell) if not r.in_code]
    return refs[0].model_id if len(refs) == 1 else None


# "Recipe:" (or "## Recipe") on a line of its own, the list right under it.
_RECIPE_HEAD = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?(?:merge[ \t]+)?recipe(?:\*\*)?[ \t]*:?[ \t]*(?:\*\*)?[ \t]*$",
    re.I | re.M,
)
_BULLET = re.compile(r"[ \t]*(?:[*+-]|\d+\.)[ \t]+(?P<item>\S[^\n]*)")
# What an item says of its model's part in a merge: the base, a merge method, a weight.
_ROLE = re.compile(
    r"\bbase\b|slerp|\bties\b|\bdare\b|\blinear\b|task[ \t_-]?arithmetic|passthrough|"
    r"\bx[ \t]*\d*\.?\d+\b|\b\d+(?:\.\d+)?[ \t]*%|\bweight|\bmerg|\blora\b|\bblend",
    re.I,
)


def recipe_bullet_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Merge inputs from a "Recipe:" list whose items link a model beside its part
    ("[X](…) base", "a SLERP of [Y](…)", "[Z](…) x 0.5"): two such items at least."""
    if "ecipe" not in body:
        return []
    own = key(model_id)
    for head in _RECIPE_HEAD.finditer(body):
        found: dict[str, ProseClaim] = {}
        for line in body[head.end() :].lstrip("\n").split("\n"):
            item = _BULLET.fullmatch(line)
            if item is None:
                break
            text = item["item"]
            parent = _one_model(text)
            if parent is not None and _ROLE.search(_LINKS.sub(" ", text)):
                _add_input(found, own, parent, f"{head.group(0).strip()} … {text}")
        if len(found) >= 2:
            return list(found.values())
    return []


_LINKS = re.compile(r"\[[^\]\n]*\]\([^)\s]*\)|https?://\S+")
# "I then merged [X](…) into the blend", "we also merged in [X](…)": one more input, linked.
_MERGED_IN = re.compile(
    r"\b(?:I|we)[ \t]+(?:(?:then|also|later|additionally|finally|next)[ \t]+)?merged[ \t]+"
    r"(?:in[ \t]+)?(?P<ref>\[[^\]\n]{1,200}\]\((?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/"
    r"[^)\s]+\))(?![ \t]+(?:with|and)\b)"
)


def merged_in_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Merge inputs the author says they merged in, in the first person: "I then merged
    [X](…) into the resultant blend", "Additionally, I merged in [X](…)"."""
    if "erged" not in body:
        return []
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    for m in _MERGED_IN.finditer(body):
        _add_input(found, own, _one_model(m["ref"]), m.group(0))
    return list(found.values())

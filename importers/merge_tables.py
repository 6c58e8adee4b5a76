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
_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*")
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
        lines = body[m.end() :].split("\n")[1 : _LOOK_AHEAD + 3]
        start = next(
            (i for i, line in enumerate(lines[:-1]) if line.lstrip().startswith("|")), None
        )
        if start is None or not _RULE.fullmatch(lines[start + 1]):
            continue
        if any(line.lstrip().startswith("#") for line in lines[:start]):
            continue  # a new section before the table: not the list the sentence means
        found: dict[str, ProseClaim] = {}
        for row in body[m.end() :].split("\n")[start + 3 :]:
            if not row.lstrip().startswith("|"):
                break
            cell = row.strip().strip("|").split("|", 1)[0].strip()
            parent = _cell_id(cell)
            if parent is None or key(parent) == own or key(parent) in found:
                continue
            snippet = " ".join(f"{m.group(0).strip()} … {cell}".split())[:_SNIPPET]
            found[key(parent)] = ProseClaim(parent, Relation.MERGE, Strength.STRONG, snippet)
        if len(found) >= 2:
            return list(found.values())
    return []


def _cell_id(cell: str) -> str | None:
    """The Hub id a table cell holds: written plainly, or as a link."""
    plain = _MARKUP.sub("", cell).strip()
    if _PLAIN_ID.fullmatch(plain):
        return plain
    refs = [r for r in mentions(cell) if not r.in_code]
    return refs[0].model_id if len(refs) == 1 else None

"""A merge recipe table with one column per release: this card's column lists its inputs.

A family of merged checkpoints often publishes one table for all its releases (HTML or
markdown): a row per ingredient, a column per release, each cell the ingredient's share::

    | Models      | Lark v1 (Photo) | Lark x2 (Anime) |
    | alpha v1    | 60%             |                 |
    | beta-mix    | 40%             | 25%             |

The column whose header names the card's own model (its words, version included, open the
card's name) gives the inputs: each row with a share in it. Names are kept as written.
Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.markdown_tables import tables as markdown_tables
from importers.merge_lists import WEIGHT_LIST
from importers.prose_claims import ProseClaim
from importers.prose_names import name_words
from importers.prose_phrases import Strength
from lineage.core.records import Relation

_SNIPPET = 200
_TABLE = re.compile(r"<table\b[^>]*>(?P<body>.*?)</table>", re.I | re.S)
_ROW = re.compile(r"<tr\b[^>]*>(?P<cells>.*?)</tr>", re.I | re.S)
_CELL = re.compile(r"<t[hd]\b[^>]*>(?P<text>.*?)</t[hd]>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_SHARE = re.compile(r"\d{1,3}(?:\.\d+)?[ \t]*%")
# A header's note in brackets ("(Anime)") is no part of the release's name.
_NOTE = re.compile(r"\([^()]*\)")


def column_recipe_claims(body: str, model_id: str) -> list[ProseClaim]:
    """Merge inputs read from the card's own column of a per-release share table."""
    if "%" not in body:
        return []
    own = name_words(model_id.rsplit("/", 1)[-1])
    for rows in _tables(body):
        found = _own_column_inputs(rows, own)
        if found:
            snippet = f"{WEIGHT_LIST} {found[0]}: " + ", ".join(found[1])
            return [
                ProseClaim(name, Relation.MERGE, Strength.STRONG, snippet[:_SNIPPET])
                for name in found[1]
            ]
    return []


def _tables(body: str) -> list[list[list[str]]]:
    """Every table of the card as rows of plain cell texts (HTML first, then markdown)."""
    tables: list[list[list[str]]] = []
    if "<t" in body:
        for html in _TABLE.finditer(body):
            rows = [
                [" ".join(_TAG.sub(" ", c["text"]).split()) for c in _CELL.finditer(r["cells"])]
                for r in _ROW.finditer(html["body"])
            ]
            tables.append([r for r in rows if r])
    for table in markdown_tables(body):
        block = [
            cells
            for cells in ([c.strip(" *`") for c in line.cells()] for line in table.lines)
            if not all(set(c) <= set(":- ") for c in cells)  # a rule row, or a row left empty
        ]
        if block:
            tables.append(block)
    return tables


def _own_column_inputs(rows: list[list[str]], own: list[str]) -> tuple[str, list[str]] | None:
    """(header, input names) of the one column that names the card's own release."""
    if len(rows) < 3:
        return None
    header = rows[0]
    columns = [j for j, cell in enumerate(header) if j > 0 and _names_release(cell, own)]
    if len(columns) != 1 or len(header) < 3:
        return None  # no column, or several: a table of something else
    column = columns[0]
    cells = [
        (row[0], row[column].strip())
        for row in rows[1:]
        if column < len(row) and row[0] and _SHARE.fullmatch(row[column].strip())
    ]
    total = sum(float(share.rstrip("% \t")) for _, share in cells)
    if len(cells) < 2 or abs(total - 100) > 2:
        return None  # shares of a whole add up to it (scores in a results table do not)
    return header[column], [name for name, _ in cells]


def _names_release(cell: str, own: list[str]) -> bool:
    """Whether a header cell names the card's release: its words (a version among them)
    open the card's own name ("Lark v1.2 (Photo)" for "Lark_v1.2_Official")."""
    words = name_words(_NOTE.sub(" ", cell))
    return (
        len(words) >= 2
        and any(any(ch.isdigit() for ch in w) for w in words)
        and own[: len(words)] == words
    )

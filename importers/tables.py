"""A markdown table with a "Base model" column, read on the row that names this model.

Model families publish one table for all their sizes::

    | Model       | Base model                     | Context |
    |-------------|--------------------------------|---------|
    | [Owl-7B](…) | [Finch-7B](https://hf.co/b/f)  | 8k      |

The row whose cells name the card's own model (a Hub link to it, or its name
as the whole cell) gives the base in that column; other rows are siblings'
bases and are ignored. Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.known_models import known_id
from importers.markdown_tables import pipe_led, split_cells
from importers.prose import ProseClaim, Strength
from importers.prose_names import _FAMILIES
from importers.references import mentions
from lineage.core.ids import key

_MARKUP = re.compile(r"[*_`]")
_LINK_TEXT = re.compile(r"^\[([^\]]*)\]\([^)]*\)$")
_BASE_HEADERS = frozenset(
    {"base model", "base models", "base", "base_model", "foundation model", "backbone"}
    | {"fine-tuned from", "finetuned from", "fine tuned from"}
)
_SNIPPET = 200


def base_column_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The base in a "Base model" column, on the row of the card's own model."""
    if "|" not in body or (
        "ase model" not in body
        and "ase Model" not in body
        and "Backbone" not in body
        and "| Base " not in body
        and "uned from |" not in body
        and "uned From |" not in body
    ):
        return []
    own = key(model_id)
    own_name = model_id.rsplit("/", 1)[-1].casefold()
    lines = body.split("\n")
    for i, line in enumerate(lines[:-1]):
        if "|" not in line or ("ase" not in line and "ackbone" not in line and "uned" not in line):
            continue
        header = _cells(line)
        column = next((j for j, c in enumerate(header) if _plain(c) in _BASE_HEADERS), None)
        if column is None or not set(lines[i + 1].strip()) <= set("|:- "):
            continue
        for row_line in lines[i + 2 :]:
            if not pipe_led(row_line):
                break
            row = _cells(row_line)
            if column < len(row) and _names_own(row, own, own_name):
                if _under_a_variant(header, row, own, own_name):
                    # "| | Base Model | Python | Instruct |": the family's releases side by
                    # side, one size a row; the base column holds a sibling release.
                    return []
                claim = _claim(row[column], own, f"{line.strip()} … {row_line.strip()}")
                return [claim] if claim else []
    return []


def _cells(line: str) -> list[str]:
    return [c.strip() for c in split_cells(line)]


def _plain(cell: str) -> str:
    text = _MARKUP.sub("", cell).strip()
    link = _LINK_TEXT.match(text)
    return (link.group(1) if link else text).strip().casefold()


# Column headers that name a kind of release of a family ("Python", "Instruct", "Chat
# Model"): a table of such columns lists siblings, not a model beside its base.
_VARIANT_WORDS = frozenset(
    {"python", "instruct", "instruction", "chat", "code", "coder", "math", "sft", "dpo", "rlhf"}
)
_VARIANT_FILLER = frozenset({"model", "models", "version", "variant", "tuned", "4bits", "8bits"})


def _under_a_variant(header: list[str], row: list[str], own: str, own_name: str) -> bool:
    """Whether the row names the card's own model under a column named for a release kind."""
    for j, cell in enumerate(row):
        if j < len(header) and _names_own([cell], own, own_name):
            words = set(_plain(header[j]).replace("-", " ").split()) - _VARIANT_FILLER
            return bool(words) and words <= _VARIANT_WORDS | {"quantized"}
    return False


def _names_own(row: list[str], own: str, own_name: str) -> bool:
    for cell in row:
        if _plain(cell) in (own, own_name) or any(key(m.model_id) == own for m in mentions(cell)):
            return True
    return False


def _claim(cell: str, own: str, line: str) -> ProseClaim | None:
    found = [m.model_id for m in mentions(cell) if key(m.model_id) != own]
    parent = found[0] if found else known_id(_plain(cell))
    if parent is None:
        parent = _sized_family(_MARKUP.sub("", cell).strip())
    if parent is None:
        return None
    snippet = "[base-column] " + " ".join(line.split())
    return ProseClaim(parent, None, Strength.LABEL, snippet[:_SNIPPET])


# "Llama2 7b", "Mistral 7B": a family's name and a size, the cell's whole text.
_FAMILY_SIZE = re.compile(r"(?P<family>[A-Za-z]+)[\d.]*[ \t-]*\d+(?:\.\d+)?[bBmM]")


def _sized_family(text: str) -> str | None:
    """The cell's text, kept as written, when it is a known family's name with a size."""
    m = _FAMILY_SIZE.fullmatch(text)
    return text if m is not None and m["family"].casefold() in _FAMILIES else None

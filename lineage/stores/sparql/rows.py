"""Reading the remote server's answers: batches of IRIs, optional values, claims by pair."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from lineage.core import vocab as v
from lineage.core.graph import Evidence


def chunks(items: Sequence[str] | Iterable[str], size: int) -> Iterator[list[str]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def text(term: Any) -> str | None:
    """A term's value, or None for an unbound one."""
    return None if term is None else str(term.value)


def claims(rows: Any, child_var: str, parent: str | None) -> dict[tuple[str, str], list[Evidence]]:
    """The claims of a `queries.parents` or `queries.children` answer, by (child, parent) IRI."""
    grouped: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for row in rows:
        g = str(row["g"].value)
        p = parent if parent is not None else str(row["p"].value)
        grouped[(str(row[child_var].value), p)].append(
            Evidence(
                kind=str(row["kind"].value),
                source=text(row["name"]) or v.source_name_from_iri(g),
                relation=str(row["rel"].value),
                confidence=float(row["conf"].value),
                inferred=text(row["inf"]) == "true",
                value=text(row["val"]),
                location=text(row["loc"]),
            )
        )
    return grouped


__all__ = ["chunks", "claims", "text"]

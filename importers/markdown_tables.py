"""The markdown tables of a card body, found once: a run of lines that open with a pipe.

Card readers look at tables in several ways (a column of bases, a recipe's shares, the
inputs listed under a merge sentence, the rows around a link). They share what a table is::

    | Model    | Base model |     <- header: the run's first line
    |----------|------------|     <- rule: dashes (colons) between pipes
    | Owl-7B   | Finch-7B   |     <- rows: the pipe-led lines that follow

A line belongs to a table when its text, white space left out, starts with ``|``; a table is
a maximal run of such lines. The rule row may leave out its outer pipes (``---|---``): when it
stands right under a one-line run, the run is the header and the next run, if it starts on
the line after the rule, gives the rows (it is also a table of its own, for readers that
walk runs). Cells are split at every pipe, the way every reader always split them: a pipe
inside a code span, or written ``\\|``, ends a cell too. Pure: text in, tables out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

# A rule row: two dashes at least a column, colons for alignment, outer pipes optional.
RULE = re.compile(r"[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*")


@dataclass(frozen=True, slots=True)
class TableLine:
    """One line of a table: where it stands in the body and its text as written."""

    start: int  # offset of the line's first character
    end: int  # offset just past its last character (its "\n", or the body's end)
    text: str

    def cells(self) -> list[str]:
        """The line's cells, unstripped (see `split_cells`)."""
        return split_cells(self.text)


@dataclass(frozen=True, slots=True)
class Table:
    """A run of pipe-led lines, read as header, rule and rows."""

    lines: tuple[TableLine, ...]  # the run, every line as written
    rule: TableLine | None  # the rule row under the header, when there is one
    rows: tuple[TableLine, ...]  # the pipe-led lines after the rule (or the header)
    above: str  # the line just above the run ("" at the top of the body)
    start: int  # offset of the run's first line
    end: int  # offset just past the run's last line and its "\n"

    @property
    def header(self) -> TableLine:
        """The run's first line."""
        return self.lines[0]


def split_cells(line: str) -> list[str]:
    """A table line's cells, unstripped: the outer pipes dropped, split at every pipe.

    ``"| a | `x|y` |"`` gives ``[" a ", " `x", "y` "]``: no pipe is kept in a cell.
    """
    return line.strip().strip("|").split("|")


def is_rule(line: str) -> bool:
    """Whether a line is a table's rule row (``|---|:--:|``, ``--- | ---``)."""
    return RULE.fullmatch(line) is not None


def pipe_led(text: str) -> bool:
    """Whether ``text``, white space left out, starts with a pipe (a table's line)."""
    return text.lstrip().startswith("|")


def tables(body: str) -> tuple[Table, ...]:
    """Every table of ``body``, in order (cached: several readers ask for the same body)."""
    return _index(body)[0]


@lru_cache(maxsize=8)
def _index(body: str) -> tuple[tuple[Table, ...], tuple[int, ...]]:
    """The tables of ``body`` and their start offsets (for bisecting)."""
    if "|" not in body:
        return (), ()
    runs: list[list[TableLine]] = []
    pipe = body.find("|")
    while pipe >= 0:
        # (Found pipe by pipe: a search for line starts would step over every character.)
        start = body.rfind("\n", 0, pipe) + 1
        end = body.find("\n", pipe)
        end = end if end >= 0 else len(body)
        if start == pipe or body[start:pipe].isspace():
            line = TableLine(start, end, body[start:end])
            if runs and runs[-1][-1].end + 1 == start:
                runs[-1].append(line)
            else:
                runs.append([line])
        pipe = body.find("|", end)
    found: list[Table] = []
    for i, run in enumerate(runs):
        first, last = run[0], run[-1]
        rule, rows = _rule_and_rows(body, run, runs[i + 1] if i + 1 < len(runs) else None)
        above = (
            body[body.rfind("\n", 0, first.start - 1) + 1 : first.start - 1] if first.start else ""
        )
        end = min(last.end + 1, len(body))
        found.append(Table(tuple(run), rule, rows, above, first.start, end))
    return tuple(found), tuple(t.start for t in found)


def _rule_and_rows(
    body: str, run: list[TableLine], following: list[TableLine] | None
) -> tuple[TableLine | None, tuple[TableLine, ...]]:
    if len(run) > 1:
        return (run[1], tuple(run[2:])) if is_rule(run[1].text) else (None, tuple(run[1:]))
    header = run[0]
    if header.end >= len(body):
        return None, ()
    stop = body.find("\n", header.end + 1)
    stop = stop if stop >= 0 else len(body)
    below = TableLine(header.end + 1, stop, body[header.end + 1 : stop])
    if not is_rule(below.text):
        return None, ()
    # "| a | b |" over "---|---": the rule lacks its pipes, the rows are the next run.
    if following is not None and following[0].start == below.end + 1:
        return below, tuple(following)
    return below, ()


def table_at(body: str, offset: int) -> Table | None:
    """The table whose run holds the line at ``offset``, or None."""
    found, starts = _index(body)
    i = bisect_right(starts, offset) - 1
    return found[i] if i >= 0 and offset < found[i].end else None


def first_table_after(body: str, offset: int) -> Table | None:
    """The first table whose header starts after ``offset``, or None."""
    found, starts = _index(body)
    i = bisect_right(starts, offset)
    return found[i] if i < len(found) else None

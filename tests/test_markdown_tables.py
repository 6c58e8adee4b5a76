"""The shared markdown-table reader: runs of pipe-led lines, header, rule, rows, cells."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from importers.markdown_tables import (
    first_table_after,
    is_rule,
    pipe_led,
    split_cells,
    table_at,
    tables,
)
from importers.merge_lists import _THIS_MODEL_CELL, _family_table
from importers.merge_tables import (
    _LOOK_AHEAD,
    _POINTER,
    _add_input,
    _cell_id,
    table_input_claims,
)
from importers.prose import ProseClaim
from lineage.core.ids import key

BODY = (
    "Our releases:\n"
    "| Name | Parent |\n"
    "|:-----|-------:|\n"
    "| Wren-3B | [Gull-3B](https://hf.co/sea/gull-3b) |\n"
    "  | Wren-9B | Gull-9B |\n"
    "\n"
    "More text.\n"
)


def test_a_table_gives_header_rule_rows_and_the_line_above() -> None:
    (table,) = tables(BODY)
    assert table.header.text == "| Name | Parent |"
    assert table.rule is not None and table.rule.text == "|:-----|-------:|"
    assert [r.text.strip() for r in table.rows] == [
        "| Wren-3B | [Gull-3B](https://hf.co/sea/gull-3b) |",
        "| Wren-9B | Gull-9B |",
    ]
    assert table.above == "Our releases:"


def test_each_line_knows_where_it_stands_in_the_body() -> None:
    (table,) = tables(BODY)
    for line in table.lines:
        assert BODY[line.start : line.end] == line.text
        assert BODY[line.end] == "\n"
    assert table.start == BODY.index("| Name")
    assert BODY[table.start : table.end].endswith("Gull-9B |\n")
    assert BODY[table.end :] == "\nMore text.\n"


def test_cells_are_split_at_every_pipe_and_left_unstripped() -> None:
    assert split_cells("  | a |b|  ") == [" a ", "b"]
    assert [c.strip() for c in tables(BODY)[0].rows[1].cells()] == ["Wren-9B", "Gull-9B"]


def test_a_pipe_inside_a_code_span_ends_the_cell() -> None:
    # The readers always split there; GFM would too unless the pipe is escaped.
    assert [c.strip() for c in split_cells("| `a|b` | c |")] == ["`a", "b`", "c"]


def test_an_escaped_pipe_ends_the_cell_and_its_backslash_stays() -> None:
    assert [c.strip() for c in split_cells(r"| x \| y | z |")] == ["x \\", "y", "z"]


def test_a_header_only_table_has_no_rule_and_no_rows() -> None:
    (table,) = tables("Intro\n| Only | Header |\nafter\n")
    assert table.header.text == "| Only | Header |"
    assert table.rule is None and table.rows == ()
    (table,) = tables("| Head | Er |\n|---|---|\n")
    assert table.rule is not None and table.rows == ()


def test_a_table_at_the_very_top_or_bottom_of_the_body() -> None:
    (table,) = tables("| a | b |\n|--|--|\n| c | d |")
    assert table.above == ""
    assert table.end == len("| a | b |\n|--|--|\n| c | d |")
    assert [c.strip() for c in table.rows[0].cells()] == ["c", "d"]


def test_a_table_without_a_leading_pipe_is_no_table() -> None:
    # Lines that do not open with a pipe are prose to every reader but the base column's.
    assert tables("Name | Parent\n--- | ---\nWren | Gull\n") == ()


def test_a_rule_without_outer_pipes_carries_the_header_to_the_next_run() -> None:
    body = "| Name | Parent |\n--- | ---\n| Wren | Gull |\n| Lark | Tern |\n"
    header, rows = tables(body)
    assert header.rule is not None and header.rule.text == "--- | ---"
    assert [r.text for r in header.rows] == ["| Wren | Gull |", "| Lark | Tern |"]
    # The rows' run is also a table of its own (readers that walk runs see it).
    assert rows.header.text == "| Wren | Gull |" and rows.above == "--- | ---"
    assert tables("| Name | Parent |\n--- | ---\n\n| Wren | Gull |\n")[0].rows == ()


def test_a_second_line_that_is_no_rule_is_a_row() -> None:
    (table,) = tables("| a | b |\n| c | d |\n")
    assert table.rule is None and [r.text for r in table.rows] == ["| c | d |"]


def test_rule_rows() -> None:
    assert is_rule("|---|:--:|") and is_rule(" --- | --- ") and is_rule("--")
    assert not is_rule("| - | - |") and not is_rule("| a |") and not is_rule("")


def test_pipe_led_lines() -> None:
    assert pipe_led(" \t| a") and not pipe_led("a | b") and not pipe_led("")


def test_the_table_at_an_offset_and_the_first_after_one() -> None:
    body = "x\n| a |\n| b |\ny\n| c |\n"
    first, second = tables(body)
    assert table_at(body, body.index("| b")) == first
    assert table_at(body, body.index("y")) is None
    assert table_at(body, body.index("| c")) == second
    assert first_table_after(body, 0) == first
    assert first_table_after(body, body.index("y")) == second
    assert first_table_after(body, body.index("| c")) is None


def test_a_body_without_pipes_has_no_tables() -> None:
    assert tables("plain text\n---\n") == ()
    assert table_at("plain", 0) is None and first_table_after("plain", 0) is None


# The line walks the readers used before the shared reader: the runs they saw must not move.
def _old_recipe_blocks(body: str) -> list[list[str]]:
    tables_: list[list[list[str]]] = []
    lines = [line.strip() for line in body.split("\n")]
    block: list[list[str]] = []
    for line in [*lines, ""]:
        if line.startswith("|"):
            cells = [c.strip(" *`") for c in line.strip("|").split("|")]
            if not all(set(c) <= set(":- ") for c in cells):
                block.append(cells)
        elif block:
            tables_.append(block)
            block = []
    return [row for table in tables_ for row in table]


def _old_family_table(body: str, line_start: int) -> bool:
    start = line_start
    while start > 0:
        prev = body.rfind("\n", 0, start - 1) + 1
        if not body[prev:start].lstrip().startswith("|"):
            break
        start = prev
    end = line_start
    while end < len(body):
        nxt = body.find("\n", end)
        if nxt < 0:
            end = len(body)
            break
        if not body[end:nxt].lstrip().startswith("|"):
            break
        end = nxt + 1
    return bool(_THIS_MODEL_CELL.search(body, start, end))


_BODIES = st.lists(
    st.sampled_from(
        [
            "|",
            "-",
            ":",
            " ",
            "\t",
            "\u2003",
            "\n",
            "\n",
            "a",
            "`",
            "\\",
            "#",
            "*",
            "\r",
            "| this model",
        ]
    ),
    max_size=60,
).map("".join)


@given(_BODIES)
@settings(max_examples=600, deadline=None)
def test_the_runs_are_the_lines_the_old_walks_saw(body: str) -> None:
    new = [
        cells
        for table in tables(body)
        for cells in ([c.strip(" *`") for c in line.cells()] for line in table.lines)
        if not all(set(c) <= set(":- ") for c in cells)
    ]
    assert new == _old_recipe_blocks(body)
    for m in re.finditer(r"^[^\n]*", body, re.M):
        if m.group(0).lstrip().startswith("|"):
            assert table_at(body, m.start()) is not None
            assert _family_table(body, m.start()) == _old_family_table(body, m.start())


def test_a_last_line_without_a_line_break_is_read_with_the_table_above_it() -> None:
    # (The family-table check always did: a quirk kept so that no card reads differently.)
    body = "| [a](https://hf.co/o/a) |\nour pick | this model"
    assert _family_table(body, 0)
    assert not _family_table(body + "\n", 0)


# The merge-table reader as it walked lines before it read the shared tables.
def _old_table_inputs(body: str, model_id: str) -> list[tuple[str, str]]:
    if "|" not in body or ("below" not in body and "following" not in body):
        return []
    rule = re.compile(r"[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*")
    own = key(model_id)
    for m in _POINTER.finditer(body):
        rest = body[m.end() :].split("\n")
        lines = rest[1 : _LOOK_AHEAD + 3]
        start = next(
            (i for i, line in enumerate(lines[:-1]) if line.lstrip().startswith("|")), None
        )
        if start is None or not rule.fullmatch(lines[start + 1]):
            continue
        if any(line.lstrip().startswith("#") for line in lines[:start]):
            continue
        found: dict[str, ProseClaim] = {}
        for row in rest[start + 3 :]:
            if not row.lstrip().startswith("|"):
                break
            cell = row.strip().strip("|").split("|", 1)[0].strip()
            _add_input(found, own, _cell_id(cell), f"{m.group(0).strip()} … {cell}")
        if len(found) >= 2:
            return [(c.parent, c.snippet) for c in found.values()]
    return []


_MERGE_PIECES = st.lists(
    st.sampled_from(
        [
            "We merged the models below.",
            "The following models were merged:",
            "| Model | Avg |",
            "| finch/robin-7b | 61.5 |",
            "|  finch/lark-7b | 59 |",
            "| `finch/tern-7b` \\| x | 1 |",
            "| [Wren](https://hf.co/finch/wren-7b) | 2 |",
            "| own/card | 3 |",
            "|---|---|",
            "--- | ---",
            "| - | - |",
            "## Scores",
            "",
            "",
            "text",
        ]
    ),
    max_size=30,
).map("\n".join)


@given(_MERGE_PIECES, st.booleans())
@settings(max_examples=400, deadline=None)
def test_the_merge_table_reader_reads_what_its_line_walk_read(body: str, tail: bool) -> None:
    body += "\n" if tail else ""
    new = [(c.parent, c.snippet) for c in table_input_claims(body, "own/card")]
    assert new == _old_table_inputs(body, "own/card")


def test_a_merge_table_whose_rule_lacks_outer_pipes_gives_its_rows() -> None:
    body = "Merged with the models below.\n\n| Model | Avg |\n--- | ---\n| a/b-1 | 1 |\n| c/d-2 | 2 |\n"
    assert [c.parent for c in table_input_claims(body, "o/x")] == ["a/b-1", "c/d-2"]


def test_a_merge_table_too_far_below_its_sentence_is_not_read() -> None:
    rows = "| Model | Avg |\n|--|--|\n| a/b-1 | 1 |\n| c/d-2 | 2 |\n"
    near = "Merged with the models below.\n" + "\n" * _LOOK_AHEAD + rows
    assert len(table_input_claims(near, "o/x")) == 2
    assert table_input_claims(near.replace("\n", "\n\n", 1), "o/x") == []

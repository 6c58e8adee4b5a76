"""Quick paths of the conversion-source, front-matter and listed-parents readers give
exactly what the plain code gave.

Each test keeps the plain version as the reference and draws texts made of the
characters the quick path tells apart (separators, case, letters beyond ASCII).
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from importers import conversion_source as cs
from importers import listed_parents, yaml_fast
from importers.prose_scan import lines_holding
from lineage.core.ids import parse_reference

_NAME_GOES_ON = re.compile(r"[\w-]")
_FLAT = str.maketrans({"_": "-", ".": "-"})


def _ids_named_reference(body: str, flat: str, needle: str) -> list[tuple[int, str]]:
    """`conversion_source._ids_named` as it was: a pattern tells that the name goes on."""
    out: list[tuple[int, str]] = []
    at = flat.find("/" + needle)
    while at >= 0:
        end = at + 1 + len(needle)
        pos, at = at, flat.find("/" + needle, at + 1)
        if end < len(flat) and _NAME_GOES_ON.match(flat, end):
            continue
        org = cs._ORG_BEFORE.search(body, max(0, pos - 96), pos)
        if org is None or org.group(0).casefold() in cs._NOT_MODELS:
            continue
        ref = parse_reference(f"{org.group(0)}/{body[pos + 1 : end]}")
        if ref.model_id is not None:
            out.append((org.start(), ref.model_id))
    return out


# Pieces a card's ids are built of, and the characters that end or continue a name.
_PIECES = st.sampled_from(
    [
        "org", "Org", "/", "lark", "Lark", "-7b", "_7B", ".5", "-", "_", ".", " ", "\n",
        "huggingface.co/", "datasets", "x", "é", "٣", "²", "ǅ", "ß", "İ", "(", ")", "[", "]",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.sampled_from(["lark", "lark-7b", "lark-5", "x"]))
@example("see Org/lark-Q8_0 and Org/lark", "lark")
@example("Org/lark٣ Org/lark² Org/larkǅ Org/lark", "lark")
def test_ids_named_finds_what_the_pattern_found(body: str, needle: str) -> None:
    lower = body.lower()
    if len(lower) != len(body):
        return  # conversion_source reads no such card
    flat = lower.translate(_FLAT)
    assert cs._flat(lower) == flat
    assert cs._ids_named(body, flat, needle) == _ids_named_reference(body, flat, needle)


@given(st.text())
def test_flat_is_the_translate_table(text: str) -> None:
    assert cs._flat(text) == text.translate(_FLAT)


# -- the front matter's top-level mapping ---------------------------------------

_CONTENTS = st.sampled_from(
    [
        "a: 1", "b: x", "a:", "b:", "c: [x, 'y']", "c: [x,", "d: yes", "- x", "- 2", "-",
        "- - x", "- a: 1", "- b:", "- [x]", "e: 'q'", "f: \"q\"", "-x", "- 'p'",
    ]
)  # fmt: skip
_LINES = st.lists(st.tuples(st.sampled_from([0, 0, 0, 1, 2, 2, 4]), _CONTENTS), max_size=14)


def _mapping_reference(lines: list[tuple[int, str]]) -> object:
    parser = yaml_fast._FastParser(list(lines))
    try:
        value = parser.mapping(0)
    except yaml_fast._GiveUp:
        return "gave up"
    return value if parser.pos == len(lines) else "gave up"


@settings(max_examples=1500, deadline=None)
@given(_LINES)
@example([(0, "a:"), (2, "- x"), (2, "- a: 1"), (4, "b: x"), (0, "b:"), (0, "- 2")])
@example([(0, "a:"), (2, "a: 1"), (2, "b:"), (2, "- x"), (0, "b: x")])
def test_document_reads_what_the_parser_reads(lines: list[tuple[int, str]]) -> None:
    try:
        fast: object = yaml_fast._document(list(lines))
    except yaml_fast._GiveUp:
        fast = "gave up"
    assert fast == _mapping_reference(lines)
    assert repr(fast) == repr(_mapping_reference(lines))  # types too (1 and True)


# -- the label lines of listed parents ------------------------------------------


def _short_lines_reference(
    body: str, lower: str, needles: tuple[str, ...], pattern: re.Pattern[str]
) -> list[re.Match[str]]:
    """`listed_parents._short_lines` as it was: the whole text searched once per needle."""
    starts: set[int] = set()
    out: list[re.Match[str]] = []
    for needle in needles:
        for start, end in lines_holding(lower, needle):
            if end - start <= listed_parents._LABEL_LONGEST and start not in starts:
                starts.add(start)
                if m := pattern.fullmatch(body, start, end):
                    out.append(m)
    return sorted(out, key=lambda m: m.start())


_LABEL_PIECES = st.sampled_from(
    [
        "Base model", "base models", "Original Model", "parent model", "pre-trained model",
        "Merged Models", "models merged", "source models", "Experts", "ingredients", "# ",
        "## Credits", "# Models", "# resources", "model", "Model", ":", "**", " ", "\n", "\n\n",
        "the ", "<br>", "org/name", "a long stretch of words that makes the line too long",
    ]
)  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(st.lists(_LABEL_PIECES, max_size=30).map("".join), st.booleans())
@example("## Base model\nexperts: x\nmodel\nMerged models:", True)
def test_short_lines_are_the_lines_each_needle_finds(body: str, credit: bool) -> None:
    needles: tuple[str, ...] = listed_parents._LABEL_NEEDLES
    if credit:
        needles += listed_parents._CREDIT_NEEDLES
    lower = body.lower()
    fast = listed_parents._short_lines(body, lower, needles, listed_parents._LABEL)
    slow = _short_lines_reference(body, lower, needles, listed_parents._LABEL)
    assert [m.span() for m in fast] == [m.span() for m in slow]

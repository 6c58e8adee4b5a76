"""The card reader skips runs of its steps with one test of the whole card: each skipped step
gives nothing (or its input back) whenever that test fails.

`importers.card.read_card` runs the Hub-link rules only on a card holding "co/", the
weight-list merge rule only on a card with a merge word, the name-list and Chinese merge
rules only there or on a card holding 合 or マージ, and the passes over claims only when there is a claim (the spelling passes only
when a claim names no org). These tests hold each step to that on cards built from pieces
that would otherwise turn it on.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from importers import card
from importers.prose import ProseClaim, ProseFindings, Strength
from lineage.core.records import Relation, SourceRecord

OWN = "me/lark-merge-7b"

# Pieces of cards that turn the skipped rules on when the gate's text is there too.
_PIECES = [
    "This model is a fine-tuned version of ",
    "trained from ",
    "[org/lark-7b](https://huggingface.co/org/lark-7b)",
    "https://hf.co/org/wren-2",
    "huggingface.co/org/",
    "org/lark-7b",
    "merge",
    "Merged",
    "MERGE COMPOSITION",
    "merging",
    "version ",
    " version of lark and wren",
    "Models used:",
    "- org/lark-7b: 0.5",
    "lark: 0.5",
    "50% of ",
    "used as the base ",
    "融合",
    "合并自 lark 和 wren",
    "合併",
    "由 lark 和 wren 混合",
    "## マージ利用モデル一覧",
    "マージ",
    "模型",
    "🤗 ",
    "é",
    "lark-7b\n",
    "wren-2\n\n",
    "Base model | ",
    "| Base Model | lark |",
    "## Models Merged",
    "\n",
    "\n- ",
    " ",
    ": 0.",
    "from ",
    "based",
    "built on top of",
    "co",
    "/",
]

_cards = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)
_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_LINK_RULES = [
    card.tuned_link_claims,
    card.derived_link_claims,
    card.far_source_claims,
    card.listed_parent_claims,
    card.share_url_claims,
]
_MERGE_WORD_RULES = [
    card.weight_list_claims,
    card.name_list_claims,
    card.merged_from_zh_claims,
]


@_SETTINGS
@given(_cards)
def test_link_rules_need_co_slash(body: str) -> None:
    if "co/" in body:
        return
    for rule in _LINK_RULES:
        assert rule(body, OWN) == [], rule.__name__


@_SETTINGS
@given(_cards)
def test_merge_word_rules_need_a_merge_word_or_non_ascii(body: str) -> None:
    if "erge" in body or "ERGE" in body or "erging" in body or not body.isascii():
        return
    for rule in _MERGE_WORD_RULES:
        assert rule(body, OWN) == [], rule.__name__


@_SETTINGS
@given(_cards)
@example("## マージ利用モデル一覧\nlark-7b\nwren-2\n")
def test_merge_word_rules_without_a_merge_word_need_he_or_maji(body: str) -> None:
    if "erge" in body or "ERGE" in body or "erging" in body:
        return
    # Not even on a card with another non-ASCII letter: 合 or マージ is needed.
    assert card.weight_list_claims(body, OWN) == []
    if "合" not in body and "マージ" not in body:
        for rule in _MERGE_WORD_RULES:
            assert rule(body, OWN) == [], rule.__name__


@_SETTINGS
@given(_cards)
def test_merged_version_needs_erge(body: str) -> None:
    if "erge" not in body:
        assert card.merged_version_claims(body, OWN) == []


def _record() -> SourceRecord:
    return SourceRecord(model_id=OWN, source=f"card:{OWN}", location="README.md")


@_SETTINGS
@given(_cards, st.booleans())
def test_claim_passes_keep_findings_without_claims(body: str, declared: bool) -> None:
    record, findings = _record(), ProseFindings()
    assert card._claim_passes(record, findings, body, declared) is findings
    assert card.other_size(record, findings) is findings
    assert card.own_name_then_base(record, findings, body) is findings
    assert card.column_titles(record, findings, body) is findings
    assert card._name_passes(record, findings, body) is findings
    assert record == _record()


_ORG_CLAIMS = st.lists(
    st.builds(
        ProseClaim,
        st.sampled_from(["org/lark-7b", "org/wren-2", "other/lark-13b", "x/Lark"]),
        st.sampled_from([None, Relation.FINETUNE, Relation.MERGE]),
        st.sampled_from(list(Strength)),
        st.sampled_from(["based on lark", "fine-tuned from org/lark-7b", "[mergekit] x"]),
    ),
    min_size=1,
    max_size=3,
)


@_SETTINGS
@given(_cards, _ORG_CLAIMS)
def test_spelling_passes_keep_claims_that_name_an_org(body: str, claims: list[ProseClaim]) -> None:
    findings = ProseFindings(claims=claims)
    assert card.resolved_short_names(findings, body, OWN) is findings
    assert card.fuller_written_names(findings, body, OWN) is findings
    assert card.fullest_spellings(findings, body, OWN) is findings


_LINE_PIECES = [
    "[More Information Needed]",
    "[optional]",
    "[",
    "]",
    "(",
    ")",
    "opt",
    "ional]",
    "- **Finetuned from model",
    ":** ",
    " ",
    "\t",
    "x",
    "\r",
]


def _blanks_emptied_line_by_line(body: str) -> str:
    """`without_template_blanks` as it read: each line `_UNFILLED` matches whole is emptied."""
    from importers import trainer_filler

    lines = body.split("\n")
    return "\n".join("" if trainer_filler._UNFILLED.fullmatch(ln) else ln for ln in lines)


_TEMPLATE_LINES = st.one_of(
    st.lists(st.sampled_from(_LINE_PIECES), max_size=8).map("".join),
    st.text(max_size=10).map(lambda text: text + "[More Information Needed]"),
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_TEMPLATE_LINES, max_size=6), st.sampled_from(["", "\n", " \t"]))
def test_one_search_empties_the_lines_the_pattern_matches(lines: list[str], tail: str) -> None:
    from importers.trainer_filler import without_template_blanks

    body = "\n".join(lines) + tail
    assert without_template_blanks(body) == _blanks_emptied_line_by_line(body), body


_WITH_PIECES = [" merg", " mix", " blend", "ed with ", "ed", " with ", "start", " ", "x", "\n"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_WITH_PIECES), max_size=10).map("".join))
@example("started with merged with ")
def test_merged_with_needle_test_is_three_searches(body: str) -> None:
    from importers import merged_with

    expected = any(needle in body for needle in merged_with._NEEDLES)
    assert merged_with._holds_needle(body) is expected, body


_SELF_PIECES = [
    "a frankenmerge of org/lark-7b",
    " with itself",
    " with its",
    "a self-merge of org/lark-7b",
    "self",
    "-merge",
    " merge",
    "elf",
    "ELF",
    "it",
    "a [lark](https://huggingface.co/org/lark-7b) ",
    " ",
    ".",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SELF_PIECES), max_size=8).map("".join))
@example("a frankenmerge of org/lark-7b with itself")
def test_self_merge_needs_elf(body: str) -> None:
    from importers.self_merge import self_merge_claims

    if "elf" not in body:
        assert self_merge_claims(body, OWN) == []

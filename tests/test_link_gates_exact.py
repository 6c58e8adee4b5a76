"""Gates in front of two link readers must not change what they return: the share sentence's
Hub-URL lines (`card_forms._url_lines_twice`) and the MoE name test of the listed parents."""

from __future__ import annotations

import re
import sys

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from importers import card_forms, listed_parents
from importers.card_forms import share_url_claims
from importers.prose import ProseClaim
from importers.prose_phrases import Strength
from lineage.core.ids import key
from lineage.core.records import Relation


def _share_url_claims_ungated(body: str, model_id: str) -> list[ProseClaim]:
    """`share_url_claims` as it was before the URL-line gate (the reference)."""
    if "huggingface.co/" not in body and "hf.co/" not in body:
        return []
    if body.isascii():
        lines = card_forms._noun_lines(body.lower())
        if not lines:
            return []
        shares = [
            m for start, end in lines for m in card_forms._SHARE_MERGE.finditer(body, start, end)
        ]
    else:
        shares = list(card_forms._SHARE_MERGE.finditer(body))
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    for m in shares:
        ids = card_forms._url_lines(body, m.end())
        if len(ids) < 2:
            continue
        snippet = m.group(0).strip()[:200]
        for parent in ids:
            if key(parent) != own:
                found.setdefault(
                    key(parent), ProseClaim(parent, Relation.MERGE, Strength.STRONG, snippet)
                )
    return list(found.values())


_PIECES = st.sampled_from(
    [
        "\n", "\n\n", " ", "A 50/50 merge of these:\n", "a 70/30 Blend between the two\n",
        "https://huggingface.co/ab/cd", "- hf.co/ef/gh/", "<https://www.huggingface.co/ij/kl>",
        "1. https://hf.co/mn/op/tree/main", "huggingface.co/hf.co/x", "see hf.co/", "co/",
        "[x](https://huggingface.co/qr/st)", "me/model", " text ", "é", "\t",
    ]
)  # fmt: skip
_BODIES = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow])
@given(_BODIES)
@example("A 50/50 merge of:\nhttps://huggingface.co/ab/cd\n\n- hf.co/ef/gh\n")
@example("A 50/50 merge of:\nhuggingface.co/hf.co/x\nhttps://hf.co/a/b")
def test_share_url_claims_as_ungated(body: str) -> None:
    got = share_url_claims(body, "me/model")
    want = _share_url_claims_ungated(body, "me/model")
    assert [(c.parent, c.snippet) for c in got] == [(c.parent, c.snippet) for c in want]


def test_url_line_gate_table() -> None:
    two = "https://huggingface.co/ab/cd\n- hf.co/ef/gh\n"
    assert card_forms._url_lines_twice(two)
    assert not card_forms._url_lines_twice("https://huggingface.co/ab/cd\n")
    assert not card_forms._url_lines_twice("https://huggingface.co/ab/cd\nsee hf.co/ here\n")
    assert not card_forms._url_lines_twice("see https://hf.co/ab/cd\nand [x](https://hf.co/e/f)")
    assert card_forms._url_lines_twice("huggingface.co/hf.co/x\n\nhf.co/a/b")


@settings(max_examples=2000)
@given(st.text(st.sampled_from("xXmMoOeE0123456789.bB-/_ab"), max_size=20))
@example("org/Mixtral-8x7B")
@example("org/x-MoE")
@example("org/MoE-7B")
def test_moe_name_as_the_pattern(model_id: str) -> None:
    assert listed_parents._moe_name(model_id) == bool(listed_parents._MOE_NAME.search(model_id))


def test_moe_letters_match_only_their_own_cases() -> None:
    # What the gate's "x"/"moe" test on the lower-cased id relies on.
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    for letter in "xmoe":
        assert set(re.findall(letter, every, re.I)) == {letter, letter.upper()}

"""Readers that look at a whole line for each match stay linear on a very long line."""

from __future__ import annotations

import time
from collections.abc import Callable

from importers.merge_credits import composed_link_claims
from importers.stated_roles import _ALL_NEEDLES, stated_role_claims

_LIMIT = 1.0  # seconds; the quadratic readings took several on these lines


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def test_composition_verbs_repeated_on_one_long_line() -> None:
    line = "Intro.\n" + "boosted by [" * 3300 + "\n"
    assert _timed(lambda: composed_link_claims(line, "me/heron-7b")) < _LIMIT


def test_two_composition_verbs_in_one_sentence_still_credit_both_links() -> None:
    body = (
        "Its core is powered by [Ash](https://huggingface.co/acme/ash-7b), further "
        "augmented by [Wren](https://huggingface.co/kin/wren-7b).\n"
    )
    found = {c.parent for c in composed_link_claims(body, "me/heron-7b")}
    assert found == {"acme/ash-7b", "kin/wren-7b"}


def test_many_stated_roles_on_one_long_line() -> None:
    line = "Intro.\n" + "w2 LoRA for " * 3300 + "\n"
    needles = frozenset(_ALL_NEEDLES)
    assert _timed(lambda: stated_role_claims(line, "me/heron-7b", needles)) < _LIMIT


def test_a_line_that_compares_still_names_no_role() -> None:
    body = "A LoRA for Lark-2-7B, better than the LoRA for Wren-3.\n"
    assert stated_role_claims(body, "me/heron", frozenset({"lora"})) == []
    plain = stated_role_claims("A LoRA for Lark-2-7B.\n", "me/heron", frozenset({"lora"}))
    assert [c.parent for c in plain] == ["Lark-2-7B"]

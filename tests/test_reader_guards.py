"""Names the readers must not take for this model's parent: the first of a list of models
whose outputs were the data, a bare version merged back in, a role told in code."""

from __future__ import annotations

import time

from importers.merged_in_bare import merged_in_bare_claims
from importers.prose_bare_starts import bare_start_claims
from importers.stated_roles import stated_role_claims


def _starts(text: str) -> list[str]:
    return [c.parent for _, c in bare_start_claims(text, text.lower(), "acme/heron-7b")]


def test_a_list_of_models_whose_outputs_were_the_data_names_no_start() -> None:
    for text in (
        "This model was trained on Mistral-7B, Wren-3 and Oak-2 outputs.\n",
        "It is fine-tuned on Llama-2, Lark-3 & Oak conversations.\n",
    ):
        assert _starts(text) == [], text


def test_a_start_followed_by_a_comma_is_still_read() -> None:
    assert _starts("This model was trained on Mistral-7B, with a longer context.\n") == [
        "Mistral-7B"
    ]
    assert _starts("It is fine-tuned on Llama-2, and it is released under MIT.\n") == ["Llama-2"]


def test_the_list_check_stays_cheap_on_a_long_line() -> None:
    line = "It was trained on Llama-2, " + "and more " * 2500 + "\n"
    start = time.perf_counter()
    _starts(line * 3)
    assert time.perf_counter() - start < 1.0


def _merged(text: str) -> list[str]:
    return [c.parent for c in merged_in_bare_claims(text, "acme/heron-7b")]


def test_a_bare_version_merged_back_in_names_no_input() -> None:
    assert _merged("This is v3: I merged v2 back into it for stability.\n") == []
    assert _merged("Then I merged 1.5 in for more variety.\n") == []
    assert _merged("Then I merged Wren-v2 in for more variety.\n") == ["Wren-v2"]


def test_a_role_written_in_a_code_comment_is_not_the_cards_statement() -> None:
    code = '```python\n# apply the LoRA for Lark-2-7B\nmodel = load("heron")\n```\n'
    assert stated_role_claims("Intro.\n\n" + code, "acme/heron", frozenset({"lora"})) == []
    said = stated_role_claims("A LoRA for Lark-2-7B.\n\n" + code, "acme/heron", frozenset({"lora"}))
    assert [c.parent for c in said] == ["Lark-2-7B"]

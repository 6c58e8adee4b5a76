"""Merge inputs named in running prose: a list the verb "merged" follows and its chained
steps, examples given with "including" / "such as" on a merge sentence, sum recipes
written without spaces, and names whose words a written Hub id holds in another order."""

from __future__ import annotations

from importers.card import read_card
from importers.merge_lists import sum_recipe_claims
from importers.merge_prose import merged_list_claims, same_words_id, such_as_claims


def _parents(claims: list) -> list[str]:  # type: ignore[type-arg]
    return [c.parent for c in claims]


def test_lower_case_list_merged_then_chained_steps() -> None:
    body = (
        "a calmer take on the old one,\n\n"
        "it's heron, kestrel, osprey merged using my shuffle method, then merged with "
        "marshwind using a blender script, then merged with tidepool, and the dunes lora.\n"
    )
    assert _parents(merged_list_claims(body, "me/Heron-Mix")) == [
        "heron",
        "kestrel",
        "osprey",
        "marshwind",
        "tidepool",
        "dunes",
    ]


def test_named_list_merged_together() -> None:
    body = "Quill-7B, OpenLark and Sparrow v2 were merged together with a gradient.\n"
    assert _parents(merged_list_claims(body, "me/Mix")) == ["Quill-7B", "OpenLark", "Sparrow v2"]


def test_merged_list_negatives() -> None:
    # Plain words, a lower-case list without a subject, two lower-case words, likeness.
    for body in (
        "style, speed and tone merged nicely in this one.\n",
        "heron, kestrel, osprey merged using my method.\n",
        "it's heron, kestrel merged using my method.\n",
        "Unlike Quill-7B, OpenLark and Sparrow merged by others, this is trained.\n",
        "```\nit's heron, kestrel, osprey merged using x\n```\n",
    ):
        assert merged_list_claims(body, "me/Mix") == [], body


def test_such_as_on_a_merge_sentence() -> None:
    body = (
        "It is a careful merge of several well-known models, including Quill instruct, "
        "OpenLark, Sparrow-13B, and several others, using a DARE recipe.\n"
    )
    assert _parents(such_as_claims(body, "me/Mix")) == ["Quill instruct", "OpenLark", "Sparrow-13B"]


def test_such_as_after_a_combining_sentence() -> None:
    body = (
        "**Gale** is made by combining different models together. "
        "***This includes models such as Tarn, FELL, BrookLine, and many others.***\n"
    )
    assert _parents(such_as_claims(body, "me/Gale")) == ["Tarn", "FELL", "BrookLine"]


def test_such_as_negatives() -> None:
    for body in (
        # no merge word near: compatibility, not inputs
        "It runs with models such as Quill-7B, OpenLark and Sparrow.\n",
        # the author's other merges
        "See my other merges, including Quill-7B, OpenLark and Sparrow.\n",
        # a comparison
        "This merge beats models such as Quill-7B, OpenLark and Sparrow than before.\n",
        # merges well with
        "It merges well with models such as Quill-7B, OpenLark and Sparrow.\n",
        # a prompt format, data sets
        "The merge uses prompt formats such as ChatML, Alpaca-2 and Vicuna.\n",
        # plain words
        "A merge of many things, including style, speed and tone.\n",
    ):
        assert such_as_claims(body, "me/Mix") == [], body


def test_sum_recipe_without_spaces_and_sized_names() -> None:
    body = (
        "A tiered merge.\n\n13B-Quill+13B-Lark=13B-Quark\n\n"
        "13B-Quark+13B-Wren=13B-Final\n\n```\nx = 1+2\n```\n"
    )
    assert sorted(_parents(sum_recipe_claims(body, "me/13B-Final"))) == [
        "13B-Lark",
        "13B-Quill",
        "13B-Wren",
    ]


def test_same_words_id() -> None:
    body = "[a](https://huggingface.co/acme/lark-13b-cocktail) and acme/Wren13b and bo/wren-7b\n"
    assert same_words_id("13B-Lark-cocktail", body) == "acme/lark-13b-cocktail"
    assert same_words_id("13B-Wren", body) == "acme/Wren13b"
    assert same_words_id("13B-Heron", body) is None
    assert same_words_id("Lark", body) is None


def test_card_keeps_bare_inputs_and_resolves_reordered_ids() -> None:
    text = (
        "# Final\n\nA tiered merge of my own.\n\n"
        "Inputs: [Lark](https://huggingface.co/acme/lark-13b) and more.\n\n"
        "13B-Lark+13B-Wren=13B-Mid\n\n13B-Mid+13B-Quill=13B-Final\n"
    )
    record = read_card(text, "me/13B-Final", "README.md")
    assert sorted(c.parent for c in record.claims) == ["13B-Quill", "13B-Wren", "acme/lark-13b"]

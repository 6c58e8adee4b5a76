"""A line opening with one model joined to another by "merged / mixed / blended with"."""

from __future__ import annotations

from importers.card import read_card_bytes
from importers.merged_with import merged_with_claims
from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from lineage.core.records import Relation


def _parents(body: str, model_id: str = "me/Mix") -> dict[str, str]:
    text = "---\nlicense: mit\n---\n# Mix\n\n" + body + "\n"
    record = read_card_bytes(text.encode(), model_id, "x")[0]
    return {c.parent: c.relation.value for c in record.claims}


def test_bare_names_mixed_are_both_inputs() -> None:
    got = _parents("Lark Photo v2 mixed with dreamShade v4 to sharpen the faces!")
    assert got == {"Lark Photo v2": "merge", "dreamShade v4": "merge"}


def test_a_name_with_apostrophes_and_a_version() -> None:
    got = _parents("Can't Stop It's Paint v1 blended with OakCanvas 2.1, for softer light.")
    assert got == {"Can't Stop It's Paint v1": "merge", "OakCanvas 2.1": "merge"}


def test_a_lora_object_makes_the_subject_the_base() -> None:
    got = _parents("acme/Wren-13B merged with acme/tidy-Llama2-13B-lora at 0.3 weight.")
    assert got == {"acme/Wren-13B": "finetune", "acme/tidy-Llama2-13B-lora": "merge"}


def test_a_lora_without_a_name() -> None:
    claims = merged_with_claims("acme/Heron-7B merged with a LoRA at 0.25 weight.\n", "me/Mix")
    assert [(c.parent, c.relation) for c in claims] == [("acme/Heron-7B", Relation.FINETUNE)]


def test_a_bare_subject_the_card_writes_as_an_id() -> None:
    body = "Heron-Chat-7b merged with a LoRA at 0.3 weight.\n\nSee [it](https://huggingface.co/acme/Heron-Chat-7b)."
    claims = merged_with_claims(body, "me/Mix")
    assert [c.parent for c in claims] == ["acme/Heron-Chat-7b"]


def test_clauses_are_no_subject() -> None:
    for line in (
        "Also recommended: Finch merged with LarkRP-v3 - try it.",
        "Finally, both Part 1 and Part 2 were merged with SLERP at 0.5.",
        "This is Finch merged with LarkRP-v3.",
        "The Wren-7B LLM has been merged with models that are uncensored.",
        "It is merged with Lark-7B.",
    ):
        assert merged_with_claims(line + "\n", "me/Mix") == [], line


def test_comparisons_quantizations_and_code_name_no_input() -> None:
    for body in (
        "Wren-7B merged with Lark-7B is like what we did before.\n",
        "Wren-7B mixed with Lark-7B scores lower than this model.\n",
        "Wren-7B merged with Lark-7B GGUF quants are linked below.\n",
        "```\nWren-7B merged with Lark-7B\n```\n",
    ):
        assert merged_with_claims(body, "me/Mix") == [], body


def test_plain_words_and_the_own_name_are_no_input() -> None:
    assert merged_with_claims("Photos mixed with Paintings for fun.\n", "me/Mix") == []
    claims = merged_with_claims("Mix-v2 merged with Lark-7B.\n", "me/Mix-v2")
    assert [c.parent for c in claims] == ["Lark-7B"]


def test_bare_names_give_way_to_a_recipe_naming_ids() -> None:
    recipe = ProseClaim("lightorg/Night_Cam_V2", Relation.MERGE, Strength.STRONG, "[ab-recipe]")
    body = "Dusk Shade 3 mixed with NightCam!\nacme/Wren-13B merged with a LoRA.\n"
    claims = merged_with_claims(body, "painter/DuskMix", [recipe])
    assert [c.parent for c in claims] == ["acme/Wren-13B"]

"""A declared base the prose's stated start was itself tuned from: the prose decides
(`importers.yaml_over_prose`), and "this model was DPO'd from [X](…)" is read as a statement."""

from __future__ import annotations

import time

from importers.card import read_card
from importers.prose import ProseClaim, ProseFindings, Strength
from importers.yaml_over_prose import stated_tuned_start, tuned_of_declared
from lineage.core.ids import key
from lineage.core.records import Relation


def _parents(text: str, model_id: str = "acme/wren-2-heron-7b-dpo") -> set[str]:
    return {key(c.parent) for c in read_card(text, model_id, "README.md").claims}


def _card(base: str, body: str) -> str:
    return f"---\nlicense: apache-2.0\nbase_model: {base}\n---\n# Wren\n\n{body}\n"


_LINK = "[Kite/Wren-1.5-Heron-7B](https://huggingface.co/kite/Wren-1.5-Heron-7B)"


def _claim(parent: str, strength: Strength = Strength.STRONG, **kw: bool) -> ProseClaim:
    return ProseClaim(parent, Relation.FINETUNE, strength, "fine-tuned from " + parent, **kw)


# --- "<method>'d from" as a statement of the start -------------------------------------------


def test_method_made_verb_names_the_start() -> None:
    body = f"Our new flagship. This model was DPO'd from {_LINK} and scores better everywhere."
    found = stated_tuned_start(ProseFindings(), body, "acme/wren-2-heron-7b-dpo")
    assert [key(c.parent) for c in found.claims] == ["kite/wren-1.5-heron-7b"]
    assert found.claims[0].strength == Strength.STRONG


def test_method_made_verb_with_a_plain_id() -> None:
    body = "The checkpoint was then ORPO’d on top of `kite/wren-1.5-heron-7b`."
    found = stated_tuned_start(ProseFindings(), body, "acme/wren-orpo")
    assert [key(c.parent) for c in found.claims] == ["kite/wren-1.5-heron-7b"]


def test_method_made_verb_on_data_is_no_start() -> None:
    body = (
        "This model was SFT'd on [our mix](https://huggingface.co/datasets/acme/mix) for 3 epochs."
    )
    assert stated_tuned_start(ProseFindings(), body, "acme/wren").claims == []


def test_method_made_verb_of_another_model_is_no_start() -> None:
    body = f"Our earlier release, Wren 1, was DPO'd from {_LINK}; this one is new."
    assert stated_tuned_start(ProseFindings(), body, "acme/wren").claims == []


# --- the declared base an ancestor of the stated start ----------------------------------------


def test_declared_root_gives_way_to_the_stated_tune_of_it() -> None:
    body = f"This model was DPO'd from {_LINK}."
    assert _parents(_card("heron-ai/Heron-7B-v0.1", body)) == {"kite/wren-1.5-heron-7b"}


def test_declared_root_gives_way_to_a_fine_tuning_sentence() -> None:
    body = f"This model is a fine-tuned version of {_LINK} on our chat data."
    assert _parents(_card("heron-ai/Heron-7B-v0.1", body)) == {"kite/wren-1.5-heron-7b"}


def test_declared_tuned_stage_stays_beside_a_stated_root() -> None:
    # The reverse: the YAML names the later stage, the prose its root (a grand-parent).
    body = "This model is a fine-tuned version of [Heron-7B](https://huggingface.co/heron-ai/Heron-7B)."
    parents = _parents(_card("kite/Wren-1.5-Heron-7B", body))
    assert parents == {"kite/wren-1.5-heron-7b"}


def test_other_release_of_the_declared_base_is_no_later_stage() -> None:
    claims = [_claim("heron-ai/Heron-7B-v0.2")]
    assert tuned_of_declared("heron-ai/Heron-7B-v0.1", claims, "acme/wren") is None


def test_weak_or_inferred_claims_leave_the_declared_base() -> None:
    weak = [_claim("kite/Wren-1.5-Heron-7B", Strength.WEAK)]
    assert tuned_of_declared("heron-ai/Heron-7B-v0.1", weak, "acme/wren") is None
    inferred = [_claim("kite/Wren-1.5-Heron-7B", inferred=True)]
    assert tuned_of_declared("heron-ai/Heron-7B-v0.1", inferred, "acme/wren") is None


def test_family_word_alone_is_too_loose() -> None:
    claims = [_claim("kite/heron-chat-tuned")]
    assert tuned_of_declared("heron-ai/heron", claims, "acme/wren") is None


def test_stated_tune_across_orgs() -> None:
    claims = [_claim("kite/Wren-1.5-Heron-7B")]
    assert tuned_of_declared("heron-ai/Heron-7B-v0.1", claims, "acme/x") == "kite/Wren-1.5-Heron-7B"


def test_instruct_release_over_the_declared_root() -> None:
    claims = [_claim("heron-ai/Heron-7B-Instruct")]
    assert tuned_of_declared("heron-ai/Heron-7B", claims, "acme/x") == "heron-ai/Heron-7B-Instruct"


def test_long_line_is_cheap() -> None:
    body = "This model was DPO'd " * 1000 + "x" * 20_000
    start = time.perf_counter()
    stated_tuned_start(ProseFindings(), body, "acme/wren")
    assert time.perf_counter() - start < 0.1

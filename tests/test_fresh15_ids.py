"""Kinds of statements of the fifteenth round about parents named by a Hub id, each with
look-alikes that use the same words and name another model or none."""

from __future__ import annotations

from importers.conversion_source import vaguer
from importers.self_merge import self_merge_claims
from lineage.core.records import Relation
from tests.test_prose_recall import parents

FT, QU = Relation.FINETUNE, Relation.QUANTIZED
HUB = "https://huggingface.co"

# -- a conversion whose YAML is the original's, copied ---------------------------------------


def _copied_gguf(index_name: str, base: str = "windy/Breeze-7B") -> str:
    return (
        f"---\nbase_model: {base}\nmodel-index:\n- name: {index_name}\n  results: []\n---\n"
        "# Lark Owl 2 - Breeze 7B - SFT - GGUF files\n\n"
        "These are the GGUF versions of Lark-Owl 2 7B.\n\n"
        f"The full precision model is available here: {HUB}/larks/Lark-Owl-2-Breeze-7B-SFT\n\n"
        f"Lark Owl 2 was tuned from [Breeze 7B]({HUB}/{base}) on our pond notes.\n"
    )


def test_a_copied_yaml_base_gives_way_to_the_one_id_the_conversion_names() -> None:
    # The YAML's model-index names the model the repo converts: the YAML is that model's
    # card's, and its base_model is the converted model's own base (a grand-parent).
    text = _copied_gguf("Lark-Owl-2-Breeze-7B-SFT")
    assert parents(text, "larks/Lark-Owl-2-Breeze-7B-SFT-GGUF") == {
        "larks/Lark-Owl-2-Breeze-7B-SFT": QU
    }


def test_a_yaml_of_the_conversion_itself_keeps_its_base() -> None:
    # Trap: a model-index naming the repo itself (or nothing) is the repo's own YAML.
    for name in ("Lark-Owl-2-Breeze-7B-SFT-GGUF", "Some-Other-Model"):
        text = _copied_gguf(name)
        found = parents(text, "larks/Lark-Owl-2-Breeze-7B-SFT-GGUF")
        assert "windy/Breeze-7B" in found, name


def test_a_copied_yaml_that_names_the_source_itself_stays() -> None:
    # Trap: a YAML base that is the converted model written longer ("…-SFT-v1.0") is that
    # model: nothing contradicts it.
    text = _copied_gguf("Lark-Owl-2-Breeze-7B-SFT", base="larks/Lark-Owl-2-Breeze-7B-SFT-v1.0")
    found = parents(text, "larks/Lark-Owl-2-Breeze-7B-SFT-GGUF")
    assert "larks/Lark-Owl-2-Breeze-7B-SFT-v1.0" in found


def test_a_conversion_phrase_may_speak_the_source_with_words_left_out() -> None:
    assert vaguer("Lark-Owl 2 7B", "Lark-Owl-2-Breeze-7B-SFT")
    assert vaguer("Lark-Owl", "Lark-Owl-2-Breeze-7B-SFT")
    # Traps: words in another order, a word the stem lacks, a single word, an id.
    assert not vaguer("Breeze 7B Lark", "Lark-Owl-2-Breeze-7B-SFT")
    assert not vaguer("Lark-Owl 3 7B", "Lark-Owl-2-Breeze-7B-SFT")
    assert not vaguer("larks/Lark-Owl", "Lark-Owl-2-Breeze-7B-SFT")


# -- a model merged with itself ----------------------------------------------------------------

ME = Relation.MERGE


def test_a_model_interleaved_with_itself_is_the_one_input() -> None:
    text = (
        "# Heron-100b\n\n"
        f"- Made by interleaving the layers of [birds/Heron-60b]({HUB}/birds/Heron-60b) "
        "with itself.\n- It has 140 layers.\n"
    )
    assert parents(text, "me/Heron-100b") == {"birds/Heron-60b": ME}


def test_a_self_merge_named_before_or_after_the_word() -> None:
    before = "Owl-90B is a birds/Owl-50B-Chat self-merge made with a layer tool.\n"
    after = f"This is a self-merge of [Owl 50B]({HUB}/birds/Owl-50B-Chat), 90 layers deep.\n"
    for text in (before, after):
        assert parents(text, "me/Owl-90B") == {"birds/Owl-50B-Chat": ME}


def test_a_method_likened_names_no_self_merge_input() -> None:
    # Traps: another merge credited for the method, a model that is not at the words.
    likened = (
        f"It was inspired by [Heron-100b]({HUB}/birds/Heron-100b) and uses the same method "
        "of interleaving a model with itself.\n"
    )
    similar = f"Like the [birds/Heron-100b]({HUB}/birds/Heron-100b) self-merge, it is big.\n"
    own = f"A self-merge of [me/Kite-60b]({HUB}/me/Kite-120b) is not planned.\n"
    for text in (likened, similar, own):
        assert self_merge_claims(text, "me/Kite-120b") == []


# -- a sibling at another size spoken as a word -----------------------------------------------


def test_a_short_name_does_not_resolve_to_the_sibling_at_another_size_word() -> None:
    text = (
        "# wren-large-tags\n\nwren-large-tags is a fine-tuned Wren model for tagging.\n\n"
        f"A smaller [wren-base-tags]({HUB}/me/wren-base-tags) is also available.\n"
    )
    assert "me/wren-base-tags" not in parents(text, "me/wren-large-tags")
    # The family's own sized release is still the one the short name stands for.
    text += f"\nWe started from [wren-large]({HUB}/wrens/wren-large).\n"
    assert "me/wren-base-tags" not in parents(text, "me/wren-large-tags")

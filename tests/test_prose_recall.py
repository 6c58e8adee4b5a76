"""Lineage stated in prose in less common ways, and the traps beside each way."""

from __future__ import annotations

from importers.card import read_card
from importers.conversion_source import conversion_source
from importers.prose import Strength, read_prose
from lineage.core.records import Relation

FT, ME, DI, QU = Relation.FINETUNE, Relation.MERGE, Relation.DISTILLATION, Relation.QUANTIZED
HUB = "https://huggingface.co"


def claims(text: str, model_id: str = "me/this-model") -> list[tuple[str, Relation | None]]:
    return [(c.parent, c.relation) for c in read_prose(text, model_id).claims]


def parents(text: str, model_id: str = "me/this-model") -> dict[str, Relation]:
    record = read_card(text, model_id, "README.md")
    return {c.parent: c.relation for c in record.claims}


# -- a second base after "and" ----------------------------------------------------


def test_built_upon_two_linked_models() -> None:
    text = (
        f"Owl-VL is built upon [Iris]({HUB}/eyes/iris-so300m) and "
        f"[Hoot-8B]({HUB}/birds/Hoot-8B-Chat). See the paper."
    )
    assert claims(text, "me/Owl-VL") == [("eyes/iris-so300m", None), ("birds/Hoot-8B-Chat", None)]


def test_fine_tuned_from_a_model_and_a_dataset_link() -> None:
    text = (
        f"Fine-tuned from [birds/Hoot-8B]({HUB}/birds/Hoot-8B) and "
        f"[the pond notes]({HUB}/datasets/birds/pond-notes)."
    )
    assert claims(text) == [("birds/Hoot-8B", FT)]


def test_second_name_that_the_first_is_built_on_is_a_grandparent() -> None:
    # The first input's name carries the second's family and size: its own base.
    text = (
        f"Trained on top of [Sparrow-embed-7b]({HUB}/nest/sparrow-embed-7b) and "
        f"[Sparrow-7B-v1]({HUB}/nest/Sparrow-7B-v1)."
    )
    assert claims(text) == [("nest/sparrow-embed-7b", FT)]


def test_bare_word_after_and_is_not_a_second_base() -> None:
    text = f"It was fine-tuned from [birds/Hoot-8B]({HUB}/birds/Hoot-8B) and DPO-7 data."
    assert claims(text) == [("birds/Hoot-8B", FT)]


def test_which_is_based_on_names_a_grandparent() -> None:
    text = "Fine-tuned from owls/Barn-7B, which is based on birds/Hoot-7B."
    assert claims(text) == [("owls/Barn-7B", FT)]


# -- "the base model is", "Base LLM:" ----------------------------------------------


def test_base_model_is_and_base_llm_label() -> None:
    assert claims("Our base model is `birds/Hoot-8B-Instruct`.") == [
        ("birds/Hoot-8B-Instruct", None)
    ]
    assert claims("Base LLM: birds/Hoot-8B-Instruct\nVision: none\n") == [
        ("birds/Hoot-8B-Instruct", None)
    ]
    found = read_prose("The base model is trained on 2T tokens.", "me/x")
    assert found.claims == []


# -- "a derivative of", "developed from": said of this model ----------------------


def test_derivative_of_said_of_this_model() -> None:
    text = "Wren-51B is a model which is a derivative of Hawk-70B-chat (the reference)."
    assert claims(text, "me/Wren-51B") == [("Hawk-70B-chat", None)]
    text = "This repo holds the chat model developed from **Hawk-2-Chat-7B**, with our recipe."
    assert claims(text, "me/wren-chat") == [("Hawk-2-Chat-7B", None)]


def test_derivative_followed_by_distillation_words() -> None:
    text = (
        "Wren-51B is a derivative of Hawk-70B-chat. We distill each block of it "
        "with knowledge distillation."
    )
    assert claims(text, "me/Wren-51B") == [("Hawk-70B-chat", DI)]


def test_derivative_named_twice_keeps_the_full_name() -> None:
    text = (
        "Wren-51B is a derivative of Hawk-70B-chat (the reference).\n\n"
        "The model is a derivative of Hawk-70B, pruned by search."
    )
    assert claims(text, "me/Wren-51B") == [("Hawk-70B-chat", None)]


def test_derived_from_said_of_another_model_or_thing() -> None:
    # Another model is the subject: its parent, not this card's.
    assert claims("Kite-R1-Lite-8B is derived from Hawk-3.1-8B.", "me/Kite-R1") == []
    assert claims("The license is derived from `owls/Barn-7B`.", "me/x") == []
    assert claims("Pairs derived from Hawk-3.1-8B answers.", "me/x") == []


def test_denied_derivative_is_no_parent() -> None:
    text = "The Wren models are NOT derivatives of Hawk-7B, as they do not use its weights."
    assert claims(text, "me/Wren-7B") == []
    assert claims("This model is not derived from Hawk-7B.", "me/Wren-7B") == []


def test_improved_version_of_said_of_this_model() -> None:
    found = read_prose("Wren-2.5 is an upgraded version of Wren-2-Chat. It codes.", "me/Wren-2.5")
    assert [(c.parent, c.strength) for c in found.claims] == [("Wren-2-Chat", Strength.LABEL)]
    # A newer release is a successor; another subject is another model.
    assert claims("A new version of Wren-2-Chat is out.", "me/Wren-2.5") == []
    assert claims("Kite-3B is an improved version of Wren-2-Chat.", "me/Wren-2.5") == []


# -- "fine-tuned on [X](hub model page)" -------------------------------------------


def test_fine_tuned_on_a_hub_model_link() -> None:
    text = f"A preview of Wren, fine-tuned on [Hawk-7B-v0.1]({HUB}/birds/Hawk-7B-v0.1)."
    assert claims(text, "me/wren") == [("birds/Hawk-7B-v0.1", FT)]


def test_fine_tuned_on_a_dataset_link_or_a_models_outputs() -> None:
    assert claims(f"Fine-tuned on [Pond]({HUB}/datasets/birds/pond).", "me/wren") == []
    text = f"Trained on [Hawk-70B]({HUB}/birds/Hawk-70B) outputs for a week."
    assert claims(text, "me/wren") == []


# -- merge inputs named before the noun, and bare ingredient lists ----------------


def test_links_before_merge_noun() -> None:
    text = (
        f"My [Logic-L2]({HUB}/me/Logic-L2-13b) and [Raven]({HUB}/birds/Raven-13b) "
        "merge using a new tensor method."
    )
    assert claims(text, "me/Mix-13b") == [("me/Logic-L2-13b", ME), ("birds/Raven-13b", ME)]


def test_links_before_merge_noun_traps() -> None:
    thanks = f"Thanks to [A]({HUB}/a/a-1) and [B]({HUB}/b/b-2) for the merge tools."
    assert claims(thanks) == []
    denied = f"[A]({HUB}/a/a-1) and [B]({HUB}/b/b-2) were not merged here."
    assert claims(denied) == []


def test_bare_names_after_merge_between() -> None:
    text = "Model merge between Gryphon, nightowl, and raven-mix-7b-v0.\n"
    assert claims(text, "me/Flock-8x7B") == [
        ("Gryphon", ME),
        ("nightowl", ME),
        ("raven-mix-7b-v0", ME),
    ]


def test_merge_of_plain_words_is_no_list_of_models() -> None:
    assert claims("A merge of style, speed and quality.") == []
    assert claims("A merge of tone and pace.") == []


# -- Chinese and Korean with ids written straight before the next word -------------


def test_cjk_ids_followed_by_particles() -> None:
    text = "我们采用中文指令集，对birds/Hawk-2-13b-chat进行LoRA微调，使其更好。"
    assert claims(text) == [("birds/Hawk-2-13b-chat", None)]
    assert claims("该模型是基于Falcon的权重继续训练的。") == [("Falcon", None)]
    text = f"wren-rr는 [birds/rr-large]({HUB}/birds/rr-large) 기반 한국어 모델 입니다."
    assert claims(text) == [("birds/rr-large", None)]


# -- a teacher named by a label in a card that never says "distil" -----------------


def test_teacher_label_without_distillation_words() -> None:
    text = (
        "---\nbase_model: birds/Hawk-7B\n---\n"
        f"- **Teacher Model:** [birds/Eagle-8x7B]({HUB}/birds/Eagle-8x7B)\n"
        "Trained with synthetic data.\n"
    )
    assert parents(text) == {"birds/Hawk-7B": FT, "birds/Eagle-8x7B": DI}


# -- a conversion's source named with spaces in its heading -------------------------


def test_conversion_heading_with_spaces() -> None:
    body = "# GGUF quantized Lark 1.6 Hawk 7B\n\nFiles for llama.cpp.\n"
    found = conversion_source(body, "me/lark-1.6-hawk-7b-gguf", has_yaml_parent=False)
    assert found is not None
    assert (found.parent, found.relation) == ("Lark 1.6 Hawk 7B", QU)


def test_conversion_heading_prefers_the_id_the_card_links() -> None:
    body = (
        "# Lark Hawk 2 7B 4bit\n\nA 4bit copy.\n\n"
        f"- Full weights: [Lark Hawk]({HUB}/larks/Lark-Hawk-2-7b)\n"
    )
    found = conversion_source(body, "larks/Lark-Hawk-2-7b-4bit", has_yaml_parent=False)
    assert found is not None
    assert found.parent == "larks/Lark-Hawk-2-7b"


def test_conversion_heading_needs_a_conversion_word() -> None:
    body = "# About Lark 1.6 Hawk 7B\n\nA good model.\n"
    assert conversion_source(body, "me/lark-1.6-hawk-7b-gguf", has_yaml_parent=False) is None


def test_relative_clause_about_this_model_still_counts() -> None:
    text = f"We release Owl-VL-8B, which is built upon [Hoot-8B]({HUB}/birds/Hoot-8B)."
    assert claims(text, "me/Owl-VL-8B") == [("birds/Hoot-8B", None)]


# -- a date is no model ---------------------------------------------------------------


def test_a_date_after_a_conversion_phrase_makes_no_conversion_card() -> None:
    text = (
        "Exl2 quants for 5/3 are linked below.\n\n"
        f"- Base model: [birds/Hoot-8B-Instruct]({HUB}/birds/Hoot-8B-Instruct)\n"
    )
    assert parents(text, "me/Hoot-8B-long") == {"birds/Hoot-8B-Instruct": FT}


def test_grandparent_in_a_longer_relative_clause() -> None:
    text = (
        f"It is a fine-tuned version of [birds/Hoot-4B-Base]({HUB}/birds/Hoot-4B-Base), "
        "which was pruned and distilled from [Hoot-4 15B](https://arxiv.example/1)."
    )
    assert claims(text, "me/Hoot-4B-chat") == [("birds/Hoot-4B-Base", FT)]


def test_distillation_sources_label_and_a_spoken_link_text() -> None:
    text = "- Distillation sources: Hawk2.5-72B-Instruct, Owl-3.1-405B-Instruct\n- Size: 14B\n"
    assert claims(text) == [("Hawk2.5-72B-Instruct", DI), ("Owl-3.1-405B-Instruct", DI)]
    text = "An 8x7b MoE model based on [Aviary AI's Hawkstral 8x7b](https://news.example/1)."
    assert claims(text) == [("Hawkstral 8x7b", None)]
    assert claims("Read [the Hawk 2 paper](https://papers.example/1) first.") == []


def test_base_model_is_after_a_no_break_space() -> None:
    assert claims("The base model is\u00a0`birds/Hoot-8B`.") == [("birds/Hoot-8B", None)]

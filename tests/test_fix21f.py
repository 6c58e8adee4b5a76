"""Statements a card makes about other models that are not this model's start: a family
card's entries for its other members, data or design "identical to" a model, the model a
Chinese card calls this one the base of, a benchmark tool, a converted original's own base,
a template's placeholder name, a clause after "its predecessors," and a design "based on
the X model architecture" (with the near-misses each guard keeps)."""

from __future__ import annotations

import time

from importers.card import read_card
from importers.prose_claims import ProseClaim, ProseFindings
from importers.prose_phrases import Strength
from importers.prose_traps import without_traps
from importers.scorer_roles import role_clause
from lineage.core.ids import key


def _parents(text: str, model_id: str) -> list[str]:
    return [key(c.parent) for c in read_card(text, model_id, "README.md").claims]


# --- a family card's entries (list items, sections) for other members ---------------------


_FAMILY_LIST = (
    "# Finch models\n\n"
    "Our releases:\n\n"
    "- Finch-Chat: based on Heron-13B (4k context)\n"
    "- Finch-Chat-8k: based on Heron-13B (8k context)\n"
    "- FinchCoder: based on Plover-15B (code)\n"
)


def test_list_items_of_other_members_give_no_parent() -> None:
    # Heron-13B is the base of two siblings; this model's own entry names Plover-15B.
    parents = _parents(_FAMILY_LIST, "acme/finchcoder")
    assert "heron-13b" not in parents


def test_list_item_of_this_model_kept() -> None:
    parents = _parents(_FAMILY_LIST, "acme/finch-chat-8k")
    assert "heron-13b" in parents


_FAMILY_SECTIONS = (
    "# Sparrow embedders\n\n"
    "### [sparrow-embed-xs](https://huggingface.co/acme/sparrow-embed-xs)\n\n"
    "Based on the [lark/tiny-encoder-v2](https://huggingface.co/lark/tiny-encoder-v2) "
    "model, the smallest one.\n\n"
    "### [sparrow-embed-s](https://huggingface.co/acme/sparrow-embed-s)\n\n"
    "Based on the [lark/small-encoder-raw](https://huggingface.co/lark/small-encoder-raw) "
    "model, a good trade-off.\n\n"
    "### [sparrow-embed-l](https://huggingface.co/acme/sparrow-embed-l)\n\n"
    "Based on the [lark/large-encoder-raw](https://huggingface.co/lark/large-encoder-raw) "
    "model, our best.\n"
)


def test_sections_of_other_members_give_no_parent() -> None:
    assert _parents(_FAMILY_SECTIONS, "acme/sparrow-embed-s") == ["lark/small-encoder-raw"]


def test_a_card_without_its_own_entry_is_left_alone() -> None:
    # The lead names are not this model's: nothing says which entry is this card's.
    parents = _parents(_FAMILY_SECTIONS, "acme/sparrow-embed-m")
    assert (
        "lark/small-encoder-raw" in parents
        or "lark/large-encoder-raw" in parents
        or ("lark/tiny-encoder-v2" in parents)
    )


def test_label_items_are_not_member_leads() -> None:
    text = (
        "# Robin-7B\n\n"
        "- Robin-7B: our chat release\n"
        "- Robin-13B: the larger one\n"
        "- Robin-3B: the small one\n"
        "- Base-Model: [lark/kite-7b](https://huggingface.co/lark/kite-7b)\n"
    )
    assert _parents(text, "acme/robin-7b") == ["lark/kite-7b"]


# --- "identical to" data or design --------------------------------------------------------


def test_data_identical_to_a_model_is_no_parent() -> None:
    text = (
        "# Pipit embedder\n\n| Set | Note |\n|---|---|\n"
        "| public | Training data identical to "
        "[kite-embed](https://huggingface.co/lark/kite-embed-7b) |\n"
    )
    assert "lark/kite-embed-7b" not in _parents(text, "acme/pipit-embed")


def test_weights_identical_to_a_model_still_read() -> None:
    text = (
        "# Pipit\n\nThis repository is identical to "
        "[kite-7b](https://huggingface.co/lark/kite-7b), stored in another format.\n"
    )
    assert _parents(text, "acme/pipit-7b") == ["lark/kite-7b"]


# --- Chinese: "X 的基础模型 Y", benchmark tools ---------------------------------------------


def test_the_model_this_one_is_base_of_is_no_parent() -> None:
    # "More capable base model: Swift-6B's base model Swift-6B-Base ...": this card is the base.
    text = (
        "# Swift-6B-Base\n\n"
        "1. **更强大的基础模型：** Swift-6B 的基础模型 Swift-6B-Base 使用了更多的训练数据。\n"
    )
    assert _parents(text, "acme/swift-6b-base") == []


def test_possessor_kept_when_the_card_builds_on_it() -> None:
    text = (
        "# Swift-6B-Long\n\n"
        "Swift-6B-Long 在[Swift-6B](https://huggingface.co/acme/swift-6b)的基础上加强了长文本能力。\n\n"
        "1. **更强大的基础模型：** Swift-6B 的基础模型 Swift-6B-Base 使用了更多的训练数据。\n"
    )
    assert "acme/swift-6b" in _parents(text, "acme/swift-6b-long")


def test_evaluation_tool_is_no_parent() -> None:
    text = (
        "# Lark-chat-7b\n\n| Bench | Score |\n|---|---|\n| QA | 50 |\n\n"
        "- 以上评测结果基于 [EvalKit 2023](https://github.com/acme/EvalKit/) 获得。\n"
    )
    assert _parents(text, "acme/lark-chat-7b") == []


def test_based_on_a_named_model_in_chinese_still_read() -> None:
    text = "# Lark-chat-7b\n\n本模型基于 [Lark-7B](https://huggingface.co/acme/lark-7b) 训练。\n"
    assert "acme/lark-7b" in _parents(text, "acme/lark-chat-7b")


# --- a converted original's own history -----------------------------------------------------


def test_copied_card_of_the_converted_model_gives_no_grandparent() -> None:
    text = (
        "# Core ML build\n\nWe converted this model to Core ML for Apple devices. Source: "
        "[lark/heron-2-1-base](https://huggingface.co/lark/heron-2-1-base)\n\n"
        "# Heron 2.1 base card\n\n"
        "This `heron-2-1-base` model fine-tunes [heron-2-base](https://huggingface.co/lark/"
        "heron-2-base) (`base.ckpt`) with 200k extra steps.\n"
    )
    parents = _parents(text, "acme/coreml-heron-2-1-base")
    assert "lark/heron-2-base" not in parents
    assert "lark/heron-2-1-base" in parents


def test_this_model_fine_tunes_kept_when_it_is_this_card() -> None:
    text = (
        "# Heron 2.1 base\n\n"
        "This `heron-2-1-base` model fine-tunes [heron-2-base](https://huggingface.co/lark/"
        "heron-2-base) with 200k extra steps.\n"
    )
    assert _parents(text, "lark/heron-2-1-base") == ["lark/heron-2-base"]


# --- placeholders, predecessors, architectures ----------------------------------------------


def test_placeholder_name_in_a_credit_template_is_no_parent() -> None:
    text = (
        "# Tern 7B\n\nA Japanese model pre-trained on web text.\n\n"
        "Credit example: This model is a fine-tuned version of Tern-XX developed by Acme.\n"
    )
    assert _parents(text, "acme/tern-7b") == []


def test_name_after_its_predecessors_comma_is_this_model() -> None:
    text = (
        "# Wren 4.0\n\n## About\n\nWren 4.0 is an open text-to-image model. In comparison to "
        "its predecessors, Wren 4.0 takes in more data, which gives better pictures.\n"
    )
    assert _parents(text, "wren-lab/wren-4") == []


def test_predecessor_as_an_apposition_still_read() -> None:
    text = "# Wren 4.0\n\nWren 4.0 improves on its predecessor, Wren 3.1, with more data.\n"
    assert _parents(text, "wren-lab/wren-4") == ["wren 3.1"]


def test_based_on_a_model_architecture_is_no_parent() -> None:
    text = (
        "# Tiny Owl\n\n## Introduction\nTiny-Owl-135m is a small model trained on our chips. "
        "Based on Mistral model architecture, it loads as a MistralForCausalLM.\n"
    )
    assert _parents(text, "acme/tiny-owl-135m") == []


def test_based_on_a_model_still_read() -> None:
    text = (
        "# Tiny Owl\n\n## Introduction\nTiny-Owl-135m is a small model. Based on Mistral 7B, "
        "it loads as a MistralForCausalLM.\n"
    )
    assert _parents(text, "acme/tiny-owl-135m") == ["mistral 7b"]


def test_long_line_is_fast() -> None:
    line = "- Finch-" + "a" * 20000 + ": based on " + "x " * 5000
    text = _FAMILY_LIST + line + "\n在" + "字" * 20000 + "\n"
    start = time.perf_counter()
    _parents(text, "acme/finchcoder")
    assert time.perf_counter() - start < 0.5


def test_guards_on_a_long_line_are_fast() -> None:
    body = (
        "- Finch-" + "a" * 20000 + ": based on " + "x " * 5000 + "\n- FinchCoder: y\n"
        "- Finch-2b: z\n- Finch-3b: w\n在"
        + "字" * 20000
        + "的基础模型\n### "
        + "b-" * 10000
        + "\n"
        + "In comparison to its predecessors, " * 600
        + "基于 "
        + "x" * 20000
    )
    claims = [
        ProseClaim("Heron-13B", None, Strength.WEAK, "based on " + "x " * 100),
        ProseClaim("Kite-7B", None, Strength.WEAK, "基于 " + "x" * 200),
        ProseClaim("Kite-2", None, Strength.WEAK, "identical to x x x x"),
        ProseClaim("In", None, Strength.WEAK, "its predecessors, In"),
        ProseClaim("lark/kite", None, Strength.WEAK, "This `b-b` model fine-tunes x"),
    ]
    start = time.perf_counter()
    without_traps(ProseFindings(claims=claims), body, "acme/finchcoder")
    assert time.perf_counter() - start < 0.1


# --- a sibling's sentence carried over "and"; a pipeline's generated text -------------------


def test_sibling_subject_carried_over_and_gives_no_parent() -> None:
    text = (
        "# Lark Speech v2 large\n\nLark Speech v2 large translates speech and text.\n\n"
        "Note that larkS2T-medium covers 90 languages in text, and is based on Kite-200 "
        "(see its card).\n"
    )
    assert _parents(text, "acme/lark-speech-v2-large") == []


def test_own_subject_carried_over_and_still_read() -> None:
    text = (
        "# Lark Speech v2 large\n\n"
        "Note that lark-speech-v2-large covers 90 languages in text, and is based on Kite-200 "
        "(see its card).\n"
    )
    assert _parents(text, "acme/lark-speech-v2-large") == ["kite-200"]


def test_slash_words_in_generated_text_are_no_model() -> None:
    # A pipeline's sample output: "clerk/mentor" is text the model wrote, not a model.
    before = "[{'generated_text': 'The man works as a clerk/intern/staff training "
    assert role_clause(before, "coach/mentor", " at a bakery'}]", lambda _text: False)


def test_a_generation_sentence_naming_lineage_is_left_to_the_weights() -> None:
    before = "We fine-tuned "
    after = " on our data; see generated_text below."
    assert not role_clause(before, "acme/kite-7b", after, lambda text: "fine-tuned" in text)

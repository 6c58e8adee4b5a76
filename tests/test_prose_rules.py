"""Card rules for merges listed by hand and for bases named without an org."""

from __future__ import annotations

from importers.card import read_card
from importers.conversion_source import conversion_source
from importers.known_models import known_id
from importers.merge_lists import merge_list_claims, plain_recipe_claims
from importers.prose import Strength, read_prose
from importers.tables import base_column_claims
from lineage.core.records import EvidenceKind, Relation


def parents(text: str, model_id: str = "me/this-model") -> dict[str, Relation]:
    record = read_card(text, model_id, "README.md")
    return {c.parent: c.relation for c in record.claims}


# -- known foundation models -------------------------------------------------


def test_known_id_needs_the_exact_name() -> None:
    assert known_id("mistral-7b-v0.1") == "mistralai/Mistral-7B-v0.1"
    assert known_id(" Meta-Llama-3-8B-Instruct ") == "meta-llama/Meta-Llama-3-8B-Instruct"
    # A shortened or family name is not guessed at.
    assert known_id("Mistral-7B") is None
    assert known_id("Llama-2") is None
    # Published under two orgs: which one the card meant is unknown.
    assert known_id("CodeLlama-7b-hf") is None


def test_bare_well_known_base_gets_its_org() -> None:
    found = read_prose("It was fine-tuned from Mistral-7B-v0.1 on cooking notes.", "me/chef-7b")
    assert [c.parent for c in found.claims] == ["mistralai/Mistral-7B-v0.1"]


def test_bare_unknown_name_stays_as_written() -> None:
    found = read_prose("This is a fine-tune of Nimbus-13b-chat for poems.", "me/poet")
    assert [c.parent for c in found.claims] == ["Nimbus-13b-chat"]


def test_card_spelling_wins_over_the_table() -> None:
    text = (
        "A fine-tune of Mistral-7B-v0.1.\n\n```\nmodel = load('mirror-org/Mistral-7B-v0.1')\n```\n"
    )
    found = read_prose(text, "me/x")
    assert [c.parent for c in found.claims] == ["mirror-org/Mistral-7B-v0.1"]


# -- "models and LoRAs used" lists ---------------------------------------------

_BLEND = """\
A gradient blend I put together last weekend with my own merge script.

## Models and LoRAs used
- alpha-lab/Story-13B
- [Beta Chat](https://huggingface.co/beta/beta-chat-13b)
- gamma/Prose-LoRA-13B
- TheQuantizer/Story-13B-GGUF (quantized copy, for reference)

## Prompt format
- Use the usual template.
"""


def test_models_and_loras_used_list_names_the_inputs() -> None:
    got = parents(_BLEND)
    assert got == {
        "alpha-lab/Story-13B": Relation.MERGE,
        "beta/beta-chat-13b": Relation.MERGE,
        "gamma/Prose-LoRA-13B": Relation.MERGE,
    }
    record = read_card(_BLEND, "me/this-model", "README.md")
    assert all(c.kind is EvidenceKind.CARD_PROSE for c in record.claims)
    assert all((c.value or "").startswith("[merge-list]") for c in record.claims)


def test_an_explicit_merge_sentence_makes_the_list_ancestry() -> None:
    text = (
        "Merge of [First 13B](https://huggingface.co/me/first-13b) and "
        "[Second 13B](https://huggingface.co/me/second-13b).\n\n" + _BLEND.split("\n", 1)[1]
    )
    assert set(parents(text)) == {"me/first-13b", "me/second-13b"}


def test_models_used_list_without_merge_words_is_not_read() -> None:
    text = "An evaluation report.\n\n## Models used\n- judge-org/judge-7b\n- other/baseline-7b\n"
    assert merge_list_claims(text, "me/report") == []
    assert parents(text) == {}


# -- the source of a conversion repo ------------------------------------------------


def test_conversion_repo_named_source_outranks_the_copied_text() -> None:
    text = (
        "This is the [Lark-2B-Chat](https://huggingface.co/songbird/Lark-2B-Chat) model in "
        "GGUF format.\n\nLark-2B-Chat was instruction-tuned from "
        "[songbird/Lark-2B](https://huggingface.co/songbird/Lark-2B) with a teacher's help.\n"
    )
    got = parents("---\nbase_model: other/copied-base\n---\n" + text, "quanter/Lark-2B-Chat-GGUF")
    assert got == {"songbird/Lark-2B-Chat": Relation.QUANTIZED}


def test_publishers_own_gguf_release() -> None:
    text = "# Lark 2B\n\nThis repo offers `lark-2b-chat` in GGUF format at several precisions.\n"
    assert parents(text, "songbird/lark-2b-chat-gguf") == {
        "songbird/lark-2b-chat": Relation.QUANTIZED
    }


def test_well_known_source_named_in_a_conversion_heading() -> None:
    text = "---\nbase_model: Qwen/Qwen2.5-1.5B\n---\n# Qwen2.5-1.5B-Instruct GGUF Models\n"
    assert parents(text, "quanter/Qwen2.5-1.5B-Instruct-GGUF") == {
        "Qwen/Qwen2.5-1.5B-Instruct": Relation.QUANTIZED
    }


def test_a_name_alone_is_no_conversion_statement() -> None:
    # The repo name implies the source, but no line of the card says it was converted.
    text = "# Lark 2B Chat\n\nlark-2b-chat answers questions about birds.\n"
    assert parents(text, "songbird/lark-2b-chat-gguf") == {}
    # A local path is no model id; a full-precision release ("-fp16") is no conversion.
    path = "Run it: `./models/lark-2b-chat` quantized with llama.cpp.\n"
    assert conversion_source(path, "songbird/lark-2b-chat-gguf", has_yaml_parent=False) is None
    fp16 = "The `lark-2b-chat` weights, converted to fp16.\n"
    assert parents(fp16, "songbird/lark-2b-chat-fp16") == {}
    assert parents(fp16, "songbird/lark-2b-chat-gguf") == {
        "songbird/lark-2b-chat": Relation.QUANTIZED
    }


def test_conversion_card_copying_the_sources_lineage_sentence() -> None:
    # The GGUF repo keeps its source's card: "X is … tuned from Y" makes Y a grand-parent.
    text = (
        "lark-vision-2b is a vision model fine-tuned from "
        "[songbird/Lark-2B](https://huggingface.co/songbird/Lark-2B) on captions.\n\n"
        "**These weights are stored as GGUF.**\n"
    )
    assert parents(text, "painter/lark-vision-2b-gguf") == {
        "painter/lark-vision-2b": Relation.QUANTIZED
    }
    # The family before the size ("Lark1.5" for "Lark1.5-7B-Chat") is the same subject.
    family = "# Lark1.5-7B-Chat-GGUF\n\nLark1.5 is based on Wren2, a series of models.\n"
    assert parents(family, "songbird/Lark1.5-7B-Chat-GGUF") == {
        "songbird/Lark1.5-7B-Chat": Relation.QUANTIZED
    }


def test_subject_rule_leaves_declared_and_labelled_sources_alone() -> None:
    sentence = "lark-vision-2b is a vision model fine-tuned from songbird/Lark-2B.\n"
    # A YAML parent is the author's word; "Original model:" names the source itself.
    declared = "---\nbase_model: painter/lark-vision-2b\n---\n" + sentence
    assert parents(declared, "quanter/lark-vision-2b-gguf") == {
        "painter/lark-vision-2b": Relation.QUANTIZED
    }
    label = "Original model: https://huggingface.co/painter/lark-vision-2b\n\n" + sentence
    assert parents(label, "quanter/lark-vision-2b-gguf") == {
        "painter/lark-vision-2b": Relation.QUANTIZED
    }
    # A sentence about the model that states no lineage is no statement of a source.
    plain = "lark-vision-2b is a small captioning model.\n"
    assert conversion_source(plain, "painter/lark-vision-2b-gguf", has_yaml_parent=False) is None


def test_a_conversions_copied_teacher_is_the_sources_teacher() -> None:
    text = (
        "---\nbase_model: songbird/Lark-8B-Distilled\n---\n"
        "Lark-8B-Distilled is a small distilled version of "
        "[Lark Big](https://huggingface.co/songbird/Lark-Big).\n"
    )
    assert parents(text, "quanter/Lark-8B-Distilled-GGUF") == {
        "songbird/Lark-8B-Distilled": Relation.QUANTIZED
    }
    # The same card in the source's own repo keeps its teacher beside the declared base.
    source = parents(text, "songbird/Lark-8B-Student")
    assert source.get("songbird/Lark-Big") is Relation.DISTILLATION


def test_runtime_compatible_versions_name_the_converted_source() -> None:
    text = (
        "llama.cpp compatible versions of the original "
        "[13B weights](https://huggingface.co/wren/lark_13b_lora), in several sizes.\n"
    )
    assert claims(text, "wren/lark_13b_gguf") == [("wren/lark_13b_lora", Relation.QUANTIZED)]
    # Without a runtime or format word, "versions of" says nothing about how it was made.
    plain = "Older versions of the [13B weights](https://huggingface.co/wren/lark_13b_lora).\n"
    assert claims(plain, "wren/lark_13b_v2") == []


# -- more ways of naming the weights a model starts from -------------------------------


def claims(text: str, model_id: str = "me/this-model") -> list[tuple[str, Relation | None]]:
    return [(c.parent, c.relation) for c in read_prose(text, model_id).claims]


def test_label_with_bracketed_name_and_no_link() -> None:
    text = "- **Finetuned from model:** [Meta-Llama-3-8B-Instruct]\n- **License:** other\n"
    assert claims(text) == [("meta-llama/Meta-Llama-3-8B-Instruct", Relation.FINETUNE)]
    # Bracketed words that are no model name are nothing.
    assert claims("Fine-tuned from: [More Information Needed]\n") == []


def test_possessive_before_the_link() -> None:
    text = (
        "A knowledge distilled version of\nHeron Lab's [Heron Large](https://huggingface.co/"
        "heron-lab/heron-large-v2), much smaller.\n"
    )
    assert claims(text) == [("heron-lab/heron-large-v2", Relation.DISTILLATION)]


def test_used_as_our_base() -> None:
    text = (
        "We used [Falcon 1B](https://huggingface.co/wing/falcon-1b-v3) as our base model and "
        "trained it on recipes.\n"
    )
    got = read_prose(text, "me/chef").claims
    assert [(c.parent, c.strength) for c in got] == [("wing/falcon-1b-v3", Strength.LABEL)]


def test_this_is_x_with_and_extension_of() -> None:
    assert claims("This is wing/falcon-1b-v3 with its refusal direction removed.\n") == [
        ("wing/falcon-1b-v3", Relation.FINETUNE)
    ]
    text = "It is an extension of [Falcon 1B](https://huggingface.co/wing/falcon-1b-v3) to 64k.\n"
    assert claims(text) == [("wing/falcon-1b-v3", Relation.FINETUNE)]


def test_base_named_in_a_merge_card_is_a_merge_input() -> None:
    text = (
        "A SLERP merge made with mergekit, using [Owl 7B](https://huggingface.co/birds/owl-7b) "
        "as the base.\n"
    )
    assert parents(text, "me/owl-mix-7b") == {"birds/owl-7b": Relation.MERGE}


# -- a family table with a "Base model" column --------------------------------------

_FAMILY = """\
Our family of bird models:

| Model | **Base Model** | Context |
|:------|:--------------:|---------|
| [Owl-7B](https://huggingface.co/birds/Owl-7B) | [Finch 7B](https://huggingface.co/b/finch-7b) | 8k |
| Owl-13B | [Finch 13B](https://huggingface.co/b/finch-13b) | 8k |
| Owl-2B | Mistral-7B-v0.1 | 4k |
"""


def test_base_column_on_the_cards_own_row() -> None:
    assert base_column_claims(_FAMILY, "birds/Owl-7B")[0].parent == "b/finch-7b"
    assert base_column_claims(_FAMILY, "birds/owl-13b")[0].parent == "b/finch-13b"
    # A well-known base written without its org; a model with no row has no claim.
    assert base_column_claims(_FAMILY, "birds/Owl-2B")[0].parent == "mistralai/Mistral-7B-v0.1"
    assert base_column_claims(_FAMILY, "birds/Owl-70B") == []
    assert parents(_FAMILY, "birds/Owl-13B") == {"b/finch-13b": Relation.FINETUNE}


# -- label lines in other languages -------------------------------------------------


def test_cjk_and_portuguese_labels() -> None:
    zh = "* 基础模型 [Owl-7B](https://huggingface.co/birds/Owl-7B)\n* 训练数据：自有语料\n"
    assert claims(zh) == [("birds/Owl-7B", None)]
    ja = "ベースモデル：birds/Owl-7B\n"
    assert claims(ja) == [("birds/Owl-7B", None)]
    pt = "- Modelo Original: [Owl 7B](https://huggingface.co/birds/Owl-7B)\n- Quantização: 4 bits\n"
    assert claims(pt) == [("birds/Owl-7B", None)]
    ko = "이 모델은 [birds/Owl-7B](https://huggingface.co/birds/Owl-7B)를 토대로 만들었습니다.\n"
    assert claims(ko) == [("birds/Owl-7B", None)]


def test_cjk_label_in_running_text_is_no_label() -> None:
    # "a stronger base model, Owl-13B-Base, …": a comparison, not this model's base.
    assert claims("我们发布了更强大的基础模型 Owl-13B-Base，性能更好。\n") == []


def test_bare_name_stops_at_cjk_text() -> None:
    text = "本模型 [Owl-7B](https://example.org/owl) 的中文版。基础模型：Owl-7B具有更长的上下文。\n"
    assert [c.parent for c in read_prose(text, "me/x").claims] == ["Owl-7B"]


# -- more merge statements ----------------------------------------------------------


def test_moe_of_the_following_models() -> None:
    text = "An MoE of the following models:\n* [Owl 7B](https://huggingface.co/birds/owl-7b)\n* birds/wren-7b\n"
    assert claims(text) == [("birds/owl-7b", Relation.MERGE), ("birds/wren-7b", Relation.MERGE)]


def test_frankenmerge_with_authors_between_the_inputs() -> None:
    text = (
        "A frankenmerge with [Owl-13B](https://huggingface.co/birds/owl-13b) by Birdhouse and "
        "[Wren-13B](https://huggingface.co/birds/wren-13b) by Nest (and friends).\n"
    )
    assert claims(text) == [("birds/owl-13b", Relation.MERGE), ("birds/wren-13b", Relation.MERGE)]


def test_recipe_in_plain_text() -> None:
    text = (
        "models:\n  - model: birds/owl-7b\n    parameters:\n      weight: 0.6\n"
        "  - model: birds/wren-7b\nmerge_method: linear\ndtype: float16\n"
    )
    assert parents(text, "me/owl-wren") == {
        "birds/owl-7b": Relation.MERGE,
        "birds/wren-7b": Relation.MERGE,
    }
    # A fenced recipe is read by the mergekit-in-card rule, not twice.
    assert plain_recipe_claims("```yaml\n" + text + "```\n", "me/owl-wren") == []

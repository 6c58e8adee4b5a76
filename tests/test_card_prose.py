"""Lineage read from card prose: the phrases real cards use, and the traps."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.frontmatter import split_front_matter
from importers.prose import MAX_PROSE_CHARS, ProseClaim, ProseFindings, Strength, read_prose
from lineage.core.records import EvidenceKind, Relation, Unresolved

CARDS = Path(__file__).parent / "fixtures" / "cards"
FT, AD, QU, ME, DI = (
    Relation.FINETUNE,
    Relation.ADAPTER,
    Relation.QUANTIZED,
    Relation.MERGE,
    Relation.DISTILLATION,
)


def prose_of(name: str, model_id: str = "me/this-model") -> ProseFindings:
    body = split_front_matter((CARDS / name).read_text(encoding="utf-8"), name).body
    return read_prose(body, model_id)


def edges(found: ProseFindings) -> list[tuple[str, Relation | None, Strength]]:
    return [(c.parent, c.relation, c.strength) for c in found.claims]


def test_trainer_sentence_with_dataset_id() -> None:
    found = prose_of("trainer_finetune.md")
    # The HTML comment and the code block also say "fine-tuned version of": ignored.
    assert edges(found) == [("northwind/tiny-lm-1.3b", FT, Strength.STRONG)]
    claim = found.claims[0]
    assert (claim.inferred, claim.conversion) == (False, False)
    assert claim.snippet.startswith("fine-tuned version of [northwind/tiny-lm-1.3b](https://")
    assert found.datasets == ["northwind/kitchen-dialogues"]


def test_none_and_unknown_datasets_are_not_datasets() -> None:
    none = prose_of("trainer_none_dataset.md")
    assert edges(none) == [("distilroberta-base", FT, Strength.STRONG)]
    assert none.datasets == []
    unknown = prose_of("trainer_unknown_dataset.md")
    assert edges(unknown) == [("papyrus/summarizer-v1", FT, Strength.STRONG)]
    assert unknown.datasets == []


def test_dataset_name_with_config_and_dataset_link() -> None:
    found = read_prose(
        "This model is a fine-tuned version of [a/b-1b](https://huggingface.co/a/b-1b) on the "
        "wikitext wikitext-2-raw-v1 dataset.\n\nIt was fine-tuned from [c/d-2b](https://hf.co/c/d-2b) "
        "on the [Chat data](https://huggingface.co/datasets/c/chat-data).",
        "me/x",
    )
    assert edges(found) == [("a/b-1b", FT, Strength.STRONG), ("c/d-2b", FT, Strength.STRONG)]
    assert found.datasets == ["wikitext", "c/chat-data"]


def test_gguf_my_repo_conversion() -> None:
    found = prose_of("gguf_my_repo.md", "someone/lighthouse-8b-Q4_K_M-GGUF")
    assert edges(found) == [("harbor/lighthouse-8b", QU, Strength.STRONG)]
    assert found.claims[0].conversion
    assert found.conversion_wording


def test_mlx_conversion_skips_the_cards_own_id() -> None:
    found = prose_of("mlx_conflict.md", "mlx-people/clover-9b-instruct-4bit")
    assert edges(found) == [("meadow/clover-9b-instruct", QU, Strength.STRONG)]


def test_mlx_conversion_subject_is_the_result_not_the_source() -> None:
    found = prose_of("mlx_conflict.md", "someone/else")
    assert edges(found) == [("meadow/clover-9b-instruct", QU, Strength.STRONG)]


def test_reference_before_converted_to() -> None:
    text = (
        "[acme/reasoner-7b](https://huggingface.co/acme/reasoner-7b)\n"
        "converted to the **LiteRT-LM** format for phones."
    )
    assert edges(read_prose(text, "me/x")) == [("acme/reasoner-7b", QU, Strength.STRONG)]


def test_quantization_phrases() -> None:
    text = (
        "Quantized version of [Coder-9B](https://huggingface.co/acme/Coder-9B).\n\n"
        "static quants of https://huggingface.co/acme/Writer-3B\n\n"
        "This is an ONNX version of [acme/vision-s](https://huggingface.co/acme/vision-s).\n\n"
        "NVFP4 quantization of [acme/big-70b](https://huggingface.co/acme/big-70b) by us.\n\n"
        "GGUF conversion of the frozen [acme/enc-300m](https://huggingface.co/acme/enc-300m) encoder."
    )
    found = read_prose(text, "me/x")
    assert [(c.parent, c.relation, c.conversion) for c in found.claims] == [
        ("acme/Coder-9B", QU, True),
        ("acme/Writer-3B", QU, True),
        ("acme/vision-s", QU, True),
        ("acme/big-70b", QU, True),
        ("acme/enc-300m", QU, True),
    ]


def test_version_of_needs_a_telling_adjective() -> None:
    text = (
        "This is an uncensored version of [acme/chat-12b](https://huggingface.co/acme/chat-12b).\n\n"
        "A smaller version of [acme/huge-400b](https://huggingface.co/acme/huge-400b) is planned."
    )
    found = read_prose(text, "me/x")
    assert [(c.parent, c.relation, c.inferred) for c in found.claims] == [
        ("acme/chat-12b", FT, True)
    ]


def test_lora_adapter_and_adapter_wording() -> None:
    text = (
        "BF16 LoRA adapter for [Vision Reasoner 2B](https://huggingface.co/acme/vr-2b) "
        "fine-tuned on the [shelf dataset](https://huggingface.co/datasets/acme/shelves)."
    )
    found = read_prose(text, "me/x")
    assert edges(found) == [("acme/vr-2b", AD, Strength.STRONG)]
    assert found.datasets == ["acme/shelves"]
    assert found.adapter_wording


def test_weak_based_on_takes_its_relation_from_the_card() -> None:
    found = prose_of("based_on_adapter.md")
    # The block quote and the bibtex block name models too: neither is lineage.
    assert [(c.parent, c.relation, c.strength, c.inferred) for c in found.claims] == [
        ("kitchen/Mistral-7B-Kitchen", None, Strength.WEAK, True)
    ]
    assert found.adapter_wording


def test_distillation() -> None:
    found = prose_of("distilled.md")
    assert edges(found) == [("giant-encoder-large", DI, Strength.STRONG)]
    teacher = read_prose(
        "The student, trained via knowledge distillation from [teacher](https://huggingface.co/"
        "lab/teacher-large), is 3x smaller.",
        "lab/student-small",
    )
    assert edges(teacher) == [("lab/teacher-large", DI, Strength.STRONG)]
    assert teacher.distill_wording


def test_distilled_from_a_page_outside_the_hub_is_unresolved() -> None:
    found = read_prose(
        "Embeddings distilled from [BigEmbed](https://blog.example.org/big).", "me/x"
    )
    assert found.claims == []
    assert found.unresolved == [
        Unresolved(
            "https://blog.example.org/big",
            EvidenceKind.CARD_PROSE,
            "URL outside the Hugging Face Hub",
        )
    ]


def test_merge_list_with_a_local_path() -> None:
    found = prose_of("lazymerge_no_yaml.md")
    assert edges(found) == [
        ("skyline/falcon-wing-7b", ME, Strength.STRONG),
        ("skyline/hawk-eye-7b", ME, Strength.STRONG),
    ]
    assert found.unresolved == [
        Unresolved("./scratch/my-local-blend", EvidenceKind.CARD_PROSE, "local path")
    ]


def test_mergekit_base_and_included_models() -> None:
    found = prose_of("mergekit.md")
    assert sorted(c.parent for c in found.claims) == [
        "marsh/heron-7b",
        "riverbank/beaver-7b",
        "riverbank/otter-7b",
    ]
    assert {c.relation for c in found.claims} == {ME}
    assert found.merge_wording


def test_inline_merge_of_bare_ids() -> None:
    text = (
        "Slerp merge of alpha-lab/alpha-7b with beta/beta-7b-v0.1. This model was then slerp "
        "merged with gamma/Gamma-7B. Blended and/or tuned by hand."
    )
    assert edges(read_prose(text, "me/x")) == [
        ("alpha-lab/alpha-7b", ME, Strength.STRONG),
        ("beta/beta-7b-v0.1", ME, Strength.STRONG),
        ("gamma/Gamma-7B", ME, Strength.STRONG),
    ]


def test_a_vague_merge_names_no_parent() -> None:
    found = read_prose("a merge of a lot of different models, like hermes and beluga", "me/x")
    assert found.claims == []
    assert found.merge_wording


def test_base_model_label_in_a_table_and_a_list() -> None:
    text = (
        "| Property | Value |\n|---|---|\n| **Base model** | [acme/small-v3](https://huggingface.co/"
        "acme/small-v3) |\n| **Format** | ONNX (INT8 quantized) |\n\n"
        "- **Original model**: `acme/other-1b`\n"
    )
    found = read_prose(text, "me/x")
    # A table row is its own sentence: "quantized" in the next row says nothing about it.
    assert [(c.parent, c.relation, c.strength) for c in found.claims] == [
        ("acme/small-v3", None, Strength.LABEL),
        ("acme/other-1b", None, Strength.LABEL),
    ]


def test_chinese_prose_qualifies_a_bare_name_from_a_command() -> None:
    found = prose_of("chinese_prose.md", "tea-lab/Panda-Chat-14B-tea-lora")
    assert [(c.parent, c.relation, c.strength) for c in found.claims] == [
        ("bamboo-ai/Panda-Chat-14B", AD, Strength.WEAK)
    ]


def test_bare_name_with_two_possible_orgs_is_not_guessed() -> None:
    text = "This work is based on Falcon-Tiny-1B.\n\n`a/Falcon-Tiny-1B` and `b/Falcon-Tiny-1B`."
    found = read_prose(text, "me/x")
    assert found.claims == []
    assert found.unresolved == [
        Unresolved("Falcon-Tiny-1B", EvidenceKind.CARD_PROSE, "model name without an organisation")
    ]


def test_predecessor_shares_the_cards_org() -> None:
    found = read_prose("Lynx-2 improves over its predecessor, Lynx-1.5, in math.", "felid/Lynx-2")
    assert [(c.parent, c.relation) for c in found.claims] == [("felid/Lynx-1.5", Relation.UNKNOWN)]


def test_this_is_x_finetuned_on() -> None:
    text = (
        "This is [Open Tiny 3B](https://huggingface.co/open-lab/open_tiny_3b) finetuned on "
        "[LIMA](https://huggingface.co/datasets/someone/lima_format) for 2 epochs."
    )
    found = read_prose(text, "me/x")
    assert edges(found) == [("open-lab/open_tiny_3b", FT, Strength.STRONG)]
    assert found.datasets == ["someone/lima_format"]


def test_unsloth_template_and_dataset_label() -> None:
    text = (
        "- **Developed by:** someone\n- **Finetuned from model :** unsloth/tiny-3b-bnb-4bit\n"
        "- **Finetuned from dataset :** someone/vi-chat\n"
    )
    found = read_prose(text, "someone/vi-bot")
    assert edges(found) == [("unsloth/tiny-3b-bnb-4bit", FT, Strength.STRONG)]
    assert found.datasets == ["someone/vi-chat"]


def test_the_card_itself_is_never_a_parent() -> None:
    found = prose_of("self_reference.md", "solo/echo-1b")
    assert found.claims == []
    assert found.unresolved == []


def test_trainer_none_model_is_unresolved_not_a_parent() -> None:
    text = "This model is a fine-tuned version of [None](https://huggingface.co/None) on the x dataset."
    found = read_prose(text, "me/x")
    assert found.claims == []
    assert found.unresolved == [
        Unresolved(
            "https://huggingface.co/None", EvidenceKind.CARD_PROSE, "empty or placeholder value"
        )
    ]


def test_local_checkpoint_link_is_unresolved() -> None:
    text = (
        "This model is a fine-tuned version of [/content/out](https://huggingface.co//content/out) "
        "on an unknown dataset."
    )
    found = read_prose(text, "me/x")
    assert found.claims == []
    assert [u.reason for u in found.unresolved] == ["local path"]


def test_prose_after_the_scan_limit_is_ignored() -> None:
    late = "This model is a fine-tuned version of [late/parent-1b](https://huggingface.co/late/parent-1b)."
    assert read_prose("x" * MAX_PROSE_CHARS + "\n" + late, "me/x").claims == []
    assert read_prose("x" * 100 + "\n" + late, "me/x").claims != []


def test_claim_type() -> None:
    found = prose_of("trainer_none_dataset.md")
    assert found.claims == [
        ProseClaim(
            parent="distilroberta-base",
            relation=FT,
            strength=Strength.STRONG,
            snippet="fine-tuned version of [distilroberta-base](https://huggingface.co/distilroberta-base)",
        )
    ]


# One sentence per kind of statement: (text, expected parent, relation, strength).
_STATEMENTS = [
    ("Our model was initialized from [Kite 3B](https://huggingface.co/aero/kite-3b).",
     "aero/kite-3b", FT, Strength.STRONG),
    ("We continued pretraining from aero/kite-3b on 20B tokens.", "aero/kite-3b", FT,
     Strength.STRONG),
    ("A further fine-tune of aero/kite-3b-chat with more dialogue.", "aero/kite-3b-chat", FT,
     Strength.STRONG),
    ("An abliterated version of aero/kite-3b-chat.", "aero/kite-3b-chat", FT, Strength.STRONG),
    ("This repo contains AWQ model files for [Aero's Kite](https://huggingface.co/aero/kite-3b).",
     "aero/kite-3b", QU, Strength.STRONG),
    ("ONNX port of [aero/kite-3b](https://huggingface.co/aero/kite-3b) for browsers.",
     "aero/kite-3b", QU, Strength.STRONG),
    ("[Kite 3B](https://huggingface.co/aero/kite-3b) was used as the base model.", "aero/kite-3b",
     None, Strength.LABEL),
    ("Distilled model.\n\n| Teacher | aero/kite-70b |", "aero/kite-70b", DI, Strength.LABEL),
    ("Distillation setup.\nStudent base: aero/kite-1b", "aero/kite-1b", FT, Strength.LABEL),
    ("For distillation we used aero/kite-70b as the teacher.", "aero/kite-70b", DI, Strength.STRONG),
    ("A model merge between aero/kite-3b and sky/glider-3b.", "aero/kite-3b", ME, Strength.STRONG),
    # Named without an organisation and nowhere qualified: kept as written.
    ("This model was trained on top of Glider-13b for code.", "Glider-13b", FT, Strength.STRONG),
    ("A chat model based on [Kite-2-7B](https://vendor.example/kite).", "Kite-2-7B", None,
     Strength.WEAK),
    # Other languages.
    ("Модель основана на aero/kite-3b и дообучена на диалогах.", "aero/kite-3b", None,
     Strength.WEAK),
    ("Дообученная версия модели aero/kite-3b.", "aero/kite-3b", FT, Strength.STRONG),
    ("Dieses Modell basiert auf aero/kite-3b und wurde für Dialoge trainiert.", "aero/kite-3b", None, Strength.WEAK),
    ("Eine quantisierte Version von aero/kite-3b für kleine Geräte.", "aero/kite-3b", QU, Strength.STRONG),
    ("Une version affinée de aero/kite-3b pour le français.", "aero/kite-3b", FT,
     Strength.STRONG),
    ("Un modelo basado en aero/kite-3b, entrenado en español.", "aero/kite-3b", None, Strength.WEAK),
    ("Uma versão ajustada de aero/kite-3b.", "aero/kite-3b", FT, Strength.STRONG),
    ("[aero/kite-3b](https://huggingface.co/aero/kite-3b)をベースに日本語で追加学習しました。",
     "aero/kite-3b", None, Strength.WEAK),
    ("aero/kite-3b を微調整したモデルです。", "aero/kite-3b", FT, Strength.STRONG),
    ("[Kite](https://huggingface.co/aero/kite-3b)のGGUF変換版です。", "aero/kite-3b", QU,
     Strength.STRONG),
    ("aero/kite-3b 를 기반으로 한 한국어 모델입니다.", "aero/kite-3b", None, Strength.WEAK),
    ("本模型在 aero/kite-3b 的基础上进行了指令微调。", "aero/kite-3b", None, Strength.STRONG),
    ("这是 aero/kite-3b 的量化版本。", "aero/kite-3b", QU, Strength.STRONG),
]  # fmt: skip


@pytest.mark.parametrize(("text", "parent", "relation", "strength"), _STATEMENTS)
def test_kinds_of_lineage_statements(
    text: str, parent: str, relation: Relation | None, strength: Strength
) -> None:
    found = read_prose(text, "me/x")
    assert [(c.parent, c.relation, c.strength) for c in found.claims][:1] == [
        (parent, relation, strength)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "This is not a fine-tuned version of aero/kite-3b.",
        "Not a derivative of [Kite](https://huggingface.co/aero/kite-3b).",
        "The vocabulary is based on aero/kite-3b's tokenizer.",
        "Quantized versions of this model are available from quantfolk.",
        "Built on the Kite-3B architecture, trained from scratch.",
        "Most of the data was distilled from GPT-4 and Claude-3.",
        "Like its namesake at 01.ai, the model is based on 01.ai research.",
        "Words are split with a segmenter based on the Lexi 3.2 dictionary.",
        "## Labels derived from the TagBank 4.0 annotation",
        "The filtering is based on the Sieve-2 method and the Pile-X corpus.",
    ],
)
def test_statements_that_name_no_parent(text: str) -> None:
    assert read_prose(text, "me/x").claims == []


def test_merge_list_after_a_colon() -> None:
    text = (
        "A [Kite](https://huggingface.co/aero/kite-70b)-based model made as a merge between:\n"
        "- [aero/kite-70b-story](https://huggingface.co/aero/kite-70b-story)\n"
        "- sky/glider-70b\n\nIt writes well."
    )
    assert [(c.parent, c.relation) for c in read_prose(text, "me/x").claims] == [
        ("aero/kite-70b-story", ME),
        ("sky/glider-70b", ME),
    ]


def test_a_bare_name_is_the_org_qualified_model_linked_elsewhere() -> None:
    text = (
        "Trained on top of kite-3b-base.\n\n"
        "| Model | Link |\n|---|---|\n| base | [here](https://huggingface.co/aero/kite-3b-base) |\n"
    )
    assert [c.parent for c in read_prose(text, "me/x").claims] == ["aero/kite-3b-base"]


def test_cache_path_in_prose_names_the_hub_repo() -> None:
    text = (
        "Fine-tuned from /home/u/.cache/huggingface/hub/models--aero--kite-3b/snapshots/0a1b2c3d."
    )
    [claim] = read_prose(text, "me/x").claims
    assert (claim.parent, claim.revision) == ("aero/kite-3b", "0a1b2c3d")


def test_the_pasted_original_card_is_not_this_cards_lineage() -> None:
    text = (
        "GGUF format model files for [Kite](https://huggingface.co/aero/kite-3b).\n\n"
        "## Original model card: Kite 3B\n\nKite is a fine-tuned version of aero/kite-3b-base.\n"
    )
    assert [c.parent for c in read_prose(text, "me/kite-3b-GGUF").claims] == ["aero/kite-3b"]

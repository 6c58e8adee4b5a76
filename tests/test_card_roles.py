"""Roles of model references read from a card's shape, and the traps that are not parents."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers import scorer
from importers.card import read_card, read_card_bytes
from importers.references import mentions, reference
from importers.roles import _names_chat_tuning, is_child, is_conversion_name, role_claims
from lineage.core.ids import parse_reference
from lineage.core.records import EvidenceKind, Relation, SourceRecord

CARDS = Path(__file__).parent / "fixtures" / "cards"
YAML, PROSE = EvidenceKind.CARD_YAML, EvidenceKind.CARD_PROSE
FT, AD, QU, ME, DI = (
    Relation.FINETUNE,
    Relation.ADAPTER,
    Relation.QUANTIZED,
    Relation.MERGE,
    Relation.DISTILLATION,
)


def card(name: str, model_id: str) -> SourceRecord:
    path = CARDS / name
    [record] = read_card_bytes(path.read_bytes(), model_id, str(path))
    return record


def parents(record: SourceRecord) -> list[tuple[str, Relation, EvidenceKind]]:
    return [(c.parent, c.relation, c.kind) for c in record.claims]


def test_mentions_list_every_form_of_reference() -> None:
    body = (
        "See [Nice Name](https://huggingface.co/acme/nice-7b) and hf.co/acme/other-1b.\n"
        "`acme/plain-2b` is loaded from /data/hub/models--cacheorg--cached-3b/snapshots/abc1234\n"
        "```\nload('codeorg/code-4b')\n```\n"
        "Data: https://huggingface.co/datasets/acme/not-a-model and github.com/acme/not-hub.\n"
    )
    found = [(m.model_id, m.form, m.in_code) for m in mentions(body)]
    assert found == [
        ("acme/nice-7b", "url", False),
        ("acme/other-1b", "url", False),
        ("acme/plain-2b", "id", False),
        ("cacheorg/cached-3b", "cache", False),
        ("codeorg/code-4b", "id", True),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- acme/heron-7b-v0.2.1/", ["acme/heron-7b-v0.2.1"]),  # a slash closing a list item
        ("merged acme/heron-v1.5/ and more", ["acme/heron-v1.5"]),
        ("see acme/heron-v1.5. Then", ["acme/heron-v1.5"]),
        ("acme/heron-7b/config.json", []),  # a path into a repo: no id
        ("acme/heron-x/y", []),  # never the part before a hyphen
    ],
)
def test_a_plain_id_ends_where_its_name_ends(line: str, expected: list[str]) -> None:
    assert [m.model_id for m in mentions(line)] == expected


@pytest.mark.parametrize(
    "raw",
    [
        "acme/nice-7b",
        "https://huggingface.co/acme/nice-7b/tree/main",
        "acme/base-7b+acme/lora-7b",
        "./local/folder",
        "output/Merged",
        "gpt2",
        "none",
        "models--acme--cached/snapshots/abc1234",
    ],
)
def test_the_readers_kept_answer_for_a_reference_is_a_fresh_reading(raw: str) -> None:
    # Mentions, mergekit recipes and training commands read their ids through the answer
    # kept per string (`importers.references.reference`): the same as reading it afresh.
    assert reference(raw) == parse_reference(raw)
    assert reference(raw) is reference(raw)


def test_conversion_names() -> None:
    assert is_conversion_name("Widget-7B-GGUF")
    assert is_conversion_name("widget-7b-q4_k_m")
    assert not is_conversion_name("Widget-7B-Instruct")
    assert is_child("quantfolk/Widget-7B-GGUF", "widgetco/Widget-7B")
    assert is_child("quantfolk/widget_7b-awq", "widgetco/Widget-7B")
    assert not is_child("widgetco/Widget-7B", "quantfolk/Widget-7B-GGUF")
    assert not is_child("widgetco/Widget-7B-Instruct", "widgetco/Widget-7B")


def test_quantizer_card_ignores_children_and_the_copied_original_card() -> None:
    record = card("quant_repack.md", "quantfolk/heron-13b-GGUF")
    # The YAML and "GGUF format model files for" agree; the sibling AWQ/GPTQ repos and the
    # grand-parents named in the pasted original card are not parents.
    assert parents(record) == [("lakeside/heron-13b", QU, YAML), ("lakeside/heron-13b", QU, PROSE)]


def test_merge_inputs_under_a_heading_and_in_a_pasted_recipe() -> None:
    record = card("merge_section.md", "me/Tidepool-7B")
    got = {(p, r) for p, r, _ in parents(record)}
    assert got == {
        ("seafloor/kelp-7b-v2", ME),
        ("reefworks/urchin-7b", ME),
        ("plankton/base-7b", ME),
    }
    # Each claim says which rule read it; the recipe is read first.
    assert {(c.value or "").split("]")[0] for c in record.claims} == {"[mergekit-in-card"}
    section_only = (CARDS / "merge_section.md").read_text().split("### Configuration")[0]
    record = read_card(section_only, "me/Tidepool-7B", "x")
    assert [(c.parent, c.relation, (c.value or "")[:15].strip()) for c in record.claims] == [
        ("seafloor/kelp-7b-v2", ME, "[merge-section]"),
        ("reefworks/urchin-7b", ME, "[merge-section]"),
    ]


def test_mixture_of_experts_recipe_names_its_experts() -> None:
    record = card("moe_experts.md", "me/Hydra-4x7B")
    assert {p for p, r, _ in parents(record) if r is ME} == {
        "ocean/hydra-base-7b",
        "ocean/coder-7b",
        "ocean/writer-7b",
    }


def test_a_lora_merged_into_the_weights_is_a_finetune() -> None:
    record = card("lora_merged.md", "me/quill-8b")
    assert parents(record) == [("scribe/quill-base-8b", FT, PROSE)]


def test_peft_usage_code_names_the_base_of_an_adapter() -> None:
    record = card("peft_code.md", "me/lantern-lora")
    assert parents(record) == [("glowco/lantern-7b", AD, PROSE)]
    assert (record.claims[0].value or "").startswith("[peft-code]")
    assert record.claims[0].relation_inferred


def test_a_conversion_repo_names_its_source_by_name() -> None:
    record = card("conversion_name.md", "me/Widget-7B-GGUF")
    assert parents(record) == [("widgetco/Widget-7B", QU, PROSE)]


def test_a_conversion_name_does_not_override_a_declared_parent() -> None:
    text = (
        "---\nbase_model: upstream/base-7b\n---\nFiles of [x](https://hf.co/widgetco/Widget-7B).\n"
    )
    record = read_card(text, "me/Widget-7B-GGUF", "x")
    assert parents(record) == [("upstream/base-7b", QU, YAML)]


def test_full_precision_names_are_not_conversions() -> None:
    text = "See [the chat model](https://huggingface.co/lab/owl-13b) for details.\n"
    assert role_claims(text, "lab/owl-13b-fp16") == []


def test_chat_model_naming_its_base_sibling() -> None:
    text = (
        "| Model | Kind |\n|---|---|\n| [Moth-7B-Base](https://huggingface.co/mothlab/moth-7b-base) "
        "| base |\n| [Moth-7B-Chat](https://huggingface.co/mothlab/moth-7b-chat) | chat |\n"
    )
    record = read_card(text, "mothlab/moth-7b-chat", "x")
    assert parents(record) == [("mothlab/moth-7b-base", FT, PROSE)]
    # Another org's base with the same name is not this model's sibling by this rule (what
    # the learned scorer makes of a lone link is its own decision: tests/test_scorer*.py).
    with scorer.using(None):
        other = read_card(
            text.replace("mothlab/moth-7b-base", "else/moth-7b-base"), "mothlab/moth-7b-chat", "x"
        )
    assert other.claims == []


@pytest.mark.parametrize(
    ("name", "want"),
    [
        ("moth-7b-chat", True),
        ("Moth-7B-IT", True),
        ("moth.sft_v2", True),
        ("moth-7b-dpo-Q4_K_M", True),
        ("moth-7b-chatty", False),
        ("kit-7b", False),
        ("moth-7b-base", False),
        # Non-ASCII names go token by token: casefold turns the long s into "s".
        ("moth-\u017fft", True),
        ("m\u00f6th-chat", True),
        ("m\u00f6th-7b", False),
    ],
)
def test_chat_tuning_tokens_in_a_name(name: str, want: bool) -> None:
    assert _names_chat_tuning(name) is want


def test_training_command_with_a_base_model_flag() -> None:
    text = "```bash\naccelerate launch sft.py --base_model stone/granite-1b --epochs 2\n```\n"
    record = read_card(text, "me/granite-1b-tuned", "x")
    assert parents(record) == [("stone/granite-1b", FT, PROSE)]


def test_training_command_names_the_starting_weights() -> None:
    text = (
        "Trained with our script:\n\n```bash\npython train.py --model_name_or_path "
        "stone/granite-1b --data ours.json\n```\n"
    )
    record = read_card(text, "me/granite-1b-tuned", "x")
    assert parents(record) == [("stone/granite-1b", FT, PROSE)]


def test_training_command_loses_to_a_stated_parent() -> None:
    text = (
        "A fine-tuned version of [stone/granite-1b-instruct](https://hf.co/stone/granite-1b-instruct).\n"
        "```\npython train.py --model_name_or_path stone/granite-1b\n```\n"
    )
    record = read_card(text, "me/x", "x")
    assert parents(record) == [("stone/granite-1b-instruct", FT, PROSE)]


def test_precision_traps_successor_denial_comparisons_children_and_hosted_models() -> None:
    record = card("successor_and_traps.md", "finch-lab/finch-3b")
    assert record.claims == []
    assert record.new_version == "finch-lab/finch-3b-v2"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("This is a merge of ridge/alp-7b with the storytelling LoRA from ridge/alp-lora.", FT),
        ("This is a merge of ridge/alp-7b and ridge/col-7b.", ME),
    ],
)
def test_one_model_merged_with_a_lora_is_a_finetune(text: str, want: Relation) -> None:
    record = read_card(text, "me/x", "x")
    assert record.claims[0].parent == "ridge/alp-7b"
    assert record.claims[0].relation is want

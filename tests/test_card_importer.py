"""The card reader end to end: YAML fields, claims, relations, evidence, errors."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import ModuleType

import pytest

from importers.card import read_card, read_card_bytes
from importers.card_signals import tag_families
from importers.registry import reader_for
from lineage.core.errors import CardError
from lineage.core.records import Claim, EvalResult, EvidenceKind, Relation, SourceRecord, Unresolved

CARDS = Path(__file__).parent / "fixtures" / "cards"
REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
YAML, PROSE = EvidenceKind.CARD_YAML, EvidenceKind.CARD_PROSE
FT, AD, QU, ME, DI, UN = (
    Relation.FINETUNE,
    Relation.ADAPTER,
    Relation.QUANTIZED,
    Relation.MERGE,
    Relation.DISTILLATION,
    Relation.UNKNOWN,
)


def card(name: str, model_id: str = "me/this-model") -> SourceRecord:
    path = CARDS / name
    [record] = read_card_bytes(path.read_bytes(), model_id, str(path))
    return record


def edges(record: SourceRecord) -> list[tuple[str, Relation, EvidenceKind, float, bool]]:
    return [
        (c.parent, c.relation, c.kind, c.confidence, c.relation_inferred) for c in record.claims
    ]


def inline(front: str, body: str = "# Card\n", model_id: str = "me/this-model") -> SourceRecord:
    return read_card(f"---\n{front.strip()}\n---\n{body}", model_id, "inline")


def test_registered_as_the_readme_reader() -> None:
    reader = reader_for("README.md")
    assert reader is not None
    assert (reader.name, reader.patterns) == ("card", ("readme.md",))
    [record] = reader.read((CARDS / "preamble.md").read_bytes(), "quartz/glass-3b", "p/README.md")
    assert (record.source, record.source_kind, record.location) == (
        "card:quartz/glass-3b",
        "card",
        "p/README.md",
    )


def test_trainer_card() -> None:
    record = card("trainer_finetune.md")
    assert edges(record) == [
        ("northwind/tiny-lm-1.3b", FT, YAML, 0.8, True),
        ("northwind/tiny-lm-1.3b", FT, PROSE, 0.6, False),
    ]
    assert record.claims[0].value == "northwind/tiny-lm-1.3b"
    assert record.datasets == ["northwind/recipes-instruct", "northwind/kitchen-dialogues"]
    # Machine ids (``type``) rather than display names, so results compare across models.
    assert record.evals == [
        EvalResult("text-generation", "northwind/recipe-qa", "accuracy", "0.712")
    ]
    assert (record.license, record.tags) == ("apache-2.0", ["generated_from_trainer"])
    assert record.unresolved == []


def test_peft_adapter_with_hub_tag() -> None:
    record = card("peft_adapter.md")
    # The Hub tag states the relation; TRL's "fine-tuned version of" is refined to adapter.
    assert edges(record) == [
        ("orchard/apple-7b-instruct", AD, YAML, 0.9, False),
        ("orchard/apple-7b-instruct", AD, PROSE, 0.5, True),
    ]
    assert (record.library, record.pipeline_tag) == ("peft", "text-generation")


def test_gguf_conversion() -> None:
    record = card("gguf_my_repo.md", "someone/lighthouse-8b-Q4_K_M-GGUF")
    assert edges(record) == [
        ("harbor/lighthouse-8b", QU, YAML, 0.8, True),
        ("harbor/lighthouse-8b", QU, PROSE, 0.6, False),
    ]


def test_mergekit_card() -> None:
    record = card("mergekit.md")
    assert edges(record)[:3] == [
        ("riverbank/otter-7b", ME, YAML, 0.8, True),
        ("riverbank/beaver-7b", ME, YAML, 0.8, True),
        ("marsh/heron-7b", ME, YAML, 0.8, True),
    ]
    assert sorted(c.parent for c in record.claims if c.kind is PROSE) == [
        "marsh/heron-7b",
        "riverbank/beaver-7b",
        "riverbank/otter-7b",
    ]
    assert record.claims[2].value == "https://huggingface.co/marsh/heron-7b"


def test_merge_without_yaml_and_a_local_path() -> None:
    record = card("lazymerge_no_yaml.md")
    assert edges(record) == [
        ("skyline/falcon-wing-7b", ME, PROSE, 0.6, False),
        ("skyline/hawk-eye-7b", ME, PROSE, 0.6, False),
    ]
    assert record.unresolved == [Unresolved("./scratch/my-local-blend", PROSE, "local path")]


def test_preamble_card_with_stated_relation() -> None:
    record = card("preamble.md", "quartz/glass-3b")
    assert edges(record) == [("quartz/sand-3b", FT, YAML, 0.9, False)]
    assert (record.license, record.library) == ("mit", "transformers")


def test_front_matter_at_the_end_and_norwegian() -> None:
    record = card("end_front_matter.md")
    assert edges(record) == [
        ("beacon/lantern-base-2b", FT, YAML, 0.8, True),
        ("beacon/lantern-base-2b", FT, PROSE, 0.6, False),
    ]
    assert (record.license, record.languages) == ("cc-by-4.0", ["en", "no"])


def test_horizontal_rules_card_reads_the_prose() -> None:
    record = card("horizontal_rules.md")
    assert edges(record) == [("burrow/groundhog-7b", FT, PROSE, 0.6, False)]
    assert record.datasets == ["burrow/tunnel-chat"]
    assert record.license is None


def test_odd_values() -> None:
    record = card("odd_values.md")
    assert record.claims == [
        Claim(
            "forge/anvil-2b",
            QU,
            YAML,
            0.9,
            False,
            "https://huggingface.co/forge/anvil-2b@a1b2c3d",
            "a1b2c3d",
        )
    ]
    assert record.unresolved == [
        Unresolved("./checkpoints/final", YAML, "local path"),
        Unresolved("None", YAML, "empty or placeholder value"),
        Unresolved("42", YAML, "not a string (int)"),
    ]
    assert (record.license, record.license_name, record.license_link) == (
        "other",
        "forge-community-license",
        "https://example.org/forge-license",
    )
    assert (record.datasets, record.languages) == (["forge/metal-corpus"], ["fr"])
    assert record.new_version == "forge/anvil-2b-v2"
    # Broken model-index entries are skipped; the one good metric survives.
    assert record.evals == [EvalResult("text-generation", "Smithing Bench", "exact_match", "55.5")]


@pytest.mark.parametrize(
    ("value", "shown", "kind"),
    [
        ("42", "42", "int"),
        ("3.5", "3.5", "float"),
        ("true", "True", "bool"),
        ("{name: a/b}", "{'name': 'a/b'}", "dict"),
    ],
)
def test_base_model_of_the_wrong_type_still_imports(value: str, shown: str, kind: str) -> None:
    record = inline(f"base_model: {value}\nlicense: mit")
    assert record.claims == []
    assert record.unresolved == [Unresolved(shown, YAML, f"not a string ({kind})")]
    assert record.license == "mit"


def test_wrong_type_fixture() -> None:
    record = card("wrong_type_base.md")
    assert record.claims == []
    assert [u.reason for u in record.unresolved] == ["not a string (dict)"]
    assert record.license == "mit"


@pytest.mark.parametrize(
    ("relation", "expected"),
    [
        ("adapter", AD),
        ("MERGE", ME),
        (" Quantized ", QU),
        ("fine-tune", FT),
        ("finetune", FT),
        ("distillation", DI),
        ("pruned", UN),
        ("[1, 2]", UN),
    ],
)
def test_stated_relation(relation: str, expected: Relation) -> None:
    record = inline(f"base_model: a/b-1b\nbase_model_relation: {relation}")
    assert edges(record) == [("a/b-1b", expected, YAML, 0.9, False)]


@pytest.mark.parametrize(
    ("front", "model_id", "expected"),
    [
        ("base_model: a/b-7b", "me/b-7b-GGUF", QU),
        ("base_model: a/b-7b", "me/b-7b-AWQ", QU),
        ("base_model: a/b-7b", "me/b-7b-4bit", QU),
        ("base_model: a/b-7b", "me/b-7b-Q4_K_M", QU),
        ("base_model: a/b-7b", "me/b-7b-NVFP4", QU),
        ("base_model: a/b-7b", "me/b-7b-mlx", QU),
        ("base_model: a/b-7b\nquantized_by: someone", "me/b-7b", QU),
        ("base_model: a/b-7b\ntags: [gguf]", "me/b-7b", QU),
        ("base_model: a/b-7b\nlibrary_name: mlx", "me/b-7b", QU),
        ("base_model: a/b-7b\nlibrary_name: peft", "me/b-7b", AD),
        ("base_model: a/b-7b\ntags: [lora]", "me/b-7b", AD),
        ("base_model: a/b-7b\ntags: [lora, mlx]\nlibrary_name: mlx", "me/b-7b", AD),
        ("base_model: a/b-7b", "me/b-7b-lora", AD),
        # A LoRA loaded as a plain transformers model was merged into its base.
        ("base_model: a/b-7b\ntags: [lora]\nlibrary_name: transformers", "me/c-7b", FT),
        ("base_model: [a/b-7b, c/d-7b]", "me/b-7b", ME),
        ("base_model: a/b-7b, c/d-7b", "me/b-7b", ME),
        ("base_model: a/b-7b\ntags: [mergekit, merge]", "me/b-7b", ME),
        # A GGUF of a merge copies the merge's tags; it is still a quantization.
        ("base_model: a/b-7b\ntags: [mergekit, merge]", "me/b-7b-GGUF", QU),
        ("base_model: a/b-7b\ntags: [knowledge-distillation]", "me/b-7b", DI),
        # (A repo named like its base, "me/b-7b", is a copy: tests/test_fresh10.py.)
        ("base_model: a/b-7b", "me/c-7b", FT),
    ],
)
def test_inferred_relation(front: str, model_id: str, expected: Relation) -> None:
    record = inline(front, model_id=model_id)
    assert {(c.relation, c.kind, c.confidence, c.relation_inferred) for c in record.claims} == {
        (expected, YAML, 0.8, True)
    }


def test_prose_wording_decides_the_relation_of_a_yaml_parent() -> None:
    body = "This is GGUF quantized version of [a/b-7b](https://huggingface.co/a/b-7b).\n"
    record = inline("base_model: a/b-7b", body)
    assert edges(record) == [("a/b-7b", QU, YAML, 0.8, True), ("a/b-7b", QU, PROSE, 0.6, False)]


def test_fine_tuned_prose_settles_weak_quantization_tags() -> None:
    body = "A fine-tuned [Tiny](https://huggingface.co/a/tiny-270m) model that ships GGUF files.\n"
    record = inline("base_model: a/tiny-270m\ntags: [gguf, llama-cpp]", body)
    assert edges(record) == [
        ("a/tiny-270m", FT, YAML, 0.8, True),
        ("a/tiny-270m", FT, PROSE, 0.6, False),
    ]


def test_hub_tags_stand_in_for_a_missing_base_model() -> None:
    record = card("hub_tags_only.md", "someone/peak-12b-GGUF")
    assert edges(record) == [("summit/peak-12b", QU, YAML, 0.9, False)]
    assert record.claims[0].value == "base_model:quantized:summit/peak-12b"


def test_hub_tag_for_another_model_does_not_add_a_parent() -> None:
    # A GGUF of a LoRA copies the LoRA's tags, which name the LoRA's own base.
    front = "base_model: me/my-lora\nlibrary_name: peft\ntags:\n- base_model:adapter:big/base-1b\n- lora"
    record = inline(front, model_id="me/my-lora-F16-GGUF")
    assert edges(record) == [("me/my-lora", QU, YAML, 0.8, True)]


def test_the_card_is_not_its_own_parent() -> None:
    record = card("self_reference.md", "solo/echo-1b")
    assert record.claims == []
    assert record.unresolved == [Unresolved("solo/echo-1b", YAML, "names the card's own model")]


def test_conversion_statement_overrules_a_copied_yaml_base() -> None:
    record = card("mlx_conflict.md", "mlx-people/clover-9b-instruct-4bit")
    assert edges(record) == [("meadow/clover-9b-instruct", QU, PROSE, 0.6, False)]
    assert record.unresolved == [
        Unresolved(
            "meadow/clover-9b",
            YAML,
            "base_model contradicts the card's conversion statement (meadow/clover-9b-instruct)",
        )
    ]


def test_yaml_overrules_prose_naming_another_model() -> None:
    body = "This model is a fine-tuned version of [a/grandparent-7b](https://huggingface.co/a/grandparent-7b).\n"
    record = inline("base_model: a/parent-7b", body)
    assert edges(record) == [("a/parent-7b", FT, YAML, 0.8, True)]
    assert record.unresolved == [
        Unresolved(
            "a/grandparent-7b", PROSE, "prose names a model the YAML base_model does not declare"
        )
    ]


def test_distillation_teacher_beside_the_yaml_base() -> None:
    body = (
        "This student was distilled from [Big Teacher](https://huggingface.co/lab/teacher-671b) "
        "on 800k samples.\n\n| Starting checkpoint | `open/base-7b` |\n"
    )
    record = inline("base_model: open/base-7b\nbase_model_relation: finetune", body)
    assert edges(record) == [
        ("open/base-7b", FT, YAML, 0.9, False),
        ("lab/teacher-671b", DI, PROSE, 0.6, False),
    ]


def test_model_ids_do_not_leak_relation_words() -> None:
    # "Distill" and "GGUF" inside the linked id say nothing about this card.
    body = "Original model: https://huggingface.co/lab/R1-Distill-Qwen-7B-GGUF-fork\n"
    record = inline("base_model: lab/R1-Distill-Qwen-7B-GGUF-fork\nquantized_by: me", body)
    assert {(c.relation, c.kind) for c in record.claims} == {(QU, YAML), (QU, PROSE)}
    plain = read_card(body, "me/x", "inline")
    assert edges(plain) == [("lab/R1-Distill-Qwen-7B-GGUF-fork", FT, PROSE, 0.5, True)]


def test_weak_prose_only_without_anything_stronger() -> None:
    body = (
        "Built on [a/base-3b](https://huggingface.co/a/base-3b).\n\n"
        "It is a further refinement of [a/instruct-3b](https://huggingface.co/a/instruct-3b).\n"
    )
    record = inline("license: mit", body)
    assert edges(record) == [("a/instruct-3b", FT, PROSE, 0.6, False)]


def test_based_on_with_adapter_wording() -> None:
    record = card("based_on_adapter.md")
    assert edges(record) == [("kitchen/Mistral-7B-Kitchen", AD, PROSE, 0.5, True)]
    assert record.languages == ["ru"]


def test_chinese_card() -> None:
    record = card("chinese_prose.md", "tea-lab/Panda-Chat-14B-tea-lora")
    assert edges(record) == [("bamboo-ai/Panda-Chat-14B", AD, PROSE, 0.5, True)]


def test_distilled_card_without_front_matter() -> None:
    record = card("distilled.md")
    assert edges(record) == [("giant-encoder-large", DI, PROSE, 0.6, False)]


def test_bom_crlf_bytes() -> None:
    data = b"\xef\xbb\xbf" + (CARDS / "peft_adapter.md").read_bytes().replace(b"\n", b"\r\n")
    [record] = read_card_bytes(data, "me/x", "crlf")
    assert [c.parent for c in record.claims] == ["orchard/apple-7b-instruct"] * 2


def test_stray_invalid_bytes_become_replacement_characters() -> None:
    # Mostly UTF-8 with one stray byte: the text stays UTF-8, the byte becomes U+FFFD.
    data = "---\nbase_model: a/b-1b\ntags:\n- crème brûlée\n- bad".encode() + b"\xff\n---\n"
    [record] = read_card_bytes(data, "me/x", "stray")
    assert record.tags == ["crème brûlée", "bad\ufffd"]
    assert [c.parent for c in record.claims] == ["a/b-1b"]


def test_non_utf8_bytes() -> None:
    text = "---\nbase_model: a/b-1b\nlicense_name: licence-générale\n---\nÉté.\n"
    [record] = read_card_bytes(text.encode("cp1252"), "me/x", "latin")
    assert (record.license_name, [c.parent for c in record.claims]) == (
        "licence-générale",
        ["a/b-1b"],
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("malformed.md", "malformed YAML front matter: did not find expected ',' or ']' (line 4)"),
        ("unclosed.md", "front matter opened on line 1 is never closed with '---'"),
        ("not_mapping.md", "front matter is not a mapping (got list)"),
        ("alias_bomb.md", "YAML front matter expands beyond 200000 nodes (alias bomb?)"),
        ("empty.md", "empty file"),
    ],
)
def test_unreadable_cards(name: str, reason: str) -> None:
    with pytest.raises(CardError) as info:
        card(name)
    assert info.value.reason == reason
    assert info.value.path == str(CARDS / name)


def test_enormous_card() -> None:
    with pytest.raises(CardError, match="file too large"):
        read_card_bytes(b"---\nlicense: mit\n---\n" + b" " * (5 * 1024 * 1024), "me/x", "big")


def load_bench() -> ModuleType:
    return importlib.import_module("bench.accuracy")


def test_bench_scores_a_small_corpus(tmp_path: Path) -> None:
    for name, model_id in [("gguf_my_repo.md", "a/q-GGUF"), ("mlx_conflict.md", "b/m-4bit")]:
        folder = tmp_path / "cards" / model_id
        folder.mkdir(parents=True)
        (folder / "README.md").write_bytes((CARDS / name).read_bytes())
    (tmp_path / "cards" / "unnamed" / "card-001").mkdir(parents=True)
    (tmp_path / "cards" / "unnamed" / "card-001" / "README.md").write_text("---\n[\n---\n")
    truth = [
        {"model": "A/Q-GGUF", "parents": [{"id": "Harbor/Lighthouse-8b", "relation": "finetune"}]},
        {"model": "b/m-4bit", "parents": [{"id": "meadow/clover-9b", "relation": "quantized"}]},
        {"model": "unnamed/card-001", "parents": []},
    ]
    (tmp_path / "truth.jsonl").write_text("\n".join(json.dumps(t) for t in truth) + "\n")
    result = load_bench().evaluate(tmp_path)
    assert (result["matched"], result["precision"], result["recall"]) == (1, 0.5, 0.5)
    assert result["relation_accuracy"] == 0.0
    assert result["misses"] == [
        {
            "model": "b/m-4bit",
            "parent": "meadow/clover-9b",
            "relation": "quantized",
            "evidence": "unknown",
        }
    ]
    [fp] = result["false_positives"]
    assert (fp["parent"], fp["relation"], fp["evidence"]) == (
        "meadow/clover-9b-instruct",
        "quantized",
        "card-prose",
    )
    assert result["by_language"]["en"]["truth_edges"] == 2
    assert [f["model"] for f in result["failures"]] == ["unnamed/card-001"]


@pytest.mark.skipif(not (CORPUS / "truth.jsonl").is_file(), reason="shared corpus not present")
def test_corpus_accuracy() -> None:
    result = load_bench().evaluate(CORPUS)
    assert result["cards"] >= 100
    assert result["failures"] == []
    assert result["precision"] >= 0.85
    assert result["recall"] >= 0.80


def test_tag_families_in_any_case_and_in_long_tag_lists() -> None:
    assert tag_families(["LoRA", "GGUF", "en"]) == {"adapter", "quant"}
    assert tag_families(["gguf-my-repo"]) == {"conversion"}
    # Past the length whose answers are kept, a list is read the same way.
    assert tag_families([f"topic-{i}" for i in range(100)] + ["MergeKit", "Distilled"]) == {
        "merge",
        "distill",
    }
    assert tag_families([]) == frozenset()

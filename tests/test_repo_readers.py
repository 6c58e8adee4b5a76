"""Repo side-file readers: adapter_config.json, mergekit, config.json, GGUF, Modelfile.

Every input is a real file: hand-written fixtures under tests/fixtures/repos,
small inline files, and GGUF files written by the ``gguf`` package's own writer.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from gguf import GGUFEndian, GGUFReader, GGUFWriter, LlamaFileType

from importers.adapter_config import read_adapter_config, repo_file_reference
from importers.config_json import read_config_json
from importers.gguf_header import parse_gguf_header, read_gguf, read_gguf_file
from importers.mergekit import read_mergekit_config
from importers.modelfile import read_modelfile
from importers.registry import reader_for
from lineage.core.errors import CardError
from lineage.core.records import EvidenceKind, Relation, SourceRecord, confidence_for
from lineage.ingest.folders import run_import
from lineage.stores.oxigraph.store import OxigraphStore
from tests.conftest import CORPUS

REPOS = Path(__file__).parent / "fixtures" / "repos"


def _read(path: Path, model_id: str) -> list[SourceRecord]:
    reader = reader_for(path.name)
    assert reader is not None, path.name
    return reader.read(path.read_bytes(), model_id, str(path))


def _parents(rec: SourceRecord) -> dict[str, tuple[str, bool]]:
    return {c.parent: (c.relation.value, c.relation_inferred) for c in rec.claims}


# -- registry -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "reader"),
    [
        ("adapter_config.json", "adapter-config"),
        ("mergekit_config.yml", "mergekit-config"),
        ("mergekit_config.yaml", "mergekit-config"),
        ("mergekit_moe_config.yml", "mergekit-config"),
        ("config.json", "config-json"),
        ("model-Q4_K_M.gguf", "gguf"),
        ("Modelfile", "modelfile"),
        ("chat.modelfile", "modelfile"),
        ("README.md", "card"),
        ("generation_config.json", None),
        ("tokenizer_config.json", None),
    ],
)
def test_each_repo_file_has_its_reader(filename: str, reader: str | None) -> None:
    found = reader_for(filename)
    assert (found.name if found else None) == reader


# -- shared reference rules -------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "model_id"),
    [
        ("acme/base-7b", "acme/base-7b"),
        ("https://huggingface.co/acme/base-7b", "acme/base-7b"),
        ("hf.co/models/weird-but-explicit", "models/weird-but-explicit"),
        ("gpt2", "gpt2"),
        ("models/mistral-7b-openorca", None),
        ("outputs/checkpoint-1200", None),
        ("someone/checkpoint-500", None),
        ("runs/2024/model", None),
        ("output", None),
        ("/root/autodl-tmp/models/qwythos-9b", None),
        ("./merged", None),
        ("C:\\models\\base", None),
    ],
)
def test_repo_file_reference_sets_working_folders_apart(raw: str, model_id: str | None) -> None:
    ref = repo_file_reference(raw)
    assert ref.model_id == model_id
    if model_id is None:
        assert ref.unresolved


# -- adapter_config.json -------------------------------------------------------------


def test_adapter_config_declares_an_adapter() -> None:
    path = REPOS / "fusion-org" / "lora-agree" / "adapter_config.json"
    [rec] = _read(path, "fusion-org/lora-agree")
    assert rec.source == "adapter-config:fusion-org/lora-agree"
    assert rec.source_kind == "adapter-config"
    assert rec.describes_model is False
    assert rec.location == str(path)
    [claim] = rec.claims
    assert claim.parent == "acme/base-7b"
    assert claim.relation is Relation.ADAPTER
    assert claim.kind is EvidenceKind.ADAPTER_CONFIG
    assert not claim.relation_inferred
    assert claim.confidence == confidence_for(EvidenceKind.ADAPTER_CONFIG, False)
    assert "LORA" in (claim.value or "")


def test_adapter_config_keeps_the_revision() -> None:
    [rec] = _read(REPOS / "conflict-org" / "lora-disagree" / "adapter_config.json", "c/l")
    assert rec.claims[0].parent == "other-lab/base-8b"
    assert rec.claims[0].revision == "v1.1"


@pytest.mark.parametrize(
    "value",
    ["/home/trainer/work/models/base-7b-local", "models/mistral-7b-openorca", "./out", None, ""],
)
def test_adapter_config_local_or_missing_base_is_unresolved(value: str | None) -> None:
    data = json.dumps({"base_model_name_or_path": value, "peft_type": "LORA"}).encode()
    [rec] = read_adapter_config(data, "org/lora", "mem")
    assert rec.claims == []
    [entry] = rec.unresolved
    assert entry.kind is EvidenceKind.ADAPTER_CONFIG


def test_adapter_config_naming_its_own_repo_is_no_edge() -> None:
    data = b'{"base_model_name_or_path": "ORG/Lora"}'
    [rec] = read_adapter_config(data, "org/lora", "mem")
    assert rec.claims == [] and "own repo" in rec.unresolved[0].reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"{not json", "invalid JSON"), (b"[1, 2]", "JSON object"), (b"\xff\xfe", "")],
)
def test_adapter_config_broken_files_raise_card_error(data: bytes, reason: str) -> None:
    with pytest.raises(CardError) as info:
        read_adapter_config(data, "org/lora", "here/adapter_config.json")
    assert info.value.path == "here/adapter_config.json"
    assert reason in info.value.reason


# -- mergekit --------------------------------------------------------------------------


def test_mergekit_slices_and_base_model_are_merge_parents() -> None:
    [rec] = _read(
        REPOS / "merge-org" / "slerp-merge" / "mergekit_config.yml", "merge-org/slerp-merge"
    )
    assert rec.source == "mergekit-config:merge-org/slerp-merge"
    assert rec.describes_model is False
    assert _parents(rec) == {"acme/chat-7b": ("merge", False), "acme/code-7b": ("merge", False)}
    assert all("slerp" in (c.value or "") for c in rec.claims)


def test_mergekit_slerp_base_model_outside_its_two_models_is_no_input(tmp_path: Path) -> None:
    recipe = (
        "slices:\n  - sources:\n      - model: acme/chat-7b\n        layer_range: [0, 28]\n"
        "      - model: acme/code-7b\n        layer_range: [0, 28]\n"
        "merge_method: {method}\nbase_model: acme/base-7b\ndtype: bfloat16\n"
    )
    found = {}
    for method in ("slerp", "ties"):
        path = tmp_path / method / "mergekit_config.yml"
        path.parent.mkdir()
        path.write_text(recipe.format(method=method))
        [rec] = _read(path, f"merge-org/{method}-merge")
        found[method] = set(_parents(rec))
    # SLERP blends the two it lists; TIES takes task vectors against its base: an input.
    assert found["slerp"] == {"acme/chat-7b", "acme/code-7b"}
    assert found["ties"] == {"acme/base-7b", "acme/chat-7b", "acme/code-7b"}


def test_mergekit_multi_stage_lora_and_local_paths() -> None:
    path = REPOS / "merge-org" / "staged-merge" / "mergekit_config.yaml"
    [rec] = _read(path, "merge-org/staged-merge")
    # "first-stage" is an earlier stage, not a model; the LoRA after "+" is an input too.
    assert set(_parents(rec)) == {
        "acme/base-7b",
        "acme/chat-7b",
        "acme/code-7b",
        "lora-user/code-style-lora",
    }
    assert all(rel == "merge" for rel, _ in _parents(rec).values())
    assert [(u.value, u.reason) for u in rec.unresolved] == [
        ("./scratch/extra-layers", "local path")
    ]


def test_mergekit_moe_experts_and_long_form_references() -> None:
    data = b"""
base_model: acme/base-7b
gate_mode: hidden
experts:
  - source_model: acme/chat-7b
    positive_prompts: ["chat"]
  - source_model:
      model: {path: acme/code-7b, revision: abc123}
      lora: {path: lora-user/code-style-lora}
    positive_prompts: ["code"]
"""
    [rec] = read_mergekit_config(data, "moe-org/moe", "mem")
    parents = {c.parent: c.revision for c in rec.claims}
    assert parents == {
        "acme/base-7b": None,
        "acme/chat-7b": None,
        "acme/code-7b": "abc123",
        "lora-user/code-style-lora": None,
    }


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"models: [unclosed", "malformed YAML"),
        (b"dtype: float16\nparameters: {}\n", "not a mergekit config"),
        (b"", "empty"),
    ],
)
def test_mergekit_broken_configs_raise_card_error(data: bytes, reason: str) -> None:
    with pytest.raises(CardError, match=reason):
        read_mergekit_config(data, "org/m", "mem")


# -- config.json --------------------------------------------------------------------------


def test_config_json_is_a_weak_inferred_finetune_hint() -> None:
    [rec] = _read(REPOS / "trainer-org" / "sft-run" / "config.json", "trainer-org/sft-run")
    assert rec.source == "config-json:trainer-org/sft-run"
    [claim] = rec.claims
    assert (claim.parent, claim.relation, claim.relation_inferred) == (
        "acme/chat-7b",
        Relation.FINETUNE,
        True,
    )
    assert claim.confidence == confidence_for(EvidenceKind.CONFIG_JSON, True)
    assert "LlamaForCausalLM" in (claim.value or "")


def test_config_json_with_quantization_config_is_a_quantization_hint() -> None:
    [rec] = _read(REPOS / "quant-org" / "awq-4bit" / "config.json", "quant-org/awq-4bit")
    assert rec.claims[0].relation is Relation.QUANTIZED


@pytest.mark.parametrize(
    "name_or_path",
    ["org/Model", "Model", "/tmp/tmpk2x9", "./output", "outputs/checkpoint-1200", "", None, 3],
)
def test_config_json_ignores_itself_and_local_paths(name_or_path: object) -> None:
    data = json.dumps({"_name_or_path": name_or_path, "model_type": "llama"}).encode()
    [rec] = read_config_json(data, "org/model", "mem")
    assert rec.claims == [] and rec.unresolved == []


# -- GGUF ------------------------------------------------------------------------------------


def write_gguf(
    path: Path, fields: dict[str, object], endian: GGUFEndian = GGUFEndian.LITTLE
) -> Path:
    """A small real GGUF file: general.* keys, a tokenizer-sized array, one tensor."""
    writer = GGUFWriter(path, "llama", endianess=endian)
    for name, value in fields.items():
        if isinstance(value, bool):
            writer.add_bool(name, value)
        elif isinstance(value, int):
            writer.add_uint32(name, value)
        else:
            writer.add_string(name, str(value))
    writer.add_array("tokenizer.ggml.tokens", [f"tok{i}" for i in range(2000)])
    writer.add_array("tokenizer.ggml.scores", [0.5] * 2000)
    writer.add_tensor("token_embd.weight", np.ones((8, 4), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


QUANT_FIELDS: dict[str, object] = {
    "general.name": "Chat 7B",
    "general.organization": "Acme",
    "general.license": "apache-2.0",
    "general.file_type": int(LlamaFileType.MOSTLY_Q4_K_M),
    "general.source.url": "https://huggingface.co/acme/chat-7b",
    "general.base_model.count": 2,
    "general.base_model.0.name": "Base 7b",
    "general.base_model.0.organization": "Acme",
    "general.base_model.0.repo_url": "https://huggingface.co/acme/base-7b",
    "general.base_model.1.name": "Code 7b",
    "general.base_model.1.repo_url": "https://huggingface.co/acme/code-7b",
}


def test_gguf_repo_is_quantized_from_the_converted_model(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "chat-7b.Q4_K_M.gguf", QUANT_FIELDS)
    own, about = read_gguf(path.read_bytes(), "quanter/chat-7b-GGUF", str(path))
    assert own.source == "gguf:quanter/chat-7b-GGUF/chat-7b.Q4_K_M.gguf"
    assert own.source_kind == "gguf" and own.describes_model is False
    assert _parents(own) == {"acme/chat-7b": ("quantized", False)}
    assert own.claims[0].confidence == confidence_for(EvidenceKind.GGUF, False)
    assert "Q4_K_M" in (own.claims[0].value or "")
    assert own.license == "apache-2.0"
    # The trap: general.base_model.* are the converted model's parents, not the GGUF's.
    assert about.model_id == "acme/chat-7b"
    assert about.describes_model is False
    assert about.source == own.source + "#base_model"
    assert _parents(about) == {"acme/base-7b": ("merge", True), "acme/code-7b": ("merge", True)}


def test_gguf_base_models_of_an_unknown_source_are_skipped(tmp_path: Path) -> None:
    fields = {k: v for k, v in QUANT_FIELDS.items() if k != "general.source.url"}
    path = write_gguf(tmp_path / "x.gguf", fields)
    [own] = read_gguf(path.read_bytes(), "quanter/chat-7b-GGUF", str(path))
    assert own.claims == []


def test_gguf_of_the_model_itself_names_its_own_parents(tmp_path: Path) -> None:
    fields = {
        "general.source.huggingface.repository": "trainer-org/native-gguf",
        "general.base_model.count": 1,
        "general.base_model.0.repo_url": "https://huggingface.co/acme/base-7b",
    }
    path = write_gguf(tmp_path / "native.gguf", fields)
    [own] = read_gguf(path.read_bytes(), "Trainer-Org/Native-GGUF", str(path))
    assert _parents(own) == {"acme/base-7b": ("unknown", True)}


def test_gguf_header_parser_agrees_with_the_gguf_package(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "m.gguf", QUANT_FIELDS)
    ours = read_gguf_file(path)
    theirs = GGUFReader(path)
    for name, value in QUANT_FIELDS.items():
        assert ours.fields[name] == theirs.fields[name].contents() == value
    assert ours.tensor_count == 1 and not ours.truncated
    assert "tokenizer.ggml.tokens" not in ours.fields  # only general.* keys are kept


def test_gguf_prefix_is_enough_and_big_endian_is_read(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "be.gguf", QUANT_FIELDS, GGUFEndian.BIG)
    data = path.read_bytes()
    cut = data.index(b"tokenizer.ggml.tokens") + 200  # inside the token list
    header = parse_gguf_header(data[:cut])
    assert header.truncated
    assert header.fields["general.source.url"] == "https://huggingface.co/acme/chat-7b"
    own, _about = read_gguf(data[:cut], "q/x-GGUF", "x.gguf")
    assert own.claims[0].parent == "acme/chat-7b"


def test_gguf_later_shards_repeat_the_first(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "m.gguf", QUANT_FIELDS)
    assert read_gguf(path.read_bytes(), "q/x", "big-00002-of-00003.gguf") == []
    assert read_gguf(path.read_bytes(), "q/x", "big-00001-of-00003.gguf")


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 a zip file", b"GGUF\x07\x00\x00\x00"])
def test_gguf_garbage_raises_card_error(data: bytes) -> None:
    with pytest.raises(CardError):
        read_gguf(data, "q/x", "x.gguf")


# -- Modelfile ----------------------------------------------------------------------------------


def test_modelfile_from_a_hub_gguf_is_a_quantization() -> None:
    [rec] = _read(REPOS / "ollama-org" / "chat-ollama" / "Modelfile", "ollama-org/chat-ollama")
    assert rec.source == "modelfile:ollama-org/chat-ollama"
    # The FROM inside the TEMPLATE block is text, not an instruction.
    assert _parents(rec) == {"quanter/chat-7b-GGUF": ("quantized", True)}
    assert rec.unresolved == []


def test_modelfile_adapter_lines() -> None:
    [rec] = _read(REPOS / "ollama-org" / "lora-ollama" / "Modelfile", "ollama-org/lora-ollama")
    assert _parents(rec) == {
        "acme/chat-7b": ("adapter", False),
        "lora-user/chat-7b-lora": ("unknown", True),
    }
    assert [(u.value, u.reason) for u in rec.unresolved] == [
        ("./adapters/support-lora.gguf", "local path")
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("FROM llama3.1:8b", "Ollama registry"),
        ("FROM someone/their-model:latest", "Ollama registry"),
        ("FROM ./model-q4.gguf", "local path"),
        ("FROM /srv/models/base", "local path"),
        ("from weights.safetensors", "local path"),
    ],
)
def test_modelfile_non_hub_references_are_unresolved(line: str, reason: str) -> None:
    [rec] = read_modelfile(line.encode(), "org/packaged", "Modelfile")
    assert rec.claims == []
    assert reason in rec.unresolved[0].reason


# -- a repo folder: every reader, evidence fused per edge ---------------------------------------


def test_card_and_adapter_config_fuse_into_one_stronger_edge(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    try:
        summary = run_import([REPOS / "fusion-org"], [store], workers=1)
        assert summary.failures == [] and summary.files_read == 2
        [edge] = store.parents("fusion-org/lora-agree")
        assert edge.parent == "acme/base-7b"
        assert sorted(e.kind for e in edge.evidence) == ["adapter-config", "card-yaml"]
        assert edge.relation == "adapter"
        assert not edge.conflict and not edge.inferred
        assert edge.confidence > max(e.confidence for e in edge.evidence)
        node = store.node("fusion-org/lora-agree")
        assert node is not None and not node.placeholder
        assert node.sources == ["card:fusion-org/lora-agree"]  # side files do not describe
    finally:
        store.close()


def test_reimporting_a_side_file_replaces_what_it_said(tmp_path: Path) -> None:
    repo = tmp_path / "repos" / "org" / "lora"
    repo.mkdir(parents=True)
    config = repo / "adapter_config.json"
    config.write_text('{"base_model_name_or_path": "acme/base-7b"}')
    store = OxigraphStore(tmp_path / "store")
    try:
        run_import([tmp_path / "repos"], [store], workers=1)
        config.write_text('{"base_model_name_or_path": "acme/base-8b"}')
        run_import([tmp_path / "repos"], [store], workers=1)
        assert [e.parent for e in store.parents("org/lora")] == ["acme/base-8b"]
    finally:
        store.close()


def test_corpus_sibling_files_with_every_reader(tmp_path: Path) -> None:
    cards = CORPUS / "cards"
    if not cards.is_dir():
        pytest.skip("shared corpus not present")
    store = OxigraphStore(tmp_path / "store")
    try:
        summary = run_import(
            [cards / "Devavrat28", cards / "IlyaGusev", cards / "Youlln"], [store], workers=1
        )
        assert summary.failures == []
        [edge] = store.parents("Devavrat28/Gemma2-Peshwa")
        # The card alone reads as a fine-tune; the declared adapter config settles it.
        assert edge.relation == "adapter"
        assert "adapter-config" in {e.kind for e in edge.evidence}
        # "models/mistral-7b-openorca" is a training folder, not the Hub user "models".
        assert all(e.parent != "models/mistral-7b-openorca" for e in store.iter_edges())
        merged = {e.parent: e for e in store.parents("Youlln/2PRYMMAL-Yi1.5-6B-SLERP")}
        assert set(merged) == {"01-ai/Yi-1.5-6B-Chat", "01-ai/Yi-1.5-6B"}
        assert all(e.relation == "merge" for e in merged.values())
    finally:
        store.close()


def test_gguf_repo_folder_fuses_card_and_header(tmp_path: Path) -> None:
    repo = tmp_path / "repos" / "quanter" / "chat-7b-GGUF"
    repo.mkdir(parents=True)
    (repo / "README.md").write_text("---\nbase_model: acme/chat-7b\ntags: [gguf]\n---\n# GGUF\n")
    write_gguf(repo / "chat-7b.Q4_K_M.gguf", QUANT_FIELDS)
    write_gguf(repo / "chat-7b.Q8_0.gguf", {**QUANT_FIELDS, "general.file_type": 7})
    store = OxigraphStore(tmp_path / "store")
    try:
        summary = run_import([tmp_path / "repos"], [store], workers=1)
        assert summary.failures == [] and summary.files_read == 3
        [edge] = store.parents("quanter/chat-7b-GGUF")
        assert edge.parent == "acme/chat-7b" and edge.relation == "quantized"
        assert sorted(e.source for e in edge.evidence) == [
            "card:quanter/chat-7b-GGUF",
            "gguf:quanter/chat-7b-GGUF/chat-7b.Q4_K_M.gguf",
            "gguf:quanter/chat-7b-GGUF/chat-7b.Q8_0.gguf",
        ]
        # The header's base models are claims about the converted model, not the GGUF.
        assert {e.parent for e in store.parents("acme/chat-7b")} == {"acme/base-7b", "acme/code-7b"}
        converted = store.node("acme/chat-7b")
        assert converted is not None and converted.placeholder
    finally:
        store.close()


def test_a_multi_gigabyte_style_gguf_in_a_folder_import_reads_only_its_header(
    tmp_path: Path,
) -> None:
    from lineage.ingest.folders import run_import
    from lineage.stores.oxigraph.store import OxigraphStore

    repo = tmp_path / "cards" / "quanter" / "chat-7b-GGUF"
    repo.mkdir(parents=True)
    path = write_gguf(repo / "chat-7b.Q4_K_M.gguf", QUANT_FIELDS)
    with path.open("ab") as fh:  # tensor data far past the card size limit
        fh.truncate(path.stat().st_size + 64 * 1024 * 1024)
    store = OxigraphStore(tmp_path / "db")
    summary = run_import([tmp_path / "cards"], [store], workers=1)
    assert summary.failures == []
    [edge] = store.parents("quanter/chat-7b-GGUF")
    assert edge.parent == "acme/chat-7b" and edge.relation == "quantized"
    assert [e.kind for e in edge.evidence] == ["gguf"]
    store.close()

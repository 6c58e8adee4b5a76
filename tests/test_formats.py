"""Weight formats and quantisation types: read by the readers, stored and read back everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gguf import LlamaFileType

from importers.card import read_card
from importers.formats import describe
from importers.gguf_header import read_gguf
from importers.hub_rows import record_from_info
from lineage.core.records import SourceRecord
from lineage.rdf.mapping import record_triples
from lineage.stores.base import Capability, LineageStore, sparql_store, supports
from tests.factories import claim, rec
from tests.test_repo_readers import write_gguf


@pytest.mark.parametrize(
    ("model_id", "tags", "library", "files", "formats", "quants"),
    [
        (
            "someone/Chat-7B-GGUF", ["gguf"], None, ["Chat-7B-Q4_K_M.gguf", "Chat-7B.IQ2_XXS.gguf"],
            {"GGUF"}, {"Q4_K_M": 4, "IQ2_XXS": 2},
        ),
        ("mlx-community/Chat-7B-8bit", [], "mlx", [], {"MLX"}, {"8bit": 8}),
        ("someone/chat-7b-bnb-4bit", ["4-bit"], None, [], {"bitsandbytes"}, {"4bit": 4}),
        ("someone/Chat-7B-AWQ", [], None, [], {"AWQ"}, {}),
        ("someone/chat-exl2-6_5bpw", [], None, [], {"EXL2"}, {"6.5bpw": 6}),
        ("someone/Chat-W4A16", ["int4"], None, [], set(), {"w4a16": 4, "int4": 4}),
        ("someone/Chat-FP8", [], None, [], {"FP8"}, {"fp8": 8}),
        ("someone/Chat-NVFP4", [], None, [], set(), {"nvfp4": 4}),
        ("someone/Chat-F16-GGUF", [], None, [], {"GGUF"}, {"F16": 16}),
        ("someone/Chat-F16", [], None, [], set(), {}),
        ("someone/chat", [], None, ["onnx/model.onnx", "openvino_model.xml"], {"ONNX", "OpenVINO"}, {}),
        # Names that only contain a token are not formats; plain weights say nothing.
        ("someone/hawq-qwen-32b", ["text-generation"], "transformers", ["model.safetensors"], set(), {}),
        ("someone/thing", ["base_model:quantized:org/x-GGUF"], None, [], set(), {}),
    ],
)  # fmt: skip
def test_formats_and_quant_types_come_from_ids_tags_and_files(
    model_id: str,
    tags: list[str],
    library: str | None,
    files: list[str],
    formats: set[str],
    quants: dict[str, int],
) -> None:
    found = describe(model_id, tags, library, files)
    assert found.formats == formats and found.quant_types == quants


def test_gguf_file_type_names_the_quantisation(tmp_path: Path) -> None:
    path = write_gguf(
        tmp_path / "weights.gguf", {"general.file_type": int(LlamaFileType.MOSTLY_Q5_K_S)}
    )
    [own] = read_gguf(path.read_bytes(), "someone/chat", str(path))
    assert (own.formats, own.quant_types, own.bits) == (["GGUF"], ["Q5_K_S"], [5])


def test_cards_and_hub_rows_carry_their_formats() -> None:
    card = read_card("---\ntags: [gguf, 4-bit]\n---\n# weights\n", "someone/Chat-GGUF", "x")
    assert (card.formats, card.quant_types, card.bits) == (["GGUF"], ["4bit"], [4])
    row = record_from_info(
        {
            "id": "someone/chat-GGUF",
            "tags": ["gguf"],
            "siblings": [{"rfilename": "chat.Q8_0.gguf"}, {"rfilename": "README.md"}, "junk"],
        },
        "dump.jsonl",
    )
    assert (row.formats, row.quant_types, row.bits) == (["GGUF"], ["Q8_0"], [8])


def _quantized(model: str, fmt: str, quant: str, bits: int, describes: bool = True) -> SourceRecord:
    r = rec(model, claim("org/Base", "quantized"), describes=describes)
    r.formats, r.quant_types, r.bits = [fmt], [quant], [bits]
    if not describes:
        r.source = f"gguf:{model}/w.gguf"
    return r


def test_formats_are_read_back_on_nodes_of_every_engine(store: LineageStore) -> None:
    base = rec("org/Base")
    base.new_version = "org/Base-2"
    store.write([
        base,
        _quantized("q/Base-GGUF", "GGUF", "Q4_K_M", 4),
        rec("q/Base-MLX"),
        _quantized("q/Base-MLX", "MLX", "8bit", 8, describes=False),
    ])  # fmt: skip
    gguf = store.node("q/base-gguf")
    assert gguf is not None
    assert (gguf.formats, gguf.quant_types, gguf.bits) == (["GGUF"], ["Q4_K_M"], [4])
    assert gguf.to_json(full=True)["formats"] == ["GGUF"]
    # A side file (a GGUF header) counts for formats, unlike for the other facts.
    mlx = store.node("q/Base-MLX")
    assert mlx is not None and (mlx.formats, mlx.bits) == (["MLX"], [8])
    node = store.node("org/base")
    assert node is not None and node.new_version == "org/Base-2" and node.formats == []
    if supports(store, Capability.SPARQL):
        rows = sparql_store(store).sparql(
            """SELECT DISTINCT ?id WHERE {
                 ?m lin:quantizedFrom+ ?b . ?b lin:hubId "org/Base" .
                 ?m lin:weightFormat "GGUF" ; lin:bitWidth 4 ; lin:hubId ?id }"""
        )
        assert [r["id"].value for r in rows] == ["q/Base-GGUF"]


def test_formats_map_to_typed_triples() -> None:
    r = _quantized("q/Base-GGUF", "GGUF", "Q4_K_M", 4)
    lines = record_triples(r)
    assert any('weightFormat> "GGUF"' in t for t in lines)
    assert any('bitWidth> "4"^^<http://www.w3.org/2001/XMLSchema#integer>' in t for t in lines)


def test_tree_lists_only_descendants_in_a_format_and_bit_width(tmp_path: Path) -> None:
    from lineage.stores.oxigraph.store import OxigraphStore
    from tests.test_cli import lineage

    db = tmp_path / "store"
    store = OxigraphStore(db)
    store.write([
        rec("org/Base"),
        rec("org/Chat", claim("org/Base")),
        _quantized("q/Chat-GGUF-4", "GGUF", "Q4_K_M", 4),
        _quantized("q/Chat-GGUF-8", "GGUF", "Q8_0", 8),
        _quantized("q/Chat-MLX-4", "MLX", "4bit", 4),
    ])  # fmt: skip
    store.close()
    four_bit_gguf = json.loads(
        lineage("tree", "org/Base", "--format", "gguf", "--bits", "4", "--json", db=db).stdout
    )
    assert [e["child"] for e in four_bit_gguf["edges"]] == ["q/Chat-GGUF-4"]
    assert four_bit_gguf["total"] == 1
    every_gguf = json.loads(lineage("tree", "org/Base", "--format", "GGUF", "--json", db=db).stdout)
    assert sorted(e["child"] for e in every_gguf["edges"]) == ["q/Chat-GGUF-4", "q/Chat-GGUF-8"]


def test_jsonl_export_rows_carry_formats(oxi: LineageStore) -> None:
    from lineage.exporters.graph_json import jsonl_rows

    oxi.write([rec("org/Base"), _quantized("q/Base-GGUF", "GGUF", "Q4_K_M", 4)])
    rows = {r["id"]: r for r in jsonl_rows(oxi) if r["type"] == "model"}
    assert rows["q/Base-GGUF"]["formats"] == ["GGUF"] and rows["q/Base-GGUF"]["bits"] == [4]
    assert "formats" not in rows["org/Base"]


def test_the_readme_query_finds_every_4_bit_gguf_in_a_family() -> None:
    import re

    from lineage.stores.oxigraph.store import OxigraphStore
    from tests.conftest import REPO

    block = re.search(
        r"```\n(SELECT DISTINCT \?id WHERE \{\n.*?lin:weightFormat.*?)```",
        (REPO / "README.md").read_text(encoding="utf-8"),
        re.S,
    )
    assert block is not None
    store = OxigraphStore(None)
    store.write([
        rec("deepseek-ai/DeepSeek-R1"),
        rec("ds/Student", claim("deepseek-ai/DeepSeek-R1", "distillation")),
        _under("q/Student-GGUF", "GGUF", 4),
        _under("q/Student-GGUF-8", "GGUF", 8),
        _under("q/Student-MLX", "MLX", 4),
        _quantized("q/Elsewhere-GGUF", "GGUF", "Q4_K_M", 4),  # another family
    ])  # fmt: skip
    rows = sparql_store(store).sparql(block.group(1))
    assert [r["id"].value for r in rows] == ["q/Student-GGUF"]
    store.close()


def _under(model: str, fmt: str, bits: int) -> SourceRecord:
    r = rec(model, claim("ds/Student", "quantized"))
    r.formats, r.bits = [fmt], [bits]
    return r

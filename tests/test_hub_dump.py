"""Hub API dumps: row mapping, JSON/JSONL/Parquet streaming, parallel import, CLI."""

from __future__ import annotations

import gzip
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from importers.hub_dump import Task, arrow_rows, count_rows, dump_tasks, iter_json_values
from importers.hub_rows import RowError, record_from_info, records_from_row, reference
from lineage.cli import app
from lineage.core.errors import CardError, UsageError
from lineage.core.ids import parse_reference
from lineage.core.records import EvidenceKind, Relation, SourceRecord
from lineage.ingest.dumps import import_dump, parsed_chunks
from lineage.stores.base import LineageStore
from lineage.stores.oxigraph.store import OxigraphStore

DUMP = Path(__file__).parent / "fixtures" / "hub" / "dump"
JSONL = DUMP / "models.jsonl"
GOOD_ROWS = 11  # rows of models.jsonl that map to a record (13 rows, 2 broken)


def rows() -> list[dict[str, Any]]:
    """The well-formed rows of the JSONL fixture."""
    out = []
    for line in JSONL.read_text().splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if row.get("id") or row.get("modelId"):
            out.append(row)
    return out


def by_id(model_id: str) -> dict[str, Any]:
    return next(r for r in rows() if (r.get("id") or r.get("modelId")) == model_id)


def parents(rec: SourceRecord) -> dict[str, tuple[str, bool]]:
    return {c.parent: (c.relation.value, c.relation_inferred) for c in rec.claims}


def write_parquet(path: Path, data: list[dict[str, Any]]) -> Path:
    """The dump columns as Parquet, ``cardData`` as JSON text (like the Hub's exports)."""
    base_models = pa.struct(
        [("relation", pa.string()), ("models", pa.list_(pa.struct([("id", pa.string())])))]
    )
    schema = pa.schema(
        [
            ("id", pa.string()), ("modelId", pa.string()), ("cardData", pa.string()),
            ("tags", pa.list_(pa.string())), ("library_name", pa.string()),
            ("pipeline_tag", pa.string()), ("downloads", pa.int64()), ("likes", pa.int64()),
            ("createdAt", pa.string()), ("baseModels", base_models), ("card", pa.string()),
        ]
    )  # fmt: skip
    cols: dict[str, list[Any]] = {name: [] for name in schema.names}
    for row in data:
        for name in schema.names:
            value = row.get(name)
            if name == "cardData" and isinstance(value, dict):
                value = json.dumps(value)
            cols[name].append(value)
    pq.write_table(pa.Table.from_pydict(cols, schema=schema), path, row_group_size=4)
    return path


# -- one row -----------------------------------------------------------------------------


def test_row_becomes_a_hub_record_with_the_models_facts() -> None:
    rec = record_from_info(by_id("acme/base-7b"), "dump#1")
    assert (rec.model_id, rec.source, rec.source_kind, rec.location) == (
        "acme/base-7b",
        "hub:acme/base-7b",
        "hub-api",
        "dump#1",
    )
    assert rec.describes_model is True
    assert rec.license == "apache-2.0"
    assert rec.datasets == ["acme/web-corpus"]
    assert rec.languages == ["en", "fr"]
    assert (rec.library, rec.pipeline_tag) == ("transformers", "text-generation")
    assert "region:us" not in rec.tags and "license:apache-2.0" not in rec.tags
    assert "llama" in rec.tags
    assert rec.claims == []


@pytest.mark.parametrize(
    ("model_id", "expected"),
    [
        # The Hub's own relation is its inference from the repo, not the author's word.
        ("acme/chat-7b", {"acme/base-7b": ("finetune", True)}),
        # base_model_relation in the card is a statement.
        ("quanter/chat-7b-GGUF", {"acme/chat-7b": ("quantized", False)}),
        ("lora-user/chat-7b-lora", {"acme/chat-7b": ("adapter", True)}),
        (
            "merge-org/slerp-merge",
            {"acme/chat-7b": ("merge", True), "acme/code-7b": ("merge", True)},
        ),
        # The Hub files distillations and quantizations without a stated relation as finetunes.
        ("student-lab/small-distilled", {"acme/chat-7b": ("distillation", True)}),
        ("quanter/chat-7b-AWQ", {"acme/chat-7b": ("quantized", True)}),
        ("legacy-org/old-dump-row", {"acme/base-7b": ("finetune", True)}),
    ],
)
def test_row_relations(model_id: str, expected: dict[str, tuple[str, bool]]) -> None:
    rec = record_from_info(by_id(model_id), "dump")
    assert parents(rec) == expected
    assert all(c.kind is EvidenceKind.HUB_API for c in rec.claims)


def test_card_tags_with_a_relation_are_statements() -> None:
    row = {"id": "a/b", "cardData": {"tags": ["base_model:adapter:acme/chat-7b"]}}
    assert parents(record_from_info(row, "x")) == {"acme/chat-7b": ("adapter", False)}


def test_revision_and_urls_in_base_model() -> None:
    rec = record_from_info(by_id("lora-user/chat-7b-lora"), "dump")
    assert rec.claims[0].revision == "main"


def test_self_reference_and_local_path_are_unresolved() -> None:
    selfish = record_from_info(by_id("self-org/selfish"), "dump")
    assert selfish.claims == []
    assert [(u.value, u.reason) for u in selfish.unresolved] == [
        ("self-org/selfish", "names the model itself")
    ]
    local = record_from_info(by_id("local-org/from-disk"), "dump")
    assert local.claims == [] and local.unresolved[0].reason == "local path"


def test_row_with_card_text_adds_the_cards_record() -> None:
    hub, card = records_from_row(by_id("card-org/with-card"), "dump#13")
    assert hub.source == "hub:card-org/with-card"
    assert card.source == "card:card-org/with-card"
    assert [c.kind for c in card.claims] == [EvidenceKind.CARD_PROSE]


@pytest.mark.parametrize("row", [{"tags": []}, {"id": "../etc"}, [1, 2], "text"])
def test_rows_without_a_model_raise_row_error(row: object) -> None:
    with pytest.raises(RowError):
        records_from_row(row, "dump")


# -- streaming ------------------------------------------------------------------------------


def test_jsonl_failures_name_the_line() -> None:
    found: list[SourceRecord] = []
    failures = []
    for chunk in parsed_chunks(dump_tasks(JSONL, chunk_rows=4), 1):
        found.extend(cast(list[SourceRecord], chunk.payload))
        failures.extend(chunk.failures)
    assert len({r.model_id for r in found}) == GOOD_ROWS
    assert sorted(f.location.rsplit("#", 1)[1] for f in failures) == ["12", "13"]
    assert any("no usable model id" in f.reason for f in failures)
    assert any("invalid JSON" in f.reason for f in failures)


def test_json_array_is_streamed_element_by_element(tmp_path: Path) -> None:
    path = tmp_path / "models.json"
    filler = "x" * 3_000_000  # one element bigger than the read buffer
    data = [*(rows() * 300), {"id": "big/row", "cardData": {"license": "mit", "note": filler}}]
    path.write_text(json.dumps(data, indent=1))  # ~4 MB: several buffer refills
    values = list(iter_json_values(path))
    assert values == data


def test_json_single_object_and_broken_arrays(tmp_path: Path) -> None:
    [value] = list(iter_json_values(DUMP / "one-model.json"))
    assert isinstance(value, dict) and value["id"] == "acme/chat-7b"
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "a/b"}, {"id": ')
    with pytest.raises(CardError, match="invalid JSON"):
        list(iter_json_values(broken))
    scalar = tmp_path / "scalar.json"
    scalar.write_text("42")
    with pytest.raises(CardError, match="array or object"):
        list(iter_json_values(scalar))


def test_parsing_streams_with_few_chunks_in_flight() -> None:
    line = json.dumps(by_id("acme/chat-7b")).encode()

    def endless() -> Iterator[Task]:
        for n in itertools.count():
            yield ("lines", "endless.jsonl", n * 10 + 1, [line] * 10)

    # An endless input still yields: nothing reads the whole input ahead.
    first = list(itertools.islice(parsed_chunks(endless(), workers=2), 5))
    assert [chunk.rows for chunk in first] == [10] * 5


def test_arrow_rows_are_what_to_pylist_gives(tmp_path: Path) -> None:
    data = [*rows(), {"modelId": "old/style"}]
    batches = pq.read_table(write_parquet(tmp_path / "models.parquet", data)).to_batches()
    assert len(batches) > 2
    for batch in batches:
        full = batch.to_pylist()
        # modelId is only read when id is empty: left out when every row has an id.
        if all(r["id"] for r in full):
            assert arrow_rows(batch) == [
                {k: v for k, v in r.items() if k != "modelId"} for r in full
            ]
        else:
            assert arrow_rows(batch) == full
        good = [r for r in full if r.get("id") or r.get("modelId")]
        mine = [r for r in arrow_rows(batch) if r.get("id") or r.get("modelId")]
        assert [records_from_row(r, "x") for r in mine] == [records_from_row(r, "x") for r in good]
    assert arrow_rows(pa.RecordBatch.from_pydict({})) == []


REFS = st.lists(
    st.sampled_from([*"aZ09-_./@+:%?# ~\\\"'<>", "--", "..", "hf.co/", "https://",
                     "huggingface.co/", "datasets/", "models--", "é", "\n"]),
    max_size=10,
).map("".join)  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(raw=REFS)
def test_fast_reference_is_parse_reference(raw: str) -> None:
    assert reference(raw) == parse_reference(raw)


@pytest.mark.parametrize(
    "raw",
    ["org/name", "Org/Name-1.5", "org/name.", "org/name-", "a--b/c", "a/b..c", "hf.co/x",
     "huggingface.co/org/name", "datasets/org", "spaces/x", "github.com/a", "a/b\n", " a/b",
     "a/b/c", "a", None, 3, ["a/b"], "org.x/name", "-a/b", "a/-b", "models--a--b"],
)  # fmt: skip
def test_fast_reference_on_known_shapes(raw: object) -> None:
    assert reference(raw) == parse_reference(raw)


def test_unknown_suffix_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        list(dump_tasks(tmp_path / "models.csv"))


# -- whole imports --------------------------------------------------------------------------


def edges_of(store: OxigraphStore) -> set[tuple[str, str, str]]:
    return {(e.child, e.parent, e.relation) for e in store.iter_edges()}


@pytest.mark.parametrize("workers", [1, 2])
def test_jsonl_json_gzip_and_parquet_import_the_same_graph(tmp_path: Path, workers: int) -> None:
    good = rows()
    as_json = tmp_path / "models.json"
    as_json.write_text(json.dumps(good))
    as_gz = tmp_path / "models.jsonl.gz"
    with gzip.open(as_gz, "wt") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in good)
    as_parquet = write_parquet(tmp_path / "models.parquet", good)
    graphs = []
    for i, path in enumerate([JSONL, as_json, as_gz, as_parquet]):
        store = OxigraphStore(tmp_path / f"store{i}")
        try:
            seen: list[int] = []
            summary = import_dump([path], [store], workers, chunk_rows=3, on_progress=seen.append)
            assert summary.rows == sum(seen)
            assert summary.to_json()["models"] == GOOD_ROWS
            graphs.append(edges_of(store))
            node = store.node("acme/chat-7b")
            assert node is not None and not node.placeholder and node.license == "apache-2.0"
        finally:
            store.close()
    assert all(g == graphs[0] for g in graphs)
    assert ("quanter/chat-7b-GGUF", "acme/chat-7b", "quantized") in graphs[0]
    assert count_rows([as_parquet]) == GOOD_ROWS and count_rows([JSONL]) is None


def test_workers_build_nquads_or_records_for_every_engine(store: LineageStore) -> None:
    # The embedded store bulk-loads N-Quads built by the workers; Neo4j takes records.
    summary = import_dump([JSONL], [store], 2, chunk_rows=2)
    assert summary.sources == GOOD_ROWS + 1  # plus the card carried by one row
    assert summary.edges == 9 and len(summary.failures) == 2
    got = {(e.child, e.parent, e.relation) for e in store.iter_edges()}
    assert ("lora-user/chat-7b-lora", "acme/chat-7b", "adapter") in got
    assert ("card-org/with-card", "acme/chat-7b", "finetune") in got
    assert len(got) == 9
    node = store.node("acme/base-7b")
    assert node is not None and node.license == "apache-2.0" and not node.placeholder


def test_reimport_replaces_rows(tmp_path: Path) -> None:
    first = tmp_path / "a.jsonl"
    first.write_text(json.dumps({"id": "x/y", "cardData": {"base_model": "acme/base-7b"}}) + "\n")
    second = tmp_path / "b.jsonl"
    second.write_text(json.dumps({"id": "x/y", "cardData": {"base_model": "acme/base-8b"}}) + "\n")
    store = OxigraphStore(tmp_path / "store")
    try:
        import_dump([first], [store], 1)
        import_dump([second], [store], 1)
        assert [e.parent for e in store.parents("x/y")] == ["acme/base-8b"]
        assert store.parents("x/y")[0].evidence[0].relation == Relation.FINETUNE.value
    finally:
        store.close()


def test_synthetic_hub_dump_matches_its_ground_truth(tmp_path: Path) -> None:
    synth = pytest.importorskip("bench.synth")
    models = list(synth.generate(400, 7))
    synth.write_jsonl(models, tmp_path / "models.jsonl")
    synth.write_parquet(models, tmp_path / "models.parquet")
    truth = {
        (e.child.casefold(), e.parent.casefold())
        for e in synth.truth_edges(models, {"yaml", "tags"})
        if e.child.casefold() != e.parent.casefold()  # self references are not edges
    }
    for name in ("models.jsonl", "models.parquet"):
        store = OxigraphStore(tmp_path / f"store-{name}")
        try:
            summary = import_dump([tmp_path / name], [store], 2)
            assert summary.failures == []
            got = {(c.casefold(), p.casefold()) for c, p, _r in edges_of(store)}
            assert got == truth
        finally:
            store.close()


def test_cli_import_dump(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["import-dump", str(JSONL), "--db", str(tmp_path / "db"), "--workers", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["rows"] == 13 and data["models"] == GOOD_ROWS and len(data["errors"]) == 2
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    result = CliRunner().invoke(app, ["import-dump", str(empty), "--db", str(tmp_path / "db")])
    assert result.exit_code == 1

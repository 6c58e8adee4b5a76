"""Tags that restate a typed fact, and kinds a source's name gives, are not written; the
queries docs/vocabulary.md gives find them anyway."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from lineage.core import vocab as v
from lineage.core.records import SourceRecord
from lineage.rdf import mapping as rdf
from lineage.rdf.derivable import implied_kind, own_tags
from lineage.rdf.reverse import record_from_quads
from lineage.stores.oxigraph.store import OxigraphStore
from tests.conftest import REPO
from tests.factories import claim, rec
from tests.shacl import assert_conforms

DOC = (REPO / "docs" / "vocabulary.md").read_text(encoding="utf-8")


def doc_query(name: str) -> str:
    """The SPARQL block of docs/vocabulary.md that starts with ``# query: NAME``."""
    found = re.search(r"```sparql\n(# query: " + name + r"\n.*?)```", DOC, re.S)
    assert found is not None, name
    return found.group(1)


def answers(store: OxigraphStore, query: str) -> list[ox.QuerySolution]:
    """The query's rows as a SPARQL user gets them (the consolidated view as the default
    graph), checked against the rows over the union of every graph."""
    store.refresh_view()
    rows = list(store.sparql(query, union_default_graph=False))
    union = list(store.sparql(query))
    assert sorted(map(str, rows)) == sorted(map(str, union))
    return rows


def tagged(store: OxigraphStore, tag: str) -> list[str]:
    query = doc_query("models-tagged").replace('?tag = "transformers"', f"?tag = {rdf.lit(tag)}")
    return sorted(str(row["id"].value) for row in answers(store, query))


def hub_row() -> SourceRecord:
    r = rec(
        "org/Chat-LoRA",
        claim("org/Base", "adapter"),
        source="hub:org/Chat-LoRA",
        license="apache-2.0",
        datasets=["org/data"],
    )
    r.source_kind = "hub-api"
    r.library, r.pipeline_tag, r.languages = "peft", "text-generation", ["en"]
    r.tags = [
        "peft", "text-generation", "en", "license:apache-2.0", "dataset:org/data",
        "base_model:org/Base", "base_model:adapter:org/Base",  # restate typed facts
        "lora", "Peft", "license:mit", "base_model:finetune:org/Base", "region:us",  # do not
    ]  # fmt: skip
    return r


def keywords(r: SourceRecord) -> list[str]:
    return sorted(
        line.split(" ", 2)[2][1:-3] for line in rdf.record_triples(r) if f"<{v.KEYWORDS}>" in line
    )


def test_tags_that_restate_a_typed_fact_are_not_written() -> None:
    kept = ["Peft", "base_model:finetune:org/Base", "license:mit", "lora", "region:us"]
    assert keywords(hub_row()) == kept
    assert sorted(own_tags(hub_row())) == kept


def test_a_tag_is_kept_when_the_fact_it_names_is_not_stated() -> None:
    r = rec("org/Plain")
    r.tags = ["transformers", "license:apache-2.0", "dataset:org/data", "base_model:org/Base"]
    assert keywords(r) == sorted(r.tags)


def test_the_documented_query_finds_kept_and_dropped_tags(oxi: OxigraphStore) -> None:
    other = rec("org/Other", license="mit")
    other.library, other.tags = "transformers", ["gguf"]
    oxi.write([hub_row(), other, rec("org/Nothing")])
    assert_conforms(oxi)
    assert tagged(oxi, "lora") == ["org/Chat-LoRA"]  # kept as a keyword
    assert tagged(oxi, "peft") == ["org/Chat-LoRA"]  # dropped: the library
    assert tagged(oxi, "en") == ["org/Chat-LoRA"]  # dropped: a language
    assert tagged(oxi, "license:apache-2.0") == ["org/Chat-LoRA"]
    assert tagged(oxi, "dataset:org/data") == ["org/Chat-LoRA"]
    assert tagged(oxi, "base_model:adapter:org/Base") == ["org/Chat-LoRA"]
    assert tagged(oxi, "base_model:org/Base") == ["org/Chat-LoRA"]
    assert tagged(oxi, "base_model:finetune:org/Base") == ["org/Chat-LoRA"]  # kept
    assert tagged(oxi, "gguf") == ["org/Other"]
    assert tagged(oxi, "license:mit") == ["org/Chat-LoRA", "org/Other"]
    assert tagged(oxi, "transformers") == ["org/Other"]
    assert tagged(oxi, "no-such-tag") == []
    plain = doc_query("models-tagged-plain")
    for tag, models in (("peft", ["org/Chat-LoRA"]), ("gguf", ["org/Other"]), ("x", [])):
        rows = answers(oxi, plain.replace('"transformers"', rdf.lit(tag)))
        assert sorted(str(row["id"].value) for row in rows) == models


def test_the_model_node_lists_the_tags_the_graph_keeps(oxi: OxigraphStore) -> None:
    oxi.write([hub_row()])
    node = oxi.node("org/chat-lora")
    assert node is not None
    kept = ["Peft", "base_model:finetune:org/Base", "license:mit", "lora", "region:us"]
    assert sorted(node.tags) == kept
    assert (node.library, node.languages) == ("peft", ["en"])


@pytest.mark.parametrize(
    ("source", "kind", "written"),
    [
        ("card:org/A", "card", False),
        ("hub:org/A", "hub-api", False),
        ("gguf:org/A/a.Q4_K_M.gguf", "gguf", False),
        ("adapter-config:org/A", "adapter-config", False),
        ("hub:org/A", "card", True),
        ("card:org/A", "hub-api", True),
    ],
)
def test_the_kind_is_written_only_where_the_name_does_not_give_it(
    oxi: OxigraphStore, source: str, kind: str, written: bool
) -> None:
    r = rec("org/A", source=source)
    r.source_kind = kind
    lines = rdf.record_triples(r)
    assert any(f"<{v.SOURCE_KIND}>" in line for line in lines) is written
    graph = ox.NamedNode(v.source_iri(source))
    quads = [
        ox.Quad(q.subject, q.predicate, q.object, graph)
        for q in ox.parse("\n".join(lines), ox.RdfFormat.N_TRIPLES)
    ]
    back = record_from_quads(quads, graph)
    assert back is not None and back.source_kind == kind
    oxi.write([r])
    assert_conforms(oxi)
    rows = answers(oxi, doc_query("source-kinds"))
    assert [(row["name"].value, row["kind"].value) for row in rows] == [(source, kind)]


def test_implied_kind_of_every_reader_prefix() -> None:
    assert implied_kind("hub:org/A") == "hub-api"
    for prefix in ("card", "gguf", "adapter-config", "mergekit-config", "config-json"):
        assert implied_kind(f"{prefix}:org/A") == prefix

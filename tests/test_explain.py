"""`lineage.query.explain`: evidence for and against one edge, on every engine."""

from __future__ import annotations

import pytest

from lineage.core.errors import NotFound
from lineage.core.records import EvidenceKind, SourceRecord, Unresolved
from lineage.query.explain import explain, looks_like
from lineage.stores.base import LineageStore
from tests.factories import claim, rec


def disputed() -> list[SourceRecord]:
    """A child that two sources tie to one parent with different relations, and more."""
    parent = rec("org/Parent")
    parent.new_version = "org/Child"
    return [
        parent,
        rec("org/Other"),
        rec(
            "org/Child",
            claim("org/Parent", "finetune", value="base_model: org/Parent"),
            claim("org/Other", "merge"),
            unresolved=[
                Unresolved(
                    "/home/u/.cache/huggingface/hub/models--org--Parent/snapshots/abc",
                    EvidenceKind.CONFIG_JSON,
                    "local path",
                ),
                Unresolved("./checkpoints/step-400", EvidenceKind.CARD_YAML, "local path"),
            ],
        ),
        rec(
            "org/Child",
            claim("org/Parent", "quantized", kind="gguf", value="general.name: Parent"),
            source="gguf:org/Child/model.gguf",
            describes=False,
        ),
        rec(
            "org/Child",
            claim("org/Parent", "adapter", kind="config-json", inferred=True),
            source="config:org/Child/config.json",
            describes=False,
        ),
    ]


def test_explain_lists_every_claim_for_the_edge_with_its_source(store: LineageStore) -> None:
    store.write(disputed())
    ex = explain(store, "ORG/child", "org/parent")
    data = ex.to_json()
    assert (data["child"], data["parent"]) == ("org/Child", "org/Parent")
    claims = {(c["source"], c["kind"], c["relation"], c["inferred"]) for c in data["for"]}
    assert claims == {
        ("card:org/Child", "card-yaml", "finetune", False),
        ("gguf:org/Child/model.gguf", "gguf", "quantized", False),
        ("config:org/Child/config.json", "config-json", "adapter", True),
    }
    yaml = next(c for c in data["for"] if c["kind"] == "card-yaml")
    assert yaml["value"] == "base_model: org/Parent"
    assert (yaml["field"], yaml["text"]) == ("base_model", "org/Parent")
    assert yaml["location"] == "/cards/org/Child/README.md"
    assert "YAML" in yaml["rule"]
    # The fused verdict: the strongest declared claim, noisy-or, declared relations disagree.
    verdict = data["verdict"]
    assert verdict["related"] and verdict["relation"] == "finetune"
    assert verdict["conflict"] is True and verdict["claims"] == 3
    assert verdict["confidence"] == pytest.approx(1 - (1 - 0.9) * (1 - 0.8) * (1 - 0.3))


def test_explain_lists_what_speaks_against_the_edge(store: LineageStore) -> None:
    store.write(disputed())
    against = explain(store, "org/Child", "org/Parent").to_json()["against"]
    assert {(c["relation"], c["source"]) for c in against["conflicts"]} == {
        ("quantized", "gguf:org/Child/model.gguf"),
        ("adapter", "config:org/Child/config.json"),
    }
    assert against["other_parents"] == {
        "card:org/Child": [{"parent": "org/Other", "relation": "merge", "kind": "card-yaml"}]
    }
    [ref] = against["unresolved"]
    assert "models--org--Parent" in ref["text"] and ref["source"] == "card:org/Child"
    assert ref["why"] == "a Hugging Face cache folder of the parent"
    assert against["parent_new_version"] == "org/Child"
    assert against["reversed"] is None


def test_explain_reports_a_reversed_edge_as_a_cycle(store: LineageStore) -> None:
    store.write([rec("a/x", claim("b/y")), rec("b/y", claim("a/x", "quantized"))])
    data = explain(store, "a/x", "b/y").to_json()
    assert data["verdict"]["cycle"] is True
    assert data["against"]["reversed"]["relation"] == "quantized"


def test_explain_of_unrelated_models_says_so(store: LineageStore) -> None:
    store.write([rec("a/x"), rec("b/y", claim("c/z"))])
    data = explain(store, "a/x", "b/y").to_json()
    assert data["verdict"] == {
        "related": False,
        "relation": None,
        "confidence": 0.0,
        "conflict": False,
    }
    assert data["for"] == [] and data["against"]["conflicts"] == []
    with pytest.raises(NotFound):
        explain(store, "a/x", "nobody/here")


def test_unresolved_references_are_read_back_per_model(store: LineageStore) -> None:
    store.write(disputed())
    refs = store.unresolved_of("org/child")
    assert [(r["text"], r["kind"], r["reason"], r["source"]) for r in refs] == [
        ("./checkpoints/step-400", "card-yaml", "local path", "card:org/Child"),
        (
            "/home/u/.cache/huggingface/hub/models--org--Parent/snapshots/abc",
            "config-json",
            "local path",
            "card:org/Child",
        ),
    ]
    assert store.unresolved_of("org/parent") == []


def test_looks_like_matches_paths_that_name_the_parent() -> None:
    assert looks_like("/cache/models--Org--Name/snapshots/1", "org/name") is not None
    assert looks_like("../weights/org/name", "Org/Name") == "names the parent's id"
    assert looks_like("./ckpt/Name/", "org/name") == "a path ending in the parent's name"
    assert looks_like("./ckpt/Name-v2", "org/name") is None
    assert looks_like("None", "org/name") is None

"""AI-BOMs of a lineage: CycloneDX 1.6 and SPDX 3.0.1, each validated against its schema."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from lineage.core.graph import Edge, Evidence, Lineage, Node
from lineage.core.records import EvalResult
from lineage.exporters.aibom import (
    AibomError,
    cyclonedx,
    missing_profile_properties,
    spdx,
    validate_cyclonedx,
    validate_spdx,
)
from lineage.ingest.folders import run_import
from lineage.query.licenses import DeclaredLicense
from lineage.stores.oxigraph.store import OxigraphStore

CARDS = Path(__file__).parent / "fixtures" / "cards" / "licences"
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
SERIAL = UUID("12345678-1234-5678-1234-567812345678")


def _edge(child: str, parent: str, relation: str, kind: str = "card-yaml") -> Edge:
    return Edge(child, parent, [Evidence(kind, f"card:{child}", relation, 0.9)])


def _merge_family() -> Lineage:
    """A merge of two Llama fine-tunes: the shared root is reached by two paths."""
    nodes = [
        Node("meta-llama/Llama-3.3-70B-Instruct", False, "llama3.3"),
        Node("a/Llama-One", False, "llama3.3", datasets=["org/chat-data"]),
        Node("b/Two", False, "mit"),
        Node(
            "m/Llama-Merge",
            False,
            None,
            datasets=["org/chat-data", "org/code-data"],
            pipeline_tag="text-generation",
        ),
        Node("x/unknown-parent", True),
    ]
    edges = [
        _edge("a/Llama-One", "meta-llama/Llama-3.3-70B-Instruct", "finetune"),
        _edge("b/Two", "meta-llama/Llama-3.3-70B-Instruct", "finetune"),
        _edge("m/Llama-Merge", "a/Llama-One", "merge", "mergekit-config"),
        _edge("m/Llama-Merge", "b/Two", "merge", "mergekit-config"),
        _edge("b/Two", "x/unknown-parent", "adapter", "adapter-config"),
    ]
    return Lineage("m/Llama-Merge", {n.id: n for n in nodes}, edges)


EVALS = {
    "m/Llama-Merge": [
        EvalResult("text-generation", "cais/mmlu", "acc", "71.5"),
        EvalResult("text-generation", "gsm8k", "exact_match", "60"),
    ],
    "a/Llama-One": [EvalResult("text-generation", "cais/mmlu", "acc", "70.0")],
}


def _ancestors(component: dict[str, Any]) -> list[dict[str, Any]]:
    return list(component.get("pedigree", {}).get("ancestors", []))


def _props(component: dict[str, Any], name: str) -> list[str]:
    return [p["value"] for p in component.get("properties", []) if p["name"] == name]


# ---------------------------------------------------------------- CycloneDX


def test_cyclonedx_puts_the_model_first_and_ancestors_in_pedigree() -> None:
    doc = cyclonedx(_merge_family(), EVALS, serial_number=SERIAL, timestamp=WHEN)
    validate_cyclonedx(doc)
    assert doc["specVersion"] == "1.6" and doc["serialNumber"] == f"urn:uuid:{SERIAL}"
    root = doc["metadata"]["component"]
    assert root["type"] == "machine-learning-model"
    assert (root["group"], root["name"]) == ("m", "Llama-Merge")
    parents = {c["bom-ref"]: c for c in _ancestors(root)}
    assert set(parents) == {"model:a/Llama-One", "model:b/Two"}
    assert _props(parents["model:a/Llama-One"], "model-lineage:relation") == ["merge"]
    assert _props(parents["model:a/Llama-One"], "model-lineage:evidence") == [
        "mergekit-config card:m/Llama-Merge 0.9"
    ]
    # Each ancestor carries its own licence; the shared root appears under both parents.
    assert parents["model:b/Two"]["licenses"] == [{"license": {"id": "MIT"}}]
    grand = [c for p in parents.values() for c in _ancestors(p)]
    llama = [c for c in grand if c["name"] == "Llama-3.3-70B-Instruct"]
    assert sorted(c["bom-ref"] for c in llama) == [
        "model:meta-llama/Llama-3.3-70B-Instruct",
        "model:meta-llama/Llama-3.3-70B-Instruct#2",
    ]
    assert llama[0]["licenses"][0]["license"]["name"] == "Llama 3.3 Community License Agreement"
    placeholder = next(c for c in grand if c["name"] == "unknown-parent")
    assert _props(placeholder, "model-lineage:placeholder") == ["true"]
    assert _props(placeholder, "model-lineage:relation") == ["adapter"]
    # Licence findings and the effective licence travel with the component.
    assert any(
        "LIC-RELABEL" in v for v in _props(parents["model:b/Two"], "model-lineage:license-finding")
    )
    assert _props(root, "model-lineage:effective-license") == ["llama3.3"]


def test_cyclonedx_model_card_names_datasets_and_results() -> None:
    doc = cyclonedx(_merge_family(), EVALS, serial_number=SERIAL, timestamp=WHEN)
    validate_cyclonedx(doc)
    data = {c["bom-ref"]: c for c in doc["components"]}
    assert set(data) == {
        "dataset:org/chat-data",
        "dataset:org/code-data",
        "dataset:cais/mmlu",
        "dataset:gsm8k",
    }
    assert all(c["type"] == "data" for c in data.values())
    card = doc["metadata"]["component"]["modelCard"]
    assert card["modelParameters"]["task"] == "text-generation"
    assert card["modelParameters"]["datasets"] == [
        {"ref": "dataset:org/chat-data"},
        {"ref": "dataset:org/code-data"},
    ]
    metrics = card["quantitativeAnalysis"]["performanceMetrics"]
    assert {"type": "mmlu/accuracy", "value": "71.5", "slice": "cais/mmlu"} in metrics
    one = next(c for c in _ancestors(doc["metadata"]["component"]) if c["name"] == "Llama-One")
    assert one["modelCard"]["modelParameters"]["datasets"] == [{"ref": "dataset:org/chat-data"}]


def test_cyclonedx_unknown_licence_is_kept_by_name_and_link() -> None:
    lin = Lineage("o/Custom", {"o/Custom": Node("o/Custom", False, "other")}, [])
    doc = cyclonedx(
        lin, declared={"o/Custom": DeclaredLicense("other", "odd-terms", "https://example.org/t")}
    )
    validate_cyclonedx(doc)
    assert doc["metadata"]["component"]["licenses"] == [
        {"license": {"name": "odd-terms", "url": "https://example.org/t"}}
    ]


def test_cyclonedx_validation_can_fail() -> None:
    doc = cyclonedx(_merge_family(), EVALS)
    broken = copy.deepcopy(doc)
    broken["metadata"]["component"]["type"] = "neural-thing"
    with pytest.raises(AibomError, match=r"CycloneDX 1\.6"):
        validate_cyclonedx(broken)
    with pytest.raises(AibomError, match="not among"):
        cyclonedx(Lineage("z/none"))


# ---------------------------------------------------------------- SPDX


def _by_type(doc: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [o for o in doc["@graph"] if o["type"] == kind]


def _relations(doc: dict[str, Any], kind: str) -> set[tuple[str, str]]:
    names = {
        o["spdxId"]: o.get("name") or o.get("simplelicensing_licenseExpression")
        for o in doc["@graph"]
        if "spdxId" in o
    }
    names["https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense"] = "NOASSERTION"
    return {
        (names[r["from"]], names[t])
        for r in _by_type(doc, "Relationship")
        if r["relationshipType"] == kind
        for t in r["to"]
    }


def test_spdx_ai_profile_packages_relationships_and_licences() -> None:
    doc = spdx(_merge_family(), EVALS, document_id=SERIAL, created=WHEN)
    validate_spdx(doc)
    packages = {p["name"] for p in _by_type(doc, "ai_AIPackage")}
    assert packages == {
        "m/Llama-Merge",
        "a/Llama-One",
        "b/Two",
        "meta-llama/Llama-3.3-70B-Instruct",
        "x/unknown-parent",
    }
    assert ("a/Llama-One", "m/Llama-Merge") in _relations(doc, "ancestorOf")
    assert ("m/Llama-Merge", "b/Two") in _relations(doc, "descendantOf")
    assert _relations(doc, "trainedOn") >= {
        ("m/Llama-Merge", "org/code-data"),
        ("a/Llama-One", "org/chat-data"),
    }
    assert ("m/Llama-Merge", "gsm8k") in _relations(doc, "testedOn")
    declared = dict(_relations(doc, "hasDeclaredLicense"))
    concluded = dict(_relations(doc, "hasConcludedLicense"))
    assert set(declared) == set(concluded) == packages  # every package has both
    assert declared["b/Two"] == "MIT"
    assert concluded["b/Two"] == "MIT AND LicenseRef-scancode-llama-3.3-license-2024"
    assert declared["m/Llama-Merge"] == "NOASSERTION"
    assert concluded["m/Llama-Merge"] == "LicenseRef-scancode-llama-3.3-license-2024"
    assert declared["x/unknown-parent"] == concluded["x/unknown-parent"] == "NOASSERTION"
    [document] = _by_type(doc, "SpdxDocument")
    assert "ai" in document["profileConformance"]
    # Of the profiles' required package properties, the graph lacks the dates, and the
    # publisher of a dataset named without its namespace.
    missing = missing_profile_properties(doc)
    assert set(missing) == {"releaseTime", "builtTime", "originatedBy"}
    assert missing["originatedBy"] == {"gsm8k"}
    assert missing["releaseTime"] >= packages
    suppliers = {o["spdxId"]: o["name"] for o in _by_type(doc, "Organization")}
    merge = next(p for p in _by_type(doc, "ai_AIPackage") if p["name"] == "m/Llama-Merge")
    assert suppliers[merge["suppliedBy"]] == "m"
    assert document["rootElement"] == [
        p["spdxId"] for p in _by_type(doc, "ai_AIPackage") if p["name"] == "m/Llama-Merge"
    ]


def test_spdx_validation_can_fail() -> None:
    doc = spdx(_merge_family())
    wrong_enum = copy.deepcopy(doc)
    _by_type(wrong_enum, "ai_AIPackage")[0]["software_primaryPurpose"] = "banana"
    dangling = copy.deepcopy(doc)
    _by_type(dangling, "SpdxDocument")[0]["rootElement"] = ["https://example.org/nowhere"]
    for broken in (wrong_enum, dangling):
        with pytest.raises(AibomError, match=r"SPDX 3\.0\.1"):
            validate_spdx(broken)


# ---------------------------------------------------------------- through a real store


def test_every_fixture_lineage_gives_valid_boms(oxi: OxigraphStore) -> None:
    assert run_import([CARDS], [oxi], workers=1).failures == []
    checked = 0
    for node in oxi.iter_nodes():
        lineage = oxi.ancestors(node.id)
        validate_cyclonedx(cyclonedx(lineage))
        validate_spdx(spdx(lineage))
        checked += 1
    assert checked >= 14
    merge = cyclonedx(oxi.ancestors("mix-org/Copyleft-Llama-Merge"))
    refs = {c["bom-ref"] for c in _ancestors(merge["metadata"]["component"])}
    assert refs == {"model:copy-lab/Share-Base-8B", "model:meta-llama/Llama-3.1-8B"}


def test_cycles_from_bad_cards_end_the_walk() -> None:
    lin = Lineage(
        "c/Alpha",
        {m: Node(m, False, "apache-2.0") for m in ("c/Alpha", "c/Beta")},
        [_edge("c/Alpha", "c/Beta", "finetune"), _edge("c/Beta", "c/Alpha", "finetune")],
        cycles=[["c/Alpha", "c/Beta"]],
    )
    doc = cyclonedx(lin)
    validate_cyclonedx(doc)
    [beta] = _ancestors(doc["metadata"]["component"])
    assert beta["name"] == "Beta" and _ancestors(beta) == []
    validate_spdx(spdx(lin))

"""The RDF the mapping writes conforms to the shapes, and bad RDF does not."""

from __future__ import annotations

import pytest

from lineage.core import vocab as v
from lineage.core.records import EvalResult, EvidenceKind, Unresolved
from lineage.rdf import mapping as rdf
from lineage.stores.oxigraph.store import OxigraphStore
from tests.factories import claim, family, rec
from tests.shacl import assert_conforms


def test_family_conforms(oxi: OxigraphStore) -> None:
    oxi.write(family())
    assert assert_conforms(oxi) > 100


def test_every_field_conforms_and_escapes_survive(oxi: OxigraphStore) -> None:
    r = rec(
        "org/Everything",
        claim("org/Base", "merge", "card-prose", value='said "merge of" \\ two\nmodels\x01'),
        license="other",
        datasets=["贵阳 corpus", "org/ds"],
        unresolved=[Unresolved("./ckpt/final", EvidenceKind.CARD_YAML, "local path")],
    )
    r.license_name = "custom-licence"
    r.license_link = "LICENSE.md"
    r.library, r.pipeline_tag = "transformers", "text-generation"
    r.languages, r.tags = ["en", "zh"], ["merge", 'quote"tag']
    r.new_version = "org/Everything-v2"
    r.evals = [EvalResult("text-generation", "gsm8k", "accuracy", "71.3")]
    oxi.write([r])
    assert_conforms(oxi)
    node = oxi.node("org/everything")
    assert node is not None
    assert node.license == "custom-licence"
    assert node.datasets == ["org/ds", "贵阳 corpus"]
    assert node.tags == ["merge", 'quote"tag']
    [edge] = oxi.parents("org/Everything")
    assert edge.evidence[0].value == 'said "merge of" \\ two\nmodels\x01'


def test_shapes_reject_a_derivation_without_evidence_kind(oxi: OxigraphStore) -> None:
    oxi.write(family())
    oxi._store.update(f"DELETE WHERE {{ GRAPH ?g {{ ?d <{v.EVIDENCE_KIND}> ?k }} }}")
    with pytest.raises(AssertionError, match="evidenceKind"):
        assert_conforms(oxi)


def test_update_text_replaces_graphs_atomically(oxi: OxigraphStore) -> None:
    oxi.write(family())
    text = rdf.to_update([rec("org/Chat")])
    assert text.startswith("DROP SILENT GRAPH")
    oxi._store.update(text)
    assert oxi.parents("org/Chat") == []

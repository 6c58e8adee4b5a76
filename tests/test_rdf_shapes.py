"""The RDF the mapping writes conforms to the shapes, and bad RDF does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from lineage.core import vocab as v
from lineage.core.records import EvalResult, EvidenceKind, Unresolved
from lineage.rdf import mapping as rdf
from lineage.stores.oxigraph.store import BULK_MIN_RECORDS, OxigraphStore
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


def test_no_statement_that_another_implies_is_written(oxi: OxigraphStore) -> None:
    card = rec("org/Own", claim("org/Base"), datasets=["org/ds"])
    side = rec("org/Own", source="gguf:org/Own/model.gguf", describes=False)
    oxi.write([card, side])
    quads = list(oxi._store.quads_for_pattern(None, None, None, None))
    assert not [q for q in quads if q.predicate.value == v.TYPE]
    about = [q for q in quads if q.predicate.value == v.ABOUT]
    described = [q for q in quads if q.predicate.value == v.DESCRIBED_BY]
    # One link per source: `describedBy` from the model to its own card, `about` from the other.
    assert [q.subject.value for q in about] == [v.source_iri("gguf:org/Own/model.gguf")]
    assert [q.object.value for q in described] == [v.source_iri(card.source)]
    assert assert_conforms(oxi) > 10
    assert sorted(oxi.iter_model_ids()) == ["org/Base", "org/Own"]
    assert sorted(r.source for r in oxi.iter_records()) == sorted([card.source, side.source])


def test_shapes_reject_a_parent_that_is_no_model(oxi: OxigraphStore) -> None:
    oxi.write(family())
    # Without types, a derivation's entity is recognised as a model by its hub id.
    oxi._store.update(f"DELETE WHERE {{ GRAPH ?g {{ ?p <{v.HUB_ID}> ?id }} }}")
    with pytest.raises(AssertionError, match=r"ModelRefShape|hubId"):
        assert_conforms(oxi)


def test_stores_written_in_the_older_shape_still_read(oxi: OxigraphStore) -> None:
    """Types and both links, as stores written before the sixth benchmark round hold them."""
    old = rec("org/Old", claim("org/Base"))
    prepared = rdf.prepare(old)
    g, m = f"<{prepared.graph}>", f"<{v.model_iri('org/Old')}>"
    extra = (
        f"{g} <{v.TYPE}> <{v.SOURCE}> {g} .\n{m} <{v.TYPE}> <{v.MLMODEL}> {g} .\n"
        f"{g} <{v.ABOUT}> {m} {g} .\n"
    )
    oxi.write_prepared([prepared._replace(nquads=prepared.nquads + extra)])
    [back] = list(oxi.iter_records())
    assert back.model_id == "org/Old" and back.describes_model
    assert [c.parent for c in back.claims] == ["org/Base"]
    assert oxi.stats()["models"] == 2


@pytest.mark.parametrize("reopen", [False, True])
def test_a_bulk_write_replaces_what_the_same_process_wrote(tmp_path: Path, reopen: bool) -> None:
    """A new store skips the existence lookups; a source written twice is still replaced."""
    n = BULK_MIN_RECORDS + 10
    first = [rec(f"org/M{i}", claim("org/Base"), license="mit") for i in range(n)]
    store = OxigraphStore(tmp_path / "db")
    store.write_prepared([rdf.prepare(r) for r in first])
    quads = len(store._store)
    if reopen:  # a store that held graphs when opened looks them up instead
        store.close()
        store = OxigraphStore(tmp_path / "db")
    again = [rec(f"org/M{i}", claim("org/Base"), license="apache-2.0") for i in range(n)]
    store.write_prepared([rdf.prepare(r) for r in again])
    node = store.node("org/M3")
    assert node is not None and node.license == "apache-2.0"
    assert len(store._store) == quads
    store.clear()
    store.write_prepared([rdf.prepare(r) for r in first])
    assert len(store._store) == quads
    store.close()


def test_the_consolidated_view_conforms_beside_its_sources(oxi: OxigraphStore) -> None:
    oxi.write(family())
    oxi.write([rec("org/Chat", claim("org/Base", "adapter", "hub-api"), source="hub:org/Chat")])
    without = assert_conforms(oxi)
    assert assert_conforms(oxi, view=True) > without + 40


@pytest.mark.parametrize(
    "damage",
    [
        f"DELETE WHERE {{ ?d <{v.CONFLICT}> ?c }}",  # a fused derivation without its flag
        f"INSERT {{ ?d <{v.EVIDENCE_KIND}> 'card-yaml' }} WHERE {{ ?d <{v.CLAIM_COUNT}> ?n }}",
        f"DELETE {{ ?d <{v.CLAIM_COUNT}> ?n }} INSERT {{ ?d <{v.CLAIM_COUNT}> 0 }} "
        f"WHERE {{ ?d <{v.CLAIM_COUNT}> ?n }}",
    ],
)
def test_shapes_reject_a_broken_view(oxi: OxigraphStore, damage: str) -> None:
    oxi.write(family())
    oxi.refresh_view()
    oxi._store.update(damage)  # the default graph: the view
    with pytest.raises(AssertionError, match="Constraint Violation"):
        assert_conforms(oxi, view=True)

"""The consolidated view: each fact once in SPARQL's default graph, kept exact by Oxigraph."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import DefaultGraph, NamedNode, RdfFormat

from lineage.core import vocab as v
from lineage.core.errors import StoreUnavailable
from lineage.core.records import SourceRecord
from lineage.rdf import mapping as rdf
from lineage.stores.oxigraph import view as view_module
from lineage.stores.oxigraph.store import BULK_MIN_RECORDS, OxigraphStore
from lineage.stores.oxigraph.view import ViewState
from tests.factories import claim, family, random_batch, rec

CHAT = v.model_iri("org/Chat")
PARENTS_OF_CHAT = f"SELECT ?p WHERE {{ <{CHAT}> lin:fineTunedFrom ?p }}"
RELATIONS = ", ".join(f"<{p}>" for p in v.PROPERTY_RELATION)


def hub_row_repeating_chat() -> SourceRecord:
    return rec("org/Chat", claim("org/Base", kind="hub-api"), source="hub:org/Chat")


def rows(store: OxigraphStore, query: str, union: bool = False) -> list[Any]:
    """As `LineageGraph.sparql` asks: the view refreshed first."""
    store.ensure_view()
    return list(store.sparql(query, union_default_graph=union))


def view_triples(store: OxigraphStore) -> set[tuple[Any, Any, Any]]:
    """The default graph's statements, without the view's own bookkeeping."""
    return {
        (q.subject, q.predicate, q.object)
        for q in store._store.quads_for_pattern(None, None, None, DefaultGraph())
        if q.subject != NamedNode(v.VIEW_GRAPH)
    }


def rebuilt(store: OxigraphStore) -> set[tuple[Any, Any, Any]]:
    """The view a store holding the same source graphs builds from scratch."""
    fresh = OxigraphStore(None)
    fresh._store.extend(store._quads())  # every source graph, as it is
    sources = next(fresh._store.named_graphs(), None) is not None
    assert fresh.view_state() is (ViewState.REBUILD if sources else ViewState.FRESH)
    fresh.refresh_view()
    return view_triples(fresh)


def fused(store: OxigraphStore, child_iri: str) -> dict[str, tuple[str, float, bool, bool, int]]:
    """The view's derivations of one child: parent → relation, confidence, flags, claims."""
    query = f"""SELECT ?p ?rel ?conf ?inf ?conflict ?n ?prop WHERE {{
      <{child_iri}> prov:qualifiedDerivation ?d ; ?prop ?p .
      ?d prov:entity ?p ; lin:relation ?rel ; lin:confidence ?conf ; lin:relationInferred ?inf ;
         lin:conflict ?conflict ; lin:claimCount ?n .
      FILTER(?prop IN ({RELATIONS})) }}"""
    out: dict[str, tuple[str, float, bool, bool, int]] = {}
    for r in rows(store, query):
        p = r["p"].value
        assert p not in out, "one derivation per pair"
        assert v.PROPERTY_RELATION[r["prop"].value].value == r["rel"].value
        out[p] = (
            r["rel"].value,
            float(Decimal(r["conf"].value)),
            r["inf"].value == "true",
            r["conflict"].value == "true",
            int(r["n"].value),
        )
    return out


def assert_view_is_exact(store: OxigraphStore) -> None:
    """Refreshed, the view equals a rebuilt one and answers what `parents` and `node` do."""
    store.refresh_view()
    assert store.view_state() is ViewState.FRESH
    assert view_triples(store) == rebuilt(store)
    ids = {r["m"].value: r["id"].value for r in rows(store, "SELECT ?m ?id { ?m lin:hubId ?id }")}
    assert len(ids) == len(rows(store, "SELECT ?m ?id { ?m lin:hubId ?id }")), "one id a model"
    models = list(store.iter_model_ids())
    assert sorted(ids.values()) == sorted(models)
    for mid in models:
        expected = {
            v.model_iri(e.parent): (e.relation, e.confidence, e.inferred, e.conflict,
                                    len(e.evidence))
            for e in store.parents(mid)
        }  # fmt: skip
        assert fused(store, v.model_iri(mid)) == expected, mid


def test_a_parent_said_by_a_card_and_a_dump_row_is_answered_once(oxi: OxigraphStore) -> None:
    oxi.write([*family(), hub_row_repeating_chat()])
    assert oxi.ensure_view()
    assert len(rows(oxi, PARENTS_OF_CHAT)) == 1
    per_source = f"SELECT ?g WHERE {{ GRAPH ?g {{ <{CHAT}> lin:fineTunedFrom ?p }} }}"
    graphs = {r["g"].value for r in rows(oxi, per_source)}
    assert graphs == {v.source_iri("card:org/Chat"), v.source_iri("hub:org/Chat")}
    # The raw union holds every graph: each source's statement and the view's.
    assert len(rows(oxi, PARENTS_OF_CHAT, union=True)) == 3
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?m lin:hubId ?id }"
    assert int(rows(oxi, count)[0]["n"].value) == len(list(oxi.iter_model_ids()))
    # Named, the view is the default graph; a source's graph can still be asked alone.
    assert len(list(oxi.sparql(PARENTS_OF_CHAT, default_graph=[v.VIEW_GRAPH]))) == 1
    card = [v.source_iri("card:org/Chat")]
    assert len(list(oxi.sparql(PARENTS_OF_CHAT, default_graph=card))) == 1
    [d] = fused(oxi, CHAT).values()
    assert d[4] == 2 and not d[3]


def test_conflicting_relations_give_one_derivation_flagged(oxi: OxigraphStore) -> None:
    oxi.write(family())
    oxi.write([rec("org/Chat", claim("org/Base", "adapter", "hub-api"), source="hub:org/Chat")])
    [(parent, (relation, confidence, inferred, conflict, claims))] = fused(oxi, CHAT).items()
    [edge] = oxi.parents("org/Chat")
    assert parent == v.model_iri("org/Base") and claims == 2 and conflict
    assert (relation, confidence, inferred) == (edge.relation, edge.confidence, edge.inferred)
    assert_view_is_exact(oxi)


def test_declared_beats_inferred_then_confidence(oxi: OxigraphStore) -> None:
    oxi.write([
        rec("x/Q", claim("x/Base", "quantized", "card-prose", inferred=True),
            claim("x/Other", "merge", "card-yaml")),
        rec("x/Q", claim("x/Base", "finetune", "config-json"), source="config:x/Q/config.json",
            describes=False),
    ])  # fmt: skip
    view = fused(oxi, v.model_iri("x/Q"))
    [edge] = [e for e in oxi.parents("x/Q") if e.parent == "x/Base"]
    assert view[v.model_iri("x/Base")][:4] == (edge.relation, edge.confidence, False, False)
    assert edge.relation == "finetune"
    assert_view_is_exact(oxi)


def test_facts_are_stated_once(oxi: OxigraphStore) -> None:
    oxi.write([
        rec("x/Model", license="mit", datasets=["d/Set"]),
        rec("x/model", license="mit", datasets=["D/set"], source="hub:x/Model"),
        rec("y/Child", claim("X/MODEL")),
    ])  # fmt: skip
    m = v.model_iri("x/model")
    node = oxi.node("x/model")
    assert node is not None
    [row] = rows(oxi, f"SELECT ?id ?lic WHERE {{ <{m}> lin:hubId ?id ; schema:license ?lic }}")
    assert (row["id"].value, row["lic"].value) == (node.id, node.license)
    assert len(rows(oxi, f"SELECT ?l WHERE {{ <{m}> schema:license ?l }}", union=True)) == 3
    graphs = sorted(r["g"].value for r in rows(oxi, f"SELECT ?g {{ <{m}> lin:describedBy ?g }}"))
    assert graphs == sorted(v.source_iri(s) for s in node.sources) and len(graphs) == 2
    names = rows(oxi, f"SELECT ?n {{ <{m}> fair4ml:trainedOn ?d . ?d schema:identifier ?n }}")
    assert sorted(r["n"].value for r in names) == ["D/set", "d/Set"]  # each spelling once
    assert_view_is_exact(oxi)


def test_reimport_removal_and_clear_keep_the_view_exact(oxi: OxigraphStore) -> None:
    # Bystanders, so that one changed card is a refresh of its models, not a rebuild.
    records = [*family(), hub_row_repeating_chat(), *(rec(f"by/m{i}") for i in range(20))]
    oxi.write(records)
    assert_view_is_exact(oxi)
    oxi.write(records)  # the same again: nothing changes
    assert_view_is_exact(oxi)
    changed = rec("org/Chat", claim("other/Small", "merge"), license="apache-2.0",
                  datasets=["new/data"])  # fmt: skip
    oxi.write([changed])
    assert oxi.view_state() is ViewState.STALE
    assert_view_is_exact(oxi)
    assert {r["p"].value for r in rows(oxi, f"SELECT ?p {{ <{CHAT}> lin:mergedFrom ?p }}")} == {
        v.model_iri("other/Small")
    }
    assert oxi.remove_sources(["hub:org/Chat", "card:org/Chat"]) == 2
    assert_view_is_exact(oxi)
    # org/Chat is still named by m/merge's card: a placeholder now, with its id and nothing else.
    facts = rows(oxi, f"SELECT ?p ?o {{ <{CHAT}> ?p ?o }}")
    assert [r["p"].value for r in facts] == [v.HUB_ID]
    assert rows(oxi, "SELECT ?n { ?d schema:identifier ?n FILTER(?n = 'new/data') }") == []
    oxi.clear()
    assert oxi.view_state() is ViewState.FRESH and view_triples(oxi) == set()
    oxi.write(family())
    assert_view_is_exact(oxi)


@pytest.mark.parametrize("seed", [7, 8])
def test_random_writes_keep_the_view_exact(oxi: OxigraphStore, seed: int) -> None:
    rng = random.Random(seed)
    models = [f"o/m{i}" for i in range(12)]
    oxi.write([rec(m) for m in models])
    oxi.refresh_view()
    for _ in range(12):
        batch = random_batch(rng, models)
        oxi.write(batch)
        if rng.random() < 0.3:
            oxi.remove_sources([rng.choice(batch).source])
        if rng.random() < 0.5:
            assert_view_is_exact(oxi)
    assert_view_is_exact(oxi)


def test_the_view_is_refreshed_by_the_next_process_that_can_write(tmp_path: Path) -> None:
    path = tmp_path / "db"
    store = OxigraphStore(path)
    store.write(family())
    store.refresh_view()
    store.write([hub_row_repeating_chat()])
    store.close()
    reader = OxigraphStore.read_only(path)
    assert reader.view_state() is ViewState.STALE and not reader.ensure_view()
    with pytest.raises(StoreUnavailable, match="cannot be refreshed"):
        reader.refresh_view()
    reader.close()
    store = OxigraphStore(path)
    assert store.ensure_view() and store.view_state() is ViewState.FRESH
    assert len(rows(store, PARENTS_OF_CHAT)) == 1
    assert_view_is_exact(store)
    store.close()


def test_a_first_bulk_import_marks_a_rebuild_not_each_model(oxi: OxigraphStore) -> None:
    n = BULK_MIN_RECORDS + 10
    oxi.write_prepared([rdf.prepare(rec(f"org/M{i}", claim("org/Base"))) for i in range(n)])
    assert oxi.view_state() is ViewState.REBUILD
    assert not list(oxi._store.quads_for_pattern(None, None, None, DefaultGraph()))[1:]
    refresh = oxi.refresh_view()
    assert refresh.rebuilt and refresh.models == n + 1
    # Most models again: a rebuild again; a few: those few.
    oxi.write_prepared([rdf.prepare(rec(f"org/M{i}", claim("org/Base", "adapter")))
                        for i in range(n)])  # fmt: skip
    assert oxi.view_state() is ViewState.REBUILD
    oxi.refresh_view()
    oxi.write([rec("org/M1", claim("org/Base", "merge"))])
    assert oxi.view_state() is ViewState.STALE
    refresh = oxi.refresh_view()
    assert not refresh.rebuilt and refresh.models == 2
    assert_view_is_exact(oxi)


def test_many_pending_models_turn_into_one_rebuild(
    oxi: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    oxi.write([rec(f"o/m{i}") for i in range(20)])
    oxi.refresh_view()
    monkeypatch.setattr(view_module, "REBUILD_SHARE", 0.2)
    oxi.write([rec("o/m1", license="mit")])
    assert oxi.view_state() is ViewState.STALE
    oxi.write([rec(f"o/m{i}", license="mit") for i in range(2, 6)])
    assert oxi.view_state() is ViewState.REBUILD
    assert not list(oxi._quads(None, view_module._PENDING, None, DefaultGraph()))
    assert oxi.refresh_view().rebuilt
    assert_view_is_exact(oxi)


def test_store_reads_and_dumps_ignore_the_view(oxi: OxigraphStore) -> None:
    oxi.write([*family(), hub_row_repeating_chat()])
    before = (oxi.ancestors("m/merge").to_json(), oxi.stats(), sorted(oxi.iter_model_ids()))
    dump = _dump(oxi)
    oxi.refresh_view()
    assert len(view_triples(oxi)) > 30
    oxi._invalidate()
    after = (oxi.ancestors("m/merge").to_json(), oxi.stats(), sorted(oxi.iter_model_ids()))
    assert after == before
    assert _dump(oxi) == dump
    assert sorted(r.source for r in oxi.iter_records()) == sorted(
        r.source for r in [*family(), hub_row_repeating_chat()]
    )


def _dump(store: OxigraphStore) -> bytes:
    import io

    buf = io.BytesIO()
    store.dump(RdfFormat.N_QUADS, buf)
    return b"\n".join(sorted(buf.getvalue().splitlines()))


def test_a_pruned_dump_leaves_the_view_exact(tmp_path: Path) -> None:
    from lineage.ingest.dumps import import_dump
    from tests.test_incremental import _dump, _row

    dumped = [_row(f"z/m{i}") for i in range(30)] + [_row("a/Chat", "a/Base"), _row("c/Gone")]
    dump = _dump(tmp_path / "models.jsonl", dumped)
    store = OxigraphStore(tmp_path / "store")
    import_dump([dump], [store], workers=1)
    assert_view_is_exact(store)
    _dump(dump, [*dumped[:30], _row("a/Chat", "a/Base", "apache-2.0")])  # c/Gone left the Hub
    pruned = import_dump([dump], [store], workers=1, prune=True)
    assert (pruned.changed, pruned.removed) == (1, 1)
    assert store.view_state() is ViewState.STALE
    assert_view_is_exact(store)
    assert rows_of(store, v.model_iri("c/Gone")) == []
    lic = f"SELECT ?l WHERE {{ <{v.model_iri('a/Chat')}> schema:license ?l }}"
    assert [r["l"].value for r in rows(store, lic)] == ["apache-2.0"]
    store.close()


def rows_of(store: OxigraphStore, iri: str) -> list[Any]:
    return rows(store, f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}")

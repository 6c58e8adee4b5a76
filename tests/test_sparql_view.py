"""The consolidated view on the remote SPARQL engine, against the real test servers: kept exact
by imports, re-imports, removals and clears (equal to a rebuilt one and to the embedded store's
view of the same cards), read as the default graph, invisible to the engine's own reads."""

from __future__ import annotations

import io
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from pyoxigraph import RdfFormat

from lineage.core import vocab as v
from lineage.core.records import SourceRecord
from lineage.core.settings import Settings
from lineage.library import LineageGraph
from lineage.rdf import mapping as rdf
from lineage.rdf.view import FACT_PROPERTIES, ViewState
from lineage.sparql_server.launcher import SparqlServer
from lineage.stores.base import Capability, SparqlQueryable, supports
from lineage.stores.oxigraph.store import OxigraphStore
from lineage.stores.sparql.store import SparqlStore
from lineage.stores.sparql.view import VIEW
from tests.conftest import sparql_store_on
from tests.factories import claim, family, random_batch, rec
from tests.shacl import assert_ntriples_conform
from tests.test_cli import lineage

RELATIONS = ", ".join(f"<{p}>" for p in v.PROPERTY_RELATION)
FACTS = ", ".join(f"<{p}>" for p in FACT_PROPERTIES)
CHAT = v.model_iri("org/Chat")


class View(NamedTuple):
    """What a view says, in values both engines spell alike."""

    derivations: dict[tuple[str, str], tuple[str, str, Decimal, bool, bool, int]]
    ids: dict[str, str]
    facts: set[tuple[str, str, str]]
    identifiers: set[tuple[str, str]]


def rows(store: SparqlQueryable, query: str) -> list[Any]:
    return list(store.sparql(query, union_default_graph=False))


def view_of(store: SparqlQueryable) -> View:
    """The store's view (refreshed first, as `LineageGraph.sparql` does), one row a fact."""
    assert store.ensure_view()  # type: ignore[attr-defined]
    derivations: dict[tuple[str, str], tuple[str, str, Decimal, bool, bool, int]] = {}
    for r in rows(
        store,
        f"""SELECT ?c ?p ?prop ?rel ?conf ?inf ?conflict ?n WHERE {{
          ?c prov:qualifiedDerivation ?d ; ?prop ?p . ?d prov:entity ?p ; lin:relation ?rel ;
          lin:confidence ?conf ; lin:relationInferred ?inf ; lin:conflict ?conflict ;
          lin:claimCount ?n . FILTER(?prop IN ({RELATIONS})) }}""",
    ):
        pair = (r["c"].value, r["p"].value)
        assert pair not in derivations, f"one derivation per pair: {pair}"
        derivations[pair] = (
            r["prop"].value, r["rel"].value, Decimal(r["conf"].value),
            r["inf"].value == "true", r["conflict"].value == "true", int(r["n"].value),
        )  # fmt: skip
    id_rows = rows(store, "SELECT ?m ?id WHERE { ?m lin:hubId ?id }")
    ids = {r["m"].value: r["id"].value for r in id_rows}
    assert len(ids) == len(id_rows), "one display id a model"
    facts = {
        (r["m"].value, r["p"].value, r["o"].value)
        for r in rows(store, f"SELECT ?m ?p ?o WHERE {{ ?m ?p ?o FILTER(?p IN ({FACTS})) }}")
    }
    identifiers = {
        (r["d"].value, r["x"].value)
        for r in rows(store, "SELECT ?d ?x WHERE { ?d schema:identifier ?x }")
    }
    return View(derivations, ids, facts, identifiers)


def assert_exact(remote: SparqlStore, oxi: OxigraphStore) -> View:
    """The server's view: fresh, equal to one rebuilt from every source, to the embedded
    store's view of the same records, and to what `parents` and `iter_model_ids` answer."""
    assert remote.view_state() is ViewState.FRESH
    kept = view_of(remote)
    assert kept == view_of(oxi)
    done = remote.refresh_view()
    assert done.rebuilt and done.models == len(kept.ids)
    assert view_of(remote) == kept
    assert sorted(kept.ids.values()) == sorted(remote.iter_model_ids())
    expected = {
        (v.model_iri(e.child), v.model_iri(e.parent)): (e.relation, e.confidence, e.inferred,
                                                        e.conflict, len(e.evidence))
        for e in remote.iter_edges()
    }  # fmt: skip
    assert {pair: (d[1], float(d[2]), *d[3:]) for pair, d in kept.derivations.items()} == expected
    return kept


def write_both(remote: SparqlStore, oxi: OxigraphStore, records: list[SourceRecord]) -> None:
    remote.write(records)
    oxi.write(records)


def test_imports_reimports_removals_and_clear_keep_the_view_exact(
    remote: SparqlStore, oxi: OxigraphStore
) -> None:
    assert supports(remote, Capability.VIEW)
    records = [*family(), rec("org/Chat", claim("org/Base", kind="hub-api"), source="hub:org/Chat")]
    write_both(remote, oxi, records)
    first = assert_exact(remote, oxi)
    assert first.derivations[(CHAT, v.model_iri("org/Base"))][-1] == 2  # card and Hub row
    write_both(remote, oxi, records)  # the same again: nothing changes
    assert assert_exact(remote, oxi) == first
    changed = rec("org/Chat", claim("other/Small", "merge"), license="apache-2.0",
                  datasets=["new/data"])  # fmt: skip
    write_both(remote, oxi, [changed])
    after = assert_exact(remote, oxi)
    assert {p for c, p in after.derivations if c == CHAT} == {
        v.model_iri("org/Base"),  # still said by the Hub row
        v.model_iri("other/Small"),
    }
    assert remote.remove_sources(["hub:org/Chat", "card:org/Chat"]) == 2
    oxi.remove_sources(["hub:org/Chat", "card:org/Chat"])
    gone = assert_exact(remote, oxi)
    # Still named by m/merge's card: a placeholder with its id and no facts, no parents.
    assert CHAT in gone.ids and not [f for f in gone.facts if f[0] == CHAT]
    assert not [pair for pair in gone.derivations if pair[0] == CHAT]
    assert "new/data" not in {x for _, x in gone.identifiers}
    remote.clear()
    oxi.clear()
    assert remote.view_state() is ViewState.FRESH
    assert view_of(remote) == View({}, {}, set(), set())
    write_both(remote, oxi, family())
    assert_exact(remote, oxi)


def test_random_writes_keep_the_view_exact(remote: SparqlStore, oxi: OxigraphStore) -> None:
    rng = random.Random(11)
    models = [f"o/m{i}" for i in range(10)]
    write_both(remote, oxi, [rec(m) for m in models])
    for step in range(8):
        batch = random_batch(rng, models)
        write_both(remote, oxi, batch)
        if rng.random() < 0.4:
            gone = [rng.choice(batch).source]
            remote.remove_sources(gone)
            oxi.remove_sources(gone)
        if step % 3 == 2:
            assert_exact(remote, oxi)
    assert_exact(remote, oxi)


def test_batches_and_prepared_writes_keep_the_view(
    sparql_server: SparqlServer, oxi: OxigraphStore
) -> None:
    small = sparql_store_on(sparql_server, batch_size=3)
    small.clear()
    records = [*family(), *(rec(f"org/M{i}", claim("org/Base", "adapter")) for i in range(7))]
    small.write_prepared([rdf.prepare(r) for r in records])
    oxi.write(records)
    assert_exact(small, oxi)
    small.close()


def test_a_select_without_graph_counts_each_derivation_once(remote: SparqlStore) -> None:
    remote.write([*family(), rec("org/Chat", claim("org/Base", kind="hub-api"),
                                 source="hub:org/Chat")])  # fmt: skip
    base = v.model_iri("org/Base")
    query = f"""SELECT (COUNT(*) AS ?n) WHERE {{
      <{CHAT}> prov:qualifiedDerivation ?d . ?d prov:entity <{base}> }}"""

    def count(union: bool) -> int:
        return int(next(iter(remote.sparql(query, union_default_graph=union)))["n"].value)

    assert count(union=False) == 1
    # The server's union: the card's claim, the Hub row's, and the view's derivation.
    assert count(union=True) == 3
    [row] = list(remote.sparql(f"SELECT ?id WHERE {{ <{CHAT}> lin:hubId ?id }}", False))
    assert row["id"].value == "org/Chat"


def _reads(store: SparqlStore) -> list[Any]:
    dump = io.BytesIO()
    store.dump(RdfFormat.N_QUADS, dump)
    return [
        store.ancestors("m/merge").to_json(),
        store.descendants("org/Base").to_json(),
        store.path("q2/Distill-Small-GGUF", "org/Base").to_json(),
        [e.to_json() for e in store.iter_edges()],
        [n.to_json(full=True) for n in store.iter_nodes()],
        sorted(store.display_ids()),
        list(store.iter_placeholders()),
        store.stats(),
        store.fanouts(1),
        store.models_trained_on("org/reasoning-traces"),
        sorted(dump.getvalue().splitlines()),
    ]


def test_the_engines_reads_are_unchanged_by_the_view(remote: SparqlStore) -> None:
    remote.write(family())
    with_view = _reads(remote)
    assert view_of(remote).derivations  # there is a view to ignore
    remote.client.update(f"DROP GRAPH {VIEW}")
    assert _reads(remote) == with_view
    assert remote.view_state() is ViewState.REBUILD  # sources, and no state: no view yet


def test_a_write_that_stops_halfway_leaves_the_view_stale(
    remote: SparqlStore, oxi: OxigraphStore
) -> None:
    write_both(remote, oxi, family())
    changed = [rec("org/Chat", claim("other/Small", "merge"))]
    oxi.write(changed)
    # The write's own request (marks and sources), then a stop before the view's update.
    prepared = [rdf.prepare(r) for r in changed]
    models = remote.view.models_named([p.graph for p in prepared], prepared[0].nquads)
    assert models and CHAT in models
    remote.client.update(remote.view.marking(models, rdf.prepared_update(prepared)))
    assert remote.view_state() is ViewState.STALE
    assert remote.ensure_view() and remote.view_state() is ViewState.FRESH
    assert_exact(remote, oxi)


def test_writes_by_other_clients_are_caught_up_by_a_refresh(
    remote: SparqlStore, oxi: OxigraphStore
) -> None:
    write_both(remote, oxi, family())
    # Another client drops a source graph: the state cannot know, a refresh rebuilds.
    remote.client.update(f"DROP GRAPH <{v.source_iri('card:a/lora')}>")
    oxi.remove_sources(["card:a/lora"])
    assert remote.refresh_view().rebuilt
    assert_exact(remote, oxi)
    # A server holding sources but no view (written before it existed): writes leave the view
    # to the rebuild that the next query runs.
    remote.client.update(f"DROP GRAPH {VIEW}")
    write_both(remote, oxi, [rec("new/Model", claim("org/Base"))])
    assert remote.view_state() is ViewState.REBUILD
    assert remote.ensure_view() and remote.view_state() is ViewState.FRESH
    assert_exact(remote, oxi)


def test_the_view_holds_the_shapes(remote: SparqlStore) -> None:
    remote.write([*family(), rec("org/Chat", claim("org/Base", "adapter", "hub-api"),
                                 source="hub:org/Chat")])  # fmt: skip
    assert remote.ensure_view()
    data = io.BytesIO()
    remote.dump(RdfFormat.N_TRIPLES, data)
    view = remote.sparql("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", union_default_graph=False)
    data.write("".join(f"{t} .\n" for t in view).encode())
    assert assert_ntriples_conform(data.getvalue()) > 0
    conflict = rows(remote, f"SELECT ?x WHERE {{ <{CHAT}> prov:qualifiedDerivation ?d . "
                            "?d lin:conflict ?x }")  # fmt: skip
    assert [r["x"].value for r in conflict] == ["true"]


def test_the_library_and_the_cli_read_the_servers_view(
    oxigraph_server: SparqlServer, tmp_path: Path
) -> None:
    store = sparql_store_on(oxigraph_server)
    store.clear()
    store.write([*family(), rec("org/Chat", claim("org/Base", kind="hub-api"),
                                source="hub:org/Chat")])  # fmt: skip
    store.client.update(f"DROP GRAPH {VIEW}")  # no view yet: the next query rebuilds it
    store.close()
    query_url, update_url = oxigraph_server.query_url, oxigraph_server.update_url

    def view_command(name: str) -> Any:
        done = lineage(
            "view",
            name,
            "--store",
            "sparql",
            db=tmp_path / "db",
            LINEAGE_SPARQL_QUERY_URL=query_url,
            LINEAGE_SPARQL_UPDATE_URL=update_url,
        )
        return json.loads(done.stdout)  # fmt: skip

    assert view_command("status") == {"state": "rebuild"}
    query = f"SELECT ?p WHERE {{ <{CHAT}> lin:fineTunedFrom ?p }}"
    settings = Settings(db=tmp_path / "db", store="sparql", sparql_query_url=query_url,
                        sparql_update_url=update_url)  # fmt: skip
    with LineageGraph(settings) as graph:
        assert len(list(graph.sparql(query))) == 1  # rebuilt first, then each fact once
        assert graph.view_state() == "fresh"
        assert len(list(graph.sparql(query, union=True))) >= 2
    assert view_command("refresh")["rebuilt"] is True


def test_with_the_view_off_writes_keep_none_and_drop_an_old_one(
    sparql_server: SparqlServer,
) -> None:
    kept = sparql_store_on(sparql_server)
    kept.clear()
    off = SparqlStore(kept.client, keep_view=False)
    try:
        kept.write([rec("org/Chat", claim("org/Base"))])
        in_view = f"ASK {{ GRAPH <{v.VIEW_GRAPH}> {{ ?s ?p ?o }} }}"
        assert bool(kept.client.select(in_view))
        assert supports(kept, Capability.VIEW) and not supports(off, Capability.VIEW)
        off.write([rec("org/Other", claim("org/Base"))])
        assert not bool(kept.client.select(in_view)), "an old view would be stale: it is dropped"
        assert [e.parent for e in off.parents("org/Other")] == ["org/Base"]
        kept.write([rec("org/Chat", claim("org/Base"))])
        assert off.remove_sources(["card:org/Chat"]) == 1
        assert off.parents("org/Chat") == [] and not bool(kept.client.select(in_view))
        # Without a view, a query's default graph is the server's own (configured as the union).
        found = list(off.sparql("SELECT ?c WHERE { ?c lin:fineTunedFrom ?p }", False))
        assert [r["c"].value for r in found] == [v.model_iri("org/Other")]
    finally:
        kept.clear()
        kept.close()

"""The remote SPARQL engine against real servers: same answers as the embedded store on real
imports, batched writes, failures named, a server without a union default graph, SPARQL and RDF
dumps, settings and the CLI."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyoxigraph import QuerySolutions, QueryTriples, RdfFormat

from bench.synth import generate, write_jsonl
from lineage.core import vocab as v
from lineage.core.errors import QueryError, StoreError, StoreUnavailable
from lineage.core.graph import Edge
from lineage.core.settings import Settings
from lineage.ingest.sources import import_paths
from lineage.rdf.mapping import prepare
from lineage.sparql_server import launcher
from lineage.sparql_server.launcher import SparqlServer
from lineage.stores.base import Capability, LineageStore, open_store, sparql_store
from lineage.stores.oxigraph.store import OxigraphStore
from lineage.stores.sparql.client import SparqlClient
from lineage.stores.sparql.store import SparqlStore, SparqlWriteError
from tests.conftest import EXAMPLES, REPO, sparql_store_on
from tests.factories import claim, family, rec


def _edge_key(e: Edge) -> tuple[Any, ...]:
    evidence = sorted((x.kind, x.source, x.relation, x.confidence, x.inferred, x.value, x.location)
                      for x in e.evidence)  # fmt: skip
    return (e.child, e.parent, tuple(evidence))


def _lineage_key(lin: Any) -> tuple[Any, ...]:
    return (
        lin.model,
        {k: n.to_json(full=True) for k, n in lin.nodes.items()},
        sorted(_edge_key(e) for e in lin.edges),
        lin.truncated,
        sorted(sorted(c) for c in lin.cycles),
    )


def assert_same_answers(one: LineageStore, other: LineageStore) -> int:
    """Every read of the protocol answers alike on both stores; returns how many models."""
    assert one.stats() == other.stats()
    ids = sorted(one.iter_model_ids())
    assert ids == sorted(other.iter_model_ids())
    assert sorted(one.display_ids()) == sorted(other.display_ids())
    assert list(one.iter_placeholders()) == list(other.iter_placeholders())
    assert sorted(_edge_key(e) for e in one.iter_edges()) == sorted(
        _edge_key(e) for e in other.iter_edges()
    )
    assert {n.id: n for n in one.iter_nodes()} == {n.id: n for n in other.iter_nodes()}
    for mid in ids:
        assert one.node(mid) == other.node(mid), mid
        assert [_edge_key(e) for e in one.parents(mid)] == [
            _edge_key(e) for e in other.parents(mid)
        ], mid
        assert [_edge_key(e) for e in one.children(mid)] == [
            _edge_key(e) for e in other.children(mid)
        ], mid
        assert _lineage_key(one.ancestors(mid)) == _lineage_key(other.ancestors(mid)), mid
        down_one, down_other = one.descendants(mid), other.descendants(mid)
        assert down_one.to_json() == down_other.to_json(), mid
    return len(ids)


def test_example_cards_answer_as_on_the_embedded_store(
    remote: SparqlStore, oxi: OxigraphStore
) -> None:
    summary = import_paths([str(EXAMPLES)], [oxi, remote], workers=1)
    assert summary.sources > 20
    assert assert_same_answers(oxi, remote) == oxi.stats()["models"] > 20
    some = sorted(oxi.iter_model_ids())
    assert oxi.path(some[0], some[-1]).to_json() == remote.path(some[0], some[-1]).to_json()
    assert sorted(map(str, oxi.iter_unresolved())) == sorted(map(str, remote.iter_unresolved()))


def test_a_synthetic_hub_answers_as_on_the_embedded_store(
    remote: SparqlStore, oxi: OxigraphStore, tmp_path: Path
) -> None:
    dump = tmp_path / "models.jsonl"
    write_jsonl(generate(200, 11), dump)
    import_paths([str(dump)], [oxi, remote], workers=1)
    assert oxi.stats()["edges"] > 40
    assert assert_same_answers(oxi, remote) == oxi.stats()["models"]
    datasets = {d for n in oxi.iter_nodes() for d in n.datasets}
    assert datasets
    for ds in sorted(datasets)[:20]:
        assert sorted(oxi.models_trained_on(ds)) == sorted(remote.models_trained_on(ds))
    assert oxi.fanouts(3) == remote.fanouts(3)
    assert sorted(map(str, oxi.iter_unresolved())) == sorted(map(str, remote.iter_unresolved()))


def test_reads_do_not_depend_on_a_union_default_graph(tmp_path: Path, oxi: OxigraphStore) -> None:
    plain = launcher.start_oxigraph(tmp_path / "plain", union_default_graph=False)
    try:
        store = sparql_store_on(plain)
        store.write(family())
        oxi.write(family())
        # The server's default graph is empty: user SPARQL sees nothing there...
        assert list(store.sparql("SELECT ?m WHERE { ?m lin:hubId ?id }")) == []
        # ...yet every read of the engine names its graphs and answers in full.
        assert assert_same_answers(oxi, store) == 11
        store.close()
    finally:
        launcher.stop(plain)


def _counting(store: SparqlStore) -> list[httpx.Request]:
    sent: list[httpx.Request] = []
    store.client._http.event_hooks["request"].append(sent.append)
    return sent


def test_writes_send_one_update_per_batch_of_sources(sparql_server: SparqlServer) -> None:
    store = sparql_store_on(sparql_server, batch_size=500)
    store.clear()
    sent = _counting(store)
    records = [rec(f"bulk/m{i}", claim(f"bulk/m{i // 10}")) for i in range(1, 1201)]
    store.write(records)
    updates = [r for r in sent if r.url == sparql_server.update_url]
    writes = [r for r in updates if SOURCE_WRITE in r.content]
    assert len(writes) == 3
    # And for the consolidated view, a batch at a time: its state and the models the replaced
    # graphs named before the write; which of them the view holds, their facts, claims,
    # datasets and one update after.
    assert len(sent) <= 3 * 9
    assert store.stats()["sources"] == 1200
    # Written again: the same three requests replace the graphs, nothing doubles.
    store.write(records)
    assert store.stats()["sources"] == 1200 and store.stats()["edges"] == 1200
    store.close()


# What the update writing a batch of sources holds (the view's own updates do not).
SOURCE_WRITE = f"DROP SILENT GRAPH <{v.SOURCE_NS}".encode()


class _FailingUpdates(httpx.BaseTransport):
    """Passes requests to the real server, but answers chosen update requests with a 503:
    ``fail`` is asked with the count of the updates so far that hold ``holding``."""

    def __init__(self, fail: Callable[[int], bool], holding: bytes = SOURCE_WRITE) -> None:
        self.inner = httpx.HTTPTransport()
        self.fail = fail
        self.holding = holding
        self.updates = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if (
            request.headers.get("content-type", "").startswith("application/sparql-update")
            and self.holding in request.read()
        ):
            self.updates += 1
            if self.fail(self.updates):
                return httpx.Response(503, text="busy", request=request)
        return self.inner.handle_request(request)


def _store_through(
    sparql_server: SparqlServer, transport: httpx.BaseTransport, **kw: Any
) -> SparqlStore:
    client = SparqlClient(
        sparql_server.query_url,
        sparql_server.update_url,
        sparql_server.gsp_url,
        retries=2,
        transport=transport,
    )
    return SparqlStore(client, **kw)


def test_a_transient_failure_is_retried(sparql_server: SparqlServer) -> None:
    transport = _FailingUpdates(lambda n: n <= 2)  # the first two attempts fail
    store = _store_through(sparql_server, transport)
    store.clear()
    store.write(family())
    assert transport.updates >= 3
    assert store.stats()["models"] == 11
    store.close()


def test_a_failed_batch_is_named_and_nothing_of_it_is_stored(sparql_server: SparqlServer) -> None:
    sparql_store_on(sparql_server).clear()
    transport = _FailingUpdates(lambda n: n >= 2)  # the second batch fails every time
    store = _store_through(sparql_server, transport, batch_size=2)
    records = [rec(f"fail/m{i}") for i in range(5)]
    with pytest.raises(SparqlWriteError) as caught:
        store.write(records)
    err = caught.value
    assert err.written == ["card:fail/m0", "card:fail/m1"]
    assert err.failed == [f"card:fail/m{i}" for i in range(2, 5)]
    assert "card:fail/m2" in str(err) and "none of them is stored" in str(err)
    assert transport.updates == 1 + 3  # batch 1, then batch 2 tried three times (two retries)
    assert store.node("fail/m1") is not None and store.node("fail/m2") is None
    assert store.view_state() == "fresh"  # the failed request held the batch's marks too
    store.close()


def test_a_failed_view_update_leaves_the_sources_stored_and_the_view_stale(
    sparql_server: SparqlServer,
) -> None:
    sparql_store_on(sparql_server).clear()
    view_update = f"DELETE DATA {{ GRAPH <{v.VIEW_GRAPH}>".encode()
    transport = _FailingUpdates(lambda n: n >= 2, holding=view_update)
    store = _store_through(sparql_server, transport, batch_size=2)
    with pytest.raises(SparqlWriteError) as caught:
        store.write([rec(f"fail/m{i}") for i in range(5)])
    err = caught.value
    assert err.written == [f"card:fail/m{i}" for i in range(4)]
    assert err.failed == ["card:fail/m4"]
    assert "4 sources are stored" in str(err) and "stale" in str(err)
    assert store.view_state() == "stale"
    healthy = sparql_store_on(sparql_server)
    assert healthy.ensure_view() and healthy.view_state() == "fresh"
    [row] = healthy.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?m lin:hubId ?id }", False)
    assert int(row["n"].value) == 4
    healthy.close()
    store.close()


def test_a_wrong_update_endpoint_fails_naming_the_sources(sparql_server: SparqlServer) -> None:
    client = SparqlClient(
        sparql_server.query_url, sparql_server.query_url.rsplit("/", 1)[0] + "/nowhere"
    )
    store = SparqlStore(client)
    with pytest.raises(SparqlWriteError, match="card:org/base"):
        store.write(family()[:1])
    store.close()


def test_credentials_travel_as_basic_or_bearer(sparql_server: SparqlServer) -> None:
    for options, expected in (
        ({"user": "reader", "password": "s3cret"}, "Basic cmVhZGVyOnMzY3JldA=="),
        ({"token": "tok-123"}, "Bearer tok-123"),
    ):
        store = SparqlStore(SparqlClient(sparql_server.query_url, **options))  # type: ignore[arg-type]
        sent = _counting(store)
        store.stats()
        assert sent and all(r.headers["authorization"] == expected for r in sent)
        store.close()


def test_an_unreachable_server_is_unavailable_at_open() -> None:
    port = launcher.free_port()
    with pytest.raises(StoreUnavailable, match="attempts"):
        SparqlStore(SparqlClient(f"http://127.0.0.1:{port}/query", retries=1))


def test_sparql_speaks_pyoxigraph_with_the_vocabulary_prefixes(remote: SparqlStore) -> None:
    remote.write(family())
    rows = remote.sparql("SELECT ?id WHERE { ?m lin:hubId ?id } ORDER BY ?id LIMIT 2")
    assert isinstance(rows, QuerySolutions)
    assert [str(r["id"].value) for r in rows] == ["a/lora", "c/x"] or len(list(rows)) == 0
    graph = remote.sparql("CONSTRUCT { ?m lin:hubId ?id } WHERE { ?m lin:hubId ?id }")
    assert isinstance(graph, QueryTriples)
    assert len(list(graph)) >= 11
    assert bool(remote.sparql("ASK { ?m lin:hubId 'org/Base' }"))
    with pytest.raises(QueryError):
        remote.sparql("SELECT WHERE {")
    assert sparql_store(remote) is remote


def test_sparql_answers_like_the_embedded_store(remote: SparqlStore, oxi: OxigraphStore) -> None:
    remote.write(family())
    oxi.write(family())
    # DISTINCT: Oxigraph's union repeats a triple once per graph holding it, Fuseki merges.
    query = "SELECT DISTINCT ?m ?id WHERE { ?m lin:hubId ?id } ORDER BY ?m ?id"
    assert [(str(r["m"]), str(r["id"])) for r in remote.sparql(query)] == [
        (str(r["m"]), str(r["id"])) for r in oxi.sparql(query)
    ]


@pytest.mark.parametrize("fmt", [RdfFormat.N_QUADS, RdfFormat.N_TRIPLES])
@pytest.mark.parametrize("gsp", [True, False])
def test_dump_holds_what_the_embedded_store_dumps(
    sparql_server: SparqlServer, oxi: OxigraphStore, fmt: RdfFormat, gsp: bool
) -> None:
    client = SparqlClient(
        sparql_server.query_url, sparql_server.update_url, sparql_server.gsp_url if gsp else None
    )
    store = SparqlStore(client)
    store.clear()
    store.write(family())
    oxi.write(family())
    mine, theirs = io.BytesIO(), io.BytesIO()
    store.dump(fmt, mine)
    oxi.dump(fmt, theirs)
    assert sorted(mine.getvalue().splitlines()) == sorted(theirs.getvalue().splitlines())
    store.close()


def test_remove_sources_and_clear(remote: SparqlStore) -> None:
    remote.write(family())
    assert remote.remove_sources(["card:a/lora", "card:nobody/none"]) == 1
    assert remote.node("a/lora") is None
    assert remote.remove_sources(["card:a/lora"]) == 0
    remote.clear()
    assert remote.stats() == {"models": 0, "placeholders": 0, "edges": 0, "sources": 0}


def test_settings_open_the_engine_by_name(sparql_server: SparqlServer) -> None:
    settings = Settings(
        store="sparql",
        sparql_query_url=sparql_server.query_url,
        sparql_update_url=sparql_server.update_url,
        sparql_gsp_url=sparql_server.gsp_url,
    )
    store = open_store(settings)
    try:
        assert store.name == "sparql" and Capability.SPARQL in store.capabilities
    finally:
        store.close()
    with pytest.raises(StoreUnavailable, match="LINEAGE_SPARQL_QUERY_URL"):
        open_store(Settings(store="sparql"))
    with pytest.raises(StoreError):
        store = open_store(Settings(store="sparql", sparql_query_url=sparql_server.query_url))
        try:
            store.write(family())
        finally:
            store.close()


def test_the_cli_imports_into_and_answers_from_the_remote_store(
    oxigraph_server: SparqlServer, tmp_path: Path
) -> None:
    sparql_store_on(oxigraph_server).clear()
    env = {
        **os.environ,
        "LINEAGE_DB": str(tmp_path / "db"),
        "LINEAGE_SPARQL_QUERY_URL": oxigraph_server.query_url,
        "LINEAGE_SPARQL_UPDATE_URL": oxigraph_server.update_url,
        "LINEAGE_WORKERS": "1",
    }
    run = [sys.executable, "-m", "lineage"]

    def lineage(*args: str, **extra: str) -> str:
        done = subprocess.run(
            [*run, *args], capture_output=True, text=True, env={**env, **extra}, cwd=REPO
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    lineage("import", str(EXAMPLES), LINEAGE_STORE="sparql")
    model = "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B"
    remote = lineage("trace", model, "--json", "--store", "sparql")
    assert model in remote
    assert remote == lineage("trace", model, "--json")
    assert lineage("stats", "--store", "sparql") == lineage("stats")


def test_prepared_writes_equal_record_writes(remote: SparqlStore, oxi: OxigraphStore) -> None:
    remote.write_prepared([prepare(r) for r in family()])
    oxi.write(family())
    assert assert_same_answers(oxi, remote) == 11


def test_children_limit_keeps_whole_edges_of_the_first_children(remote: SparqlStore) -> None:
    remote.write(family())
    every = remote.children("org/Distill-Small")
    first = remote.children("org/Distill-Small", limit=2)
    assert len(every) == 4 and len(first) == 2
    assert all(any(e.child == f.child and e.evidence == f.evidence for e in every) for f in first)

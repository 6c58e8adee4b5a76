"""The Python front door (`lineage.open`): same answers as the CLI and the store, real stores."""

from __future__ import annotations

import doctest
import io
import json
import os
import re
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import QuerySolutions, RdfFormat, Store, parse
from rdflib import Dataset
from rdflib.query import ResultRow
from typer.testing import CliRunner

import lineage
from lineage.cli import app
from lineage.core.errors import NotFound, StoreUnavailable, UsageError
from lineage.library import LineageGraph, LineageView
from lineage.library.notebook import layout, rank
from lineage.stores.base import LineageStore
from lineage.stores.oxigraph.store import OxigraphStore
from tests.conftest import EXAMPLES, REPO

SVG = "{http://www.w3.org/2000/svg}"


def cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store holding the example cards, imported through the Python API."""
    path = tmp_path_factory.mktemp("library") / "db"
    with lineage.open(db=path, workers=1) as g:
        summary = g.import_paths(EXAMPLES)
    assert summary.sources > 20 and summary.edges > 20
    return path


@pytest.fixture
def g(db: Path) -> Iterator[LineageGraph]:
    graph = lineage.open(db=db)
    yield graph
    graph.close()


def sample(g: LineageGraph) -> tuple[str, str, str]:
    """A model with grandparents, one of its roots, and a model with children: from the data."""
    edges = list(g.store.iter_edges())
    parents = {e.child: e.parent for e in edges}
    deep = sorted(c for c, p in parents.items() if p in parents)
    assert deep, "the examples should hold a chain of three models"
    model = deep[0]
    root = g.store.ancestors(model).roots()[0]
    return model, root, parents[model]


def test_import_writes_what_the_cli_import_writes(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "cli-db"
    summary = json.loads(
        cli("import", str(EXAMPLES), "--db", str(other), "--workers", "1", "--json")
    )
    with lineage.open(db=tmp_path / "api-db", workers=1) as g:
        ours = g.import_paths([EXAMPLES]).to_json()
        mine = set(g.nquads().decode().splitlines())
    assert {k: v for k, v in ours.items() if k != "seconds"} == {
        k: v for k, v in summary.items() if k != "seconds"
    }
    with lineage.open(db=other) as cli_graph:
        theirs = set(cli_graph.nquads().decode().splitlines())
    # Each run stamps its sources with its own time (prov:generatedAtTime): one per source.
    stamp = "<http://www.w3.org/ns/prov#generatedAtTime>"
    for side in (mine, theirs):
        assert sum(stamp in q for q in side) == ours["sources"]
    assert {q for q in mine if stamp not in q} == {q for q in theirs if stamp not in q}
    assert len(mine) > 100


def test_trace_tree_path_show_stats_check_equal_the_cli(db: Path) -> None:
    with lineage.open(db=db) as g:
        model, root, parent = sample(g)
        trace = g.trace(model).to_json()
        tree = g.tree(parent, depth=3, limit=5).to_json()
        tree_rel = g.tree(parent, relations=["quantized"]).to_json()
        path = g.path(model, root).to_json()
        show, stats, report = g.show(parent), g.stats(), g.check().to_json()
    assert trace == json.loads(cli("trace", model, "--db", str(db), "--json"))
    assert len(trace["edges"]) >= 2
    assert tree == json.loads(
        cli("tree", parent, "--db", str(db), "--json", "--depth", "3", "--limit", "5")
    )
    assert tree_rel == json.loads(
        cli("tree", parent, "--db", str(db), "--json", "--relation", "quantized")
    )
    assert path == json.loads(cli("path", model, root, "--db", str(db), "--json"))
    assert path["edges"], "a model and its root are related"
    assert show == json.loads(cli("show", parent, "--db", str(db)))
    assert stats == json.loads(cli("stats", "--db", str(db)))
    assert report == json.loads(cli("check", "--db", str(db), "--json"))


def _stable(bom: dict[str, Any]) -> dict[str, Any]:
    """A CycloneDX document without what each run stamps anew (serial number, time)."""
    meta = {k: v for k, v in bom["metadata"].items() if k != "timestamp"}
    return {**{k: v for k, v in bom.items() if k != "serialNumber"}, "metadata": meta}


def test_explain_licenses_compare_aibom_equal_the_cli(db: Path) -> None:
    with lineage.open(db=db) as g:
        model, _, parent = sample(g)
        rated = sorted(n.id for n in g.store.iter_nodes() if n.evals)[0]
        explained = g.explain(model, parent).to_json()
        chain, shallow = g.licenses(model).to_json(), g.licenses(model, depth=1).to_json()
        compared = g.compare(rated, ancestors=True, depth=2)
        bom = g.aibom(model)
    run = ("--db", str(db), "--json")
    assert explained == json.loads(cli("explain", model, parent, *run))
    assert explained["verdict"]["related"] and explained["for"]
    assert chain == json.loads(cli("licenses", model, *run))
    assert shallow == json.loads(cli("licenses", model, *run, "--depth", "1"))
    assert len(shallow["models"]) < len(chain["models"])
    assert compared == json.loads(cli("compare", rated, *run, "--ancestors", "--depth", "2"))
    assert compared["results"] >= 1
    assert _stable(bom) == _stable(json.loads(cli("aibom", model, "--db", str(db))))
    assert bom["metadata"]["component"]["name"] == model.split("/")[-1]


def test_explain_licenses_compare_aibom_refuse_bad_input(g: LineageGraph) -> None:
    model = sample(g)[0]
    for call in (
        lambda: g.explain("nobody/no-such-model", model),
        lambda: g.licenses("nobody/no-such-model"),
        lambda: g.compare("nobody/no-such-model"),
        lambda: g.aibom("nobody/no-such-model"),
    ):
        with pytest.raises(NotFound, match="not in the graph"):
            call()
    with pytest.raises(UsageError, match="depth must be 0 or more"):
        g.licenses(model, depth=-1)
    with pytest.raises(UsageError, match="depth must be 0 or more"):
        g.compare(model, depth=-1)
    with pytest.raises(UsageError, match="unknown AI-BOM format"):
        g.aibom(model, "nonesuch")


@pytest.mark.parametrize("fmt", ["jsonl", "graphml", "nquads", "turtle", "mermaid"])
def test_export_equals_the_cli_export(db: Path, tmp_path: Path, fmt: str) -> None:
    with lineage.open(db=db) as g:
        model, _, _ = sample(g)
        whole = g.export(fmt)
        around = g.export(fmt, root=model, direction="up", depth=2)
        g.export(fmt, tmp_path / "to-path")
        buffer = io.BytesIO()
        assert g.export(fmt, buffer, root=model, direction="up", depth=2) is None
    cli("export", "--format", fmt, "--db", str(db), "-o", str(tmp_path / "cli-whole"))
    cli(
        "export", "--format", fmt, "--db", str(db), "-o", str(tmp_path / "cli-around"),
        "--root", model, "--direction", "up", "--depth", "2",
    )  # fmt: skip
    assert whole and whole == (tmp_path / "cli-whole").read_bytes()
    assert whole == (tmp_path / "to-path").read_bytes()
    assert around and around == (tmp_path / "cli-around").read_bytes()
    assert buffer.getvalue() == around
    assert around != whole


@pytest.mark.parametrize("fmt", ["graphml", "nquads"])
def test_export_stream_sends_the_export_bytes(g: LineageGraph, fmt: str) -> None:
    model, _, _ = sample(g)
    whole = g.export_stream(fmt)
    assert whole.streamed and whole.filename == f"lineage.{'nq' if fmt == 'nquads' else fmt}"
    assert b"".join(whole.chunks) == g.export(fmt)
    around = g.export_stream(fmt, root=model, direction="up", depth=2)
    assert not around.streamed and around.filename.startswith("lineage-")
    assert b"".join(around.chunks) == g.export(fmt, root=model, direction="up", depth=2)


def test_up_and_down_override_the_depth_one_way_each(g: LineageGraph) -> None:
    model, root, _ = sample(g)

    def ids(data: bytes | None) -> set[str]:
        rows = [json.loads(line) for line in (data or b"").splitlines()]
        return {r["id"] for r in rows if r["type"] == "model"}

    one_up = ids(g.export("jsonl", root=model, direction="up", depth=1))
    all_up = ids(g.export("jsonl", root=model, direction="up", depth=1, up=10))
    assert root in all_up and root not in one_up and one_up < all_up
    with pytest.raises(UsageError, match="up must be 0 or more"):
        g.export("jsonl", root=model, up=-1)
    with pytest.raises(UsageError, match="unknown export option"):
        g.export("jsonl", root=model, sideways=1)  # type: ignore[call-arg]
    with pytest.raises(NotFound):  # raised at once, before any chunk
        g.export_stream("graphml", root="nobody/no-such-model")


def test_sparql_answers_as_an_independent_store_over_the_same_quads(g: LineageGraph) -> None:
    query = (
        "SELECT ?child ?parent WHERE { ?c lin:fineTunedFrom ?p . "
        "?c lin:hubId ?child . ?p lin:hubId ?parent } ORDER BY ?child ?parent"
    )
    ours = [(r["child"].value, r["parent"].value) for r in g.sparql(query)]
    copy = Store()
    copy.load(g.nquads(), RdfFormat.N_QUADS)  # the sources only: the view is not exported
    prefix = "PREFIX lin: <https://w3id.org/model-lineage/ns#>\n"
    solutions = copy.query(prefix + query, use_default_graph_as_union=True)
    assert isinstance(solutions, QuerySolutions)
    theirs = [(r["child"].value, r["parent"].value) for r in solutions]
    # The view answers each pair once, under its fused relation; the sources' union, once
    # per source that says so, under every relation claimed.
    assert len(ours) == len(set(ours)) and set(ours) <= set(theirs) and ours
    fine_tunes = {(e.child, e.parent) for e in g.store.iter_edges() if e.relation == "finetune"}
    assert set(ours) == fine_tunes
    union = [(r["child"].value, r["parent"].value) for r in g.sparql(query, union=True)]
    assert len(union) > len(theirs)  # every graph: the sources' statements and the view's


def test_cypher_on_the_embedded_store_is_a_usage_error(g: LineageGraph) -> None:
    assert g.settings.neo4j_uri is None
    with pytest.raises(UsageError, match="cannot answer Cypher and no Neo4j is configured"):
        g.cypher("MATCH (m:Model) RETURN m.id")


def test_networkx_edges_and_attributes_are_the_stores(g: LineageGraph) -> None:
    graph = g.to_networkx()
    edges = {(e.child, e.parent): e for e in g.store.iter_edges()}
    assert set(graph.edges) == set(edges)
    assert set(graph.nodes) == {n.id for n in g.store.iter_nodes()}
    for (child, parent), edge in edges.items():
        data = graph.edges[child, parent]
        assert data["relation"] == edge.relation
        assert data["confidence"] == edge.confidence
        assert data["inferred"] == edge.inferred and data["conflict"] == edge.conflict
        assert data["evidence"] == [ev for ev in edge.to_json()["evidence"]]
        assert all(isinstance(ev, dict) and ev["source"] for ev in data["evidence"])
    for node in g.store.iter_nodes():
        attrs = graph.nodes[node.id]
        assert (attrs["id"], attrs["placeholder"]) == (node.id, node.placeholder)
        assert (attrs["license"], attrs["datasets"]) == (node.license, node.datasets)
    model, _, _ = sample(g)
    trace = g.trace(model)
    sub = g.to_networkx(trace)
    assert set(sub.edges) == {(e.child, e.parent) for e in trace.edges}
    assert set(sub.nodes) == {n.id for n in trace.nodes.values()}
    assert trace == g.store.ancestors(model) and trace != g.store.ancestors(sample(g)[2])
    top = max(trace.roots(), key=lambda r: g.store.descendants(r).total)
    tree = g.tree(top, limit=4)
    below = g.to_networkx(tree)
    assert tree.total > 4 and len(tree.edges) == 4, "a family larger than the limit"
    assert set(below.edges) == {(c, p) for c, p, _ in tree.edges}
    for c, p, rel in tree.edges:
        assert below.edges[c, p]["relation"] == rel
        assert below.edges[c, p]["evidence"] == graph.edges[c, p]["evidence"]


def _quads(data: bytes) -> set[str]:
    return {str(q) for q in parse(data, RdfFormat.N_QUADS)}


def test_rdflib_view_holds_every_quad_of_the_dump(g: LineageGraph) -> None:
    dump = g.nquads()
    ds = g.to_rdflib()
    assert isinstance(ds, Dataset)
    quads = list(ds.quads((None, None, None, None)))
    assert len(quads) == len(_quads(dump)) > 100
    graphs = {str(getattr(c, "identifier", c)) for _, _, _, c in quads}
    assert graphs == {str(q.graph_name.value) for q in parse(dump, RdfFormat.N_QUADS)}
    # The default graph is the union of the source graphs, as for `lineage sparql`.
    query = (
        "SELECT DISTINCT ?child ?parent WHERE { ?c lin:fineTunedFrom ?p . "
        "?c lin:hubId ?child . ?p lin:hubId ?parent }"
    )
    rows = ds.query("PREFIX lin: <https://w3id.org/model-lineage/ns#> " + query)
    in_rdflib = {(str(r[0]), str(r[1])) for r in rows if isinstance(r, ResultRow)}
    in_store = {(r["child"].value, r["parent"].value) for r in g.sparql(query)}
    assert in_rdflib == in_store and in_store

    model, _, _ = sample(g)
    selection = g.to_rdflib(model, direction="up")
    expected = _quads(g.export("nquads", root=model, direction="up") or b"")
    assert sum(1 for _ in selection.quads((None, None, None, None))) == len(expected)
    assert 0 < len(expected) < len(_quads(dump))


def test_trace_draws_every_node_in_well_formed_svg(g: LineageGraph) -> None:
    model, root, parent = sample(g)
    trace = g.trace(model)
    assert isinstance(trace, LineageView)
    svg = trace._repr_svg_()
    doc = ET.fromstring(svg)
    assert doc.tag == f"{SVG}svg"
    labels = [t.text or "" for t in doc.iter(f"{SVG}text") if t.get("data-id")]
    assert sorted(labels) == sorted(n.id for n in trace.nodes.values())
    assert len([p for p in doc.iter(f"{SVG}path") if "edge" in (p.get("class") or "")]) == len(
        trace.edges
    )
    # Ancestors above: every parent's box sits higher than its child's.
    y = {t.text: float(t.get("y") or 0) for t in doc.iter(f"{SVG}text") if t.get("data-id")}
    assert all(y[e.parent] < y[e.child] for e in trace.edges)
    # The top row holds roots only (a root may sit lower, next to its nearest child).
    top = {i for i, v in y.items() if v == min(y.values())}
    assert top and top <= set(trace.roots()) and y[model] == max(y.values())
    for view in (g.tree(parent), g.path(model, root)):
        shown = ET.fromstring(view._repr_svg_())
        ids = {t.get("data-id") for t in shown.iter(f"{SVG}text")} - {None}
        assert view.model in ids and len(ids) >= 2


def test_layout_survives_cycles_and_keeps_parents_above() -> None:
    ids = ["a", "b", "c", "d"]
    edges = [("a", "b"), ("b", "c"), ("c", "b"), ("a", "d"), ("d", "c")]
    r = rank(ids, edges)
    assert r["a"] == 0 and r["b"] > r["a"] and r["d"] > r["a"]
    box = layout(ids, [("a", "b"), ("b", "c"), ("a", "c")])
    assert box.y["a"] < box.y["b"] < box.y["c"]
    assert len(box.routes[2]) == 3, "the long edge a → c bends through a virtual point"


def test_context_manager_closes_the_store(db: Path) -> None:
    with lineage.open(db=db) as g:
        assert g.stats()["models"] > 0
        with pytest.raises(Exception, match="lock"):
            OxigraphStore(db)  # the open graph holds the store's lock
    assert g.closed
    with pytest.raises(UsageError, match="closed"):
        g.stats()
    OxigraphStore(db).close()  # the lock is free again


def test_a_graph_over_a_servers_store_answers_from_it_and_leaves_it_open(db: Path) -> None:
    """`LineageGraph.over`: what the API asks per request; the store stays its owner's."""
    from lineage.core.settings import Settings
    from lineage.stores.base import Capability

    store = OxigraphStore(db)
    try:
        # A Neo4j is configured (at a port nothing listens on): `over` must not open it.
        settings = Settings(db=db, neo4j_uri="bolt://127.0.0.1:9")
        with LineageGraph.over(store, settings) as g:
            model, root, _ = sample(g)
            assert g.store is store
            assert g.trace(model).to_json() == store.ancestors(model).to_json()
            assert g.path(model, root).to_json() == store.path(model, root).to_json()
            assert g.show(model)["parents"] == [e.to_json() for e in store.parents(model)]
            with pytest.raises(UsageError, match="answers from its embedded store only"):
                g.able(Capability.CYPHER)  # never opens a store of its own
        assert g.closed
        assert store.node(model) is not None  # still open: its owner closes it
    finally:
        store.close()


def test_bad_input_gets_clear_errors(g: LineageGraph, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="not in the graph"):
        g.trace("nobody/no-such-model")
    with pytest.raises(NotFound):
        g.export("jsonl", root="nobody/no-such-model")
    with pytest.raises(UsageError, match="unknown export format"):
        g.export("nonesuch")
    with pytest.raises(UsageError, match="no such file"):
        g.import_paths(tmp_path / "missing")
    with pytest.raises(UsageError, match="limit"):
        g.tree(sample(g)[2], limit=0)
    with pytest.raises(UsageError, match=r"unknown setting.*dbb"):
        lineage.open(dbb=tmp_path / "x")
    with pytest.raises(UsageError, match="max_depth"):
        lineage.open(db=tmp_path / "x", max_depth="deep")
    with pytest.raises(UsageError, match="unknown store"):
        lineage.open(db=tmp_path / "x", store="nonesuch")


def test_importing_lineage_loads_no_store() -> None:
    code = (
        "import sys, lineage; "
        "assert callable(lineage.open) and lineage.__version__; "
        "print(sorted(m for m in sys.modules if m.startswith(('lineage', 'pyoxigraph', 'neo4j'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "['lineage']"
    assert lineage.LineageGraph is LineageGraph


def _doc_examples() -> list[tuple[str, str]]:
    text = (REPO / "docs" / "python.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```pycon\n(.*?)```", text, re.S)
    return [(f"docs/python.md block {i}", b) for i, b in enumerate(blocks, 1)]


def test_docs_python_examples_run_and_print_what_they_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = _doc_examples()
    assert len(blocks) >= 4
    (tmp_path / "examples").symlink_to(REPO / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LINEAGE_WORKERS", "1")
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    names: dict[str, Any] = {}
    out = io.StringIO()
    for name, block in blocks:
        test = parser.get_doctest(block, names, name, "docs/python.md", 0)
        runner.run(test, out=out.write, clear_globs=False)
        names = test.globs  # a DocTest copies its globals: the next block goes on from these
    assert runner.failures == 0, out.getvalue()
    assert runner.tries > 15
    assert (tmp_path / "lineage.graphml").stat().st_size > 1000
    assert names["g"].closed


def test_rdflib_missing_is_a_clear_error(g: LineageGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rdflib", None)  # what an install without the extra sees
    with pytest.raises(UsageError, match=r"model-lineage\[rdflib\]"):
        g.to_rdflib()


def test_readme_python_section_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Python\n\n```python\n(.*?)```", readme, re.S)
    assert block is not None
    (tmp_path / "examples").symlink_to(REPO / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LINEAGE_WORKERS", "1")
    names: dict[str, Any] = {}
    exec(compile(block.group(1), "README.md", "exec"), names)
    assert names["g"].closed and names["G"].number_of_edges() == len(names["t"].edges) > 0


def _canon(lineage_json: dict[str, Any]) -> dict[str, Any]:
    return {
        **lineage_json,
        "nodes": sorted(lineage_json["nodes"], key=lambda n: n["id"]),
        "edges": sorted(lineage_json["edges"], key=lambda e: (e["child"], e["parent"])),
    }


@pytest.mark.neo4j
def test_imports_reach_neo4j_too_and_neo4j_answers_cypher(
    neo4j_uri: str, neo4j_store_factory: Callable[[], LineageStore], tmp_path: Path
) -> None:
    neo4j_store_factory().close()  # empties the test database
    server = {
        "neo4j_uri": neo4j_uri,
        "neo4j_password": os.environ.get("LINEAGE_TEST_NEO4J_PASSWORD"),
        "neo4j_database": os.environ.get("LINEAGE_TEST_NEO4J_DATABASE", "neo4j"),
    }
    with lineage.open(db=tmp_path / "db", workers=1, **server) as g:
        assert [s.name for s in g.write_stores()] == ["embedded", "neo4j"]
        g.import_paths(EXAMPLES)
        stats = g.stats()
        model, root, _ = sample(g)
        trace, path = g.trace(model).to_json(), g.path(model, root).to_json()
        nquads = g.nquads()
    with lineage.open(db=tmp_path / "db", store="neo4j", **server) as n:
        assert n.stats() == stats
        # The engines may list nodes and edges in another order.
        assert _canon(n.trace(model).to_json()) == _canon(trace)
        assert _canon(n.path(model, root).to_json()) == _canon(path)
        columns, rows, cut = n.cypher("MATCH (m:Model) RETURN count(m) AS models")
        assert (columns, rows, cut) == (["models"], [[stats["models"]]], False)
        # The whole graph's RDF comes from the embedded store, which Neo4j cannot dump.
        assert len(n.to_rdflib()) > 0 and n.nquads() == nquads
        # SPARQL goes to the embedded store, as `lineage sparql` does.
        query = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m lin:hubId ?id }"
        assert int(next(iter(n.sparql(query)))["n"].value) == stats["models"]
        assert n.store.name == "neo4j"
    with lineage.open(db=tmp_path / "db", **server) as g:
        # Cypher goes to the configured Neo4j, as `lineage cypher` does.
        assert g.store.name == "embedded" and g.cypher("RETURN 1 AS one")[1] == [[1]]


def test_a_neo4j_that_is_down_stops_imports_but_not_reads(db: Path, tmp_path: Path) -> None:
    port = _free_port()  # nothing listens there
    with lineage.open(db=db, neo4j_uri=f"bolt://127.0.0.1:{port}") as g:
        before = g.stats()
        assert len(list(g.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 3"))) == 3
        # Imports write to every configured store or to none, so the stores cannot drift apart.
        with pytest.raises(StoreUnavailable, match="Neo4j"):
            g.import_paths(EXAMPLES / "Qwen")
        assert g.stats() == before


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])

"""Every export format, read back by a real consumer: networkx, Graphviz, rdflib,
pyoxigraph, jsonschema. Round trips must keep every node and edge with its attributes."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import networkx as nx
import pyoxigraph
import pytest
import rdflib

from lineage.core import vocab as v
from lineage.core.errors import NotFound, UsageError
from lineage.core.records import SourceRecord
from lineage.exporters import exporter_names, get_exporter
from lineage.exporters.export import export, whole_graph_groups
from lineage.exporters.schemas import CYTOSCAPE, NODE_LINK
from lineage.query.selection import SelectionSpec, select
from lineage.stores.oxigraph.store import OxigraphStore
from tests.factories import claim, family, rec

REPO = Path(__file__).resolve().parent.parent
GRAPH_FORMATS = ["graphml", "gexf", "cytoscape", "nodelink", "dot", "mermaid"]
RDF = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig",
       "jsonld": "json-ld", "rdfxml": "xml"}  # fmt: skip
OX = {"turtle": pyoxigraph.RdfFormat.TURTLE, "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
      "nquads": pyoxigraph.RdfFormat.N_QUADS, "trig": pyoxigraph.RdfFormat.TRIG,
      "jsonld": pyoxigraph.RdfFormat.JSON_LD, "rdfxml": pyoxigraph.RdfFormat.RDF_XML}  # fmt: skip
FANOUT = 60
CONFLICTED = "c/conflicted"


def records() -> list[SourceRecord]:
    """The factories family, a fan-out to fold (60 quantizations of org/Chat), a conflict."""
    quants = [rec(f"q{i:02d}/Chat-GGUF", claim("org/Chat", "quantized")) for i in range(FANOUT)]
    return [
        *family(),
        *quants,
        rec(CONFLICTED, claim("org/Chat"), license="mit"),
        rec(CONFLICTED, claim("org/Chat", "adapter", "hub-api"), source=f"hub:{CONFLICTED}",
            describes=False),
    ]  # fmt: skip


@pytest.fixture
def exported(tmp_path: Path) -> Iterator[OxigraphStore]:
    """The records of this module in an embedded store (the formats' round trips)."""
    s = OxigraphStore(tmp_path / "store")
    s.write(records())
    yield s
    s.close()


def run(exported: OxigraphStore, fmt: str, spec: SelectionSpec | None = None) -> bytes:
    out = io.BytesIO()
    export(exported, fmt, out, spec)
    return out.getvalue()


ALL = SelectionSpec(expand_all=True)


# -- what the store says, to compare every read-back against -------------------


def expected(
    exported: OxigraphStore,
) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], dict[str, Any]]]:
    """Nodes and edges of the whole graph, attributes normalised, straight from the protocol."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for n in exported.iter_nodes():
        nodes[n.id] = {"kind": "model", "placeholder": n.placeholder, "license": n.license}
        for d in n.datasets:
            nodes["dataset:" + d] = {"kind": "dataset", "placeholder": False, "license": None}
            edges[("dataset:" + d, n.id)] = {"relation": "trained-on", "confidence": None,
                                             "kinds": [], "sources": [], "inferred": False,
                                             "conflict": False}  # fmt: skip
    for e in exported.iter_edges():
        edges[(e.parent, e.child)] = {
            "relation": e.relation, "confidence": e.confidence,
            "kinds": sorted({x.kind for x in e.evidence}),
            "sources": sorted({x.source for x in e.evidence}),
            "inferred": e.inferred, "conflict": e.conflict,
        }  # fmt: skip
    return nodes, edges


def _split(value: Any) -> list[str]:
    return sorted(value.split(", ")) if value else []


def from_networkx(
    g: Any,
) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], dict[str, Any]]]:
    """The same normalised shape from a networkx graph read from GraphML/GEXF/node-link."""
    nodes = {
        n: {"kind": d["kind"], "placeholder": d["placeholder"], "license": d.get("license")}
        for n, d in g.nodes(data=True)
    }
    edges = {}
    for a, b, d in g.edges(data=True):
        kinds, sources = d.get("evidence_kinds", ""), d.get("sources", "")
        edges[(a, b)] = {
            "relation": d["relation"], "confidence": d.get("confidence"),
            "kinds": sorted(kinds) if isinstance(kinds, list) else _split(kinds),
            "sources": sorted(sources) if isinstance(sources, list) else _split(sources),
            "inferred": d["inferred"], "conflict": d["conflict"],
        }  # fmt: skip
    return nodes, edges


# -- registry --------------------------------------------------------------------


def test_registry_has_every_format_with_media_types() -> None:
    names = exporter_names()
    for name in [*GRAPH_FORMATS, "jsonl", *RDF]:
        assert name in names
        exp = get_exporter(name)
        assert exp.media_type and exp.extension and exp.description
    assert get_exporter("graphml").media_type == "application/graphml+xml"
    assert get_exporter("turtle").media_type == "text/turtle"
    with pytest.raises(UsageError, match="unknown export format"):
        get_exporter("visio")


# -- graph formats read back by real consumers ------------------------------------


def test_graphml_round_trip_in_networkx(exported: OxigraphStore, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    path.write_bytes(run(exported, "graphml", ALL))
    g = nx.read_graphml(path)
    assert g.is_directed()
    assert from_networkx(g) == expected(exported)
    assert g.nodes["ghost/Unknown-Base"]["placeholder"] is True
    assert g.edges["org/Chat", CONFLICTED]["conflict"] is True


def test_gexf_round_trip_in_networkx(exported: OxigraphStore, tmp_path: Path) -> None:
    path = tmp_path / "g.gexf"
    path.write_bytes(run(exported, "gexf", ALL))
    g = nx.read_gexf(path, version="1.2draft")
    assert from_networkx(g) == expected(exported)
    assert g.nodes["org/Reasoner"]["label"] == "org/Reasoner"
    assert g.edges["org/Reasoner", "org/Distill-Small"]["label"] == "distillation"


def test_nodelink_validates_and_loads_in_networkx(exported: OxigraphStore) -> None:
    data = json.loads(run(exported, "nodelink", ALL))
    jsonschema.validate(data, NODE_LINK)
    g = nx.node_link_graph(data, directed=True, multigraph=False, edges="links")
    assert from_networkx(g) == expected(exported)
    ev = g.edges["org/Reasoner", "org/Distill-Small"]["evidence"]
    assert ev[0]["kind"] == "card-prose" and ev[0]["source"] == "card:org/Distill-Small"


def test_cytoscape_validates_against_its_schema(exported: OxigraphStore) -> None:
    data = json.loads(run(exported, "cytoscape", ALL))
    jsonschema.validate(data, CYTOSCAPE)
    g = nx.DiGraph()
    for n in data["elements"]["nodes"]:
        g.add_node(n["data"]["id"], **n["data"])
    for e in data["elements"]["edges"]:
        g.add_edge(e["data"]["source"], e["data"]["target"], **e["data"])
    assert from_networkx(g) == expected(exported)
    classes = {e["data"]["target"]: e["classes"] for e in data["elements"]["edges"]}
    assert "conflict" in classes[CONFLICTED].split()
    assert classes["q/Distill-Small-GGUF"] == "quantized inferred"


def test_dot_renders_to_svg_with_graphviz(exported: OxigraphStore, tmp_path: Path) -> None:
    dot = shutil.which("dot")
    assert dot, "Graphviz missing: run scripts/system-deps.sh"
    path = tmp_path / "g.dot"
    path.write_bytes(run(exported, "dot", ALL))
    done = subprocess.run([dot, "-Tsvg", str(path)], capture_output=True, check=True)
    assert not done.stderr, done.stderr.decode()
    svg = html.unescape(done.stdout.decode())  # Graphviz writes "-" as &#45;
    nodes, edges = expected(exported)
    assert svg.count('class="node"') == len(nodes)
    assert svg.count('class="edge"') == len(edges)
    for model in ("org/Distill-Small", "ghost/Unknown-Base"):
        assert f">{model}</text>" in svg
    # Graphviz keeps our attributes: read the DOT back and check them edge by edge.
    text = path.read_text()
    for (parent, child), attrs in edges.items():
        m = re.search(rf'"{re.escape(parent)}" -> "{re.escape(child)}" \[([^\n]*)\];', text)
        assert m, (parent, child)
        assert f'relation="{attrs["relation"]}"' in m.group(1)
        assert f'conflict="{str(attrs["conflict"]).lower()}"' in m.group(1)


def test_mermaid_structure(exported: OxigraphStore) -> None:
    text = run(exported, "mermaid", ALL).decode()
    lines = text.splitlines()
    assert lines[:4] == ["---", 'title: "model lineage"', "---", "flowchart LR"]
    node_re = re.compile(r'^  (n\d+)(\["|\[\["|\[\(")(.+?)("\]|"\]\]|"\)\]):::(\w+)$')
    edge_re = re.compile(r"^  (n\d+) (-->|-\.->|==>)\|(.+?)\| (n\d+)$")
    labels: dict[str, str] = {}
    drawn = []
    for line in lines[4:]:
        if m := node_re.match(line):
            labels[m.group(1)] = m.group(3).split("<br/>")[0]
        elif m := edge_re.match(line):
            drawn.append((labels[m.group(1)], labels[m.group(4)], m.group(3)))
        else:
            assert line.startswith(("  classDef ", "  linkStyle ")), line
    nodes, edges = expected(exported)
    assert sorted(labels.values()) == sorted(n.removeprefix("dataset:") for n in nodes)
    got = {(p, c): rel.replace(" ⚠ conflict", "") for p, c, rel in drawn}
    want = {(p.removeprefix("dataset:"), c): a["relation"] for (p, c), a in edges.items()}
    assert got == want
    assert any("⚠ conflict" in rel for _, _, rel in drawn)
    styled = [int(i) for line in lines if line.startswith("  linkStyle ")
              for i in line.split()[1].split(",")]  # fmt: skip
    assert sorted(styled) == list(range(len(drawn)))


# -- RDF --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(RDF))
def test_rdf_whole_graph_parses_in_rdflib_and_pyoxigraph(exported: OxigraphStore, fmt: str) -> None:
    data = run(exported, fmt)
    g = rdflib.Dataset()  # triple formats land in its default graph
    g.parse(data=data, format=RDF[fmt])
    quads = list(pyoxigraph.parse(data, OX[fmt]))
    assert len(quads) > 100
    hub_id = rdflib.URIRef(v.HUB_ID)
    models = {str(q[2]) for q in g.quads((None, hub_id, None, None))}
    assert {"org/Base", "ghost/Unknown-Base", CONFLICTED} <= models


@pytest.mark.parametrize("fmt", list(RDF))
def test_rdf_selection_is_exactly_the_selected_triples(exported: OxigraphStore, fmt: str) -> None:
    spec = SelectionSpec.build("org/Distill-Small", "both", 5)
    sub = select(exported, spec)
    whole = {
        str(t) for t in pyoxigraph.parse(run(exported, "nquads"), pyoxigraph.RdfFormat.N_QUADS)
    }
    data = run(exported, fmt, spec)
    (rdflib.Dataset() if fmt in ("nquads", "trig") else rdflib.Graph()).parse(
        data=data, format=RDF[fmt]
    )
    parsed = list(pyoxigraph.parse(data, OX[fmt]))
    # Every selected model and every piece of evidence of every selected edge is there…
    hub_ids = {q.object.value for q in parsed if q.predicate.value == v.HUB_ID}
    assert hub_ids == {n.id for n in sub.models.values()}
    derivations = {q.subject for q in parsed if q.predicate.value == v.EVIDENCE_KIND}
    assert len(derivations) == sum(len(e.evidence) for e in sub.edges)
    assert "q/Distill-Small-GGUF" in hub_ids and "q00/Chat-GGUF" not in hub_ids
    if fmt == "nquads":
        # …each in the named graph of its source, and nothing the sources did not say
        # (rebuilt from the lineage objects: a source's location and the spelling a
        # card used for its parent's id are not kept there, so those may differ).
        for q in parsed:
            if q.predicate.value not in (v.LOCATION, v.HUB_ID):
                assert str(q) in whole, str(q)
        graphs = {q.graph_name.value for q in parsed}
        assert v.source_iri("card:org/Distill-Small") in graphs


# -- JSON Lines keeps its row shapes ------------------------------------------------


def test_jsonl_rows_keep_their_shapes(exported: OxigraphStore) -> None:
    for spec in (None, SelectionSpec.build("org/Distill-Small", "up", 3)):
        rows = [json.loads(line) for line in run(exported, "jsonl", spec).splitlines()]
        models = [r for r in rows if r["type"] == "model"]
        derivations = [r for r in rows if r["type"] == "derivation"]
        assert models and derivations and len(models) + len(derivations) == len(rows)
        assert all(list(r) == ["type", "id", "placeholder", "license", "datasets"] for r in models)
        assert all(list(r) == ["type", "child", "parent", "relation", "evidence", "confidence"]
                   for r in derivations)  # fmt: skip
    up = [json.loads(line) for line in run(exported, "jsonl", spec).splitlines()]
    assert {r["id"] for r in up if r["type"] == "model"} == {
        "org/Distill-Small", "org/Reasoner", "other/Small", "org/Base"}  # fmt: skip


# -- selection and grouping -----------------------------------------------------------


def test_large_fanout_becomes_one_group_unless_all(exported: OxigraphStore) -> None:
    sub = select(exported, SelectionSpec.build("org/Chat", "down", 1))
    groups = [n for n in sub.nodes.values() if n.kind == "group"]
    assert [(g.label, g.count, g.relation, g.parent) for g in groups] == [
        ("60 quantizations", 60, "quantized", "org/Chat")]  # fmt: skip
    assert "q00/chat-gguf" not in sub.nodes
    assert {n.id for n in sub.nodes.values() if n.kind == "model"} >= {"org/Chat", CONFLICTED}
    everything = select(exported, SelectionSpec.build("org/Chat", "down", 1, expand_all=True))
    assert not everything.groups and "q00/chat-gguf" in everything.nodes
    g = nx.read_graphml(
        io.BytesIO(run(exported, "graphml", SelectionSpec.build("org/Chat", "down", 1)))
    )
    assert g.nodes["group:org/Chat:quantized"]["count"] == 60
    assert g.edges["org/Chat", "group:org/Chat:quantized"]["count"] == 60


def test_only_leaves_fold(exported: OxigraphStore) -> None:
    exported.write([rec("x/fine-tuned-quant", claim("q07/Chat-GGUF"))])
    sub = select(exported, SelectionSpec.build("org/Chat", "down", 2, threshold=50))
    assert sub.groups["group:org/Chat:quantized"].members.__len__() == 59
    assert "q07/chat-gguf" in sub.nodes and "x/fine-tuned-quant" in sub.nodes


def test_direction_depth_and_relation_filter(exported: OxigraphStore) -> None:
    up = select(exported, SelectionSpec.build("org/Distill-Small", "up", 1, datasets=False))
    assert {n.id for n in up.nodes.values()} == {"org/Distill-Small", "org/Reasoner", "other/Small"}
    assert {n.id: n.depth for n in up.nodes.values()}["org/Reasoner"] == -1
    down = select(
        exported, SelectionSpec.build("org/Distill-Small", "down", 1, ["quantized"], datasets=False)
    )
    assert {e.child for e in down.edges} == {"q/Distill-Small-GGUF", "q2/Distill-Small-GGUF"}
    fine = select(exported, SelectionSpec.build("org/Distill-Small", "up", 5, ["finetune"]))
    assert {n.id for n in fine.nodes.values() if n.kind == "model"} == {
        "org/Distill-Small",
        "other/Small",
    }
    with pytest.raises(UsageError):
        SelectionSpec.build("org/Base", "sideways", 1)
    with pytest.raises(UsageError):
        SelectionSpec.build("org/Base", "up", 1, ["cloned"])
    with pytest.raises(NotFound):
        select(exported, SelectionSpec.build("nobody/here", "up", 1))


def test_budget_walks_fewer_levels(exported: OxigraphStore) -> None:
    full = select(exported, SelectionSpec.build("org/Base", "down", 3, expand_all=True))
    assert full.down == 3
    cut = select(exported, SelectionSpec.build("org/Base", "down", 3, expand_all=True), budget=10)
    assert cut.down == 1 and len(cut.nodes) <= 10


def test_whole_graph_export_groups_and_streams(exported: OxigraphStore) -> None:
    groups = whole_graph_groups(exported, 50)
    assert [(g.id, len(g.members)) for g in groups] == [("group:org/Chat:quantized", 60)]
    g = nx.read_graphml(io.BytesIO(run(exported, "graphml")))
    assert g.nodes["group:org/Chat:quantized"]["label"] == "60 quantizations"
    assert "q00/Chat-GGUF" not in g and CONFLICTED in g


# -- the CLI ---------------------------------------------------------------------------


def test_cli_exports_a_selection(exported: OxigraphStore, tmp_path: Path) -> None:
    db = exported.location
    exported.close()
    out = tmp_path / "sel.gexf"
    done = subprocess.run(
        [sys.executable, "-m", "lineage", "export", "--db", str(db), "--format", "gexf",
         "--root", "ORG/distill-small", "--direction", "both", "--depth", "1",
         "--relation", "finetune", "--relation", "distillation", "--relation", "quantized",
         "-o", str(out)],
        capture_output=True, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    g = nx.read_gexf(out, version="1.2draft")
    models = {n for n, d in g.nodes(data=True) if d["kind"] == "model"}
    assert models == {"org/Distill-Small", "org/Reasoner", "other/Small", "q/Distill-Small-GGUF",
                      "q2/Distill-Small-GGUF"}  # fmt: skip
    assert "dataset:org/reasoning-traces" in g
    bad = subprocess.run(
        [sys.executable, "-m", "lineage", "export", "--db", str(db), "--format", "pdf"],
        capture_output=True,
        cwd=REPO,
    )
    assert bad.returncode == 2 and b"unknown export format" in bad.stderr
    exported.__init__(db)  # type: ignore[misc]  # reopen for the fixture's close


# -- docs that cannot drift ---------------------------------------------------------------


def test_docs_show_the_schemas_and_every_format() -> None:
    doc = (REPO / "docs" / "exports.md").read_text()
    blocks = re.findall(r"```json\n(.*?)\n```", doc, re.S)
    shown = [json.loads(b) for b in blocks]
    assert NODE_LINK in shown and CYTOSCAPE in shown
    for name in exporter_names():
        assert f"`{name}`" in doc, name

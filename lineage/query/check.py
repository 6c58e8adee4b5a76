"""Data-quality report over a store: what in the graph deserves a human look.

``check(store)`` walks every edge once and reports, each with complete counts
and lists cut at ``limit``:

- **relation conflicts**: one edge whose sources declare different relations
  (the card says ``finetune``, the adapter config says ``adapter``);
- **parent conflicts**: one model whose sources name disjoint sets of parents
  (the card says X, ``adapter_config.json`` says Y); config.json's weak hint is
  left out, it names grand-parents and 4-bit copies too often;
- **cycles**: strongly connected components of the derivation graph (networkx);
- **self references**: edges from a model to itself, and references that the
  importers set aside because they name the model itself;
- **placeholders**: models something points at that no source describes;
- **local paths** and other **unresolved references**: read with SPARQL from
  the embedded store (``lin:unresolvedReference``); other stores do not keep
  them, and the report says so;
- **inferred only**: edges whose relation no source declared.

Every list is data, not an error: the command exits 0 whatever it finds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from lineage.core.graph import Edge
from lineage.core.ids import key, parse_reference
from lineage.stores.base import Capability, LineageStore, supports, unresolved_store

# Evidence too weak to make two sources disagree about *which* model is the parent.
_WEAK_KINDS = frozenset({"config-json"})


@dataclass(slots=True)
class Finding:
    """One class of problem: how many there are and the first ``limit`` of them."""

    count: int = 0
    items: list[dict[str, Any]] = field(default_factory=list)

    def add(self, item: dict[str, Any], limit: int) -> None:
        self.count += 1
        if len(self.items) < limit:
            self.items.append(item)

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "items": self.items}


@dataclass(slots=True)
class Report:
    """The data-quality report of one store."""

    store: str
    models: int = 0
    edges: int = 0
    relation_conflicts: Finding = field(default_factory=Finding)
    parent_conflicts: Finding = field(default_factory=Finding)
    cycles: Finding = field(default_factory=Finding)
    self_references: Finding = field(default_factory=Finding)
    placeholders: Finding = field(default_factory=Finding)
    local_paths: Finding = field(default_factory=Finding)
    unresolved: Finding = field(default_factory=Finding)
    unresolved_by_reason: Counter[str] = field(default_factory=Counter)
    inferred_only: Finding = field(default_factory=Finding)
    notes: list[str] = field(default_factory=list)

    SECTIONS = (
        "relation_conflicts", "parent_conflicts", "cycles", "self_references", "placeholders",
        "local_paths", "unresolved", "inferred_only",
    )  # fmt: skip

    def finding(self, name: str) -> Finding:
        """The finding of one section, by name."""
        found: Finding = getattr(self, name)
        return found

    @property
    def conflicts(self) -> int:
        """Relation and parent conflicts together."""
        return self.relation_conflicts.count + self.parent_conflicts.count

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"store": self.store, "models": self.models, "edges": self.edges}
        for name in self.SECTIONS:
            out[name] = self.finding(name).to_json()
        out["unresolved_by_reason"] = dict(self.unresolved_by_reason.most_common())
        out["notes"] = self.notes
        return out


def check(store: LineageStore, limit: int = 100) -> Report:
    """Build the data-quality report of ``store``; lists hold at most ``limit`` items."""
    report = Report(store=store.name)
    graph: nx.DiGraph = nx.DiGraph()
    # child key → source → parent keys: all that parent conflicts need, kept compact
    # (edges are not Edge objects here, whose evidence would weigh more).
    named: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for edge in store.iter_edges():
        report.edges += 1
        child, parent = key(edge.child), key(edge.parent)
        # Nodes are matching keys; the display case rides along as an attribute.
        graph.add_node(child, id=edge.child)
        graph.add_node(parent, id=edge.parent)
        graph.add_edge(child, parent)
        for e in edge.evidence:
            if e.kind not in _WEAK_KINDS:
                named[child][e.source].add(parent)
        _edge_findings(edge, report, limit)
    for child, by_source in named.items():
        _parent_conflict(graph, child, by_source, report, limit)
    del named
    _cycles(graph, report, limit)
    _placeholders(store, report, limit)
    _unresolved(store, report, limit)
    return report


def _placeholders(store: LineageStore, report: Report, limit: int) -> None:
    # Counted and listed by the engine: the embedded store's iter_nodes costs about a
    # millisecond a model.
    report.models = store.stats()["models"]
    for model_id in store.iter_placeholders():
        report.placeholders.add({"model": model_id}, limit)


def _edge_findings(edge: Edge, report: Report, limit: int) -> None:
    if key(edge.child) == key(edge.parent):
        sources = sorted({e.source for e in edge.evidence})
        report.self_references.add({"model": edge.child, "sources": sources}, limit)
    if edge.conflict:
        relations: dict[str, list[str]] = defaultdict(list)
        for e in edge.evidence:
            if not e.inferred:
                relations[e.relation].append(e.source)
        report.relation_conflicts.add(
            {
                "child": edge.child,
                "parent": edge.parent,
                "relations": dict(sorted(relations.items())),
            },
            limit,
        )
    if edge.inferred:
        kinds = sorted({e.kind for e in edge.evidence})
        report.inferred_only.add(
            {"child": edge.child, "parent": edge.parent, "relation": edge.relation, "kinds": kinds},
            limit,
        )


def _parent_conflict(
    graph: nx.DiGraph, child: str, by_source: dict[str, set[str]], report: Report, limit: int
) -> None:
    """Two sources of one model naming disjoint sets of parents."""
    sources = sorted(by_source)
    clash = any(
        not (by_source[a] & by_source[b]) for i, a in enumerate(sources) for b in sources[i + 1 :]
    )
    if clash:
        claims = {s: sorted(graph.nodes[p]["id"] for p in by_source[s]) for s in sources}
        report.parent_conflicts.add({"child": graph.nodes[child]["id"], "sources": claims}, limit)


def _cycles(graph: nx.DiGraph, report: Report, limit: int) -> None:
    """One cycle per strongly connected component (self-loops are reported apart)."""
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        # A graph of its own, built in sorted order, and the walk starts at the smallest
        # model: a subgraph view iterates a set, whose order changes from run to run.
        sub: nx.DiGraph = nx.DiGraph()
        sub.add_edges_from(sorted(graph.subgraph(component).edges))
        cycle = [graph.nodes[u]["id"] for u, _ in nx.find_cycle(sub, source=min(component))]
        report.cycles.add({"models": cycle, "component_size": len(component)}, limit)


def _unresolved(store: LineageStore, report: Report, limit: int) -> None:
    if not supports(store, Capability.UNRESOLVED):
        report.notes.append(
            f"unresolved references are not kept by the {store.name} store: "
            "run `lineage check --store embedded` to see local paths"
        )
        return
    for row in unresolved_store(store).iter_unresolved():
        own = row["model"]
        ref = parse_reference(row["text"])
        if ref.model_id is not None and key(ref.model_id) == key(own):
            report.self_references.add(
                {"model": own, "value": row["text"], "source": row["source"]}, limit
            )
            continue
        report.unresolved_by_reason[row["reason"]] += 1
        item = {k: row[k] for k in ("model", "text", "reason", "kind", "source")}
        target = report.local_paths if "local path" in row["reason"] else report.unresolved
        target.add(item, limit)


def render_text(report: Report) -> str:
    """The report as readable text (what ``lineage check`` prints)."""
    lines = [f"{report.models} models, {report.edges} edges in the {report.store} store"]
    titles = {
        "relation_conflicts": "relation conflicts (sources declare different relations)",
        "parent_conflicts": "parent conflicts (sources name different parents)",
        "cycles": "cycles",
        "self_references": "self references",
        "placeholders": "placeholders (no card or Hub record describes them)",
        "local_paths": "local paths (not models)",
        "unresolved": "other unresolved references",
        "inferred_only": "relations only inferred",
    }
    for name in Report.SECTIONS:
        found = report.finding(name)
        lines.append(f"\n{titles[name]}: {found.count}")
        lines.extend("  " + _line(name, item) for item in found.items)
        if found.count > len(found.items):
            lines.append(f"  … and {found.count - len(found.items)} more")
    for note in report.notes:
        lines.append(f"\nnote: {note}")
    return "\n".join(lines)


def _line(section: str, item: dict[str, Any]) -> str:
    if section == "relation_conflicts":
        said = "; ".join(f"{r} ({', '.join(s)})" for r, s in item["relations"].items())
        return f"{item['child']} -> {item['parent']}: {said}"
    if section == "parent_conflicts":
        said = "; ".join(f"{s}: {', '.join(p)}" for s, p in item["sources"].items())
        return f"{item['child']}: {said}"
    if section == "cycles":
        return " -> ".join([*item["models"], item["models"][0]])
    if section == "self_references":
        return f"{item['model']} ({item.get('source') or ', '.join(item.get('sources', []))})"
    if section == "placeholders":
        return str(item["model"])
    if section == "inferred_only":
        return (
            f"{item['child']} -> {item['parent']}: {item['relation']} ({', '.join(item['kinds'])})"
        )
    return f"{item['model']}: {item['text']!r} — {item['reason']} ({item['source']})"

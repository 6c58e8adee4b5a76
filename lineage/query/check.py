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
- **licences** (`lineage.query.licenses`): every model on a chain judged against the
  licences of its ancestors, counted per rule, the families (by root) with the most
  findings, and the provenance completeness of the models judged. Models with neither
  parents nor children are not judged here (``lineage licenses MODEL`` judges one).

Every list is data, not an error: the command exits 0 whatever it finds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lineage.core.graph import Edge
from lineage.core.ids import key, parse_reference
from lineage.query.licenses import Severity, completeness, license_report
from lineage.stores.base import Capability, LineageStore, supports, unresolved_store

if TYPE_CHECKING:
    import networkx as nx

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
    licence_findings: Finding = field(default_factory=Finding)
    licence_rules: Counter[str] = field(default_factory=Counter)
    licence_families: list[dict[str, Any]] = field(default_factory=list)
    licence_judged: int = 0
    largest_families: list[dict[str, Any]] = field(default_factory=list)
    low_completeness: Finding = field(default_factory=Finding)
    completeness_mean: float | None = None
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
        out["largest_families"] = self.largest_families
        out["licences"] = {
            "judged": self.licence_judged,
            "findings": self.licence_findings.to_json(),
            "rules": dict(sorted(self.licence_rules.items())),
            "families": self.licence_families,
        }
        out["completeness"] = {
            "mean": self.completeness_mean,
            "low": self.low_completeness.to_json(),
        }
        out["notes"] = self.notes
        return out


def check(store: LineageStore, limit: int = 100, licences: bool = True) -> Report:
    """Build the data-quality report of ``store``; lists hold at most ``limit`` items.

    ``licences`` False leaves out the licence section (it reads every chain).
    """
    import networkx as nx  # loaded when a check runs, not by every CLI import (0.1 s)

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
    _families(graph, report, limit)
    _placeholders(store, report, limit)
    _unresolved(store, report, limit)
    if licences:
        _licences(store, graph, report, limit)
    return report


# A model whose provenance scores below this is listed for a look.
LOW_COMPLETENESS = 0.5
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _licences(store: LineageStore, graph: nx.DiGraph, report: Report, limit: int) -> None:
    """Judge every model on a chain once; count findings per rule and per family (root).

    A model's findings depend on its ancestors only, all of which are in the lineage of any
    of its descendants: walking the leaves' lineages first judges most models once.
    """
    import networkx as nx

    with_parents = [n for n in graph.nodes if graph.out_degree(n)]
    leaves = sorted(n for n in with_parents if not graph.in_degree(n))
    judged: set[str] = set()
    findings: list[tuple[str, Any]] = []
    scores: list[tuple[float, str, list[str]]] = []
    for start in [*leaves, *sorted(with_parents)]:
        if start in judged:
            continue
        lineage = store.ancestors(graph.nodes[start]["id"])
        lic = license_report(lineage)
        for node in lineage.nodes.values():
            k = key(node.id)
            if k in judged or node.placeholder:
                continue
            judged.add(k)
            findings.extend((k, f) for f in lic.for_model(node.id))
            scored = completeness(node.id, lineage, lic, node.evals)
            unmet = [p.name for p in scored.parts if p.met is False]
            scores.append((scored.score, node.id, unmet))
        judged.add(start)
    report.licence_judged = len(scores)
    findings.sort(
        key=lambda kf: (_SEVERITY_ORDER[kf[1].severity], kf[1].model.casefold(), kf[1].rule)
    )
    families: dict[str, dict[str, Any]] = {}
    roots_of: dict[str, list[str]] = {}
    for k, f in findings:
        report.licence_rules[f.rule] += 1
        item = {"model": f.model, "rule": f.rule, "severity": f.severity.value}
        item["message"] = f.message
        if f.edge is not None:
            item["edge"] = {"child": f.edge[0], "parent": f.edge[1], "relation": f.edge[2]}
        report.licence_findings.add(item, limit)
        if k not in roots_of:
            up = nx.descendants(graph, k) if k in graph else set()  # edges point child → parent
            roots_of[k] = sorted(r for r in up if not graph.out_degree(r)) or [k]
        for root in roots_of[k]:
            fam = families.setdefault(
                root,
                {"root": graph.nodes[root]["id"] if root in graph else f.model,
                 "error": 0, "warning": 0, "info": 0, "models": set()},
            )  # fmt: skip
            fam[f.severity.value] += 1
            fam["models"].add(f.model)
    ranked = sorted(
        families.values(), key=lambda x: (-x["error"], -x["warning"], -x["info"], x["root"])
    )
    report.licence_families = [
        {**fam, "models": sorted(fam["models"], key=str.casefold)} for fam in ranked[:limit]
    ]
    if scores:
        report.completeness_mean = round(sum(s for s, _, _ in scores) / len(scores), 3)
    for score, model_id, unmet in sorted(scores, key=lambda x: (x[0], x[1].casefold())):
        if score < LOW_COMPLETENESS:
            report.low_completeness.add({"model": model_id, "score": score, "unmet": unmet}, limit)


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
    import networkx as nx

    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        # A graph of its own, built in sorted order, and the walk starts at the smallest
        # model: a subgraph view iterates a set, whose order changes from run to run.
        sub: nx.DiGraph = nx.DiGraph()
        sub.add_edges_from(sorted(graph.subgraph(component).edges))
        cycle = [graph.nodes[u]["id"] for u, _ in nx.find_cycle(sub, source=min(component))]
        report.cycles.add({"models": cycle, "component_size": len(component)}, limit)


def _families(graph: nx.DiGraph, report: Report, limit: int) -> None:
    """The roots with the most models derived from them (edges point child → parent)."""
    import networkx as nx

    sizes = [
        (len(nx.ancestors(graph, root)), graph.nodes[root]["id"])
        for root in graph.nodes
        if not graph.out_degree(root) and graph.in_degree(root)
    ]
    sizes.sort(key=lambda x: (-x[0], x[1].casefold()))
    report.largest_families = [{"root": r, "models": n} for n, r in sizes[:limit]]


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
    if report.largest_families:
        lines.append("\nlargest families (models derived from each root):")
        lines.extend(f"  {f['root']}: {f['models']}" for f in report.largest_families[:10])
    lines.extend(_licence_lines(report))
    for note in report.notes:
        lines.append(f"\nnote: {note}")
    return "\n".join(lines)


def _licence_lines(report: Report) -> list[str]:
    found = report.licence_findings
    lines = [f"\nlicence findings: {found.count} (models judged: {report.licence_judged})"]
    if report.licence_rules:
        lines.append(
            "  per rule: " + ", ".join(f"{r} {n}" for r, n in sorted(report.licence_rules.items()))
        )
    for item in found.items:
        lines.append(f"  {item['severity']}: {item['message']} [{item['model']}]")
    if found.count > len(found.items):
        lines.append(f"  … and {found.count - len(found.items)} more")
    if report.licence_families:
        lines.append("\nfamilies with the most licence findings:")
        for fam in report.licence_families[:10]:
            lines.append(
                f"  {fam['root']}: {fam['error']} error(s), {fam['warning']} warning(s), "
                f"{fam['info']} info, in {len(fam['models'])} model(s)"
            )
    if report.completeness_mean is not None:
        low = report.low_completeness
        lines.append(
            f"\nprovenance completeness: mean {report.completeness_mean:g}; "
            f"{low.count} model(s) below {LOW_COMPLETENESS:g}"
        )
        for item in low.items:
            lines.append(
                f"  {item['model']}: {item['score']:g} (unmet: {', '.join(item['unmet'])})"
            )
        if low.count > len(low.items):
            lines.append(f"  … and {low.count - len(low.items)} more")
    return lines


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

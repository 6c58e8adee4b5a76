"""Licences along a lineage: what each model declares, what reaches it, and what contradicts."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lineage.core.graph import Edge, Lineage, Node
from lineage.core.records import Relation
from lineage.query.licenses.facts import Fact, LicenseFacts, load_facts
from lineage.query.licenses.normalize import LicenseStatus, NormalizedLicense, normalize_license
from lineage.query.licenses.results import (
    DeclaredLicense,
    Finding,
    LicenseReport,
    ModelLicense,
    Obligation,
)
from lineage.query.licenses.rules import RULES, Severity

_SOURCE_PREFIXES = ("card:", "hub:")  # sources that describe a model's own facts


@dataclass(frozen=True, slots=True)
class _Reach:
    """How a model reaches an ancestor: the edges walked upward, and whether through outputs."""

    ancestor: str
    edges: tuple[Edge, ...]
    outputs: bool


def _org(model_id: str) -> str:
    return model_id.split("/", 1)[0].casefold() if "/" in model_id else ""


def _name(model_id: str) -> str:
    return model_id.split("/", 1)[-1]


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum() or ch == ".")


def _reaches(lineage: Lineage, model: str) -> list[_Reach]:
    """Every ancestor of ``model`` in breadth-first order, preferring paths through weights."""
    seen: set[tuple[str, bool]] = {(model.casefold(), False)}
    queue: deque[tuple[str, tuple[Edge, ...], bool]] = deque([(model, (), False)])
    found: dict[str, _Reach] = {}
    while queue:
        current, path, outputs = queue.popleft()
        for edge in lineage.parents_of(current):
            via_outputs = outputs or edge.relation == Relation.DISTILLATION.value
            state = (edge.parent.casefold(), via_outputs)
            if state in seen or edge.parent.casefold() == model.casefold():
                continue
            seen.add(state)
            step = (*path, edge)
            k = edge.parent.casefold()
            if k not in found or (found[k].outputs and not via_outputs):
                found[k] = _Reach(edge.parent, step, via_outputs)
            queue.append((edge.parent, step, via_outputs))
    return list(found.values())


def _governing(lic: NormalizedLicense) -> list[LicenseFacts]:
    """The licences whose terms bind a derivative (for a choice, the least demanding option)."""
    facts = list(lic.facts)
    if lic.operator == "OR" and facts:
        free = [f for f in facts if not f.carries_forward]
        return free[:1] if free else facts[:1]
    return facts


def _duty(f: LicenseFacts) -> str:
    return {
        "same-licence": f"be offered under {f.key} or a compatible licence",
        "agreement": f"stay under the {f.name} and pass a copy of it on",
        "use-restrictions": "carry its use restrictions in their own licence",
    }.get(f.flow_down.value, "keep its notices")


def _compatible(declared: NormalizedLicense, required: LicenseFacts) -> bool:
    known = load_facts()
    for key in declared.keys:
        if key == required.key or key in required.compatible_with:
            return True
        f = known.get(key)
        if f is not None and f.family == required.family:
            return True
    return False


def _released_by_licensor(
    model: str, reach: _Reach, f: LicenseFacts, licences: Mapping[str, NormalizedLicense]
) -> bool:
    """True when the licensor itself published ``model`` or a model between it and the ancestor.

    The licensor's own release sets the terms from there on (DeepSeek-R1 is MIT although its
    base is under the DeepSeek licence), so the ancestor's derivative terms stop there.
    """
    licensors = {o.casefold() for o in f.licensors}
    if _org(model) in licensors:
        return True
    for edge in reach.edges[:-1]:
        between = licences.get(edge.parent.casefold())
        if _org(edge.parent) in licensors and between is not None and between.keys:
            return True
    return False


def _obligations(
    reach: _Reach,
    facts: list[LicenseFacts],
    model: str,
    licences: Mapping[str, NormalizedLicense],
) -> list[Obligation]:
    out: list[Obligation] = []
    path = tuple([model] + [e.parent for e in reach.edges])
    for f in facts:
        if _released_by_licensor(model, reach, f, licences):
            continue
        via = "outputs" if reach.outputs else "weights"

        def add(
            kind: str,
            fact: Fact[Any],
            detail: str | None = None,
            f: LicenseFacts = f,
            via: str = via,
        ) -> None:
            out.append(
                Obligation(
                    kind, f.key, reach.ancestor, fact.clause, detail, via, path, fact.verified
                )
            )

        weights = not reach.outputs
        if f.carries_forward and (weights or f.flow_down.includes_outputs):
            add("keep-licence", f.flow_down, f.flow_down.value)
        if weights and f.attribution.value:
            add("attribution", f.attribution)
        if f.notice and (weights or f.notice.includes_outputs):
            add("notice", f.notice, f.notice.value)
        if f.name_prefix and (weights or f.name_prefix.includes_outputs):
            add("name-prefix", f.name_prefix, f.name_prefix.value)
        if weights and not f.commercial_use.value:
            add("non-commercial", f.commercial_use)
        if weights and f.user_threshold:
            add("user-threshold", f.user_threshold, str(f.user_threshold.value))
        otm = f.outputs_train_other_models
        if reach.outputs and otm is not None and not otm.value:
            add("outputs-reserved", otm, f.family)
    return out


def _edge_tuple(edge: Edge) -> tuple[str, str, str]:
    return (edge.child, edge.parent, edge.relation)


def _relabel_edge(
    reach: _Reach, required: LicenseFacts, licences: Mapping[str, NormalizedLicense]
) -> Edge:
    """The edge where the licence first stopped meeting ``required``, walking down from it."""
    for edge in reversed(reach.edges):
        child = licences.get(edge.child.casefold())
        if child is not None and child.keys and not _compatible(child, required):
            return edge
    return reach.edges[0]


def license_report(
    lineage: Lineage, declared: Mapping[str, DeclaredLicense] | None = None
) -> LicenseReport:
    """Read every licence on ``lineage`` and check the chain against the licence rules.

    ``declared`` (keyed by model id) overrides what a node declares; without an entry the
    node's own declaration is read (``declared_license``, ``license_name``,
    ``license_link``), and for a node built without them its ``license`` alone.
    """
    extra = {k.casefold(): v for k, v in (declared or {}).items()}
    licences: dict[str, NormalizedLicense] = {}
    for node in lineage.nodes.values():
        d = extra.get(node.id.casefold())
        if d is not None:
            lic = normalize_license(d.license, d.license_name, d.license_link)
        elif node.declared_license or node.license_name or node.license_link:
            lic = normalize_license(node.declared_license, node.license_name, node.license_link)
        else:
            lic = normalize_license(node.license)
        licences[node.id.casefold()] = lic
    models: list[ModelLicense] = []
    findings: list[Finding] = []
    for node in lineage.nodes.values():
        lic = licences[node.id.casefold()]
        reaches = _reaches(lineage, node.id)
        obligations: list[Obligation] = []
        seen: set[tuple[str, str, str | None]] = set()
        for reach in reaches:
            alic = licences.get(reach.ancestor.casefold())
            if alic is None:
                continue
            for o in _obligations(reach, _governing(alic), node.id, licences):
                if (o.kind, o.license, o.detail) not in seen:
                    seen.add((o.kind, o.license, o.detail))
                    obligations.append(o)
        effective = _effective(lic, obligations, reaches, licences)
        models.append(
            ModelLicense(
                model=node.id,
                placeholder=node.placeholder,
                declared=lic,
                declared_in=[node.license_source]
                if node.license_source
                else [s for s in node.sources if s.startswith(_SOURCE_PREFIXES)],
                effective=effective,
                obligations=obligations,
            )
        )
        if not node.placeholder:
            findings += _check(node, lic, obligations, reaches, effective, lineage, licences)
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    findings.sort(key=lambda f: (order[f.severity], f.model.casefold(), f.rule))
    return LicenseReport(lineage.model, models, findings, lineage.truncated)


def _effective(
    lic: NormalizedLicense,
    obligations: list[Obligation],
    reaches: list[_Reach],
    licences: Mapping[str, NormalizedLicense],
) -> str | None:
    """The declared licence, or for a model without one the licences that reach it."""
    if lic.status is not LicenseStatus.MISSING:
        return lic.expression
    binding = list(dict.fromkeys(o.license for o in obligations if o.kind == "keep-licence"))
    if binding:
        return " AND ".join(binding)
    # Nothing binds; the nearest ancestors' licences are what the weights came with.
    depth: int | None = None
    nearest: list[str] = []
    for reach in reaches:
        alic = licences.get(reach.ancestor.casefold())
        if alic is None or reach.outputs or not alic.expression or alic.status == "missing":
            continue
        if depth is None or len(reach.edges) == depth:
            depth = len(reach.edges)
            if alic.expression not in nearest:
                nearest.append(alic.expression)
    return " AND ".join(nearest) if nearest else None


def _check(
    node: Node,
    lic: NormalizedLicense,
    obligations: list[Obligation],
    reaches: list[_Reach],
    effective: str | None,
    lineage: Lineage,
    licences: Mapping[str, NormalizedLicense],
) -> list[Finding]:
    out: list[Finding] = []
    by_ancestor = {r.ancestor.casefold(): r for r in reaches}
    known = load_facts()

    def emit(rule_id: str, edge: Edge | None = None, **values: Any) -> None:
        # Findings about one ancestor name it (and its licence) in their template values.
        rule = RULES[rule_id]
        ancestor = values.get("ancestor", values.get("second"))
        ancestor_license = values.get("ancestor_license", values.get("second_license"))
        out.append(
            Finding(
                rule=rule.id,
                severity=rule.severity,
                model=node.id,
                message=rule.message(**values),
                ancestor=ancestor,
                ancestor_license=ancestor_license,
                edge=None if edge is None else _edge_tuple(edge),
            )
        )

    if lic.flagged:
        emit("LIC-UNKNOWN", declared=lic.expression)
    elif lic.status is LicenseStatus.SPDX:
        emit("LIC-NO-FACTS", declared=lic.expression)
    elif lic.status is LicenseStatus.MISSING and obligations:
        ancestors = ", ".join(dict.fromkeys(o.ancestor for o in obligations))
        emit("LIC-MISSING", effective=effective or "unknown", ancestors=ancestors)

    first_edges = lineage.parents_of(node.id)
    judged = bool(lic.keys)  # unknown and missing licences cannot contradict anything
    declared_facts = [known[k] for k in lic.keys if k in known]
    for o in obligations:
        reach = by_ancestor[o.ancestor.casefold()]
        f = known[o.license]
        if o.kind == "keep-licence" and judged and not _compatible(lic, f):
            edge = _relabel_edge(reach, f, licences)
            emit(
                "LIC-RELABEL",
                edge,
                declared=lic.expression,
                ancestor=o.ancestor,
                ancestor_license=o.license,
                duty=_duty(f),
                clause=f"{f.name} {o.clause}",
                changed_at=f"{edge.child} → {edge.parent}",
            )
        elif o.kind == "non-commercial" and judged and declared_facts:
            if all(d.commercial_use.value for d in declared_facts):
                emit(
                    "LIC-NONCOMMERCIAL",
                    reach.edges[0],
                    declared=lic.expression,
                    ancestor=o.ancestor,
                    ancestor_license=o.license,
                    clause=f"{f.name} {o.clause}",
                )
        elif o.kind == "name-prefix" and o.detail:
            # A quantization keeps the name of what it quantizes; the model it was made
            # from carries the naming duty.
            if first_edges and all(e.relation == Relation.QUANTIZED.value for e in first_edges):
                continue
            if not _squash(_name(node.id)).startswith(_squash(o.detail)):
                emit(
                    "LIC-NAMING",
                    reach.edges[0],
                    name=_name(node.id),
                    prefix=o.detail,
                    ancestor=o.ancestor,
                    ancestor_license=o.license,
                    outputs=" or its outputs" if o.via == "outputs" else "",
                    clause=f"{f.name} {o.clause}",
                )
        elif o.kind == "outputs-reserved":
            if any(d.family == f.family for d in declared_facts):
                continue
            emit(
                "LIC-OUTPUTS",
                next(
                    (e for e in reach.edges if e.relation == Relation.DISTILLATION.value),
                    reach.edges[0],
                ),
                declared=lic.expression or "no licence",
                ancestor=o.ancestor,
                ancestor_license=o.license,
                clause=f"{f.name} {o.clause}",
            )
    _own_naming(node, lic, first_edges, out, emit)
    _merge_findings(first_edges, lineage, licences, emit)
    return out


def _own_naming(
    node: Node,
    lic: NormalizedLicense,
    first_edges: list[Edge],
    found: list[Finding],
    emit: Callable[..., None],
) -> None:
    """A derivative that declares a licence with a naming duty is bound by it itself.

    This catches the duty when the base has no card in the graph (a placeholder).
    """
    if not first_edges or all(e.relation == Relation.QUANTIZED.value for e in first_edges):
        return
    if any(f.rule == "LIC-NAMING" for f in found):
        return
    for f in _governing(lic):
        prefix = f.name_prefix
        if prefix is None or _org(node.id) in {o.casefold() for o in f.licensors}:
            continue
        if not _squash(_name(node.id)).startswith(_squash(prefix.value)):
            emit(
                "LIC-NAMING-OWN",
                first_edges[0],
                name=_name(node.id),
                prefix=prefix.value,
                license=f.key,
                clause=f"{f.name} {prefix.clause}",
            )


def _binding(
    parent: str, lineage: Lineage, licences: Mapping[str, NormalizedLicense]
) -> list[LicenseFacts]:
    """The licences that bind derivatives of ``parent``: its own and those reaching it."""
    own = licences.get(parent.casefold())
    out = [f for f in (_governing(own) if own else []) if f.carries_forward]
    for reach in _reaches(lineage, parent):
        alic = licences.get(reach.ancestor.casefold())
        if alic is None:
            continue
        for f in _governing(alic):
            if _released_by_licensor(parent, reach, f, licences):
                continue
            if f.carries_forward and (not reach.outputs or f.flow_down.includes_outputs):
                out.append(f)
    return list({f.key: f for f in out}.values())


def _merge_findings(
    edges: list[Edge],
    lineage: Lineage,
    licences: Mapping[str, NormalizedLicense],
    emit: Callable[..., None],
) -> None:
    """Report merge inputs whose binding licences cannot be met at once."""
    inputs = [e for e in edges if e.relation == Relation.MERGE.value]
    if len(inputs) < 2:
        return
    binding = [(e, _binding(e.parent, lineage, licences)) for e in inputs]
    reported: set[frozenset[str]] = set()
    for i, (ea, fa) in enumerate(binding):
        for eb, fb in binding[i + 1 :]:
            for a in fa:
                for b in fb:
                    pair = frozenset({a.family, b.family})
                    if a.family == b.family or pair in reported:
                        continue
                    if b.key in a.compatible_with or a.key in b.compatible_with:
                        continue
                    reported.add(pair)
                    copyleft = next(
                        (x for x in (a, b) if x.flow_down.value == "same-licence"), None
                    )
                    values = {
                        "first": ea.parent,
                        "first_license": a.key,
                        "second": eb.parent,
                        "second_license": b.key,
                    }
                    if copyleft is not None:
                        emit(
                            "LIC-MERGE-COPYLEFT",
                            eb,
                            copyleft=copyleft.key,
                            clause=copyleft.flow_down.clause,
                            **values,
                        )
                    else:
                        emit("LIC-MERGE-TERMS", eb, **values)

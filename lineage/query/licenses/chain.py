"""One call for the surfaces: a model's chain read from the store, with its licence report."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from lineage.core.graph import Lineage
from lineage.core.records import EvalResult
from lineage.query.licenses.completeness import Completeness, completeness
from lineage.query.licenses.report import license_report
from lineage.query.licenses.results import DeclaredLicense, LicenseReport
from lineage.stores.base import LineageStore, require_node


@dataclass(slots=True)
class LicenseChain:
    """A model's ancestors, what each declares and reports, the licence report and its score."""

    model: str
    lineage: Lineage
    declared: dict[str, DeclaredLicense]
    evals: dict[str, list[EvalResult]]
    report: LicenseReport
    completeness: Completeness

    def to_json(self) -> dict[str, Any]:
        """The licence report, with the provenance completeness of the model."""
        return {**self.report.to_json(), "completeness": self.completeness.to_json()}


def _canonical_order(lineage: Lineage) -> None:
    """Nodes nearest first (ties by id), edges by child and parent: engines walk in different
    orders, and the report lists models and duties in the order of the lineage."""
    lineage.edges.sort(key=lambda e: (e.child.casefold(), e.parent.casefold()))
    depth = {lineage.model.casefold(): 0}
    queue = deque([lineage.model])
    while queue:
        current = queue.popleft()
        for edge in lineage.parents_of(current):
            if edge.parent.casefold() not in depth:
                depth[edge.parent.casefold()] = depth[current.casefold()] + 1
                queue.append(edge.parent)
    far = len(depth) + 1
    ordered = sorted(
        lineage.nodes.items(),
        key=lambda kv: (depth.get(kv[1].id.casefold(), far), kv[1].id.casefold()),
    )
    lineage.nodes = dict(ordered)


def license_chain(store: LineageStore, model_id: str, max_depth: int | None = None) -> LicenseChain:
    """Read ``model_id``'s ancestors from ``store`` and judge their licences (`NotFound` if absent).

    The declared licences (with ``license_name``/``license_link``) and evaluation results
    come from the nodes the store returns, keyed by model id, for the report, the
    evaluation comparison and the AI-BOM writers.
    """
    node = require_node(store, model_id)
    lineage = store.ancestors(node.id) if max_depth is None else store.ancestors(node.id, max_depth)
    _canonical_order(lineage)
    declared: dict[str, DeclaredLicense] = {}
    evals: dict[str, list[EvalResult]] = {}
    for n in lineage.nodes.values():
        declared[n.id] = DeclaredLicense(
            n.declared_license or (None if n.license_name or n.license_link else n.license),
            n.license_name,
            n.license_link,
        )
        if n.evals:
            evals[n.id] = list(n.evals)
    report = license_report(lineage, declared)
    score = completeness(lineage.model, lineage, report, evals.get(lineage.model, []))
    return LicenseChain(lineage.model, lineage, declared, evals, report, score)

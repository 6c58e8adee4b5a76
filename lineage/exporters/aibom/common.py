"""What both AI-BOM formats need from a lineage: models in order, licences, datasets, links."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from lineage.core.graph import Edge, Lineage, Node
from lineage.core.records import EvalResult
from lineage.query.licenses import DeclaredLicense, LicenseReport, NormalizedLicense, license_report
from lineage.query.licenses.facts import load_facts

NAMESPACE = "model-lineage"  # prefix of our own CycloneDX property names
HUB = "https://huggingface.co/"


def hub_url(model_or_dataset: str, dataset: bool = False) -> str:
    """The Hub page of a model or dataset id."""
    return HUB + ("datasets/" if dataset else "") + model_or_dataset


def license_ref(key: str) -> str:
    """An SPDX licence reference for a licence outside the SPDX list.

    ScanCode's LicenseDB keys are the common currency for those; licences it lacks get a
    reference in our own name.
    """
    facts = load_facts().get(key)
    if facts is not None and facts.scancode_key:
        return f"LicenseRef-scancode-{facts.scancode_key}"
    return "LicenseRef-model-lineage-" + (re.sub(r"[^A-Za-z0-9.\-]+", "-", key).strip("-") or "x")


def spdx_expression(lic: NormalizedLicense) -> str | None:
    """The declared licence as an SPDX expression, or None when nothing was declared."""
    if lic.expression is None:
        return None
    if not lic.keys:
        return license_ref(lic.expression)
    facts = load_facts()
    parts = []
    for key in lic.keys:
        f = facts.get(key)
        if f is not None:
            parts.append(f.spdx_id or license_ref(key))
        else:
            parts.append(key)  # a valid SPDX id the project records no facts for
    return f" {lic.operator} ".join(parts) if lic.operator else parts[0]


def ordered_nodes(lineage: Lineage) -> list[Node]:
    """The lineage's subject first, then the others in a stable order."""
    subject = lineage.model.casefold()
    nodes = sorted(lineage.nodes.values(), key=lambda n: (n.id.casefold() != subject, n.id))
    return nodes


def eval_datasets(evals: Sequence[EvalResult]) -> list[str]:
    """The datasets a model's results were measured on, as named in the results."""
    return list(dict.fromkeys(r.dataset for r in evals if r.dataset))


def evidence_text(edge: Edge) -> list[str]:
    """Each signal behind an edge as one line: kind, source, confidence."""
    return [
        f"{e.kind} {e.source} {e.confidence:g}" + (" (relation inferred)" if e.inferred else "")
        for e in edge.evidence
    ]


def report_for(
    lineage: Lineage,
    report: LicenseReport | None,
    declared: Mapping[str, DeclaredLicense] | None,
) -> LicenseReport:
    return report if report is not None else license_report(lineage, declared)

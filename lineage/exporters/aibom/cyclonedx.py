"""CycloneDX 1.6 AI-BOM of a lineage: the model, its ancestors in ``pedigree``, data, results.

cyclonedx-python-lib writes the components and their pedigree; it has no model card or data
objects, so those are added to its JSON afterwards, and :func:`validate` checks the result
against the official 1.6 schema.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from uuid import UUID

from cyclonedx.model import ExternalReference, ExternalReferenceType, Property, XsUri
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentType, Pedigree
from cyclonedx.model.license import DisjunctiveLicense, LicenseExpression
from cyclonedx.output.json import JsonV1Dot6
from packageurl import PackageURL

from lineage.core.errors import LineageError
from lineage.core.graph import Edge, Lineage, Node
from lineage.core.records import EvalResult
from lineage.exporters.aibom.common import (
    NAMESPACE,
    eval_datasets,
    evidence_text,
    hub_url,
    ordered_nodes,
    report_for,
)
from lineage.query.evals import read_score
from lineage.query.licenses import DeclaredLicense, LicenseReport, ModelLicense
from lineage.query.licenses.facts import load_facts

if TYPE_CHECKING:
    from cyclonedx.validation.json import JsonStrictValidator


class AibomError(LineageError):
    """An AI-BOM that does not validate against its schema."""


def _split(model_id: str) -> tuple[str | None, str]:
    org, _, name = model_id.rpartition("/")
    return (org or None, name)


def _licenses(entry: ModelLicense) -> list[LicenseExpression | DisjunctiveLicense]:
    lic = entry.declared
    if lic.expression is None:
        return []
    facts = load_facts()
    if lic.operator and all(facts.get(k) is None or facts[k].spdx_id for k in lic.keys):
        ids = [facts[k].spdx_id if k in facts else k for k in lic.keys]
        return [LicenseExpression(f" {lic.operator} ".join(str(i) for i in ids))]
    out: list[LicenseExpression | DisjunctiveLicense] = []
    for key in lic.keys or (lic.expression,):
        f = facts.get(key)
        if f is not None and f.spdx_id:
            out.append(DisjunctiveLicense(id=f.spdx_id))
        elif f is not None:
            out.append(DisjunctiveLicense(name=f.name, url=XsUri(f.url)))
        elif lic.keys:
            out.append(DisjunctiveLicense(id=key))
        else:  # unknown or custom: kept as written
            link = lic.license_link
            out.append(DisjunctiveLicense(name=key, url=XsUri(link) if link else None))
    return out


class _Builder:
    def __init__(
        self,
        lineage: Lineage,
        report: LicenseReport,
        evals: Mapping[str, Sequence[EvalResult]],
    ) -> None:
        self.lineage = lineage
        self.entries = {m.model.casefold(): m for m in report.models}
        self.findings = report
        self.evals = {k.casefold(): v for k, v in evals.items()}
        self.refs: dict[str, int] = {}
        self.model_refs: dict[str, list[str]] = {}  # model id → bom-refs of its components
        self.datasets: dict[str, str] = {}  # dataset id → bom-ref

    def _ref(self, model_id: str) -> str:
        # A model reached by two paths (a merge of siblings) appears twice in the pedigree
        # tree; bom-refs must stay unique, so later copies get a numbered ref.
        n = self.refs.get(model_id.casefold(), 0) + 1
        self.refs[model_id.casefold()] = n
        ref = f"model:{model_id}" if n == 1 else f"model:{model_id}#{n}"
        self.model_refs.setdefault(model_id.casefold(), []).append(ref)
        return ref

    def component(self, node: Node, via: Edge | None, path: tuple[str, ...]) -> Component:
        org, name = _split(node.id)
        entry = self.entries[node.id.casefold()]
        props = [Property(name=f"{NAMESPACE}:model-id", value=node.id)]
        if node.placeholder:
            props.append(Property(name=f"{NAMESPACE}:placeholder", value="true"))
        if via is not None:
            props.append(Property(name=f"{NAMESPACE}:relation", value=via.relation))
            props.append(Property(name=f"{NAMESPACE}:derived-model", value=via.child))
            props.append(Property(name=f"{NAMESPACE}:confidence", value=f"{via.confidence:g}"))
            props += [Property(name=f"{NAMESPACE}:evidence", value=t) for t in evidence_text(via)]
        if entry.effective and entry.effective != entry.declared.expression:
            props.append(Property(name=f"{NAMESPACE}:effective-license", value=entry.effective))
        props += [
            Property(name=f"{NAMESPACE}:license-finding", value=f.message)
            for f in self.findings.for_model(node.id)
        ]
        for dataset in node.datasets:
            self.datasets.setdefault(dataset, f"dataset:{dataset}")
        for dataset in eval_datasets(self.evals.get(node.id.casefold(), [])):
            self.datasets.setdefault(dataset, f"dataset:{dataset}")
        ancestors = []
        for edge in self.lineage.parents_of(node.id):
            parent = self.lineage.nodes.get(edge.parent) or next(
                (
                    n
                    for n in self.lineage.nodes.values()
                    if n.id.casefold() == edge.parent.casefold()
                ),
                None,
            )
            if parent is None or parent.id.casefold() in path:  # cycles stop here
                continue
            ancestors.append(self.component(parent, edge, (*path, parent.id.casefold())))
        return Component(
            type=ComponentType.MACHINE_LEARNING_MODEL,
            name=name,
            group=org,
            bom_ref=self._ref(node.id),
            licenses=_licenses(entry),
            purl=PackageURL(type="huggingface", namespace=org, name=name),
            external_references=[
                ExternalReference(type=ExternalReferenceType.WEBSITE, url=XsUri(hub_url(node.id)))
            ],
            properties=props,
            pedigree=Pedigree(ancestors=ancestors) if ancestors else None,
        )

    def model_card(self, node: Node) -> dict[str, Any] | None:
        card: dict[str, Any] = {}
        params: dict[str, Any] = {}
        if node.pipeline_tag:
            params["task"] = node.pipeline_tag
        if node.datasets:
            params["datasets"] = [{"ref": self.datasets[d]} for d in node.datasets]
        if params:
            card["modelParameters"] = params
        results = self.evals.get(node.id.casefold(), [])
        metrics = []
        for r in results:
            score = read_score(r)
            metric: dict[str, Any] = {"type": r.metric, "value": r.value}
            where = r.dataset or r.task
            if where:
                metric["slice"] = where
            if score.benchmark != "unknown":
                metric["type"] = f"{score.benchmark}/{score.metric}"
            metrics.append(metric)
        if metrics:
            card["quantitativeAnalysis"] = {"performanceMetrics": metrics}
        return card or None


def _walk(obj: Any, visit: Any) -> None:
    if isinstance(obj, dict):
        visit(obj)
        for v in obj.values():
            _walk(v, visit)
    elif isinstance(obj, list):
        for v in obj:
            _walk(v, visit)


def cyclonedx(
    lineage: Lineage,
    evals: Mapping[str, Sequence[EvalResult]] | None = None,
    declared: Mapping[str, DeclaredLicense] | None = None,
    report: LicenseReport | None = None,
    serial_number: UUID | None = None,
    timestamp: datetime | None = None,
) -> dict[str, Any]:
    """A CycloneDX 1.6 JSON document (as a dict) describing ``lineage.model`` and its pedigree.

    ``evals`` (model id → results) and ``declared`` (model id → licence name and link) add
    what ``Node`` does not carry; ``serial_number`` and ``timestamp`` make output repeatable.
    """
    subject = next(
        (n for n in lineage.nodes.values() if n.id.casefold() == lineage.model.casefold()), None
    )
    if subject is None:
        raise AibomError(f"{lineage.model} is not among the lineage's nodes")
    report = report_for(lineage, report, declared)
    builder = _Builder(lineage, report, evals or {})
    root = builder.component(subject, None, (subject.id.casefold(),))
    bom = Bom(serial_number=serial_number) if serial_number else Bom()
    if timestamp is not None:
        bom.metadata.timestamp = timestamp
    bom.metadata.component = root
    data_components = {
        d: Component(
            type=ComponentType.DATA,
            name=d,
            bom_ref=ref,
            external_references=[
                ExternalReference(
                    type=ExternalReferenceType.WEBSITE, url=XsUri(hub_url(d, dataset=True))
                )
            ],
        )
        for d, ref in sorted(builder.datasets.items())
    }
    for c in data_components.values():
        bom.components.add(c)
    with warnings.catch_warnings():
        # The library asks for a full dependency graph; a lineage has none to give.
        warnings.filterwarnings("ignore", message=".*has no defined dependencies.*")
        doc: dict[str, Any] = json.loads(JsonV1Dot6(bom).output_as_string())
    nodes_by_ref = {
        ref: node
        for node in ordered_nodes(lineage)
        for ref in builder.model_refs.get(node.id.casefold(), [])
    }

    def add_card(component: dict[str, Any]) -> None:
        node = nodes_by_ref.get(str(component.get("bom-ref")))
        if node is not None and component.get("type") == "machine-learning-model":
            card = builder.model_card(node)
            if card:
                component["modelCard"] = card

    _walk(doc["metadata"]["component"], add_card)
    for component in doc.get("components", []):
        if component.get("type") == "data":
            component["data"] = [{"type": "dataset", "name": component["name"]}]
    return doc


@cache
def _validator() -> JsonStrictValidator:
    # Building the validator compiles the schema, which costs more than a validation.
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    return JsonStrictValidator(SchemaVersion.V1_6)


def validate(doc: dict[str, Any]) -> None:
    """Raise :class:`AibomError` unless ``doc`` is valid CycloneDX 1.6 JSON (strict schema).

    Needs ``cyclonedx-python-lib[json-validation]``.
    """
    errors = _validator().validate_str(json.dumps(doc), all_errors=True)
    if errors:
        raise AibomError("CycloneDX 1.6: " + "; ".join(str(e)[:300] for e in errors))

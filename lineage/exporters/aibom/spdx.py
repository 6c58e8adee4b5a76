"""SPDX 3.0.1 JSON-LD with the AI profile: a package per model, lineage and data relationships.

Each model is an ``ai_AIPackage``; ``ancestorOf`` / ``descendantOf`` link the chain,
``trainedOn`` / ``testedOn`` link datasets (``dataset_DatasetPackage``), and every model gets
``hasDeclaredLicense`` (what its card says) and ``hasConcludedLicense`` (what the licence
report concludes binds it) as the profile asks; NoAssertion where nothing is known.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote
from uuid import UUID, uuid4

from lineage.core.graph import Lineage
from lineage.core.records import EvalResult
from lineage.exporters.aibom.common import (
    eval_datasets,
    hub_url,
    license_ref,
    ordered_nodes,
    report_for,
)
from lineage.exporters.aibom.common import spdx_expression as declared_expression
from lineage.exporters.aibom.cyclonedx import AibomError
from lineage.query.licenses import DeclaredLicense, LicenseReport, ModelLicense
from lineage.query.licenses.facts import load_facts

CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
NO_ASSERTION = "https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense"
_CREATION = "_:creationinfo"
_PROFILES = ["core", "software", "ai", "dataset", "simpleLicensing"]


def _concluded(entry: ModelLicense) -> str | None:
    """The licence the report concludes: the declared one plus every licence that binds it."""
    facts = load_facts()
    keys = list(entry.declared.keys)
    for o in entry.obligations:
        if o.kind == "keep-licence" and o.license not in keys:
            keys.append(o.license)
    if not keys:
        return declared_expression(entry.declared) if entry.declared.flagged else None
    if entry.declared.operator == "OR" and len(keys) == len(entry.declared.keys):
        return declared_expression(entry.declared)
    ids = [(facts[k].spdx_id or license_ref(k)) if k in facts else k for k in keys]
    return " AND ".join(dict.fromkeys(ids))


def spdx(
    lineage: Lineage,
    evals: Mapping[str, Sequence[EvalResult]] | None = None,
    declared: Mapping[str, DeclaredLicense] | None = None,
    report: LicenseReport | None = None,
    document_id: UUID | None = None,
    created: datetime | None = None,
) -> dict[str, Any]:
    """An SPDX 3.0.1 JSON-LD document (as a dict) for ``lineage``.

    ``document_id`` and ``created`` make output repeatable; ``evals`` and ``declared`` add
    what ``Node`` does not carry.
    """
    report = report_for(lineage, report, declared)
    entries = {m.model.casefold(): m for m in report.models}
    by_model = {k.casefold(): v for k, v in (evals or {}).items()}
    base = f"https://w3id.org/model-lineage/spdx/{document_id or uuid4()}/"
    when = (created or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    agent = base + "agent/model-lineage"
    graph: list[dict[str, Any]] = [
        {
            "type": "CreationInfo",
            "@id": _CREATION,
            "specVersion": "3.0.1",
            "created": when,
            "createdBy": [agent],
        },
        {
            "type": "Organization",
            "spdxId": agent,
            "creationInfo": _CREATION,
            "name": "model-lineage",
        },
    ]
    elements: list[str] = []
    counter = 0

    def add(obj: dict[str, Any]) -> str:
        obj["creationInfo"] = _CREATION
        graph.append(obj)
        elements.append(obj["spdxId"])
        return str(obj["spdxId"])

    def relate(source: str, kind: str, targets: list[str]) -> None:
        nonlocal counter
        counter += 1
        add(
            {
                "type": "Relationship",
                "spdxId": f"{base}relationship/{counter}",
                "from": source,
                "relationshipType": kind,
                "to": targets,
            }
        )

    licences: dict[str, str] = {}

    def licence(expression: str | None) -> str:
        if expression is None:
            return NO_ASSERTION
        if expression not in licences:
            licences[expression] = add(
                {
                    "type": "simplelicensing_LicenseExpression",
                    "spdxId": f"{base}license/{len(licences) + 1}",
                    "simplelicensing_licenseExpression": expression,
                }
            )
        return licences[expression]

    publishers: dict[str, str] = {}

    def publisher(hub_id: str) -> list[str]:
        """The Hub namespace that publishes a model or dataset, as an Organization."""
        org = hub_id.split("/", 1)[0] if "/" in hub_id else None
        if org is None:
            return []
        if org.casefold() not in publishers:
            publishers[org.casefold()] = add(
                {
                    "type": "Organization",
                    "spdxId": f"{base}agent/hub/{quote(org)}",
                    "name": org,
                }
            )
        return [publishers[org.casefold()]]

    datasets: dict[str, str] = {}

    def dataset(name: str) -> str:
        if name not in datasets:
            obj: dict[str, Any] = {
                "type": "dataset_DatasetPackage",
                "spdxId": f"{base}dataset/{quote(name, safe='/')}",
                "name": name,
                "software_downloadLocation": hub_url(name, dataset=True),
                "software_primaryPurpose": "data",
                "dataset_datasetType": ["noAssertion"],
            }
            if origin := publisher(name):
                obj["originatedBy"] = origin
            datasets[name] = add(obj)
        return datasets[name]

    packages: dict[str, str] = {}
    for node in ordered_nodes(lineage):
        entry = entries[node.id.casefold()]
        pkg: dict[str, Any] = {
            "type": "ai_AIPackage",
            "spdxId": f"{base}model/{quote(node.id, safe='/')}",
            "name": node.id,
            "software_downloadLocation": hub_url(node.id),
            "software_primaryPurpose": "model",
            # The graph knows no revisions; the profile asks for a version string.
            "software_packageVersion": "NOASSERTION",
        }
        if supplier := publisher(node.id):
            pkg["suppliedBy"] = supplier[0]
        if node.pipeline_tag:
            pkg["ai_typeOfModel"] = [node.pipeline_tag]
        if entry.effective and entry.effective != entry.declared.expression:
            pkg["comment"] = f"effective licence (model-lineage): {entry.effective}"
        packages[node.id.casefold()] = add(pkg)
    for node in ordered_nodes(lineage):
        entry = entries[node.id.casefold()]
        me = packages[node.id.casefold()]
        relate(me, "hasDeclaredLicense", [licence(declared_expression(entry.declared))])
        relate(me, "hasConcludedLicense", [licence(_concluded(entry))])
        if node.datasets:
            relate(me, "trainedOn", [dataset(d) for d in node.datasets])
        tested = eval_datasets(by_model.get(node.id.casefold(), []))
        if tested:
            relate(me, "testedOn", [dataset(d) for d in tested])
        parents = [
            packages[e.parent.casefold()]
            for e in lineage.parents_of(node.id)
            if e.parent.casefold() in packages
        ]
        if parents:
            relate(me, "descendantOf", parents)
    for edge in lineage.edges:
        child, parent = packages.get(edge.child.casefold()), packages.get(edge.parent.casefold())
        if child and parent:
            relate(parent, "ancestorOf", [child])
    root = packages.get(lineage.model.casefold())
    document: dict[str, Any] = {
        "type": "SpdxDocument",
        "spdxId": base + "document",
        "creationInfo": _CREATION,
        "name": f"AI-BOM of {lineage.model}",
        "profileConformance": _PROFILES,
        "rootElement": [root] if root else [],
        "element": elements,
        "dataLicense": licence("CC0-1.0"),
    }
    graph.append(document)
    return {"@context": CONTEXT, "@graph": graph}


# Properties the AI and Dataset profiles require of their packages (the specification's
# "external property restrictions"; the SHACL shapes and bindings do not check them).
PROFILE_REQUIRED: dict[str, tuple[str, ...]] = {
    "ai_AIPackage": (
        "suppliedBy",
        "software_downloadLocation",
        "software_packageVersion",
        "software_primaryPurpose",
        "releaseTime",
    ),
    "dataset_DatasetPackage": (
        "originatedBy",
        "software_downloadLocation",
        "software_primaryPurpose",
        "releaseTime",
        "builtTime",
    ),
}


def missing_profile_properties(doc: dict[str, Any]) -> dict[str, set[str]]:
    """Which profile-required properties the document's packages lack, by property name.

    Release and build times are not in the lineage graph, so documents built from it lack
    them; this lists what a reviewer would have to add.
    """
    out: dict[str, set[str]] = {}
    for obj in doc.get("@graph", []):
        for prop in PROFILE_REQUIRED.get(obj.get("type", ""), ()):
            if prop not in obj:
                out.setdefault(prop, set()).add(str(obj.get("name")))
    return out


def validate(doc: dict[str, Any]) -> None:
    """Raise :class:`AibomError` unless ``doc`` reads as SPDX 3.0.1 and every reference resolves.

    Reads the document with the SPDX model bindings (types, enumerations, patterns), links
    every reference, and writes it back (required properties and counts). Needs
    ``spdx-python-model``.
    """
    import io
    import json

    from spdx_python_model import v3_0_1 as model

    objects = model.SHACLObjectSet()
    try:
        model.JSONLDDeserializer().read(io.BytesIO(json.dumps(doc).encode()), objects)
        missing = objects.link()
        model.JSONLDSerializer().serialize_data(objects)
    except (TypeError, ValueError, KeyError) as e:
        raise AibomError(f"SPDX 3.0.1: {e}") from e
    if missing:
        raise AibomError("SPDX 3.0.1: unresolved references: " + ", ".join(sorted(missing)))

"""What the licence report returns: models, the duties that reach them, findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lineage.query.licenses.normalize import NormalizedLicense
from lineage.query.licenses.rules import Severity


@dataclass(frozen=True, slots=True)
class DeclaredLicense:
    """What a model's card says about its licence (``other`` comes with name and link)."""

    license: str | None
    license_name: str | None = None
    license_link: str | None = None


@dataclass(frozen=True, slots=True)
class Obligation:
    """A duty that reaches a model from an ancestor's licence."""

    kind: str  # keep-licence, attribution, notice, name-prefix, non-commercial, user-threshold
    license: str
    ancestor: str
    clause: str
    detail: str | None = None
    via: str = "weights"  # weights: derived from the ancestor's weights; outputs: trained on them
    path: tuple[str, ...] = ()
    verified: bool = True  # False: the clause was not checked against the licence text

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "license": self.license,
            "ancestor": self.ancestor,
            "clause": self.clause,
            "detail": self.detail,
            "via": self.via,
            "path": list(self.path),
            "verified": self.verified,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that fired for one model."""

    rule: str
    severity: Severity
    model: str
    message: str
    ancestor: str | None = None
    ancestor_license: str | None = None
    edge: tuple[str, str, str] | None = None  # child, parent, relation

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "model": self.model,
            "message": self.message,
            "ancestor": self.ancestor,
            "ancestor_license": self.ancestor_license,
            "edge": None
            if self.edge is None
            else {"child": self.edge[0], "parent": self.edge[1], "relation": self.edge[2]},
        }


@dataclass(slots=True)
class ModelLicense:
    """One model on the chain: its declared licence and the duties that reach it."""

    model: str
    placeholder: bool
    declared: NormalizedLicense
    declared_in: list[str]
    effective: str | None
    obligations: list[Obligation] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "placeholder": self.placeholder,
            "declared": self.declared.to_json(),
            "declared_in": self.declared_in,
            "effective_license": self.effective,
            "obligations": [o.to_json() for o in self.obligations],
        }


@dataclass(slots=True)
class LicenseReport:
    """Every model on a lineage with its licence, and every finding."""

    model: str
    models: list[ModelLicense]
    findings: list[Finding]
    truncated: bool = False

    def for_model(self, model_id: str) -> list[Finding]:
        k = model_id.casefold()
        return [f for f in self.findings if f.model.casefold() == k]

    def contradicting(self) -> list[str]:
        """Models whose declared licence contradicts an ancestor's (the error-level rules)."""
        ids = {f.model for f in self.findings if f.rule in CONTRADICTIONS}
        return sorted(ids, key=str.casefold)

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "truncated": self.truncated,
            "models": [m.to_json() for m in self.models],
            "findings": [f.to_json() for f in self.findings],
        }


CONTRADICTIONS = frozenset({"LIC-RELABEL", "LIC-NONCOMMERCIAL", "LIC-OUTPUTS"})

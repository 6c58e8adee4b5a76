"""How completely a model documents where it comes from: a score and the parts it is made of."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lineage.core.graph import Lineage
from lineage.core.records import EvalResult, EvidenceKind
from lineage.query.licenses.normalize import LicenseStatus
from lineage.query.licenses.results import LicenseReport

# Structured declarations of a parent; prose, GGUF headers and configs are only hints.
_DECLARED_KINDS = frozenset(
    {
        EvidenceKind.CARD_YAML.value,
        EvidenceKind.HUB_API.value,
        EvidenceKind.ADAPTER_CONFIG.value,
        EvidenceKind.MERGEKIT_CONFIG.value,
    }
)
# Findings that mean the declared licence does not hold up against the chain.
_LICENCE_RULES = frozenset(
    {"LIC-RELABEL", "LIC-NONCOMMERCIAL", "LIC-OUTPUTS", "LIC-UNKNOWN", "LIC-MISSING"}
)


@dataclass(frozen=True, slots=True)
class CompletenessPart:
    """One part of the score: met (True), unmet (False) or not applicable / not known (None)."""

    name: str
    met: bool | None
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "met": self.met, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class Completeness:
    """The share of applicable parts a model meets."""

    model: str
    score: float
    parts: tuple[CompletenessPart, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "score": self.score,
            "parts": [p.to_json() for p in self.parts],
        }


def completeness(
    model_id: str,
    lineage: Lineage,
    report: LicenseReport,
    evals: Sequence[EvalResult] | None = None,
) -> Completeness:
    """Score ``model_id``'s provenance; ``evals`` None means the caller does not know them."""
    key = model_id.casefold()
    node = next((n for k, n in lineage.nodes.items() if k.casefold() == key), None)
    entry = next((m for m in report.models if m.model.casefold() == key), None)
    if node is None or entry is None:
        raise KeyError(f"{model_id} is not on the lineage of {lineage.model}")
    parts: list[CompletenessPart] = []

    declared = entry.declared.status is not LicenseStatus.MISSING
    parts.append(
        CompletenessPart(
            "licence-declared",
            declared,
            entry.declared.expression or "no licence in the card",
        )
    )
    broken = sorted({f.rule for f in report.for_model(model_id) if f.rule in _LICENCE_RULES})
    parts.append(
        CompletenessPart(
            "licence-consistent",
            not broken,
            "consistent with the chain" if not broken else "findings: " + ", ".join(broken),
        )
    )

    edges = lineage.parents_of(model_id)
    if not edges:
        parts.append(CompletenessPart("base-declared", None, "no parent known"))
    else:
        undeclared = [
            e.parent for e in edges if not any(ev.kind in _DECLARED_KINDS for ev in e.evidence)
        ]
        parts.append(
            CompletenessPart(
                "base-declared",
                not undeclared,
                "every parent declared in metadata"
                if not undeclared
                else "named only in prose or files: " + ", ".join(undeclared),
            )
        )

    parts.append(
        CompletenessPart(
            "datasets-named",
            bool(node.datasets),
            ", ".join(node.datasets) if node.datasets else "no training dataset named",
        )
    )
    if evals is None:
        parts.append(CompletenessPart("evaluations-reported", None, "evaluations not known"))
    else:
        parts.append(
            CompletenessPart(
                "evaluations-reported",
                bool(evals),
                f"{len(evals)} results" if evals else "no evaluation results",
            )
        )
    applicable = [p for p in parts if p.met is not None]
    score = round(sum(1 for p in applicable if p.met) / len(applicable), 3) if applicable else 0.0
    return Completeness(node.id, score, tuple(parts))

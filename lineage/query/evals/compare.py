"""A model's evaluation results beside its parent's: shared benchmarks, deltas, regressions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lineage.core.graph import Lineage
from lineage.core.records import EvalResult, Relation
from lineage.query.evals.normalize import Score, read_score

REGRESSION_RULE = "EVAL-REGRESSION"


@dataclass(frozen=True, slots=True)
class Delta:
    """One benchmark both models report: the child's value minus the parent's (same scale)."""

    benchmark: str
    metric: str
    shots: int | None
    child: float
    parent: float
    delta: float
    better: bool | None  # None when equal
    rescaled: bool = False  # one side was a fraction and was read as a percentage

    def to_json(self) -> dict[str, Any]:
        return {
            "benchmark": self.benchmark,
            "metric": self.metric,
            "shots": self.shots,
            "child": self.child,
            "parent": self.parent,
            "delta": self.delta,
            "better": self.better,
            "rescaled": self.rescaled,
        }


@dataclass(frozen=True, slots=True)
class EvalFinding:
    """A derivative that reports a worse result than its parent on the same benchmark."""

    rule: str
    severity: str
    child: str
    parent: str
    message: str
    delta: Delta

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "child": self.child,
            "parent": self.parent,
            "message": self.message,
            "delta": self.delta.to_json(),
        }


@dataclass(slots=True)
class Comparison:
    """What two models' results have in common and how they differ."""

    child: str
    parent: str
    shared: list[Delta] = field(default_factory=list)
    only_child: list[str] = field(default_factory=list)
    only_parent: list[str] = field(default_factory=list)
    findings: list[EvalFinding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "child": self.child,
            "parent": self.parent,
            "shared": [d.to_json() for d in self.shared],
            "only_child": self.only_child,
            "only_parent": self.only_parent,
            "findings": [f.to_json() for f in self.findings],
        }


def _first(scores: Sequence[EvalResult]) -> dict[tuple[str, str], Score]:
    # A card may list one benchmark several times (subsets); the first numeric one stands.
    out: dict[tuple[str, str], Score] = {}
    for result in scores:
        s = read_score(result)
        if s.value is not None and s.key not in out:
            out[s.key] = s
    return out


def _label(key: tuple[str, str]) -> str:
    return f"{key[0]}/{key[1]}"


def compare(
    child_evals: Sequence[EvalResult],
    parent_evals: Sequence[EvalResult],
    child: str = "child",
    parent: str = "parent",
    tolerance: float = 0.0,
) -> Comparison:
    """Compare two models' results; a worse child result (beyond ``tolerance``) is a finding."""
    mine, theirs = _first(child_evals), _first(parent_evals)
    out = Comparison(child, parent)
    out.only_child = sorted(_label(k) for k in mine.keys() - theirs.keys())
    out.only_parent = sorted(_label(k) for k in theirs.keys() - mine.keys())
    for key in sorted(mine.keys() & theirs.keys()):
        c, p = mine[key], theirs[key]
        if c.shots is not None and p.shots is not None and c.shots != p.shots:
            out.only_child.append(f"{_label(key)} ({c.shots}-shot)")
            out.only_parent.append(f"{_label(key)} ({p.shots}-shot)")
            continue
        assert c.value is not None and p.value is not None
        cv, pv, rescaled = c.value, p.value, False
        # Cards report the same metric as 0.785 or as 78.5; a fraction beside a percentage
        # is read as the percentage it stands for.
        if 0 <= cv <= 1 < pv <= 100:
            cv, rescaled = cv * 100, True
        elif 0 <= pv <= 1 < cv <= 100:
            pv, rescaled = pv * 100, True
        delta = round(cv - pv, 6)
        gain = -delta if c.lower_is_better else delta
        d = Delta(
            benchmark=key[0],
            metric=key[1],
            shots=c.shots if c.shots is not None else p.shots,
            child=cv,
            parent=pv,
            delta=delta,
            better=None if gain == 0 else gain > 0,
            rescaled=rescaled,
        )
        out.shared.append(d)
        if gain < -tolerance:
            out.findings.append(
                EvalFinding(
                    rule=REGRESSION_RULE,
                    severity="warning",
                    child=child,
                    parent=parent,
                    message=(
                        f"{REGRESSION_RULE}: {child} reports {key[0]} {key[1]} {cv:g}, "
                        f"below its parent {parent} ({pv:g})"
                    ),
                    delta=d,
                )
            )
    return out


# Relations where the child is a new model whose scores should be compared with the parent's.
_COMPARED = frozenset(
    {
        Relation.FINETUNE.value,
        Relation.ADAPTER.value,
        Relation.DISTILLATION.value,
        Relation.MERGE.value,
        Relation.QUANTIZED.value,
    }
)


def eval_report(
    lineage: Lineage,
    evals: Mapping[str, Sequence[EvalResult]],
    tolerance: float = 0.0,
) -> list[Comparison]:
    """Compare every model on ``lineage`` with each parent; ``evals`` maps model id → results.

    ``Node`` does not carry evaluation results, so the caller supplies them.
    """
    by_key = {k.casefold(): v for k, v in evals.items()}
    out: list[Comparison] = []
    for edge in lineage.edges:
        if edge.relation not in _COMPARED:
            continue
        mine, theirs = by_key.get(edge.child.casefold()), by_key.get(edge.parent.casefold())
        if mine and theirs:
            out.append(compare(mine, theirs, edge.child, edge.parent, tolerance))
    return out

"""Small result objects that every surface renders: nodes, edges, lineages.

Pure data; stores build them, the CLI/API/exporters render them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lineage.core.records import EvalResult, Relation, combine_confidence


@dataclass(frozen=True, slots=True)
class Evidence:
    """One signal behind an edge, and who said it."""

    kind: str
    source: str
    relation: str
    confidence: float
    inferred: bool = False
    value: str | None = None
    location: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "source": self.source,
            "relation": self.relation,
            "confidence": self.confidence,
            "inferred": self.inferred,
        }
        if self.value is not None:
            out["value"] = self.value
        if self.location is not None:
            out["location"] = self.location
        return out


@dataclass(slots=True)
class Node:
    """A model as the graph knows it.

    ``license`` is what surfaces show (the ``license_name`` when the card says
    ``license: other``); ``declared_license``, ``license_name`` and ``license_link`` are
    the card's own fields, ``license_source`` the source that declared them.
    """

    id: str
    placeholder: bool
    license: str | None = None
    datasets: list[str] = field(default_factory=list)
    library: str | None = None
    pipeline_tag: str | None = None
    languages: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    declared_license: str | None = None
    license_name: str | None = None
    license_link: str | None = None
    license_source: str | None = None
    evals: list[EvalResult] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    quant_types: list[str] = field(default_factory=list)
    bits: list[int] = field(default_factory=list)
    # The model its own sources name as its newer version.
    new_version: str | None = None

    def has_weights(self, fmt: str | None = None, bits: int | None = None) -> bool:
        """Whether the model comes in the format (any case) and the bit width asked for."""
        if fmt is not None and fmt.casefold() not in {f.casefold() for f in self.formats}:
            return False
        return bits is None or bits in self.bits

    def to_json(self, full: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "placeholder": self.placeholder,
            "license": self.license,
        }
        if full:
            out.update(
                datasets=self.datasets,
                library=self.library,
                pipeline_tag=self.pipeline_tag,
                languages=self.languages,
                tags=self.tags,
                sources=self.sources,
                declared_license=self.declared_license,
                license_name=self.license_name,
                license_link=self.license_link,
                license_source=self.license_source,
                evals=[
                    {"task": e.task, "dataset": e.dataset, "metric": e.metric, "value": e.value}
                    for e in self.evals
                ],
                formats=self.formats,
                quant_types=self.quant_types,
                bits=self.bits,
                new_version=self.new_version,
            )
        return out


#: What one source says about a model's licence: source name, license, license_name, link.
LicenseClaim = tuple[str, str | None, str | None, str | None]
#: An evaluation result as engines keep it: task, dataset, metric, value.
EvalRow = tuple[str | None, str | None, str, str]


def declared_license(
    claims: Iterable[LicenseClaim],
) -> tuple[str | None, str | None, str | None, str | None]:
    """The declaration a model's facts report: ``(license, name, link, source)``.

    One source's declaration, kept whole (a name or link never comes from another
    source): the source whose ``license`` sorts first, as `Node.license` picks it, then
    sources that give only a name or a link; ties go to the smaller source name. Every
    engine calls this, so they agree.
    """
    best: tuple[tuple[bool, str, str], LicenseClaim] | None = None
    for claim in claims:
        source, lic, name, link = claim
        if lic is None and name is None and link is None:
            continue
        rank = (lic is None, lic or "", source)
        if best is None or rank < best[0]:
            best = (rank, claim)
    if best is None:
        return (None, None, None, None)
    source, lic, name, link = best[1]
    return (lic, name, link, source)


def eval_rows(rows: Iterable[EvalRow]) -> tuple[EvalRow, ...]:
    """Evaluation results in one order every engine gives (sorted, repeats dropped)."""
    return tuple(sorted(set(rows), key=lambda r: tuple("" if x is None else x for x in r)))


def _rank(e: Evidence) -> tuple[bool, float, str, str, str]:
    # Declared beats inferred, then confidence; the rest only makes ties deterministic.
    return (not e.inferred, e.confidence, e.relation, e.kind, e.source)


@dataclass(slots=True)
class Edge:
    """``child`` derives from ``parent``; the claims that say so."""

    child: str
    parent: str
    evidence: list[Evidence]

    @property
    def relation(self) -> str:
        """The relation of the strongest evidence (declared beats inferred)."""
        if not self.evidence:
            return Relation.UNKNOWN.value
        return max(self.evidence, key=_rank).relation

    @property
    def confidence(self) -> float:
        return combine_confidence([e.confidence for e in self.evidence])

    @property
    def inferred(self) -> bool:
        """True when no evidence declared the relation outright."""
        return all(e.inferred for e in self.evidence)

    @property
    def conflict(self) -> bool:
        """True when declared relations disagree."""
        declared = {e.relation for e in self.evidence if not e.inferred}
        return len(declared) > 1

    def to_json(self) -> dict[str, Any]:
        return {
            "child": self.child,
            "parent": self.parent,
            "relation": self.relation,
            "evidence": [e.to_json() for e in sorted(self.evidence, key=_rank, reverse=True)],
            "confidence": self.confidence,
            "inferred": self.inferred,
            "conflict": self.conflict,
        }


@dataclass(slots=True)
class Lineage:
    """A connected piece of the graph around ``model``: its ancestors, or a path."""

    model: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    truncated: bool = False
    cycles: list[list[str]] = field(default_factory=list)

    def parents_of(self, model_id: str) -> list[Edge]:
        k = model_id.casefold()
        return [e for e in self.edges if e.child.casefold() == k]

    def roots(self) -> list[str]:
        children = {e.child.casefold() for e in self.edges}
        return [
            n.id for k, n in self.nodes.items() if k not in children or not self.parents_of(n.id)
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "nodes": [n.to_json() for n in self.nodes.values()],
            "edges": [e.to_json() for e in self.edges],
            "truncated": self.truncated,
            "cycles": self.cycles,
        }


@dataclass(slots=True)
class Descendants:
    """Everything derived from ``model``, counted per relation and per depth."""

    model: str
    total: int
    counts: Counter[str]
    direct_counts: Counter[str]
    edges: list[tuple[str, str, str]]
    nodes: dict[str, Node]
    truncated: bool = False
    max_depth_reached: int = 0

    def matching(self, fmt: str | None = None, bits: int | None = None) -> Descendants:
        """Only the listed descendants that come in ``fmt`` / ``bits``, counted again.

        The counts are of the listed edges that match, so ask for a limit that lists them all.
        """
        keep = [
            (c, p, r)
            for c, p, r in self.edges
            if (n := self.nodes.get(c.casefold())) is not None and n.has_weights(fmt, bits)
        ]
        keys = {k.casefold() for c, p, _ in keep for k in (c, p)}
        direct = Counter(r for _, p, r in keep if p.casefold() == self.model.casefold())
        counts = Counter(r for _, _, r in keep)
        return Descendants(
            model=self.model,
            total=len(keep),
            counts=counts,
            direct_counts=direct,
            edges=keep,
            nodes={k: n for k, n in self.nodes.items() if k in keys},
            truncated=self.truncated,
            max_depth_reached=self.max_depth_reached,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "total": self.total,
            "counts": dict(sorted(self.counts.items())),
            "direct_counts": dict(sorted(self.direct_counts.items())),
            "edges": [{"child": c, "parent": p, "relation": r} for c, p, r in self.edges],
            "nodes": [n.to_json() for n in self.nodes.values()],
            "truncated": self.truncated,
            "depth": self.max_depth_reached,
        }

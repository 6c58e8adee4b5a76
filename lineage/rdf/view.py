"""The consolidated view's terms, shared by the engines that keep one.

The view states each model's facts once and each (child, parent) pair once, as one
``lin:ConsolidatedDerivation`` with the values `lineage.core.graph.Edge` fuses (docs/
architecture.md, the consolidated view). The embedded store keeps it in its default graph
with SPARQL updates; the remote engine computes it here, in Python, into the named graph
`vocab.VIEW_GRAPH` of its server. Both read these definitions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from lineage.core import vocab as v
from lineage.core.graph import Edge
from lineage.core.records import Relation

#: The model facts the view copies, each once (the display id is chosen, not copied).
FACT_PROPERTIES = (
    v.DESCRIBED_BY, v.LICENSE, v.LICENSE_NAME, v.LICENSE_LINK, v.TRAINED_ON, v.LIBRARY,
    v.PIPELINE_TAG, v.LANGUAGE, v.KEYWORDS, v.WEIGHT_FORMAT, v.QUANT_TYPE, v.BIT_WIDTH,
    v.NEW_VERSION,
)  # fmt: skip

# A model's IRI in N-Quads text (IRIs there hold no ">").
MODEL_IRI = re.compile("<(" + re.escape(v.MODEL_NS) + "[^>]*)>")


class ViewState(StrEnum):
    """Whether the view answers for the sources as they are."""

    FRESH = "fresh"  # it does
    STALE = "stale"  # the pending models are to be refreshed
    REBUILD = "rebuild"  # it is to be rebuilt whole


@dataclass(frozen=True, slots=True)
class ViewRefresh:
    """What a refresh did: how many models it refreshed (all, for a rebuild)."""

    models: int
    rebuilt: bool


def confidence_text(value: float) -> str:
    """The lexical form of a fused confidence (an ``xsd:decimal``)."""
    return str(value)


def models_named(nquads: str) -> set[str]:
    """The model IRIs an N-Quads text names (searched, not parsed: an IRI inside a literal
    only costs one more model to look at)."""
    return set(MODEL_IRI.findall(nquads))


def display_id(own: list[str], mentioned: list[str]) -> str | None:
    """A model's one ``lin:hubId``: the smallest spelling its own sources write, else of any."""
    if own:
        return min(own)
    return min(mentioned) if mentioned else None


def derivation_ntriples(child: str, parent: str, edge: Edge, claims: int) -> str:
    """The view's statements of one (child, parent) pair, as N-Triples: the fused relation's
    property and one ``lin:ConsolidatedDerivation`` with the values ``edge`` fuses."""
    d = f"<{v.view_derivation_iri(child, parent)}>"
    prop = v.RELATION_PROPERTY[Relation(edge.relation)]
    rel = edge.relation.replace("\\", "\\\\").replace('"', '\\"')

    def boolean(flag: bool) -> str:
        return f'"{str(flag).lower()}"^^<{v.XSD}boolean>'

    return (
        f"<{child}> <{prop}> <{parent}> .\n"
        f"<{child}> <{v.QUALIFIED_DERIVATION}> {d} .\n"
        f"{d} <{v.ENTITY}> <{parent}> .\n"
        f'{d} <{v.RELATION}> "{rel}" .\n'
        f'{d} <{v.CONFIDENCE}> "{confidence_text(edge.confidence)}"^^<{v.XSD}decimal> .\n'
        f"{d} <{v.RELATION_INFERRED}> {boolean(edge.inferred)} .\n"
        f"{d} <{v.CONFLICT}> {boolean(edge.conflict)} .\n"
        f'{d} <{v.CLAIM_COUNT}> "{claims}"^^<{v.XSD}integer> .\n'
    )


__all__ = [
    "FACT_PROPERTIES",
    "MODEL_IRI",
    "ViewRefresh",
    "ViewState",
    "confidence_text",
    "derivation_ntriples",
    "display_id",
    "models_named",
]

"""Models and their lineage: facts, ancestors, descendants, paths, edges.

Model ids are ``ORG/NAME`` (matched case-insensitively) or a legacy
single-segment id such as ``gpt2``; both go in the path as they are. The
sub-resources (``/ancestors`` …) are matched first, so a model literally named
``ORG/ancestors`` is only reachable through ``/search`` and ``/sparql``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse

from lineage.api.errors import ERROR_RESPONSES
from lineage.api.state import ApiState, get_state
from lineage.core.records import Relation
from lineage.exporters.aibom.model import MEDIA_TYPES
from lineage.query.reports import (
    descendants_page,
    model_edges,
    model_id_from,
)

router = APIRouter(prefix="/models", tags=["models"], responses=ERROR_RESPONSES)

State = Annotated[ApiState, Depends(get_state)]
ModelId = Annotated[
    str,
    Path(
        description="``ORG/NAME`` (case-insensitive) or a legacy single-segment id like ``gpt2``.",
        examples=["deepseek-ai/DeepSeek-R1-Distill-Qwen-32B"],
    ),
]
Depth = Annotated[
    int | None,
    Query(ge=0, le=1000, description="Depth cap (default and maximum: LINEAGE_MAX_DEPTH)."),
]


def _depth(state: ApiState, depth: int | None) -> int:
    cap = state.config.settings.max_depth
    return cap if depth is None else min(depth, cap)


def _id(model_id: str) -> str:
    return model_id.strip("/")


@router.get("/{model_id:path}/ancestors", summary="Every ancestor up to the roots")
def ancestors(state: State, model_id: ModelId, depth: Depth = None) -> dict[str, Any]:
    """The full derivation chain: every path up to the roots, each edge with its evidence."""
    return state.graph().trace(_id(model_id), _depth(state, depth)).to_json()


@router.get("/{model_id:path}/descendants", summary="Everything derived from the model")
def descendants(
    state: State,
    model_id: ModelId,
    depth: Depth = None,
    relation: Annotated[
        list[Relation] | None, Query(description="Follow only these relations (repeatable).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Edges per page.")] = 100,
    offset: Annotated[int, Query(ge=0, le=100_000, description="Edges to skip.")] = 0,
) -> dict[str, Any]:
    """Descendants counted per relation (complete), with one page of edges."""
    relations = [r.value for r in relation] if relation else None
    return descendants_page(
        state.query_store(), _id(model_id), _depth(state, depth), relations, limit, offset
    )


@router.get("/{model_id:path}/path", summary="How two models are related")
def path(
    state: State,
    model_id: ModelId,
    to: Annotated[
        str, Query(min_length=1, max_length=300, description="The other model (ORG/NAME or URL).")
    ],
) -> dict[str, Any]:
    """The derivation path between two models (empty ``edges`` when they share no ancestry)."""
    return state.graph().path(_id(model_id), model_id_from(to, "to")).to_json()


@router.get("/{model_id:path}/edges", summary="Every edge at the model, with evidence")
def edges(
    state: State,
    model_id: ModelId,
    limit: Annotated[int, Query(ge=1, le=1000, description="Children listed.")] = 200,
) -> dict[str, Any]:
    """Parents and children, each edge with its relation, evidence and source."""
    return model_edges(state.query_store(), _id(model_id), limit)


@router.get("/{model_id:path}/licenses", summary="Licences along the chain, duties, findings")
def licenses(state: State, model_id: ModelId, depth: Depth = None) -> dict[str, Any]:
    """Every model on the chain with its declared licence and where it was declared, the
    obligations that reach each, the findings (rule, severity, offending edge) and the
    model's provenance completeness."""
    return state.graph().licenses(_id(model_id), _depth(state, depth)).to_json()


@router.get("/{model_id:path}/compare", summary="Evaluation results beside the parents'")
def compare(
    state: State,
    model_id: ModelId,
    ancestors: Annotated[
        bool, Query(description="Compare with every ancestor, not only the parents.")
    ] = False,
    depth: Depth = None,
) -> dict[str, Any]:
    """Per parent (or ancestor): shared benchmarks with deltas, results only one side reports,
    and ``EVAL-REGRESSION`` findings."""
    return state.graph().compare(_id(model_id), ancestors, _depth(state, depth))


@router.get(
    "/{model_id:path}/aibom",
    summary="AI bill of materials (CycloneDX 1.6 or SPDX 3.0.1)",
    response_class=JSONResponse,
)
def aibom(
    state: State,
    model_id: ModelId,
    fmt: Annotated[
        Literal["cyclonedx", "spdx"], Query(alias="format", description="cyclonedx or spdx.")
    ] = "cyclonedx",
) -> JSONResponse:
    """The model and its pedigree with licences, datasets, evaluation results and the
    provenance completeness, validated against the format's schema."""
    doc = state.graph().aibom(_id(model_id), fmt, _depth(state, None))
    return JSONResponse(doc, media_type=MEDIA_TYPES[fmt])


@router.get("/{model_id:path}", summary="A model's facts, parents and children counts")
def model(state: State, model_id: ModelId) -> dict[str, Any]:
    """Facts (licence and where it was declared, datasets, evaluation results…), direct
    parents with evidence, children per relation, provenance completeness."""
    return state.graph().show(_id(model_id))

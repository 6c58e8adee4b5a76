"""Why one model derives from another: every claim for the edge, and what speaks against it.

Registered before the models router: its catch-all ``/models/{id}`` would take the path.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from lineage.api.errors import ERROR_RESPONSES
from lineage.api.state import ApiState, get_state

router = APIRouter(prefix="/models", tags=["models"], responses=ERROR_RESPONSES)

State = Annotated[ApiState, Depends(get_state)]


@router.get(
    "/{model_id:path}/explain/{parent:path}", summary="The evidence for and against one edge"
)
def explain(
    state: State,
    model_id: Annotated[
        str,
        Path(
            description="The child: ``ORG/NAME`` (case-insensitive).",
            examples=["deepseek-ai/DeepSeek-R1-Distill-Qwen-32B"],
        ),
    ],
    parent: Annotated[
        str,
        Path(description="The parent: ``ORG/NAME``.", examples=["Qwen/Qwen2.5-32B"]),
    ],
) -> dict[str, Any]:
    """Each claim (source, evidence kind, relation, confidence, inferred, the text it was read
    from, where), conflicting relations, the child's other parents per source, unresolved
    references that look like the parent, the parent's ``new_version``, a reversed edge (a
    cycle) and the fused verdict (``verdict.related`` is false when no claim links them)."""
    return state.graph().explain(model_id.strip("/"), parent.strip("/")).to_json()

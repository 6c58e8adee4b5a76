"""What the imports wrote: the sources written last, for the explorer's landing view."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from lineage.api.errors import ERROR_RESPONSES
from lineage.api.state import ApiState, get_state
from lineage.query.reports import recent_imports_report

router = APIRouter(prefix="/sources", tags=["sources"], responses=ERROR_RESPONSES)
State = Annotated[ApiState, Depends(get_state)]


@router.get("/recent", summary="The sources imports wrote last")
def recent(
    state: State,
    limit: Annotated[int, Query(ge=1, le=100, description="Sources listed.")] = 10,
) -> dict[str, Any]:
    """Newest first (ties by source name): each source's name, kind, the model it is about and
    when an import wrote it (UTC, ISO 8601). Sources written outside an import are not listed;
    a source an import skipped as unchanged keeps the time of the import that wrote it."""
    return recent_imports_report(state.query_store(), limit)

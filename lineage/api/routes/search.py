"""Finding models: id search-as-you-type, and the models trained on a dataset."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from lineage.api.errors import ERROR_RESPONSES
from lineage.api.state import ApiState, get_state
from lineage.query.reports import dataset_models

router = APIRouter(tags=["search"], responses=ERROR_RESPONSES)
State = Annotated[ApiState, Depends(get_state)]


@router.get("/search", summary="Model ids matching a prefix or substring")
def search(
    state: State,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Case-insensitive text.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Exact id first, then id prefixes, then name prefixes (after the slash), then substrings."""
    return {"query": q, "results": state.ids.search(q, limit)}


@router.get(
    "/datasets/{dataset_id:path}/models", tags=["datasets"], summary="Models trained on a dataset"
)
def models_of_dataset(
    state: State,
    dataset_id: Annotated[
        str, Path(description="Dataset id, e.g. ``HuggingFaceH4/ultrachat_200k``.")
    ],
    transitive: Annotated[
        bool, Query(description="Also list models derived from them (their descendants).")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=1000, description="Derived models listed.")] = 100,
) -> dict[str, Any]:
    """Models trained on the dataset directly, and (``transitive=true``) through an ancestor."""
    return dataset_models(
        state.query_store(),
        dataset_id.strip("/"),
        transitive,
        limit,
        state.config.settings.max_depth,
    )

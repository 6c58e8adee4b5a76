"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from lineage.api.errors import error_body
from lineage.api.state import ApiState, get_state

router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live", summary="The process is up")
async def live() -> dict[str, str]:
    """Answers without touching any store (runs on the event loop, never queued)."""
    return {"status": "ok"}


@router.get(
    "/ready",
    summary="Each configured store's state",
    responses={503: {"description": "The store that answers queries is not usable."}},
)
def ready(state: Annotated[ApiState, Depends(get_state)]) -> Any:
    """``ok`` when the answering store works; Neo4j reports ``unavailable`` with the reason."""
    stores = state.readiness()
    workers = state.sparql.alive()
    primary = state.config.settings.store
    extra = {
        "stores": stores,
        "sparql_workers": workers,
        "cache": state.warmer.status(),
        "view": state.view.status(),
    }
    if stores.get(primary, {}).get("status") == "ok":
        return {"status": "ok", "store": primary, **extra}
    body = error_body(503, "not_ready", f"the {primary} store is not usable")
    body.update(extra)
    return JSONResponse(body, status_code=503)

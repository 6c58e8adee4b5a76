"""Read-only Cypher, when a Neo4j store is configured."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import BaseModel, Field

from lineage.api.errors import ERROR_RESPONSES
from lineage.api.state import ApiState, get_state
from lineage.stores.base import cypher_store

router = APIRouter(tags=["cypher"], responses=ERROR_RESPONSES)


class CypherRequest(BaseModel):
    """A Cypher query and its parameters."""

    query: str = Field(
        min_length=1, max_length=100_000, examples=["MATCH (m:Model) RETURN m.id LIMIT 5"]
    )
    parameters: dict[str, Any] = Field(default_factory=dict)


@router.post("/cypher", summary="Read-only Cypher on the Neo4j store")
def cypher(body: CypherRequest, state: Annotated[ApiState, Depends(get_state)]) -> Response:
    """Rows of a read-only query, with a timeout and a row limit (``truncated`` when cut)."""
    store = cypher_store(state.store("neo4j"))
    columns, rows, truncated = store.cypher(body.query, body.parameters, state.config.query_limit)
    data = {
        "columns": columns,
        "rows": rows,
        "truncated": truncated,
        "limit": state.config.query_limit,
    }
    # default=str: temporal and spatial values become their string forms
    return Response(
        json.dumps(data, default=str, ensure_ascii=False), media_type="application/json"
    )

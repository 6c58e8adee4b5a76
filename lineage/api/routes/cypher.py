"""Read-only Cypher, when a Neo4j store is configured (reading queries only: see cypher_guard)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import BaseModel, Field

from lineage.api.cypher_guard import check_cypher
from lineage.api.errors import ERROR_RESPONSES, ResultTooLarge
from lineage.api.state import ApiState, get_state
from lineage.library import LineageGraph

router = APIRouter(tags=["cypher"], responses=ERROR_RESPONSES)


class CypherRequest(BaseModel):
    """A Cypher query and its parameters."""

    query: str = Field(
        min_length=1, max_length=100_000, examples=["MATCH (m:Model) RETURN m.id LIMIT 5"]
    )
    parameters: dict[str, Any] = Field(default_factory=dict)


@router.post("/cypher", summary="Read-only Cypher on the Neo4j store")
def cypher(body: CypherRequest, state: Annotated[ApiState, Depends(get_state)]) -> Response:
    """Rows of a reading query, with a timeout and a row limit (``truncated`` when cut).

    Administration (``SHOW …``, ``dbms.*`` procedures) and writes are refused with 403.
    """
    check_cypher(body.query)
    # The library's graph over the server's Neo4j store (503 when it is down): the same
    # `LineageGraph.cypher` a notebook calls, run in the server's bounded, timed slots.
    settings = state.config.settings.model_copy(update={"store": "neo4j"})
    graph = LineageGraph.over(state.store("neo4j"), settings)
    limit = state.config.query_limit
    columns, rows, truncated = state.run_cypher(
        lambda: graph.cypher(body.query, body.parameters, limit)
    )
    data = {
        "columns": columns,
        "rows": rows,
        "truncated": truncated,
        "limit": state.config.query_limit,
    }
    # default=str: temporal and spatial values become their string forms
    text = json.dumps(data, default=str, ensure_ascii=False).encode()
    if len(text) > state.config.max_result_bytes:
        raise ResultTooLarge(
            f"the result is larger than {state.config.max_result_bytes:,} bytes "
            "(LINEAGE_API_MAX_RESULT_BYTES); return less"
        )
    return Response(text, media_type="application/json")

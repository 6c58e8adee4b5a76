"""The SPARQL 1.1 Protocol endpoint (query only; every form of update is refused)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from lineage.api.errors import ERROR_RESPONSES, UnsupportedMediaType
from lineage.api.sparql_protocol import accepted_media, content_type, graph_iris
from lineage.api.state import ApiState, get_state
from lineage.core.errors import ReadOnlyViolation, UsageError
from lineage.core.vocab import VIEW_GRAPH

router = APIRouter(tags=["sparql"], responses=ERROR_RESPONSES)
State = Annotated[ApiState, Depends(get_state)]

_RESULTS: dict[str, dict[str, Any]] = {
    media: {}
    for media in (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
    )
}
_FORM_SCHEMA = {
    "type": "object",
    "properties": {
        "query": {"type": "string"},
        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
        "union": {"type": "boolean"},
    },
}
_POST_BODY = {
    "required": True,
    "content": {
        "application/sparql-query": {"schema": {"type": "string"}},
        "application/x-www-form-urlencoded": {"schema": _FORM_SCHEMA},
    },
}
_DOC = (
    "SPARQL 1.1 query over the lineage graph. The default graph is the consolidated view "
    "(each model's facts and each derivation once, with the fused relation, confidence and "
    "conflict flag); ``GRAPH ?g`` reaches each source's own claims; ``union=true`` makes the "
    "default graph the union of every graph, and ``default-graph-uri`` names graphs to use "
    "instead. The ``Lineage-Default-Graph`` header says which answered (``view``, ``union``, "
    "``request``), ``Lineage-View`` whether the view was ``fresh``. The answer format follows "
    "``Accept`` (or ``format=``): SPARQL JSON/XML/CSV/TSV for SELECT and ASK, Turtle, "
    "N-Triples or JSON-LD for CONSTRUCT and DESCRIBE. SPARQL Update is refused (403)."
)

GraphParam = Annotated[list[str] | None, Query(alias="default-graph-uri")]
NamedParam = Annotated[list[str] | None, Query(alias="named-graph-uri")]
UnionParam = Annotated[
    bool,
    Query(description="Default graph: the union of every graph, not the consolidated view."),
]
FormatParam = Annotated[
    str | None, Query(alias="format", description="json, xml, csv, tsv, turtle, ntriples, jsonld")
]


async def _answer(
    state: ApiState,
    request: Request,
    query: str | None,
    default_graph: list[str],
    named: list[str],
    format_name: str | None,
    union: bool,
) -> Response:
    if not query or not query.strip():
        raise UsageError("send a SPARQL query in the 'query' parameter")
    accept = accepted_media(request.headers.get("accept"), format_name)
    if not union and (not default_graph or VIEW_GRAPH in default_graph):
        await run_in_threadpool(state.refresh_view)
    answer = await run_in_threadpool(
        state.sparql.run,
        query,
        accept,
        graph_iris(default_graph, "default-graph-uri"),
        graph_iris(named, "named-graph-uri"),
        union,
    )
    headers = {
        "Vary": "Accept",
        "Lineage-Default-Graph": answer.default_graph,
        "Lineage-View": answer.view,
    }
    return Response(answer.body, media_type=content_type(answer.media_type), headers=headers)


@router.get(
    "/sparql",
    summary="SPARQL query (GET)",
    description=_DOC,
    responses={200: {"content": _RESULTS}},
)
async def sparql_get(
    request: Request,
    state: State,
    query: Annotated[str | None, Query(description="The SPARQL query.")] = None,
    update: Annotated[str | None, Query(description="Always refused.")] = None,
    default_graph_uri: GraphParam = None,
    named_graph_uri: NamedParam = None,
    format_name: FormatParam = None,
    union: UnionParam = False,
) -> Response:
    """SPARQL 1.1 Protocol query via GET."""
    if update is not None:
        raise ReadOnlyViolation("this endpoint is read-only: SPARQL Update is not accepted")
    if len(request.query_params.getlist("query")) > 1:
        raise UsageError("send one 'query' parameter")  # SPARQL 1.1 Protocol, 2.1.1
    return await _answer(
        state, request, query, default_graph_uri or [], named_graph_uri or [], format_name, union
    )


@router.post(
    "/sparql",
    summary="SPARQL query (POST)",
    description=_DOC,
    responses={200: {"content": _RESULTS}},
    openapi_extra={"requestBody": _POST_BODY},
)
async def sparql_post(
    request: Request,
    state: State,
    default_graph_uri: GraphParam = None,
    named_graph_uri: NamedParam = None,
    format_name: FormatParam = None,
    union: UnionParam = False,
) -> Response:
    """SPARQL 1.1 Protocol query via POST (form-encoded or ``application/sparql-query``)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    graphs, named = list(default_graph_uri or []), list(named_graph_uri or [])
    if media == "application/sparql-update":
        raise ReadOnlyViolation("this endpoint is read-only: SPARQL Update is not accepted")
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("the request body is not UTF-8") from None
    if len(request.query_params.getlist("query")) > 0:
        raise UsageError("a POSTed query goes in the body, not in the URL")
    if media == "application/sparql-query":
        query: str | None = text
    elif media == "application/x-www-form-urlencoded":
        fields = parse_qsl(text, keep_blank_values=True)
        if any(name == "update" for name, _ in fields):
            raise ReadOnlyViolation("this endpoint is read-only: SPARQL Update is not accepted")
        queries = [value for name, value in fields if name == "query"]
        if len(queries) > 1:
            raise UsageError("send one 'query' parameter")
        query = queries[0] if queries else None
        graphs += [value for name, value in fields if name == "default-graph-uri"]
        named += [value for name, value in fields if name == "named-graph-uri"]
        union = union or any(name == "union" and _true(value) for name, value in fields)
    else:
        raise UnsupportedMediaType(
            "send application/sparql-query or application/x-www-form-urlencoded (query=…)"
        )
    return await _answer(state, request, query, graphs, named, format_name, union)


def _true(value: str) -> bool:
    """A form field's boolean, as FastAPI reads one in the URL."""
    if value.lower() in ("true", "1", "yes", "on"):
        return True
    if value.lower() in ("false", "0", "no", "off", ""):
        return False
    raise UsageError(f"union: expected true or false, got {value[:40]!r}")

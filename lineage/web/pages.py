"""The explorer page, its static files, and ``GET /export`` (downloads in any format)."""

from __future__ import annotations

from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from lineage.core.errors import NotFound
from lineage.query.selection import DEFAULT_GROUP_THRESHOLD
from lineage.web.deps import get_graph

router = APIRouter()
STATIC = resources.files("lineage.web") / "static"
_MEDIA = {
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "svg": "image/svg+xml",
    "html": "text/html; charset=utf-8",
}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def page() -> HTMLResponse:
    """The lineage explorer."""
    return HTMLResponse((STATIC / "explorer.html").read_text(encoding="utf-8"))


@router.get("/static/{name}", include_in_schema=False)
def static(name: str) -> Response:
    """A file of the explorer (only files shipped in the package; no sub-paths)."""
    ext = name.rpartition(".")[2]
    item = STATIC / name
    if "/" in name or name.startswith(".") or ext not in _MEDIA or not item.is_file():
        raise NotFound(f"no static file {name!r}")
    return Response(
        item.read_bytes(), media_type=_MEDIA[ext], headers={"Cache-Control": "no-cache"}
    )


@router.get("/export")
def export(
    request: Request,
    fmt: Annotated[str, Query(alias="format", description="graphml, gexf, dot, …")] = "graphml",
    root: Annotated[str | None, Query(max_length=300)] = None,
    direction: str = "both",
    depth: Annotated[int, Query(ge=0, le=100)] = 50,
    up: Annotated[int | None, Query(ge=0, le=100, description="Overrides depth upwards")] = None,
    down: Annotated[int | None, Query(ge=0, le=100, description="Overrides depth down")] = None,
    relation: Annotated[list[str] | None, Query()] = None,
    expand_all: Annotated[bool, Query(alias="all")] = False,
    threshold: Annotated[int, Query(ge=1)] = DEFAULT_GROUP_THRESHOLD,
    datasets: bool = True,
    expand: Annotated[list[str] | None, Query(description="Group ids to show unfolded")] = None,
) -> Response:
    """The whole graph (no ``root``, streamed) or a selection, as a download."""
    out = get_graph(request).export_stream(
        fmt,
        root=root,
        direction=direction,
        depth=depth,
        up=up,
        down=down,
        relations=relation or (),
        expand_all=expand_all,
        threshold=threshold,
        datasets=datasets,
        expand=expand or (),
    )
    headers = {"Content-Disposition": f'attachment; filename="{out.filename}"'}
    if out.streamed:
        return StreamingResponse(out.chunks, media_type=out.media_type, headers=headers)
    return Response(b"".join(out.chunks), media_type=out.media_type, headers=headers)

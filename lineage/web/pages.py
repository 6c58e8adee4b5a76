"""The explorer page, its static files, and ``GET /export`` (downloads in any format)."""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Iterator
from dataclasses import replace
from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from lineage.core.errors import NotFound, UsageError
from lineage.exporters import get_exporter
from lineage.exporters.export import RDF_FORMATS, download_name, view_for
from lineage.query.selection import DEFAULT_GROUP_THRESHOLD, SelectionSpec
from lineage.stores.base import Capability, LineageStore, supports
from lineage.web.deps import get_store

router = APIRouter()
STATIC = resources.files("lineage.web") / "static"
_MEDIA = {
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "svg": "image/svg+xml",
    "html": "text/html; charset=utf-8",
}
# Chunks buffered between the exporting thread and the response (backpressure).
STREAM_QUEUE = 32


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


class _QueueWriter:
    """A binary sink for exporters that hands each chunk to the response thread."""

    def __init__(self, chunks: queue.Queue[bytes | BaseException | None]) -> None:
        self.chunks = chunks
        self.stopped = threading.Event()

    def write(self, data: bytes) -> int:
        while not self.stopped.is_set():
            try:
                self.chunks.put(bytes(data), timeout=0.5)
                return len(data)
            except queue.Full:
                continue
        raise ConnectionAbortedError("the client went away")


def _stream(store: LineageStore, fmt: str, spec: SelectionSpec) -> Iterator[bytes]:
    """Run a whole-graph export in a thread and yield its output as it is written."""
    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(STREAM_QUEUE)
    writer = _QueueWriter(chunks)
    exporter = get_exporter(fmt)

    def run() -> None:
        try:
            exporter.write(view_for(store, exporter, spec), writer)  # type: ignore[arg-type]
        except BaseException as exc:  # handed to the response, which re-raises it
            if not writer.stopped.is_set():
                chunks.put(exc)
        else:
            chunks.put(None)

    thread = threading.Thread(target=run, name="lineage-export", daemon=True)
    thread.start()
    try:
        while True:
            item = chunks.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        writer.stopped.set()


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
    store = get_store(request)
    exporter = get_exporter(fmt)
    spec = SelectionSpec.build(
        root,
        direction,
        depth,
        relation or (),
        expand_all=expand_all,
        threshold=threshold,
        datasets=datasets,
        expand=frozenset(e.casefold() for e in expand or ()),
    )
    if root is not None and (up is not None or down is not None):
        spec = replace(
            spec, up=spec.up if up is None else up, down=spec.down if down is None else down
        )
    headers = {"Content-Disposition": f'attachment; filename="{download_name(fmt, root)}"'}
    if root is None:
        if fmt in RDF_FORMATS and not supports(store, Capability.RDF_DUMP):
            # Checked before streaming starts: afterwards an error could only cut the body.
            raise UsageError(f"the {store.name} store cannot dump RDF; export a selection")
        return StreamingResponse(
            _stream(store, fmt, spec), media_type=exporter.media_type, headers=headers
        )
    view = view_for(store, exporter, spec)  # errors (unknown model…) answer before any byte
    body = io.BytesIO()
    exporter.write(view, body)
    return Response(body.getvalue(), media_type=exporter.media_type, headers=headers)

"""Request body limits, enforced before any route reads the body.

A ``Content-Length`` over the limit is refused at once; a body without one
(chunked) is counted as it streams in and refused as soon as it passes the
limit. ``POST /import`` gets the (larger) upload limit, everything else the
body limit.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lineage.api.errors import error_body

UPLOAD_PATHS = ("/import",)


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` once a streamed body passes its limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body is larger than the limit of {limit:,} bytes")


class BodyLimitMiddleware:
    """Pure ASGI middleware: 413 for request bodies over the limit."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes

    def limit_for(self, path: str) -> int:
        """The body limit of one path."""
        return self.max_upload_bytes if path.rstrip("/") in UPLOAD_PATHS else self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self._refuse(scope, send, limit)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, send, limit)

    @staticmethod
    async def _refuse(scope: Scope, send: Send, limit: int) -> None:
        message = f"request body is larger than the limit of {limit:,} bytes"
        response = JSONResponse(
            error_body(413, "payload_too_large", message),
            status_code=413,
            headers={"Connection": "close"},
        )

        async def no_body() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, no_body, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


__all__ = ["BodyLimitMiddleware", "BodyTooLarge"]

"""OPTIONS for every route, and CORS for the origins an operator lists (none by default).

Without ``LINEAGE_API_CORS_ORIGINS`` the API sends no CORS headers, so a web page
from another origin cannot read its answers (the explorer at ``/`` is same-origin
and needs none). With origins listed, those origins (or any, for ``*``) may read
answers and send the headers the API uses; no cookies are involved, so
credentials are never allowed. A preflight from another origin gets its 204
without CORS headers, which the browser reads as "no".
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lineage.api.errors import allowed_methods, error_response

#: Request headers a page may send (the API key travels in the first two).
ALLOWED_HEADERS = "Authorization, X-API-Key, Content-Type, Accept"
#: Response headers a page may read besides the simple ones.
EXPOSED_HEADERS = "Retry-After, Allow, WWW-Authenticate"
#: Seconds a browser may cache a preflight answer.
MAX_AGE = "600"


class CorsMiddleware:
    """Pure ASGI middleware: answers OPTIONS, adds CORS headers for allowed origins."""

    def __init__(self, app: ASGIApp, origins: tuple[str, ...]) -> None:
        self.app = app
        self.any_origin = "*" in origins
        self.origins = frozenset(o.rstrip("/") for o in origins if o != "*")

    def allows(self, origin: str | None) -> bool:
        """Whether pages from this origin may read the API's answers."""
        return origin is not None and (self.any_origin or origin in self.origins)

    def _cors_headers(self, origin: str) -> dict[str, str]:
        return {
            "Access-Control-Allow-Origin": "*" if self.any_origin else origin,
            "Access-Control-Expose-Headers": EXPOSED_HEADERS,
            "Vary": "Origin",
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if scope["method"] == "OPTIONS":
            await self._options(scope, receive, send, origin, headers)
            return
        if not self.allows(origin):
            await self.app(scope, receive, send)
            return
        assert origin is not None
        extra = self._cors_headers(origin)

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for name, value in extra.items():
                    if name == "Vary":
                        out.add_vary_header(value)
                    else:
                        out[name] = value
            await send(message)

        await self.app(scope, receive, with_cors)

    async def _options(
        self, scope: Scope, receive: Receive, send: Send, origin: str | None, headers: Headers
    ) -> None:
        methods = allowed_methods(scope)
        if not methods:
            response: Response = error_response(
                404, "not_found", f"no such endpoint: {scope.get('path', '')}"
            )
            await response(scope, receive, send)
            return
        out = {"Allow": ", ".join(methods)}
        wanted = headers.get("access-control-request-method")
        if self.allows(origin) and wanted is not None and wanted.upper() in methods:
            assert origin is not None
            out.update(self._cors_headers(origin))
            out["Access-Control-Allow-Methods"] = ", ".join(methods)
            out["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            out["Access-Control-Max-Age"] = MAX_AGE
        await Response(status_code=204, headers=out)(scope, receive, send)


__all__ = ["CorsMiddleware"]

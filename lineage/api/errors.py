"""One JSON error shape for every 4xx/5xx the API sends.

``{"error": {"code": "...", "message": "...", "status": N}}`` — whether the
error is one of ours (`LineageError`, mapped by its ``code``), a request that
failed validation, an unknown route or method, or a bug (then the message says
nothing about the internals; the traceback goes to the server log only).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import Scope

from lineage.core.errors import LineageError, QueryError, StoreUnavailable

log = logging.getLogger("lineage.api")


class ResultTooLarge(QueryError):
    """A query produced more rows than the result limit allows."""

    code = "result_too_large"


class QueryTooExpensive(QueryError):
    """A query needed more memory than a query may use (the client's query, not the server)."""

    code = "query_too_expensive"


class Busy(StoreUnavailable):
    """Every query worker stayed busy for the whole time budget."""

    code = "busy"


class Unauthorized(LineageError):
    """No credentials were sent where they are required."""

    code = "unauthorized"


class Forbidden(LineageError):
    """The credentials are wrong, or the action is switched off."""

    code = "forbidden"


class TooManyRequests(LineageError):
    """Every slot for this kind of request is taken; the client should retry shortly."""

    code = "too_many_requests"
    retry_after = 1


class PayloadTooLarge(LineageError):
    """The request body (or what an upload expands to) is over a limit."""

    code = "payload_too_large"


class UnsupportedMediaType(LineageError):
    """The request body comes in a media type the endpoint does not read."""

    code = "unsupported_media_type"


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")

# HTTP status by error code; subclasses without an entry use their parent's.
STATUS_BY_CODE: dict[str, int] = {
    "lineage_error": 500,
    "bad_source": 400,
    "bad_request": 400,
    "not_found": 404,
    "store_error": 500,
    "store_unavailable": 503,
    "busy": 503,
    "query_error": 400,
    "query_timeout": 504,
    "read_only": 403,
    "result_too_large": 400,
    "query_too_expensive": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "payload_too_large": 413,
    "unsupported_media_type": 415,
    "too_many_requests": 429,
}
CODE_BY_STATUS: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "request_timeout",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


class ErrorDetail(BaseModel):
    """The inside of an error response."""

    code: str
    message: str
    status: int


class ErrorBody(BaseModel):
    """Every error response has this shape."""

    error: ErrorDetail


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The JSON of an error response."""
    return {"error": {"code": code, "message": message, "status": status}}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """An error response in the one shape."""
    return JSONResponse(error_body(status, code, message), status_code=status, headers=headers)


def status_for(exc: LineageError) -> int:
    """The HTTP status of one of our errors: by its code, else its nearest ancestor's."""
    for cls in type(exc).__mro__:
        code = cls.__dict__.get("code")
        if isinstance(code, str) and code in STATUS_BY_CODE:
            return STATUS_BY_CODE[code]
    return 500


async def _lineage_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, LineageError)
    status = status_for(exc)
    if status >= 500:
        log.warning("%s %s: %s: %s", request.method, request.url.path, exc.code, exc)
    headers: dict[str, str] | None = None
    if isinstance(exc, Unauthorized):
        headers = {"WWW-Authenticate": "Bearer"}
    elif isinstance(exc, TooManyRequests):
        headers = {"Retry-After": str(exc.retry_after)}
    return error_response(status, exc.code, str(exc) or exc.code, headers)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = CODE_BY_STATUS.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such endpoint: {request.url.path}"
    elif exc.status_code == 405 and message == "Method Not Allowed":
        message = f"{request.method} is not allowed on {request.url.path}"
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed_methods(request)) or headers.get("Allow", "")
    return error_response(exc.status_code, code, message, headers)


def allowed_methods(scope: Scope) -> list[str]:
    """Every method the app serves on the scope's path, ``OPTIONS`` included; [] for no route."""
    routes = scope["app"].router.routes
    found = [
        method
        for method in _METHODS
        if any(route.matches({**scope, "method": method})[0] == Match.FULL for route in routes)
    ]
    return [*found, "OPTIONS"] if found else []


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves on this path (one route answers the 405, many may match)."""
    return allowed_methods(request.scope)


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def malformed_json(errors: Any) -> str | None:
    """The parser's complaint when a body is not JSON at all (400), else None (422)."""
    for error in errors:
        if error.get("type") == "json_invalid":
            reason = (error.get("ctx") or {}).get("error") or error.get("msg", "invalid JSON")
            return f"the request body is not valid JSON: {reason}"
    return None


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    """One rule for bodies: not JSON at all is 400; JSON that breaks the schema is 422."""
    assert isinstance(exc, RequestValidationError)
    malformed = malformed_json(exc.errors())
    if malformed is not None:
        return error_response(400, "bad_request", malformed)
    problems = [
        f"{_where(tuple(e.get('loc', ())))}: {e.get('msg', 'invalid')}" for e in exc.errors()
    ]
    message = "; ".join(problems[:5]) or "invalid request"
    if len(problems) > 5:
        message += f" (and {len(problems) - 5} more)"
    return error_response(422, "validation_error", message)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "internal server error (see the server log)")


def install_error_handlers(app: FastAPI) -> None:
    """Route every kind of failure through the one error shape."""
    app.add_exception_handler(LineageError, _lineage_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)


#: For route decorators: documents the error shape in the OpenAPI schema.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "Client error (one JSON shape)."},
    "5XX": {"model": ErrorBody, "description": "Server error (one JSON shape)."},
}

__all__ = [
    "ERROR_RESPONSES",
    "Busy",
    "ErrorBody",
    "Forbidden",
    "PayloadTooLarge",
    "QueryTooExpensive",
    "ResultTooLarge",
    "TooManyRequests",
    "Unauthorized",
    "UnsupportedMediaType",
    "allowed_methods",
    "error_body",
    "error_response",
    "install_error_handlers",
    "malformed_json",
    "status_for",
]

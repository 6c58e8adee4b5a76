"""The API key that guards every write (imports, ``lookup?store=true``).

The key travels as ``Authorization: Bearer KEY`` or ``X-API-Key: KEY`` and is
compared in constant time. With no key configured, writes are switched off.
"""

from __future__ import annotations

import hmac

from fastapi import Request

from lineage.api.errors import Forbidden, Unauthorized
from lineage.api.state import ApiState, get_state


def key_matches(given: str, expected: str) -> bool:
    """Whether two keys are equal, in time that does not depend on where they differ."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def presented_key(request: Request) -> str | None:
    """The key the request carries, if any."""
    auth = request.headers.get("authorization")
    if auth:
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    header = request.headers.get("x-api-key")
    return header.strip() if header and header.strip() else None


def check_api_key(state: ApiState, request: Request) -> None:
    """Raise unless the request may write (403 when writes are off or the key is wrong)."""
    expected = state.config.api_key
    if expected is None:
        raise Forbidden("writes are disabled on this server: set LINEAGE_API_KEY to enable them")
    given = presented_key(request)
    if given is None:
        raise Unauthorized(
            "an API key is required: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'"
        )
    if not key_matches(given, expected):
        raise Forbidden("the API key is not valid")


def require_api_key(request: Request) -> None:
    """FastAPI dependency: the request must carry the configured API key."""
    check_api_key(get_state(request), request)


__all__ = ["check_api_key", "key_matches", "presented_key", "require_api_key"]

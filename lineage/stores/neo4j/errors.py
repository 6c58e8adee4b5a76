"""Neo4j's errors as ours, and the guard that keeps user Cypher read-only.

Driver and server errors are translated here once, at the store boundary, into the
`lineage.core.errors` family.
"""

from __future__ import annotations

import re
from typing import Any

from lineage.core.errors import (
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
    StoreError,
    StoreUnavailable,
)

_WRITE_CLAUSE = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|LOAD\s+CSV|FOREACH|ALTER|GRANT|DENY|REVOKE"
    r"|START|STOP|TERMINATE|RENAME|IN\s+TRANSACTIONS)\b",
    re.I,
)
_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)


def check_read_only(query: str) -> None:
    """Refuse Cypher that writes, before it reaches the server (the read transaction is the backstop)."""
    bare = _STRINGS.sub(" ", query)
    found = _WRITE_CLAUSE.search(bare)
    if found:
        raise ReadOnlyViolation(f"read-only: {found.group(1).upper()} is not allowed here")
    if re.search(r"\bCALL\b", bare, re.I) and not re.search(
        r"\bCALL\s+(db\.(labels|relationshipTypes|propertyKeys|schema\.\w+|indexes|constraints)|dbms\.components)\b",
        bare,
        re.I,
    ):
        raise ReadOnlyViolation("read-only: only read-only schema procedures may be called here")


def driver_error(exc: Exception, what: str) -> StoreError:
    """A driver error the managed transaction could not retry away, as one clear error.

    Lost connections (``ServiceUnavailable``, ``SessionExpired``, a commit whose outcome is
    unknown, a socket error) mean the server is gone: `StoreUnavailable`; the rest
    (a driver misuse, a result read twice) is a `StoreError`.
    """
    from neo4j import exceptions as nx

    detail = str(exc).strip() or type(exc).__name__
    if isinstance(exc, nx.IncompleteCommit):
        return StoreUnavailable(
            f"{what}: the connection broke during a commit, whose outcome is unknown "
            f"(writing the same sources again is safe): {detail}"
        )
    if isinstance(exc, (nx.ServiceUnavailable, nx.SessionExpired, OSError)):
        return StoreUnavailable(f"{what}: {detail}")
    return StoreError(f"{what}: {type(exc).__name__}: {detail}")


def translate_error(exc: Any) -> Exception:
    code = exc.code or ""
    message = exc.message or str(exc)
    if (
        "AccessMode" in code
        or "ForbiddenDueToTransactionType" in code
        or "not allowed for" in message
    ):
        return ReadOnlyViolation(f"read-only: {message}")
    if "TransactionTimedOut" in code or "Timeout" in code or "terminated" in message.lower():
        return QueryTimeout(f"query stopped at the time limit: {message}")
    if code.startswith("Neo.ClientError.Statement"):
        return QueryError(message)
    return StoreError(f"Neo4j: {message}")

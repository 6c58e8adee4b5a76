"""One error family for the whole project.

Driver and engine errors are translated into these at the store boundary, so
surfaces (CLI, API) only ever deal with `LineageError` and its children.
"""

from __future__ import annotations


class LineageError(Exception):
    """Root of every error model-lineage raises on purpose."""

    code = "lineage_error"


class CardError(LineageError):
    """A source (card, repo file, dump row) could not be read."""

    code = "bad_source"

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UsageError(LineageError):
    """The caller asked for something that cannot be done as asked."""

    code = "bad_request"


class NotFound(LineageError):
    """A model, dataset or source is not in the graph."""

    code = "not_found"


class StoreError(LineageError):
    """Something went wrong in a store."""

    code = "store_error"


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened (server down, wrong password, locked)."""

    code = "store_unavailable"


class QueryError(StoreError):
    """A query is malformed, took too long or returned too much."""

    code = "query_error"


class QueryTimeout(QueryError):
    """A query ran past its time budget."""

    code = "query_timeout"


class ReadOnlyViolation(QueryError):
    """A query tried to write through a read-only surface."""

    code = "read_only"

"""The HTTP API (``lineage serve``): a thin FastAPI surface over the lineage library.

``create_app`` is imported lazily: the SPARQL worker processes import
``lineage.api.sparql_worker`` and must not pay for FastAPI and every route.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from lineage.api.app import create_app

        return create_app
    raise AttributeError(f"module 'lineage.api' has no attribute {name!r}")

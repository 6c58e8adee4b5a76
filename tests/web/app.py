"""The app the browser tests serve with uvicorn: the project's API app, explorer included.

``uvicorn --factory tests.web.app:make_app`` with ``LINEAGE_DB`` pointing at a
prepared store.
"""

from __future__ import annotations

from fastapi import FastAPI

from lineage.api.app import create_app
from lineage.core.settings import Settings


def make_app() -> FastAPI:
    """The app under test, configured from ``LINEAGE_*`` like ``lineage serve``."""
    return create_app(Settings())

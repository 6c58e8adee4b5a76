"""The web explorer and HTTP exports, mounted by ``lineage serve``.

``router`` serves the explorer page at ``/``, its files at ``/static/…``, the
downloads at ``/export`` and the page's JSON at ``/explorer/api/…``. It reads
the store from ``request.app.state.store`` (see docs/explorer.md).
"""

from __future__ import annotations

from fastapi import APIRouter

from lineage.web import explorer_api, pages

router = APIRouter()
router.include_router(pages.router)
router.include_router(explorer_api.router)

__all__ = ["router"]

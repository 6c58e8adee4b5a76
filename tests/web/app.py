"""The app the browser tests serve with uvicorn: the project's API app when it exists.

``uvicorn --factory tests.web.app:make_app`` with ``LINEAGE_DB`` pointing at a
prepared store. If ``lineage.api.app.create_app`` is not there (the API is built
separately), a minimal FastAPI app includes ``lineage.web.router`` and puts the
store on ``app.state.store`` the same way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from lineage.core.errors import LineageError, NotFound, StoreUnavailable
from lineage.core.settings import Settings
from lineage.stores.oxigraph.store import OxigraphStore
from lineage.web import router


def _minimal_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = OxigraphStore(settings.db)
        try:
            yield
        finally:
            app.state.store.close()

    app = FastAPI(lifespan=lifespan)

    @app.exception_handler(LineageError)
    async def lineage_error(request: Request, exc: LineageError) -> JSONResponse:
        status = (
            404 if isinstance(exc, NotFound) else 503 if isinstance(exc, StoreUnavailable) else 400
        )
        body = {"error": {"code": exc.code, "message": str(exc), "status": status}}
        return JSONResponse(body, status_code=status)

    app.include_router(router)
    return app


def make_app() -> FastAPI:
    """The app under test, configured from ``LINEAGE_*`` like ``lineage serve``."""
    settings = Settings()
    try:
        from lineage.api.app import create_app
    except ModuleNotFoundError as exc:
        if exc.name not in ("lineage.api", "lineage.api.app"):
            raise
        return _minimal_app(settings)
    app = create_app(settings)
    paths = {getattr(r, "path", None) for r in app.routes}
    if "/explorer/api/graph" not in paths:  # an API app that does not mount the explorer yet
        app.include_router(router)
    return app

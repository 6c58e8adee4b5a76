"""The FastAPI application: stores opened once in the lifespan, routers mounted, limits on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI

from lineage.api.config import ApiConfig
from lineage.api.cors import CorsMiddleware
from lineage.api.errors import install_error_handlers
from lineage.api.limits import BodyLimitMiddleware
from lineage.api.routes import cypher, explain, files, health, models, search, sources, sparql
from lineage.api.state import ApiState
from lineage.core.settings import Settings

DESCRIPTION = """\
What is this model really built on? Lineage of machine-learning models from their
cards and repo files: ancestors up to the roots with the evidence of every link,
descendants counted per relation, SPARQL 1.1 and read-only Cypher.

Every error has one shape: `{"error": {"code": "...", "message": "...", "status": N}}`.
"""


def _version() -> str:
    try:
        return version("model-lineage")
    except PackageNotFoundError:
        return "0"


def create_app(settings: Settings) -> FastAPI:
    """The API app for these settings; stores open when the app starts, close when it stops."""
    config = ApiConfig.from_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = ApiState(config)
        app.state.api = state
        app.state.store = state.current_store()  # what lineage.web reads
        app.state.settings = config.settings  # and the settings its library graph answers with
        try:
            state.start()
            yield
        finally:
            state.close()

    app = FastAPI(
        title="model-lineage",
        version=_version(),
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.add_middleware(
        BodyLimitMiddleware,
        max_body_bytes=config.max_body_bytes,
        max_upload_bytes=config.max_upload_bytes,
    )
    # Outermost: OPTIONS and preflights are answered before any body is read.
    app.add_middleware(CorsMiddleware, origins=config.cors_origins)
    for module in (health, explain, models, search, sources, files, sparql, cypher):
        app.include_router(module.router)
    from lineage.web import router as web_router  # the explorer at / and the exports

    app.include_router(web_router)
    return app


def app_from_environment() -> FastAPI:
    """For ``uvicorn --factory lineage.api.app:app_from_environment``: settings from LINEAGE_*."""
    return create_app(Settings())


__all__ = ["app_from_environment", "create_app"]

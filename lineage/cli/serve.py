"""``lineage serve``: the HTTP API and web explorer, on uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from lineage.cli.base import DbOpt, StoreOpt, app, err, settings_for
from lineage.core.terminal import printable


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (keep loopback unless proxied).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port.")] = 8000,
    db: DbOpt = None,
    store: StoreOpt = None,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs) and the web explorer."""
    import uvicorn

    from lineage.api.app import create_app

    settings = settings_for(db, store=store)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            printable(
                f"serving on {host}: anyone who can reach it can query; writes need LINEAGE_API_KEY"
            ),
            highlight=False,
            markup=False,
        )
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level=log_level,
        proxy_headers=False,
        server_header=False,
    )

"""Neo4j commands: a local development server, Cypher, and back-filling from the embedded store."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from lineage.cli.base import DbOpt, app, err, graph_for, out, settings_for, store_for
from lineage.core.errors import UsageError
from lineage.core.terminal import printable

neo4j_app = typer.Typer(help="A local Neo4j for development and tests (built from Maven Central).")
app.add_typer(neo4j_app, name="neo4j")

PortOpt = Annotated[int, typer.Option("--port", help="Bolt port.")]
DataOpt = Annotated[
    Path | None, typer.Option("--data", help="Neo4j home folder (one server per folder).")
]


@neo4j_app.command("start")
def neo4j_start(
    port: PortOpt = 7687,
    data: DataOpt = None,
    password: Annotated[
        str | None, typer.Option("--password", help="Require this password for user neo4j.")
    ] = None,
    heap: Annotated[str, typer.Option("--heap", help="JVM heap, e.g. 512m, 2g.")] = "512m",
) -> None:
    """Build (first time) and start Neo4j in the background; waits until Bolt answers."""
    from lineage.neo4j_server import launcher as neo4j_dev

    info = neo4j_dev.start(port=port, data=data, password=password, heap=heap)
    state = "already running" if info.reused else "started"
    out.print(
        f"Neo4j {state} at {info.uri} (pid {info.pid}, data {info.data_dir}, log {info.log_path})"
    )


@neo4j_app.command("stop")
def neo4j_stop(data: DataOpt = None) -> None:
    """Stop the server running on the data folder."""
    from lineage.neo4j_server import launcher as neo4j_dev

    out.print("stopped" if neo4j_dev.stop(data) else "not running")


@neo4j_app.command("status")
def neo4j_status(data: DataOpt = None, port: PortOpt = 7687) -> None:
    """Tell whether the development server is up and answering Bolt."""
    from lineage.neo4j_server import launcher as neo4j_dev

    st = neo4j_dev.status(data, port=port)
    if st.running:
        out.print(
            f"running at {st.uri} (pid {st.pid}); bolt {'answers' if st.bolt else 'not answering yet'}"
        )
    else:
        extra = " (another Bolt server answers there)" if st.bolt else ""
        out.print(f"not running{extra}")
        raise typer.Exit(3)


def _param(text: str) -> tuple[str, Any]:
    name, sep, raw = text.partition("=")
    if not sep or not name:
        raise UsageError(f"--param wants NAME=VALUE, got {text!r}")
    try:
        value: Any = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return name, value


@app.command()
def cypher(
    query: Annotated[str, typer.Argument(help="A read-only Cypher query.")],
    param: Annotated[
        list[str] | None, typer.Option("--param", help="NAME=VALUE (JSON or text); repeatable.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Row limit.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON rows instead of a table.")] = False,
) -> None:
    """Run read-only Cypher on the configured Neo4j (writes are refused)."""
    from rich.table import Column, Table
    from rich.text import Text

    with graph_for(store="neo4j") as graph:
        columns, rows, truncated = graph.cypher(query, dict(_param(p) for p in param or []), limit)
        cap = graph.settings.query_limit if limit is None else limit
    if as_json:
        sys.stdout.write(
            json.dumps({"columns": columns, "rows": rows, "truncated": truncated}, default=str)
            + "\n"
        )
    else:
        table = Table(*(Column(header=Text(printable(c))) for c in columns))
        for row in rows:
            table.add_row(
                *(
                    Text(printable(v if isinstance(v, str) else json.dumps(v, default=str)))
                    for v in row
                )
            )
        out.print(table)
    if truncated:
        err.print(f"stopped at the row limit ({cap}); add LIMIT or raise --limit")


@app.command()
def sync(
    target: Annotated[str, typer.Argument(help="Store to fill from the embedded store: neo4j")],
    db: DbOpt = None,
    replace: Annotated[bool, typer.Option("--replace", help="Empty the target first.")] = False,
) -> None:
    """Back-fill another store from the embedded store (the system of record)."""
    from lineage.ingest.sync import sync_stores

    if target != "neo4j":
        raise UsageError("only `lineage sync neo4j` exists")
    settings = settings_for(db)
    with store_for(settings, "embedded") as source, store_for(settings, "neo4j") as dest:
        n = sync_stores(source, dest, replace=replace, batch_size=settings.batch_size)
    out.print(f"synced {n} source(s) into Neo4j at {settings.neo4j_uri}")

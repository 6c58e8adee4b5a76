"""``lineage view``: the consolidated view that SPARQL reads by default."""

from __future__ import annotations

import time

import typer

from lineage.cli.base import DbOpt, StoreOpt, app, graph_for, print_json

view_app = typer.Typer(
    help="The consolidated view: SPARQL's default graph, each fact and derivation once."
)
app.add_typer(view_app, name="view")


@view_app.command("refresh")
def refresh(db: DbOpt = None, store: StoreOpt = None) -> None:
    """Bring the view up to date with the sources now (embedded imports leave it to the next
    query; on a SPARQL server it is rebuilt from every source, others' writes included)."""
    with graph_for(db, store=store or "embedded") as graph:
        started = time.perf_counter()
        done = graph.refresh_view()
        print_json(
            {
                "models": done.models,
                "rebuilt": done.rebuilt,
                "seconds": round(time.perf_counter() - started, 1),
            }
        )


@view_app.command("status")
def status(db: DbOpt = None, store: StoreOpt = None) -> None:
    """Whether the view is fresh, has models to refresh (stale), or is to be rebuilt."""
    with graph_for(db, store=store or "embedded") as graph:
        print_json({"state": graph.view_state()})

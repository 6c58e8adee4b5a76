"""The ``lineage`` command: argument parsing and rendering only.

Each module registers its commands on `lineage.cli.base.app`; they are imported here,
explicitly, so that `main` sees every command.
"""

from __future__ import annotations

import sys

import typer

from lineage.cli import explain, export, graph, imports, index, neo4j, serve
from lineage.cli.base import app, err
from lineage.core.errors import LineageError, UsageError

__all__ = ["app", "explain", "export", "graph", "imports", "index", "main", "neo4j", "serve"]


def main() -> None:
    """Entry point: turn our errors into one-line messages and exit codes."""
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except LineageError as exc:
        err.print(f"error: {exc}", highlight=False, markup=False)
        sys.exit(2 if isinstance(exc, UsageError) else 1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except Exception as exc:
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise

"""The ``lineage`` command: argument parsing and rendering only.

Each module registers its commands on `lineage.cli.base.app`; they are imported here,
explicitly, so that `main` sees every command.
"""

from __future__ import annotations

import sys

import typer

from lineage.cli import explain, export, graph, imports, index, licences, neo4j, serve, view
from lineage.cli.base import app, err
from lineage.core.errors import LineageError, UsageError
from lineage.core.terminal import printable

__all__ = [
    "app",
    "explain",
    "export",
    "graph",
    "imports",
    "index",
    "licences",
    "main",
    "neo4j",
    "serve",
    "view",
]


def _click_errors() -> tuple[type[Exception], ...]:
    """The classes of usage errors the argument parser raises.

    Recent Typer bundles its own copy of Click (``typer._click``, errors rooted at
    ``typer.exceptions.TyperException``); older Typer raises ``click``'s own.
    """
    classes: list[type[Exception]] = []
    try:
        from typer.exceptions import TyperException

        classes.append(TyperException)
    except ImportError:  # pragma: no cover (Typer before the bundled Click)
        pass
    try:
        import click

        classes.append(click.ClickException)
    except ImportError:  # pragma: no cover (Typer without Click)
        pass
    return tuple(classes)


def _parser_error(exc: Exception) -> int:
    """Print an argument-parser error on one line (help on request); its exit code."""
    code = getattr(exc, "exit_code", 2)
    if type(exc).__name__ == "NoArgsIsHelpError":  # bare ``lineage``: the help is the answer
        ctx = getattr(exc, "ctx", None)
        err.print(ctx.get_help() if ctx is not None else str(exc), highlight=False, markup=False)
        return int(code)
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    ctx = getattr(exc, "ctx", None)
    hint = f" (see: {ctx.command_path} --help)" if ctx is not None else ""
    err.print(printable(f"error: {message}{hint}"), highlight=False, markup=False)
    return int(code)


def main() -> None:
    """Entry point: turn our errors and the parser's into one-line messages and exit codes."""
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except LineageError as exc:
        err.print(printable(f"error: {exc}", lines=True), highlight=False, markup=False)
        sys.exit(2 if isinstance(exc, UsageError) else 1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except _click_errors() as exc:
        sys.exit(_parser_error(exc))

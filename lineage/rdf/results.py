"""Rendering SPARQL results (shared by the CLI and the HTTP endpoint)."""

from __future__ import annotations

import io
import sys
from typing import Any

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, QueryTriples, RdfFormat
from rich.console import Console
from rich.table import Table
from rich.text import Text

from lineage.core.errors import UsageError
from lineage.core.terminal import printable
from lineage.core.vocab import PREFIXES

RESULT_FORMATS = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
}


def _short(term: Any) -> str:
    if term is None:
        return ""
    value = str(term.value)
    if type(term).__name__ == "NamedNode":
        for prefix, ns in PREFIXES.items():
            if value.startswith(ns):
                return f"{prefix}:{value[len(ns) :]}"
        return f"<{value}>"
    return value


def render_result(result: Any, fmt: str, console: Console) -> None:
    """Print a query result as a table or in a standard results format."""
    if isinstance(result, QueryBoolean) and fmt == "table":
        console.print("true" if bool(result) else "false")
        return
    if isinstance(result, QueryTriples):
        gfmt = GRAPH_FORMATS.get("turtle" if fmt == "table" else fmt)
        if gfmt is None:
            raise UsageError(f"CONSTRUCT/DESCRIBE results come as {', '.join(GRAPH_FORMATS)}")
        buf = io.BytesIO()
        result.serialize(buf, gfmt)
        sys.stdout.write(buf.getvalue().decode())
        return
    if fmt == "table" and isinstance(result, QuerySolutions):
        names = [var.value for var in result.variables]
        table = Table(*names)
        for row in result:  # cells are data: no markup, no control characters
            table.add_row(*(Text(printable(_short(row[n]))) for n in names))
        console.print(table)
        return
    rfmt = RESULT_FORMATS.get(fmt)
    if rfmt is None:
        raise UsageError(f"SELECT/ASK results come as table, {', '.join(RESULT_FORMATS)}")
    buf = io.BytesIO()
    result.serialize(buf, rfmt)
    sys.stdout.write(buf.getvalue().decode())

"""SPARQL 1.1 Protocol details: content negotiation and refusing updates.

Pure functions, shared by the route (in the server) and the query workers.
"""

from __future__ import annotations

from collections.abc import Sequence

from pyoxigraph import NamedNode, QueryResultsFormat, RdfFormat

from lineage.api.sparql_guard import refuse_updates
from lineage.core.errors import UsageError

# Media types a SELECT/ASK result can be sent as, and the one used when Accept names none.
RESULTS_MEDIA: dict[str, QueryResultsFormat] = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
RESULTS_DEFAULT = "application/sparql-results+json"
# Media types a CONSTRUCT/DESCRIBE result can be sent as.
GRAPH_MEDIA: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/x-turtle": RdfFormat.TURTLE,
    "application/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "text/plain": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
}
GRAPH_DEFAULT = "text/turtle"
# ``format=`` shorthands (for browsers and curl) → media type.
FORMAT_NAMES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",  # Turtle is valid N3
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
}
CANONICAL: dict[str, str] = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "application/turtle": "text/turtle",
    "text/plain": "application/n-triples",
}


def accepted_media(accept: str | None, format_name: str | None = None) -> list[str]:
    """The media types the client accepts, best first.

    ``format=`` (a short name or a media type) comes first; Accept follows, so a
    client that sends ``format=xml`` for a CONSTRUCT still gets the RDF/XML its
    Accept asks for (SPARQLWrapper sends both).
    """
    first: list[str] = []
    if format_name:
        media = FORMAT_NAMES.get(format_name.lower(), format_name.lower())
        if media not in RESULTS_MEDIA and media not in GRAPH_MEDIA:
            raise UsageError(
                f"unknown format {format_name!r}; use one of {', '.join(sorted(FORMAT_NAMES))}"
            )
        first.append(media)
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept or "").split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, i, media.lower()))
    return first + [m for _, _, m in sorted(ranked)]


def choose_media(accepted: Sequence[str], graph: bool) -> str:
    """The media type to answer in, for a solutions/boolean result or (``graph``) triples."""
    table: dict[str, object] = dict(GRAPH_MEDIA) if graph else dict(RESULTS_MEDIA)
    for media in accepted:
        if media in table:
            return CANONICAL.get(media, media)
    return GRAPH_DEFAULT if graph else RESULTS_DEFAULT


def graph_iris(values: Sequence[str], param: str) -> list[str]:
    """Validated graph IRIs from ``default-graph-uri`` / ``named-graph-uri``."""
    out = []
    for value in values:
        try:
            NamedNode(value)
        except ValueError:
            raise UsageError(f"{param}={value!r} is not an absolute IRI") from None
        if ":" not in value:
            raise UsageError(f"{param}={value!r} is not an absolute IRI")
        out.append(value)
    return out


def content_type(media: str) -> str:
    """The Content-Type header value of a result media type."""
    return f"{media}; charset=utf-8"


__all__ = [
    "GRAPH_MEDIA",
    "RESULTS_MEDIA",
    "accepted_media",
    "choose_media",
    "content_type",
    "graph_iris",
    "refuse_updates",
]

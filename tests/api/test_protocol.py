"""The SPARQL protocol helpers on their own: update detection and content negotiation."""

from __future__ import annotations

import pytest

from lineage.api.sparql_protocol import accepted_media, choose_media, refuse_updates
from lineage.core.errors import ReadOnlyViolation, UsageError


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "prefix ex: <urn:ex:>\ndelete where { ?s ex:p ?o }",
        "LOAD <http://example.org/x.ttl> INTO GRAPH <urn:g>",
        "SELECT * {} ; DROP ALL",
        "clear default",
        "create silent graph <urn:g>",
        "ADD <urn:a> TO <urn:b>",
        "MOVE DEFAULT TO <urn:b>",
        "COPY <urn:a> TO DEFAULT",
    ],
)
def test_updates_are_recognised(text: str) -> None:
    with pytest.raises(ReadOnlyViolation):
        refuse_updates(text)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?insert ?drop WHERE { ?insert <urn:load> ?drop }",
        'SELECT * WHERE { ?s ?p "DELETE everything" } # CLEAR ALL',
        "SELECT * WHERE { ?s schema:copy ?o . ?o lin:add ?x }",
        "PREFIX load: <urn:load:> SELECT * WHERE { ?s load:x ?o }",
        "SELECT * WHERE { ?s ?p 'text'@create }",
        'ASK { ?s ?p """\nINSERT DATA {}\n""" }',
    ],
)
def test_queries_are_not_mistaken_for_updates(text: str) -> None:
    refuse_updates(text)


def test_accept_is_ranked_by_quality_then_order() -> None:
    accept = "text/html;q=0.9, text/csv, application/sparql-results+json;q=0.5, */*;q=0.1"
    ranked = accepted_media(accept)
    assert ranked[:3] == ["text/csv", "text/html", "application/sparql-results+json"]
    assert choose_media(ranked, graph=False) == "text/csv"
    assert choose_media(ranked, graph=True) == "text/turtle"  # nothing fits: the default
    assert choose_media(accepted_media("application/json"), graph=False) == (
        "application/sparql-results+json"
    )


def test_format_parameter_comes_first_and_falls_back_to_accept() -> None:
    ranked = accepted_media("application/rdf+xml", "xml")
    assert choose_media(ranked, graph=False) == "application/sparql-results+xml"
    assert choose_media(ranked, graph=True) == "application/rdf+xml"
    with pytest.raises(UsageError):
        accepted_media(None, "pdf")

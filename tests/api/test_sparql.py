"""The SPARQL 1.1 Protocol endpoint, driven by a real SPARQL client (SPARQLWrapper)."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from typing import Any

import httpx
import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper

from tests.api.conftest import QUERY_LIMIT, QUERY_TIMEOUT, ApiServer

LICENSES = """
SELECT ?id ?license WHERE {
  ?m lin:hubId ?id ; schema:license ?license ; lin:describedBy ?src .
  FILTER(STRSTARTS(STR(?m), STR(model:org)))
} ORDER BY ?id"""
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def client(api: ApiServer, fmt: str, method: str | None = None) -> SPARQLWrapper:
    sw = SPARQLWrapper(api.url + "/sparql")
    sw.setReturnFormat(fmt)
    if method == "form":
        sw.setMethod(POST)
    elif method == "direct":
        sw.setMethod(POST)
        sw.setRequestMethod(POSTDIRECTLY)
    return sw


@pytest.mark.parametrize("method", [None, "form", "direct"])
def test_select_json_over_get_and_both_posts(api: ApiServer, method: str | None) -> None:
    sw = client(api, JSON, method)
    sw.setQuery(LICENSES)
    result: Any = sw.queryAndConvert()
    rows = [(b["id"]["value"], b["license"]["value"]) for b in result["results"]["bindings"]]
    assert result["head"]["vars"] == ["id", "license"]
    assert ("org/Base", "mit") in rows and ("org/Distill-Small", "mit") in rows


def test_select_xml_and_csv(api: ApiServer) -> None:
    sw = client(api, XML)
    sw.setQuery(LICENSES)
    doc: Any = sw.queryAndConvert()
    values = [lit.firstChild.data for lit in doc.getElementsByTagName("literal")]
    assert "org/Base" in values and "mit" in values

    sw = client(api, CSV)
    sw.setQuery(LICENSES)
    raw: Any = sw.queryAndConvert()
    rows = list(csv.reader(io.StringIO(raw.decode())))
    assert rows[0] == ["id", "license"] and ["org/Base", "mit"] in rows


def test_ask(api: ApiServer) -> None:
    sw = client(api, JSON)
    sw.setQuery("ASK { ?m lin:distilledFrom <https://w3id.org/model-lineage/model/org/reasoner> }")
    yes: Any = sw.queryAndConvert()
    assert yes["boolean"] is True
    sw.setQuery("ASK { ?m lin:distilledFrom model:nobody }")
    no: Any = sw.queryAndConvert()
    assert no["boolean"] is False


def test_construct_turtle(api: ApiServer) -> None:
    sw = client(api, TURTLE)
    sw.setQuery("CONSTRUCT { ?c lin:quantizedFrom ?p } WHERE { ?c lin:quantizedFrom ?p }")
    raw: Any = sw.queryAndConvert()
    g = rdflib.Graph().parse(data=raw.decode(), format="turtle")
    pred = rdflib.URIRef("https://w3id.org/model-lineage/ns#quantizedFrom")
    children = {str(s).rsplit("/", 2)[-2] for s in g.subjects(pred, None)}
    assert children == {"q", "q2"}


@pytest.mark.parametrize(
    ("accept", "media", "check"),
    [
        ("text/tab-separated-values", "text/tab-separated-values", "?s\t?p"),
        ("application/n-triples", "application/n-triples", " .\n"),
        ("application/ld+json", "application/ld+json", "@id"),
        ("text/turtle", "text/turtle", "@prefix"),
    ],
)
def test_content_negotiation(api: ApiServer, accept: str, media: str, check: str) -> None:
    graph = accept in ("application/n-triples", "application/ld+json", "text/turtle")
    query = (
        "CONSTRUCT WHERE { ?s lin:hubId ?p } LIMIT 3"
        if graph
        else "SELECT ?s ?p WHERE { ?s lin:hubId ?p } LIMIT 3"
    )
    with api.client() as c:
        r = c.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media)
    assert check in r.text


def test_default_and_named_graph_uris(api: ApiServer) -> None:
    src = "https://w3id.org/model-lineage/source/card/org/chat"
    query = "SELECT DISTINCT ?m WHERE { ?m lin:hubId ?id }"
    with api.client() as c:
        union = c.get("/sparql", params={"query": query}).json()
        one = c.get("/sparql", params={"query": query, "default-graph-uri": src}).json()
        named = c.post(
            "/sparql",
            data={
                "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                "named-graph-uri": src,
            },
        ).json()
        bad = c.get("/sparql", params={"query": query, "default-graph-uri": "not an iri"})
    assert len(union["results"]["bindings"]) > 5
    assert {b["m"]["value"].rsplit("/", 1)[1] for b in one["results"]["bindings"]} == {
        "chat",
        "base",
    }
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == [src]
    assert bad.status_code == 400


UPDATES = [
    "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/nothing.ttl>",
    "CLEAR ALL",
    "CLEAR GRAPH <https://w3id.org/model-lineage/source/card/org/base>",
    "DROP ALL",
    "DROP SILENT GRAPH <https://w3id.org/model-lineage/source/card/org/base>",
    "CREATE GRAPH <urn:new>",
    "ADD DEFAULT TO <urn:x>",
    "MOVE <https://w3id.org/model-lineage/source/card/org/base> TO <urn:x>",
    "COPY <https://w3id.org/model-lineage/source/card/org/base> TO DEFAULT",
    "PREFIX ex: <urn:ex:> # a comment\n  insert data { ex:a ex:b 'DROP' }",
]


def _count(c: httpx.Client) -> int:
    data = c.get("/sparql", params={"query": COUNT_TRIPLES}).json()
    return int(data["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("update", UPDATES)
def test_every_form_of_update_is_refused_and_nothing_changes(api: ApiServer, update: str) -> None:
    with api.client() as c:
        before = _count(c)
        answers = [
            c.post("/sparql", data={"update": update}),
            c.get("/sparql", params={"update": update}),
            c.post(
                "/sparql",
                content=update,
                headers={"Content-Type": "application/sparql-update"},
            ),
            c.get("/sparql", params={"query": update}),
            c.post("/sparql", data={"query": update}),
            c.post("/sparql", content=update, headers={"Content-Type": "application/sparql-query"}),
        ]
        after = _count(c)
    for r in answers:
        assert r.status_code == 403, (r.request.method, r.request.url, r.text)
        assert r.json()["error"]["code"] == "read_only"
    assert after == before


def test_queries_that_mention_update_words_still_run(api: ApiServer) -> None:
    query = """SELECT ?insert ?delete WHERE {
      BIND("DROP ALL; INSERT DATA {}" AS ?insert) BIND(<urn:load:copy> AS ?delete) } # CLEAR"""
    with api.client() as c:
        r = c.get("/sparql", params={"query": query})
    assert r.status_code == 200, r.text


def test_bad_queries_and_requests(api: ApiServer) -> None:
    with api.client() as c:
        syntax = c.get("/sparql", params={"query": "SELEC ?x WHERE {}"})
        missing = c.get("/sparql")
        media = c.post("/sparql", content="x", headers={"Content-Type": "text/html"})
        fmt = c.get("/sparql", params={"query": "ASK {}", "format": "pdf"})
    assert syntax.status_code == 400 and syntax.json()["error"]["code"] == "query_error"
    assert missing.status_code == 400
    assert media.status_code == 415
    assert fmt.status_code == 400


def test_results_over_the_row_limit_are_refused(api: ApiServer) -> None:
    with api.client() as c:
        r = c.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"})
        ok = c.get(
            "/sparql",
            params={"query": f"SELECT * WHERE {{ ?a ?b ?c . ?d ?e ?f }} LIMIT {QUERY_LIMIT}"},
        )
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "result_too_large"
    assert f"{QUERY_LIMIT:,} rows" in r.json()["error"]["message"]
    assert ok.status_code == 200 and len(ok.json()["results"]["bindings"]) == QUERY_LIMIT


def test_pathological_query_times_out_while_the_server_stays_responsive(api: ApiServer) -> None:
    cross = (
        "SELECT (COUNT(*) AS ?n) WHERE "
        "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o } ORDER BY ?n"
    )
    result: dict[str, Any] = {}

    def fire() -> None:
        started = time.monotonic()
        with api.client() as c:
            result["response"] = c.get("/sparql", params={"query": cross})
        result["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=fire)
    thread.start()
    time.sleep(0.5)  # the query is now running in a worker
    with api.client() as c:
        latencies = []
        while thread.is_alive():
            t = time.monotonic()
            assert c.get("/health/live").status_code == 200
            assert c.get("/models/org/Base").status_code == 200
            latencies.append(time.monotonic() - t)
            time.sleep(0.2)
        # the other worker answers queries meanwhile, and a new one replaces the killed one
        ok = c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        ready = c.get("/health/ready").json()
    thread.join()
    r = result["response"]
    assert r.status_code == 504, r.text
    assert r.json()["error"]["code"] == "query_timeout"
    assert "timed out" in r.json()["error"]["message"]
    assert result["seconds"] < QUERY_TIMEOUT + 3
    assert latencies and max(latencies) < 1.0
    assert ok.status_code == 200 and json.loads(ok.text)["boolean"] is True
    assert ready["sparql_workers"] == 2

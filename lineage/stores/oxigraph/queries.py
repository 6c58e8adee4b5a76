"""The SPARQL the embedded engine answers surfaces with (ids, datasets, unresolved, fan-outs).

Each function takes the store's ``sparql`` method: whole-graph questions are cheaper as one
aggregate query than as a walk over every model's reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from lineage.core import vocab as v
from lineage.stores.base import SourceImport, import_time_text

Sparql = Callable[..., Any]

UNRESOLVED_QUERY = f"""
SELECT ?n (SAMPLE(?id) AS ?model) ?text ?reason ?kind (SAMPLE(?name) AS ?source) WHERE {{
  ?m <{v.HAS_UNRESOLVED}> ?n .
  ?m <{v.HUB_ID}> ?id .
  ?n <{v.UNRESOLVED_VALUE}> ?text ;
     <{v.UNRESOLVED_REASON}> ?reason ;
     <{v.EVIDENCE_KIND}> ?kind ;
     <{v.PRIMARY_SOURCE}> ?g .
  OPTIONAL {{ ?g <{v.SOURCE_NAME}> ?name }}
}} GROUP BY ?n ?text ?reason ?kind
"""


def display_ids(sparql: Sparql) -> Iterator[str]:
    """Every model id, the spelling of the model's own source preferred (one query)."""
    query = f"""SELECT ?id ?own WHERE {{
      GRAPH ?g {{ ?m <{v.HUB_ID}> ?id }}
      BIND(EXISTS {{ GRAPH ?g {{ ?m <{v.DESCRIBED_BY}> ?g }} }} AS ?own) }}"""
    best: dict[str, tuple[bool, str]] = {}
    for row in sparql(query, union_default_graph=False):
        mid, own = str(row["id"].value), row["own"].value == "true"
        k = mid.casefold()
        if k not in best or (own and not best[k][0]) or (own == best[k][0] and mid < best[k][1]):
            best[k] = (own, mid)
    for _, mid in best.values():
        yield mid


def models_trained_on(sparql: Sparql, dataset_id: str) -> list[str]:
    """Keys of the models whose sources name the dataset."""
    query = f"SELECT DISTINCT ?m WHERE {{ ?m <{v.TRAINED_ON}> <{v.dataset_iri(dataset_id)}> }}"
    return [v.model_key_from_iri(str(row["m"].value)) for row in sparql(query)]


def recent_imports_query(limit: int) -> str:
    """The sources imports wrote last (`vocab.IMPORTED_AT`), newest first, ties by name."""
    return f"""SELECT ?n ?t ?id ?l WHERE {{ GRAPH ?g {{
      ?g <{v.IMPORTED_AT}> ?t ; <{v.SOURCE_NAME}> ?n ; <{v.LOCATION}> ?l ;
        <{v.ABOUT}>|^<{v.DESCRIBED_BY}> ?m .
      ?m <{v.HUB_ID}> ?id }} }} ORDER BY DESC(?t) ?n LIMIT {max(int(limit), 0)}"""


def recent_imports(sparql: Sparql, limit: int) -> list[SourceImport]:
    """`LineageStore.recent_imports` in one query over the source graphs."""
    return [
        SourceImport(str(r["n"].value), str(r["id"].value), import_time_text(str(r["t"].value)),
                     str(r["l"].value))
        for r in sparql(recent_imports_query(limit), union_default_graph=False)
    ]  # fmt: skip


def unresolved(sparql: Sparql) -> Iterator[dict[str, str]]:
    """Every unresolved reference with its model, text, reason, evidence kind and source."""
    for sol in sparql(UNRESOLVED_QUERY):
        yield {
            name: (str(sol[name].value) if sol[name] is not None else "")
            for name in ("model", "text", "reason", "kind", "source")
        }


def fanouts(sparql: Sparql, threshold: int) -> list[tuple[str, str, list[str]]]:
    """``(parent key, relation, leaf keys)`` of every fan-out of more than ``threshold`` leaves.

    Two aggregate queries instead of a pass over every edge (per-edge reads cost more on
    large fan-outs).
    """
    preds = " ".join(f"<{p}>" for p in v.PROPERTY_RELATION)
    big = sparql(
        f"SELECT ?p ?pred WHERE {{ ?c ?pred ?p . VALUES ?pred {{ {preds} }} }} "
        f"GROUP BY ?p ?pred HAVING (COUNT(DISTINCT ?c) > {threshold})"
    )
    out: list[tuple[str, str, list[str]]] = []
    for row in sorted(big, key=lambda r: (r["p"].value, r["pred"].value)):
        p, pred = row["p"].value, row["pred"].value
        leaves = sparql(
            f"SELECT DISTINCT ?c WHERE {{ ?c <{pred}> <{p}> . "
            f"FILTER NOT EXISTS {{ ?x ?r ?c . VALUES ?r {{ {preds} }} }} "
            f"FILTER NOT EXISTS {{ ?c ?r2 ?o . VALUES ?r2 {{ {preds} }} FILTER(?o != <{p}>) }} }}"
        )
        keys = sorted(v.model_key_from_iri(r["c"].value) for r in leaves)
        if len(keys) > threshold:
            out.append((v.model_key_from_iri(p), v.PROPERTY_RELATION[pred].value, keys))
    return out


__all__ = ["UNRESOLVED_QUERY", "display_ids", "fanouts", "models_trained_on", "unresolved"]

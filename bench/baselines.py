"""Baselines, built from the same cards and asked the same questions as our store.

* **rdflib**: the obvious RDF way. Cards are parsed with our card reader, the
  records mapped to N-Quads by `lineage.rdf.mapping`, and rdflib parses them into an
  in-memory ``Dataset``; its SPARQL engine answers the ancestors
  (``(lin:fineTunedFrom|lin:adapterOf|…)+``) and descendant-count queries.
* **networkx**: a plain ``DiGraph`` of child → parent edges built from the same
  parsed cards; ancestors are ``nx.descendants`` (edges point at parents),
  family sizes ``nx.ancestors``, paths a reachability check plus common
  ancestors.

Both run single-process in a child (`bench.suite_run`), so their peak RSS is
their own.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from bench.suite_query import ancestors_sparql, descendant_count_sparql, percentiles, timed
from lineage.core.records import SourceRecord
from lineage.ingest.folders import RepoUnit, discover, parse_unit
from lineage.ingest.incremental import stamp, stamping
from lineage.rdf import mapping as rdf

RDFLIB_QUERY_SAMPLE = 200


def read_cards(folder: Path) -> Iterator[SourceRecord]:
    """Every record of a folder of cards, parsed in this process with our readers."""
    for unit in discover([folder]):
        if isinstance(unit, RepoUnit):
            yield from parse_unit(unit)[0]


def rdflib_task(args: dict[str, Any]) -> dict[str, Any]:
    """``{path, ancestors, largest_family, small_family}`` → import and query timings."""
    from rdflib import Dataset

    started = time.perf_counter()
    with stamping():  # the same statements an import writes, its time included
        records = [stamp(r) for r in read_cards(Path(args["path"]))]
    parsed = time.perf_counter()
    text = rdf.to_nquads(records)
    del records
    ds = Dataset(default_union=True)
    ds.parse(data=text, format="nquads")
    seconds = time.perf_counter() - started
    quads = len(text.splitlines())
    del text
    out: dict[str, Any] = {
        "seconds": seconds,
        "parse_cards_s": parsed - started,
        "load_s": seconds - (parsed - started),
        "quads": quads,
        "triples_per_s": quads / seconds,
    }

    def rows(query: str) -> list[Any]:
        return list(ds.query(query))

    sample = args["ancestors"][:RDFLIB_QUERY_SAMPLE]
    out["ancestors_sparql"] = percentiles([timed(rows, ancestors_sparql(m))[0] for m in sample])
    for label in ("largest_family", "small_family"):
        ms, res = timed(rows, descendant_count_sparql(args[label]))
        out[f"descendants_sparql_{label}"] = percentiles([ms]) | {"total": int(res[0][0])}
    return out


def networkx_task(args: dict[str, Any]) -> dict[str, Any]:
    """``{path, ancestors, largest_family, small_family, paths}`` → import and query timings."""
    started = time.perf_counter()
    g: nx.DiGraph = nx.DiGraph()
    cards = 0
    for rec in read_cards(Path(args["path"])):
        cards += 1
        child = rec.model_id.casefold()
        g.add_node(child, id=rec.model_id, license=rec.license)
        for c in rec.claims:
            g.add_edge(child, c.parent.casefold(), relation=c.relation.value)
    seconds = time.perf_counter() - started
    out: dict[str, Any] = {
        "seconds": seconds,
        "cards_per_s": cards / seconds,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
    }

    def ancestors(m: str) -> set[str]:
        k = m.casefold()
        return set(nx.descendants(g, k)) if k in g else set()

    out["ancestors"] = percentiles([timed(ancestors, m)[0] for m in args["ancestors"]])

    def family_size(root: str) -> int:
        return len(nx.ancestors(g, root)) if root in g else 0

    for label in ("largest_family", "small_family"):
        root = args[label].casefold()
        runs = [timed(family_size, root) for _ in range(5)]
        out[f"descendants_{label}"] = percentiles([ms for ms, _ in runs]) | {"total": runs[0][1]}

    def path(a: str, b: str) -> int:
        up_a, up_b = ancestors(a), ancestors(b)
        if b.casefold() in up_a or a.casefold() in up_b:
            return 1
        return len(up_a & up_b)

    out["paths"] = percentiles([timed(path, a, b)[0] for a, b in args["paths"]])
    return out

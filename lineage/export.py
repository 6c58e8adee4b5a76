"""Whole-graph exports: JSON Lines for tools, and the RDF formats."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from pyoxigraph import RdfFormat

from lineage.errors import UsageError
from lineage.stores.base import LineageStore

RDF_FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "nquads": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
}
FORMATS = ["jsonl", *RDF_FORMATS]


def jsonl_rows(store: LineageStore) -> Iterator[dict[str, Any]]:
    """Models then derivations, one JSON object each."""
    for node in store.iter_nodes():
        yield {
            "type": "model",
            "id": node.id,
            "placeholder": node.placeholder,
            "license": node.license,
            "datasets": node.datasets,
        }
    for edge in store.iter_edges():
        row = edge.to_json()
        yield {
            "type": "derivation",
            "child": row["child"],
            "parent": row["parent"],
            "relation": row["relation"],
            "evidence": row["evidence"],
            "confidence": row["confidence"],
        }


def export(store: LineageStore, fmt: str, out: IO[bytes]) -> None:
    """Write the whole graph in ``fmt`` to a binary stream."""
    if fmt == "jsonl":
        for row in jsonl_rows(store):
            out.write(json.dumps(row, ensure_ascii=False).encode() + b"\n")
        return
    if fmt not in RDF_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    dump = getattr(store, "dump", None)
    if dump is None:
        raise UsageError(f"the {store.name} store cannot export RDF; use --store embedded")
    if RDF_FORMATS[fmt] == RdfFormat.JSON_LD:
        # Oxigraph writes JSON-LD for one graph; give it the union of all sources.
        dump(RdfFormat.JSON_LD, out)
        return
    dump(RDF_FORMATS[fmt], out)

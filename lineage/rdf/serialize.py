"""Serialising RDF: a dataset in any RDF format, and records that were never stored.

Quad formats keep each source's named graph; triple formats get the union of the graphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pyoxigraph import RdfFormat, Store, serialize

from lineage.core import vocab as v
from lineage.core.records import SourceRecord
from lineage.rdf.mapping import prepare

QUAD_FORMATS = (RdfFormat.N_QUADS, RdfFormat.TRIG)


def dump_dataset(store: Store, fmt: RdfFormat, output: Any) -> None:
    """Write a pyoxigraph dataset in ``fmt`` (triple formats: the union of its graphs)."""
    if fmt in QUAD_FORMATS:
        store.dump(output, fmt)
        return
    serialize((q.triple for q in store), output, fmt, prefixes=v.PREFIXES)


def serialize_records(records: Iterable[SourceRecord], fmt: RdfFormat, output: Any) -> None:
    """Write what ``records`` would store, as a store holding only them would dump it."""
    dataset = Store()  # in memory: the same mapping and ordering as the embedded store
    text = "".join(prepare(rec).nquads for rec in records)
    if text:
        dataset.load(text, RdfFormat.N_QUADS)
    dump_dataset(dataset, fmt, output)


__all__ = ["QUAD_FORMATS", "dump_dataset", "serialize_records"]

"""SHACL validation of a store's contents against ontology/shapes.ttl (pySHACL)."""

from __future__ import annotations

import io

import rdflib
from pyoxigraph import DefaultGraph, RdfFormat, serialize
from pyshacl import validate

from lineage.stores.oxigraph.store import OxigraphStore
from ontology import ONTOLOGY, SHAPES

_SHAPES: rdflib.Graph | None = None
_ONT: rdflib.Graph | None = None


def assert_conforms(store: OxigraphStore, view: bool = False) -> int:
    """Validate the union of every source graph (with ``view``, and the consolidated view,
    refreshed first); returns the triple count checked."""
    buf = io.BytesIO()
    store.dump(RdfFormat.N_TRIPLES, buf)
    if view:
        store.refresh_view()
        serialize(
            (q.triple for q in store._store.quads_for_pattern(None, None, None, DefaultGraph())),
            buf,
            RdfFormat.N_TRIPLES,
        )
    return assert_ntriples_conform(buf.getvalue())


def assert_ntriples_conform(ntriples: bytes) -> int:
    """Validate N-Triples against the shapes; returns the triple count checked."""
    global _SHAPES, _ONT
    if _SHAPES is None or _ONT is None:
        _SHAPES = rdflib.Graph().parse(SHAPES)
        _ONT = rdflib.Graph().parse(ONTOLOGY)
    data = rdflib.Graph().parse(data=ntriples.decode(), format="nt")
    conforms, _, text = validate(data, shacl_graph=_SHAPES, ont_graph=_ONT, inference="none")
    assert conforms, text
    return len(data)

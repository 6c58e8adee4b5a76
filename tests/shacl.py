"""SHACL validation of a store's contents against ontology/shapes.ttl (pySHACL)."""

from __future__ import annotations

import io

import rdflib
from pyoxigraph import RdfFormat
from pyshacl import validate

from lineage.stores.oxigraph.store import OxigraphStore
from ontology import ONTOLOGY, SHAPES

_SHAPES: rdflib.Graph | None = None
_ONT: rdflib.Graph | None = None


def assert_conforms(store: OxigraphStore) -> int:
    """Validate the union of every source graph; returns the triple count checked."""
    global _SHAPES, _ONT
    if _SHAPES is None or _ONT is None:
        _SHAPES = rdflib.Graph().parse(SHAPES)
        _ONT = rdflib.Graph().parse(ONTOLOGY)
    buf = io.BytesIO()
    store.dump(RdfFormat.N_TRIPLES, buf)
    data = rdflib.Graph().parse(data=buf.getvalue().decode(), format="nt")
    conforms, _, text = validate(data, shacl_graph=_SHAPES, ont_graph=_ONT, inference="none")
    assert conforms, text
    return len(data)

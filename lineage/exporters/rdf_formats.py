"""The RDF formats: Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML.

The whole graph is dumped by the store itself (streamed by Oxigraph). A
selection is turned back into source records and mapped by `lineage.rdf.mapping`, the
one module that owns the ontology, into an in-memory Oxigraph store: so its
triples are exactly the ones an import of those sources writes, each in the
named graph of the source that said it (kept by N-Quads and TriG).
"""

from __future__ import annotations

from typing import IO

from pyoxigraph import RdfFormat

from lineage.core.graph import Node
from lineage.core.records import Claim, EvidenceKind, Relation, SourceRecord
from lineage.exporters.base import FunctionExporter, GraphView, WriteFn
from lineage.query.selection import Subgraph
from lineage.rdf.derivable import implied_kind
from lineage.rdf.serialize import serialize_records
from lineage.stores.base import rdf_dump_store

# name: (Oxigraph format, media type, extension, description)
RDF_FORMATS: dict[str, tuple[RdfFormat, str, str, str]] = {
    "turtle": (RdfFormat.TURTLE, "text/turtle", "ttl", "Turtle (union of all sources)"),
    "ntriples": (RdfFormat.N_TRIPLES, "application/n-triples", "nt", "N-Triples"),
    "nquads": (
        RdfFormat.N_QUADS, "application/n-quads", "nq",
        "N-Quads: every triple in the named graph of its source (provenance)",
    ),
    "trig": (RdfFormat.TRIG, "application/trig", "trig", "TriG: Turtle with the source graphs"),
    "jsonld": (RdfFormat.JSON_LD, "application/ld+json", "jsonld", "JSON-LD"),
    "rdfxml": (RdfFormat.RDF_XML, "application/rdf+xml", "rdf", "RDF/XML"),
}  # fmt: skip


def _facts(rec: SourceRecord, node: Node) -> None:
    rec.license = node.license
    rec.datasets = list(node.datasets)
    rec.library = node.library
    rec.pipeline_tag = node.pipeline_tag
    rec.languages = list(node.languages)
    rec.tags = list(node.tags)


def selection_records(sub: Subgraph) -> list[SourceRecord]:
    """The source records that say exactly the selection's models and edges."""
    records: dict[str, SourceRecord] = {}
    own: dict[str, set[str]] = {k: {s.casefold() for s in n.sources} for k, n in sub.models.items()}

    def record(source: str, model_id: str, location: str | None) -> SourceRecord:
        rec = records.get(source.casefold())
        if rec is None:
            rec = records[source.casefold()] = SourceRecord(
                model_id=model_id,
                source=source,
                # A model's facts do not carry where they were read; the source name stands in.
                location=location or source,
                source_kind=implied_kind(source),
                describes_model=source.casefold() in own.get(model_id.casefold(), set()),
            )
        return rec

    for edge in sub.edges:
        for ev in edge.evidence:
            rec = record(ev.source, edge.child, ev.location)
            rec.claims.append(
                Claim(
                    parent=edge.parent,
                    relation=Relation(ev.relation),
                    kind=EvidenceKind(ev.kind),
                    confidence=ev.confidence,
                    relation_inferred=ev.inferred,
                    value=ev.value,
                )
            )
    for node in sub.models.values():
        for i, source in enumerate(node.sources):
            rec = record(source, node.id, None)
            if i == 0:
                _facts(rec, node)
    return list(records.values())


def _writer(name: str) -> WriteFn:
    fmt = RDF_FORMATS[name][0]

    def write(view: GraphView, out: IO[bytes]) -> None:
        if view.subgraph is None:
            rdf_dump_store(view.store).dump(fmt, out)
            return
        serialize_records(selection_records(view.subgraph), fmt, out)

    return write


EXPORTERS = [
    FunctionExporter(name, media, ext, desc, _writer(name), groups=False)
    for name, (_, media, ext, desc) in RDF_FORMATS.items()
]

"""Whole-store reads of the embedded store: every model, edge, record and digest; stats;
SPARQL and dumps."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, serialize

from lineage.core import vocab as v
from lineage.core.errors import QueryError, StoreError
from lineage.core.graph import Edge, Node
from lineage.core.records import SourceRecord
from lineage.rdf.reverse import record_from_quads
from lineage.rdf.serialize import QUAD_FORMATS, dump_dataset
from lineage.stores.base import SourceDigest, SourceImport
from lineage.stores.oxigraph import queries
from lineage.stores.oxigraph.digest_file import STATE_GRAPH
from lineage.stores.oxigraph.state import StoreState
from lineage.stores.oxigraph.terms import N as _N
from lineage.stores.oxigraph.terms import value as _value


class DatasetMixin(StoreState):
    """Reads over the whole dataset, SPARQL and serialisation (part of `OxigraphStore`)."""

    def _model_nodes(self) -> Iterator[Any]:
        """Every model's node, once.

        Every graph that names a model gives its hub id (models carry no ``rdf:type``:
        `lin:hubId` implies it), so one scan of that predicate finds them all; the
        same model is spelled differently in different graphs, hence the set.
        """
        seen: set[str] = set()
        for q in self._quads(None, _N["HUB_ID"], None):
            m = q.subject
            if m.value not in seen:
                seen.add(m.value)
                yield m

    def iter_model_ids(self) -> Iterator[str]:
        """Every model's display id, streamed."""
        for m in self._model_nodes():
            yield self._display(m) or m.value

    def display_ids(self) -> Iterator[str]:
        return queries.display_ids(self.sparql)

    def models_trained_on(self, dataset_id: str) -> list[str]:
        return queries.models_trained_on(self.sparql, dataset_id)

    def recent_imports(self, limit: int = 10) -> list[SourceImport]:
        return queries.recent_imports(self.sparql, limit)

    def iter_unresolved(self) -> Iterator[dict[str, str]]:
        return queries.unresolved(self.sparql)

    def unresolved_of(self, model_id: str) -> list[dict[str, str]]:
        """The model's unresolved references: ``text``, ``reason``, ``kind``, ``source``."""
        out = []
        for q in self._quads(NamedNode(v.model_iri(model_id)), _N["HAS_UNRESOLVED"]):
            n, g = q.object, q.graph_name
            fields = {f.predicate.value: _value(f.object) for f in self._quads(n, None, None, g)}
            out.append({
                "text": fields.get(v.UNRESOLVED_VALUE, ""),
                "reason": fields.get(v.UNRESOLVED_REASON, ""),
                "kind": fields.get(v.EVIDENCE_KIND, ""),
                "source": self._source_info(g)[0],
            })  # fmt: skip
        return sorted(out, key=lambda r: (r["source"], r["text"]))

    def fanouts(self, threshold: int) -> list[tuple[str, str, list[str]]]:
        out = []
        for key, rel, leaves in queries.fanouts(self.sparql, threshold):
            parent = self.node(key)
            out.append((parent.id if parent else key, rel, leaves))
        return out

    def iter_nodes(self) -> Iterator[Node]:
        for mid in self.iter_model_ids():
            n = self.node(mid)
            if n is not None:
                yield n

    def iter_placeholders(self) -> Iterator[str]:
        """The display ids of the models no source describes, sorted.

        Two index scans (a SPARQL join of types and ids over the union graph
        multiplies every mention of a popular base by every other: 49 s at 100k).
        """
        described = {q.subject for q in self._quads(None, _N["DESCRIBED_BY"])}
        ids = [self._display(m) or m.value for m in self._model_nodes() if m not in described]
        yield from sorted(ids)

    def iter_edges(self) -> Iterator[Edge]:
        """Every model's parent edges, in `iter_model_ids` order.

        Only models that have parents are read (one scan finds them): most
        models have none, and reading each one's facts for its display id
        cost ≈ 0.7 ms a model at Hub scale.
        """
        with_parents = {q.subject for q in self._quads(None, _N["QUALIFIED_DERIVATION"])}
        for m in self._model_nodes():
            if m in with_parents:
                yield from self._edges_to_parents(m.value, m.value)

    def iter_records(self) -> Iterator[SourceRecord]:
        """Every source, read back from its named graph as the record that wrote it."""
        for g in self._store.named_graphs():
            if not isinstance(g, NamedNode) or g.value == STATE_GRAPH:
                continue
            rec = record_from_quads(self._quads(None, None, None, g), g)
            if rec is not None:
                yield rec

    def source_digests(self, locations: bool = False) -> Iterator[SourceDigest]:
        """The digests of the sources, from one scan; with ``locations``, every source.

        Without locations the name comes from the graph's IRI (`vocab.source_name_from_iri`,
        case-folded): each import starts with this read. With them (``--prune``), each of
        name, location and digest is read by a query of its own and joined here: one query
        joining the three cost 2.2× more (docs/benchmarks.md, sixth round).
        """
        try:
            if not locations:
                name = v.source_name_from_iri
                for g, d in self._per_source(v.SOURCE_DIGEST):
                    yield SourceDigest(name(g), d)
                return
            where = dict(self._per_source(v.LOCATION))
            digests = dict(self._per_source(v.SOURCE_DIGEST))
            for g, n in self._per_source(v.SOURCE_NAME):
                loc = where.get(g)
                if loc is not None:
                    yield SourceDigest(n, digests.get(g), loc)
        except OSError as exc:
            raise StoreError(f"reading the source digests failed: {exc}") from exc

    def _per_source(self, pred: str) -> Iterator[tuple[str, str]]:
        """``(graph IRI, value)`` of a statement each source makes about itself."""
        query = f"SELECT ?g ?o WHERE {{ GRAPH ?g {{ ?g <{pred}> ?o }} }}"
        for row in self._store.query(query):  # type: ignore[union-attr]
            yield row[0].value, row[1].value

    def stats(self) -> dict[str, int]:
        q = f"""
        SELECT (COUNT(DISTINCT ?m) AS ?models) (COUNT(DISTINCT ?own) AS ?described) WHERE {{
          {{ GRAPH ?g {{ ?m <{v.HUB_ID}> ?id }} }}
          OPTIONAL {{ GRAPH ?g2 {{ ?m <{v.DESCRIBED_BY}> ?src }} BIND(?m AS ?own) }}
        }}"""
        row = next(iter(self._select(q)))
        models, described = int(row["models"].value), int(row["described"].value)
        edge_q = f"""SELECT (COUNT(*) AS ?n) WHERE {{
          SELECT DISTINCT ?c ?p WHERE {{ GRAPH ?g {{ ?c <{v.QUALIFIED_DERIVATION}> ?d . ?d <{v.ENTITY}> ?p }} }} }}"""
        edges = int(next(iter(self._select(edge_q)))["n"].value)
        return {
            "models": models,
            "placeholders": models - described,
            "edges": edges,
            "sources": sum(1 for g in self._store.named_graphs() if g.value != STATE_GRAPH),
        }

    def _select(self, query: str) -> Any:
        try:
            return self._store.query(query)
        except SyntaxError as exc:
            raise QueryError(str(exc)) from exc

    def sparql(
        self,
        query: str,
        union_default_graph: bool = True,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> Any:
        """Run a read-only SPARQL query (updates are not accepted by this method).

        The default graph is the union of every graph, or with ``union_default_graph=False``
        the store's own default graph: the consolidated view (`view`), which ``default_graph``
        also names as `vocab.VIEW_GRAPH`.
        """
        kwargs: dict[str, Any] = {"prefixes": v.PREFIXES}
        if default_graph:
            kwargs["default_graph"] = [
                DefaultGraph() if g == v.VIEW_GRAPH else NamedNode(g) for g in default_graph
            ]
        elif union_default_graph:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [NamedNode(g) for g in named_graphs]
        try:
            return self._store.query(query, **kwargs)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except OSError as exc:
            raise StoreError(str(exc)) from exc

    def dump(self, fmt: RdfFormat, output: Any) -> None:
        """Serialise the sources: quad formats keep their graphs, triple formats the union.

        Left out: the consolidated view (derived: a dump is the same whether or not the view
        was refreshed, and a store that loads it builds its own) and the graph of the digest
        stamp (the store's own, no data). Without either, Oxigraph writes it all (streaming
        the quads through `serialize` costs ≈ 4 % more).
        """
        state = NamedNode(STATE_GRAPH)
        view = next(self._store.quads_for_pattern(None, None, None, DefaultGraph()), None)
        if view is None and not self._store.contains_named_graph(state):
            dump_dataset(self._store, fmt, output)
            return
        quads = (q for q in self._quads() if q.graph_name != state)
        if fmt in QUAD_FORMATS:
            serialize(quads, output, fmt)
        else:
            serialize((q.triple for q in quads), output, fmt, prefixes=v.PREFIXES)


__all__ = ["DatasetMixin"]

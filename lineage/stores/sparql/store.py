"""The remote store: any SPARQL 1.1 server (Fuseki, Oxigraph server, GraphDB, Stardog…).

The graph is the embedded store's: each source is one named graph (`vocab.source_iri`) holding
the triples `lineage.rdf.mapping` makes of it, replaced whole. Writes are SPARQL updates of
``DROP SILENT GRAPH`` + ``INSERT DATA``, one request (one server transaction) per batch of
sources; reads are SPARQL queries that name their graphs (`queries`), and the traversals are
the shared ones of `lineage.core.traversal` over batched ``parents``/``children`` reads. The
server may be written by others, so nothing is cached between calls.

Each write also replaces the consolidated view of the models it names, in the server's graph
`vocab.VIEW_GRAPH` (`view`); the engine's reads leave that graph out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pyoxigraph import NamedNode, Quad, RdfFormat, Store

from lineage.core import vocab as v
from lineage.core.errors import StoreError, StoreUnavailable
from lineage.core.graph import (
    Descendants,
    Edge,
    EvalRow,
    Evidence,
    Lineage,
    Node,
    declared_license,
    eval_rows,
)
from lineage.core.records import EvalResult, SourceRecord
from lineage.core.settings import Settings
from lineage.core.traversal import (
    ancestors_by_bfs,
    descendants_of_walk,
    path_between,
    walk_descendants,
)
from lineage.rdf import mapping as rdf
from lineage.rdf.serialize import dump_dataset
from lineage.rdf.view import ViewRefresh, ViewState
from lineage.stores.base import Capability, SourceDigest, SourceImport, import_time_text
from lineage.stores.sparql import queries as q
from lineage.stores.sparql.client import SparqlClient
from lineage.stores.sparql.rows import chunks as _chunks
from lineage.stores.sparql.rows import claims as _claims
from lineage.stores.sparql.rows import text as _text
from lineage.stores.sparql.view import RemoteView

RELATION_ORDER = v.RELATION_ORDER
_RANK = v.RELATION_RANK
_REL_OF_PRED = v.RELATION_OF_PROPERTY
# Models bound per query (``VALUES``): keeps each request's body well under the 200 kB that
# servlet containers take in a form by default.
CHUNK = 500
_LICENSE_SLOT = {v.LICENSE: 1, v.LICENSE_NAME: 2, v.LICENSE_LINK: 3}
# Placeholders looked up per request (one sub-query each).
PLACEHOLDER_CHUNK = 50
# Source names listed in an error about a failed write.
NAMES_SHOWN = 20
_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in v.PREFIXES.items())


class SparqlWriteError(StoreError):
    """A write that failed part way: ``failed`` sources are not stored, ``written`` ones are."""

    def __init__(self, message: str, failed: list[str], written: list[str]) -> None:
        super().__init__(message)
        self.failed = failed
        self.written = written


class SparqlStore:
    """`LineageStore` on a remote SPARQL 1.1 server."""

    name = "sparql"
    capabilities = frozenset(
        {
            Capability.SPARQL,
            Capability.RDF_DUMP,
            Capability.BULK_LOAD,
            Capability.UNRESOLVED,
            Capability.FANOUT,
            Capability.VIEW,
        }
    )

    def __init__(
        self,
        client: SparqlClient,
        max_depth: int = 50,
        batch_size: int = 500,
        keep_view: bool = True,
    ) -> None:
        self.client = client
        self.max_depth = max_depth
        self.batch_size = batch_size
        self.view = RemoteView(client)
        # Keeping the view about doubles an import's CPU (docs/benchmarks.md); without it the
        # engine drops any view an earlier client kept, so no stale one is left to read.
        self.keep_view = keep_view
        if not keep_view:
            self.capabilities = self.capabilities - {Capability.VIEW}
        # Fail at open, with the server's own words, rather than at the first read.
        self.client.select("ASK {}")

    # -- writes ----------------------------------------------------------------

    def write(self, records: Sequence[SourceRecord]) -> None:
        """Replace each record's named graph, one update request per `batch_size` sources."""
        if records:
            self.write_prepared([rdf.prepare(rec) for rec in records])

    def write_prepared(self, items: Sequence[rdf.PreparedSource]) -> None:
        """Write sources mapped to N-Quads elsewhere; the same batching as `write`.

        Each request replaces its sources' graphs in one server transaction. When one fails
        (after the client's retries) the error names the sources it held and those not sent
        yet; the batches before it are written, and nothing of the failed one is.
        """
        batch = list({item.key: item for item in items}.values())
        for start in range(0, len(batch), self.batch_size):
            chunk = batch[start : start + self.batch_size]
            try:
                models = self._write_chunk(chunk)
            except StoreError as exc:
                failed = [it.key for it in batch[start:]]
                written = [it.key for it in batch[:start]]
                shown = ", ".join(failed[:NAMES_SHOWN])
                more = f" and {len(failed) - NAMES_SHOWN} more" if len(failed) > NAMES_SHOWN else ""
                raise SparqlWriteError(
                    f"writing {len(failed)} sources to the SPARQL server failed, none of them "
                    f"is stored ({shown}{more}; {len(written)} sources before them were): {exc}",
                    failed,
                    written,
                ) from exc
            if models:
                self._refresh_after_write(models, [it.key for it in batch], start + len(chunk))

    def _write_chunk(self, chunk: Sequence[rdf.PreparedSource]) -> set[str] | None:
        """One update replacing the chunk's graphs (and marking their models for the view)."""
        if not self.keep_view:
            self.client.update(q.drop_view() + rdf.prepared_update(chunk))
            return set()
        graphs = [item.graph for item in chunk]
        models = self.view.models_named(graphs, "".join(item.nquads for item in chunk))
        self.client.update(self.view.marking(models, rdf.prepared_update(chunk)))
        return models

    def _refresh_after_write(self, models: set[str], keys: list[str], written: int) -> None:
        """Replace the view of the models a write named; a failure names what is stored."""
        try:
            self.view.refresh(models)
        except StoreError as exc:
            raise SparqlWriteError(
                f"{written} sources are stored, but the consolidated view of the {len(models)} "
                f"models the last batch named was not updated (it says stale until "
                f"`lineage view refresh`); {len(keys) - written} sources were not sent: {exc}",
                keys[written:],
                keys[:written],
            ) from exc

    def remove_sources(self, sources: Sequence[str]) -> int:
        graphs = list(dict.fromkeys(v.source_iri(s) for s in sources))
        present = [
            str(row["g"].value)
            for chunk in _chunks(graphs, CHUNK)
            for row in self.client.select(q.present_sources(chunk), long=True)
        ]
        for chunk in _chunks(present, self.batch_size):
            if not self.keep_view:
                self.client.update(q.drop_view() + q.drop(chunk))
                continue
            models = self.view.models_named(chunk, "")
            self.client.update(self.view.marking(models, q.drop(chunk)))
            if models:
                self.view.refresh(models)
        return len(present)

    def clear(self) -> None:
        """Drop every source graph and the view (other graphs on the server are left alone)."""
        self.view.drop()
        while True:
            rows = self.client.select(q.some_sources(self.batch_size), long=True)
            graphs = [str(row["g"].value) for row in rows]
            if not graphs:
                return
            self.client.update(q.drop(graphs))

    # -- facts -------------------------------------------------------------------

    def _nodes(self, models: Iterable[str]) -> dict[str, Node]:
        """The facts of each model (by IRI) the graph knows, read in batches."""
        wanted = list(dict.fromkeys(models))
        out: dict[str, Node] = {}
        for chunk in _chunks(wanted, CHUNK):
            out.update(self._own_facts(chunk))
        missing = [m for m in wanted if m not in out]
        for chunk in _chunks(missing, PLACEHOLDER_CHUNK):
            names: dict[str, list[str]] = defaultdict(list)
            for row in self.client.select(q.mentioned_ids(chunk)):
                names[str(row["m"].value)].append(str(row["id"].value))
            for m, ids in names.items():
                out[m] = Node(id=min(ids), placeholder=True)
        return out

    def _own_facts(self, models: list[str]) -> dict[str, Node]:
        """Facts of the described models among ``models`` (as the embedded store reads them)."""
        values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        sources: dict[str, set[str]] = defaultdict(set)
        # Model → dataset IRI → graph → the dataset's spellings in that graph.
        spelled: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(set))
        )
        # Model → graph → [source name, licence, licence name, licence link] (smallest each).
        declared: dict[str, dict[str, list[str | None]]] = defaultdict(dict)
        for row in self.client.select(q.own_facts(models)):
            m, g, pred = str(row["m"].value), str(row["g"].value), str(row["p"].value)
            obj = row["o"]
            name = _text(row["name"]) or v.source_name_from_iri(g)
            sources[m].add(name)
            values[m][pred].add(str(obj.value))
            claim = declared[m].setdefault(g, [name, None, None, None])
            if pred in _LICENSE_SLOT:
                slot, text = _LICENSE_SLOT[pred], str(obj.value)
                current = claim[slot]
                claim[slot] = text if current is None else min(current, text)
            if pred == v.TRAINED_ON:
                ds = spelled[m][str(obj.value)][g]
                if row["ds"] is not None:
                    ds.add(str(row["ds"].value))
        extra = self._more_facts(list(values))
        out: dict[str, Node] = {}
        for m, by_pred in values.items():
            evals, weights, newer = extra.get(m, ([], ({}, {}, {}), []))

            def sorted_values(pred: str, by_pred: dict[str, set[str]] = by_pred) -> list[str]:
                return sorted(by_pred.get(pred, ()))

            licenses, license_names = sorted_values(v.LICENSE), sorted_values(v.LICENSE_NAME)
            lic = licenses[0] if licenses else None
            if license_names and (lic is None or lic.casefold() == "other"):
                lic = license_names[0]
            datasets = sorted(
                min(min(sp) if sp else iri.removeprefix(v.DATASET_NS) for sp in graphs.values())
                for iri, graphs in spelled[m].items()
            )
            libs, pipes = sorted_values(v.LIBRARY), sorted_values(v.PIPELINE_TAG)
            out[m] = Node(
                id=min(by_pred[v.HUB_ID]),
                placeholder=False,
                license=lic,
                datasets=datasets,
                library=libs[0] if libs else None,
                pipeline_tag=pipes[0] if pipes else None,
                languages=sorted_values(v.LANGUAGE),
                tags=sorted_values(v.KEYWORDS),
                sources=sorted(sources[m]),
            )
            decl = declared_license((str(c[0]), c[1], c[2], c[3]) for c in declared[m].values())
            node = out[m]
            node.declared_license, node.license_name = decl[0], decl[1]
            node.license_link, node.license_source = decl[2], decl[3]
            node.evals = [EvalResult(*row) for row in eval_rows(evals)]
            node.formats = sorted(weights[0])
            node.quant_types = sorted(weights[1])
            node.bits = sorted(int(b) for b in weights[2])
            node.new_version = min(newer) if newer else None
        return out

    def _more_facts(
        self, models: list[str]
    ) -> dict[str, tuple[list[EvalRow], tuple[dict[str, None], ...], list[str]]]:
        """Per model: evaluation rows, weight facts (formats, quant types, bits), new versions."""
        out: dict[str, tuple[list[EvalRow], tuple[dict[str, None], ...], list[str]]] = {}
        if not models:
            return out
        fields: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
        for row in self.client.select(q.more_facts(models)):
            m, pred = str(row["m"].value), str(row["p"].value)
            _, weights, newer = out.setdefault(m, ([], ({}, {}, {}), []))
            if pred == v.HAS_EVALUATION:
                key = (m, str(row["g"].value), str(row["o"].value))
                fields[key][str(row["x"].value)] = str(row["xo"].value)
            elif pred == v.NEW_VERSION:
                newer.append(_text(row["xo"]) or str(row["o"].value))
            else:
                slot = (v.WEIGHT_FORMAT, v.QUANT_TYPE, v.BIT_WIDTH).index(pred)
                weights[slot][str(row["o"].value)] = None
        for (m, _, _), f in fields.items():
            out[m][0].append(
                (
                    f.get(v.EVAL_TASK),
                    f.get(v.EVAL_DATASET),
                    f.get(v.EVAL_METRIC, ""),
                    f.get(v.EVAL_VALUE, ""),
                )
            )
        return out

    def node(self, model_id: str) -> Node | None:
        iri = v.model_iri(model_id)
        return self._nodes([iri]).get(iri)

    # -- edges -------------------------------------------------------------------

    def _edges(
        self,
        grouped: dict[tuple[str, str], list[Evidence]],
        known: dict[str, Node],
        fallback: dict[str, str],
    ) -> list[Edge]:
        names = {m for pair in grouped for m in pair}
        known.update(self._nodes(m for m in names if m not in known))

        def display(m: str) -> str:
            n = known.get(m)
            return n.id if n is not None else fallback.get(m, m)

        return [Edge(display(c), display(p), evs) for (c, p), evs in grouped.items()]

    def _parents_of(
        self, children: list[str], known: dict[str, Node], fallback: dict[str, str] | None = None
    ) -> dict[str, list[Edge]]:
        """Each child's parent edges (children by IRI), parents sorted by display id."""
        grouped: dict[tuple[str, str], list[Evidence]] = {}
        for chunk in _chunks(children, CHUNK):
            grouped.update(_claims(self.client.select(q.parents(chunk)), "c", None))
        by_child: dict[str, list[Edge]] = defaultdict(list)
        edges = self._edges(grouped, known, fallback or {})
        for (c, _), edge in zip(grouped, edges, strict=True):
            by_child[c].append(edge)
        for kids in by_child.values():
            kids.sort(key=lambda e: e.parent.casefold())
        return by_child

    def parents(self, model_id: str) -> list[Edge]:
        iri = v.model_iri(model_id)
        return self._parents_of([iri], {}, {iri: model_id}).get(iri, [])

    def children(self, model_id: str, limit: int | None = None) -> list[Edge]:
        iri = v.model_iri(model_id)
        grouped = _claims(self.client.select(q.children(iri, limit)), "c", iri)
        edges = self._edges(grouped, {}, {iri: model_id})
        return sorted(edges, key=lambda e: e.child.casefold())

    # -- traversals ----------------------------------------------------------------

    def ancestors(self, model_id: str, max_depth: int | None = None) -> Lineage:
        depth = self.max_depth if max_depth is None else max_depth
        known: dict[str, Node] = {}  # facts read while walking, for this walk only

        def node(mid: str) -> Node | None:
            iri = v.model_iri(mid)
            if iri not in known:
                known.update(self._nodes([iri]))
            return known.get(iri)

        def parents(mid: str) -> list[Edge]:
            iri = v.model_iri(mid)
            return self._parents_of([iri], known, {iri: mid}).get(iri, [])

        return ancestors_by_bfs(model_id, parents, node, depth)

    def path(self, source: str, target: str, max_depth: int | None = None) -> Lineage:
        return path_between(source, target, lambda m: self.ancestors(m, max_depth))

    def descendants(
        self,
        model_id: str,
        max_depth: int | None = None,
        relations: Sequence[str] | None = None,
        limit: int = 1000,
    ) -> Descendants:
        depth_cap = self.max_depth if max_depth is None else max_depth
        wanted = set(relations) if relations else None
        root = v.model_iri(model_id)

        def level(frontier: list[str]) -> dict[str, list[tuple[str, str]]]:
            found: dict[str, dict[str, str]] = defaultdict(dict)
            for chunk in _chunks(frontier, CHUNK):
                for row in self.client.select(q.child_relations(chunk), long=True):
                    rel = _REL_OF_PRED[str(row["r"].value)]
                    if wanted is not None and rel not in wanted:
                        continue
                    kids = found[str(row["p"].value)]
                    child = str(row["c"].value)
                    if child not in kids or _RANK[rel] < _RANK[kids[child]]:
                        kids[child] = rel
            return {
                p: sorted(kids.items(), key=lambda cr: v.model_key_from_iri(cr[0]))
                for p, kids in found.items()
            }

        def has_children(frontier: list[str]) -> bool:
            return any(
                bool(self.client.select(q.any_children(chunk)))
                for chunk in _chunks(frontier, CHUNK)
            )

        walk = walk_descendants(root, level, has_children, depth_cap, limit)
        facts = self._nodes(m for c, p, _ in walk.edges for m in (c, p))

        def name(iri: str) -> str:
            n = facts.get(iri)
            return n.id if n is not None else iri

        def node(mid: str) -> Node | None:
            found = facts.get(v.model_iri(mid))
            if found is None and mid == model_id:  # a root without edges has no facts read
                return self.node(mid)
            return found

        return descendants_of_walk(model_id, walk, name, node)

    # -- whole graph -----------------------------------------------------------------

    def _model_iris(self) -> list[str]:
        return [str(row["m"].value) for row in self.client.select(q.MODELS, long=True)]

    def iter_model_ids(self) -> Iterator[str]:
        for chunk in _chunks(self._model_iris(), CHUNK):
            facts = self._nodes(chunk)
            for m in chunk:
                n = facts.get(m)
                yield n.id if n is not None else m

    def iter_nodes(self) -> Iterator[Node]:
        for chunk in _chunks(self._model_iris(), CHUNK):
            facts = self._nodes(chunk)
            yield from (facts[m] for m in chunk if m in facts)

    def display_ids(self) -> Iterator[str]:
        best: dict[str, tuple[bool, str]] = {}
        for row in self.client.select(q.DISPLAY_IDS, long=True):
            mid, own = str(row["id"].value), row["own"].value == "true"
            k = mid.casefold()
            if (
                k not in best
                or (own and not best[k][0])
                or (own == best[k][0] and mid < best[k][1])
            ):
                best[k] = (own, mid)
        for _, mid in best.values():
            yield mid

    def iter_placeholders(self) -> Iterator[str]:
        names: dict[str, str] = {}
        for row in self.client.select(q.PLACEHOLDERS, long=True):
            m, mid = str(row["m"].value), str(row["id"].value)
            if m not in names or mid < names[m]:
                names[m] = mid
        yield from sorted(names.values())

    def iter_edges(self) -> Iterator[Edge]:
        children = [
            str(row["c"].value) for row in self.client.select(q.MODELS_WITH_PARENTS, long=True)
        ]
        for chunk in _chunks(children, CHUNK):
            by_child = self._parents_of(chunk, {})
            for c in chunk:
                yield from by_child.get(c, [])

    def models_trained_on(self, dataset_id: str) -> list[str]:
        rows = self.client.select(q.trained_on(v.dataset_iri(dataset_id)), long=True)
        return [v.model_key_from_iri(str(row["m"].value)) for row in rows]

    def source_digests(self, locations: bool = False) -> Iterator[SourceDigest]:
        """The digests of the sources (with ``locations``: every source), in one query."""
        for row in self.client.select(q.source_digests(locations), long=True):
            if locations:
                yield SourceDigest(str(row["n"].value), _text(row["d"]), str(row["l"].value))
            else:
                yield SourceDigest(v.source_name_from_iri(str(row["g"].value)), str(row["d"].value))

    def recent_imports(self, limit: int = 10) -> list[SourceImport]:
        """The sources imports wrote last, newest first, in one query."""
        return [
            SourceImport(str(r["n"].value), str(r["id"].value),
                         import_time_text(str(r["t"].value)), str(r["l"].value))
            for r in self.client.select(q.recent_imports(limit))
        ]  # fmt: skip

    def unresolved_of(self, model_id: str) -> list[dict[str, str]]:
        """The model's unresolved references: ``text``, ``reason``, ``kind``, ``source``."""
        rows = [
            {name: _text(sol[name]) or "" for name in ("text", "reason", "kind", "source")}
            for sol in self.client.select(q.unresolved_of(v.model_iri(model_id)))
        ]
        return sorted(rows, key=lambda r: (r["source"], r["text"]))

    def iter_unresolved(self) -> Iterator[dict[str, str]]:
        for sol in self.client.select(q.UNRESOLVED, long=True):
            yield {
                name: _text(sol[name]) or ""
                for name in ("model", "text", "reason", "kind", "source")
            }

    def fanouts(self, threshold: int) -> list[tuple[str, str, list[str]]]:
        big = self.client.select(q.big_families(threshold), long=True)
        out: list[tuple[str, str, list[str]]] = []
        for p, pred in sorted((str(r["p"].value), str(r["r"].value)) for r in big):
            rows = self.client.select(q.leaves(p, pred), long=True)
            keys = sorted(v.model_key_from_iri(str(r["c"].value)) for r in rows)
            if len(keys) > threshold:
                parent = self._nodes([p]).get(p)
                key = v.model_key_from_iri(p)
                out.append((parent.id if parent else key, _REL_OF_PRED[pred], keys))
        return out

    def stats(self) -> dict[str, int]:
        row = next(iter(self.client.select(q.STATS, long=True)))
        models, described = int(row["models"].value), int(row["described"].value)
        return {
            "models": models,
            "placeholders": models - described,
            "edges": int(row["edges"].value),
            "sources": int(row["sources"].value),
        }

    # -- SPARQL and RDF ----------------------------------------------------------------

    def sparql(
        self,
        query: str,
        union_default_graph: bool = True,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> Any:
        """Run a read-only query on the server; results as pyoxigraph gives them.

        The vocabulary's prefixes are declared for the query. Without ``default_graph`` the
        default graph is the consolidated view (its named graph, sent as ``default-graph-uri``:
        the query's dataset then holds no other graph), or with ``union_default_graph`` the
        server's own (configure it as the union of the named graphs: see docs/stores.md).
        """
        if default_graph is None and not union_default_graph and self.keep_view:
            default_graph = [v.VIEW_GRAPH]
        return self.client.query(_PREFIXES + query, default_graph, named_graphs)

    # -- the consolidated view ---------------------------------------------------------

    def view_state(self) -> ViewState:
        """``fresh``, ``stale`` (a write stopped before the view of its models was replaced)
        or ``rebuild`` (no view yet, or a rebuild that stopped)."""
        return self.view.state()

    def ensure_view(self) -> bool:
        """Refresh the view if it is not fresh and the server takes updates; whether it is."""
        return self.view.ensure()

    def refresh_view(self) -> ViewRefresh:
        """Rebuild the view from every source: writes by clients that do not keep it are
        invisible to its state, so an explicit refresh reads everything."""
        return self.view.rebuild()

    def dump(self, fmt: RdfFormat, output: Any) -> None:
        """Serialise the dataset: through the Graph Store Protocol when configured, else a query."""
        dataset = Store()
        if self.client.gsp_url:
            dataset.bulk_load(self.client.dataset_nquads(), RdfFormat.N_QUADS)
            dataset.remove_graph(NamedNode(v.VIEW_GRAPH))  # derived: dumps hold the sources
        else:
            dataset.extend(
                Quad(row["s"], row["p"], row["o"], row["g"])
                for row in self.client.select(q.QUADS, long=True)
            )
        dump_dataset(dataset, fmt, output)

    def close(self) -> None:
        self.client.close()


def from_settings(settings: Settings) -> SparqlStore:
    """Open the remote store the settings name."""
    if not settings.sparql_query_url:
        raise StoreUnavailable(
            "no SPARQL server configured: set LINEAGE_SPARQL_QUERY_URL (and "
            "LINEAGE_SPARQL_UPDATE_URL to import)"
        )
    client = SparqlClient(
        settings.sparql_query_url,
        settings.sparql_update_url,
        settings.sparql_gsp_url,
        user=settings.sparql_user,
        password=settings.sparql_password,
        token=settings.sparql_token,
        digest=settings.sparql_digest,
        query_timeout=settings.query_timeout,
        timeout=settings.sparql_timeout,
        retries=settings.sparql_retries,
    )
    try:
        return SparqlStore(
            client, settings.max_depth, settings.sparql_batch_size, settings.sparql_view
        )
    except BaseException:
        client.close()
        raise


__all__ = ["SparqlStore", "SparqlWriteError", "from_settings"]

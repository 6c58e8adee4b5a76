"""The embedded store: Oxigraph on disk, the RDF system of record.

Each source's triples live in their own named graph; a write replaces whole
graphs in one transaction, so re-imports are idempotent and an interrupted
import leaves what was stored before intact.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar, cast

from pyoxigraph import NamedNode, RdfFormat, Store

from lineage.core import vocab as v
from lineage.core.errors import QueryError, StoreError, StoreUnavailable, UsageError
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
from lineage.core.records import EvalResult, Relation, SourceRecord
from lineage.core.settings import Settings
from lineage.core.traversal import (
    ancestors_by_bfs,
    descendants_of_walk,
    path_between,
    walk_descendants,
)
from lineage.rdf import mapping as rdf
from lineage.rdf.reverse import record_from_quads
from lineage.rdf.serialize import dump_dataset
from lineage.stores.base import Capability, SourceDigest, SourceImport
from lineage.stores.oxigraph import queries
from lineage.stores.oxigraph.index_build import PARALLEL_MIN, build_parallel
from lineage.stores.oxigraph.lineage_index import FILE_NAME as INDEX_FILE
from lineage.stores.oxigraph.lineage_index import FORGET_MAX, LineageIndex

# Below this many records a batch goes through a SPARQL update (transactional);
# larger batches of brand-new sources go through the bulk loader.
BULK_MIN_RECORDS = 500
# When one edge carries several relations, descendant counts use the first here.
RELATION_ORDER = [r.value for r in Relation]
_RANK = {r: i for i, r in enumerate(RELATION_ORDER)}
# Models whose facts and parents stay cached between writes.
CACHE_MODELS = 200_000
# Models a warm-up loads at most: the rest of the cache is for what requests read.
WARM_MODELS = CACHE_MODELS * 3 // 4
# A placeholder's display id is the smallest spelling among this many mentions:
# a popular base without a card is named in tens of thousands of child graphs.
PLACEHOLDER_MENTIONS = 64

_N = {name: NamedNode(getattr(v, name)) for name in (
    "TYPE", "MLMODEL", "HUB_ID", "DESCRIBED_BY", "QUALIFIED_DERIVATION", "ENTITY",
    "RELATION", "EVIDENCE_KIND", "EVIDENCE_VALUE", "CONFIDENCE", "RELATION_INFERRED",
    "PRIMARY_SOURCE", "SOURCE_NAME", "LOCATION", "LICENSE", "LICENSE_NAME", "TRAINED_ON",
    "IDENTIFIER", "LIBRARY", "PIPELINE_TAG", "LANGUAGE", "KEYWORDS", "DATASET", "NEW_VERSION",
    "HAS_EVALUATION", "HAS_UNRESOLVED", "UNRESOLVED_VALUE", "UNRESOLVED_REASON", "WEIGHT_FORMAT",
    "QUANT_TYPE", "BIT_WIDTH",
)}  # fmt: skip
_LICENSE_PREDS = {v.LICENSE: 1, v.LICENSE_NAME: 2, v.LICENSE_LINK: 3}
_REL_OF_PRED = {p: r.value for p, r in v.PROPERTY_RELATION.items()}
_RELATION_IRIS = tuple(f"<{p}>" for p in _REL_OF_PRED)
# A model's facts, as cached: display id, own?, licence, datasets, library,
# pipeline tag, languages, tags, sources, the licence declaration (licence, name,
# link, source), the evaluation results, formats, quantisation types, bit widths, new version.
_NodeData = tuple[str, bool, str | None, tuple[str, ...], str | None, str | None,
                  tuple[str, ...], tuple[str, ...], tuple[str, ...],
                  tuple[str | None, str | None, str | None, str | None],
                  tuple[EvalRow, ...], tuple[str, ...], tuple[str, ...], tuple[int, ...],
                  str | None]  # fmt: skip
# A model's parents as the lineage index keeps them: each parent's IRI and evidence.
_ParentRows = tuple[tuple[str, tuple[Evidence, ...]], ...]
_MODEL_PREFIX = v.MODEL_NS
# A model's IRI in N-Quads text (IRIs there hold no ">").
_MODEL_IRI = re.compile("<(" + re.escape(v.MODEL_NS) + "[^>]*)>")
T = TypeVar("T")


def _value(term: Any) -> str:
    return str(term.value)


class OxigraphStore:
    """`LineageStore` on an embedded Oxigraph database (on disk, or in memory for ``None``)."""

    name = "embedded"
    capabilities = frozenset(Capability) - {Capability.CYPHER}

    def __init__(
        self, path: Path | None, max_depth: int = 50, index: bool = True, read_only: bool = False
    ) -> None:
        self.location = path
        self.max_depth = max_depth
        #: Why this store refuses writes (None: it takes them); see `_open`.
        self.unwritable: str | None = "opened read-only" if read_only else None
        self._store = self._open(path, read_only)
        read_only = read_only or self.unwritable is not None
        # Reads are cached per model and forgotten on every write: this process
        # owns the database (Oxigraph locks it), or reads a snapshot of it taken
        # when it opened (read-only beside a writer), so nothing else changes it.
        self._source_info = lru_cache(maxsize=65536)(self._source_info_uncached)
        self._node_data = lru_cache(maxsize=CACHE_MODELS)(self._node_data_uncached)
        self._parent_data = lru_cache(maxsize=CACHE_MODELS)(self._parent_data_uncached)
        self._rel_index: dict[str, list[tuple[str, str]]] | None = None
        # The index it was derived from, and `_best_relation_index`'s answer.
        self._rel_best: tuple[object, dict[str, list[tuple[str, str]]]] | None = None
        self._rel_lock = threading.Lock()
        #: Bumped by every write (before and after it); a cache warm-up stops when it changes.
        self.generation = 0
        self._writing = False
        # Held while a read decides to keep its row, and while a write begins.
        self._put_lock = threading.Lock()
        #: The persistent lineage index (`lineage.stores.oxigraph.lineage_index`), on disk only.
        self.index = LineageIndex(path) if path is not None and index and not read_only else None

    def _open(self, path: Path | None, read_only: bool) -> Store:
        """Open the database; when another process holds it for writing (or the disk is
        full), open it read-only: reads work beside a writer, writes are refused."""
        if path is None:
            return Store()
        if read_only:
            try:
                return Store.read_only(str(path))
            except OSError as exc:
                raise StoreUnavailable(_open_problem(path, exc)) from exc
        logs = _old_logs(path)
        try:
            path.mkdir(parents=True, exist_ok=True)
            return Store(str(path))
        except OSError as exc:
            _restore_log(path, logs)  # a failed open rotates RocksDB's LOG: put it back
            reason = _unwritable_reason(path, exc)
            if reason is None or not (path / "CURRENT").exists():
                raise StoreUnavailable(_open_problem(path, exc)) from exc
            try:
                store = Store.read_only(str(path))
            except OSError as second:
                raise StoreUnavailable(f"{_open_problem(path, exc)}; reading it: {second}") from exc
            self.unwritable = reason
            return store

    def _refuse_writes(self) -> None:
        if self.unwritable is not None:
            raise StoreUnavailable(f"the embedded store at {self.location} takes no writes now: "
                                   f"{self.unwritable}")  # fmt: skip

    @classmethod
    def read_only(cls, path: Path) -> OxigraphStore:
        """A read-only view of a store that another process may have open (no lineage index)."""
        return cls(path, index=False, read_only=True)

    def _invalidate(self) -> None:
        """Forget cached reads: the graph is about to change (or just changed)."""
        self.generation += 1
        for cached in (self._source_info, self._node_data, self._parent_data):
            cached.cache_clear()
        self._rel_index = None
        self._rel_best = None

    @contextlib.contextmanager
    def _changing(self, graphs: Sequence[str], new: Sequence[rdf.PreparedSource]) -> Iterator[None]:
        self._refuse_writes()  # every write passes here
        """Around a write: caches forgotten before and after, index rows it changes deleted.

        ``graphs`` are the stored graphs the write replaces or drops, ``new`` the
        sources it writes. Reads that overlap the write keep their answers out of
        the lineage index (`_indexed`).
        """
        with self._put_lock:  # a read that checked before this point has put its row by now
            self._writing = True
            self._invalidate()
        try:
            self._forget(graphs, new)
            yield
        finally:
            self._invalidate()
            self._writing = False

    def _forget(self, graphs: Sequence[str], new: Sequence[rdf.PreparedSource]) -> None:
        """Delete the index rows of every model the sources name, as stored and as written."""
        index = self.index
        if index is None or not index.usable:
            self._drop_unused_index()
            return
        if (not graphs and not new) or index.is_empty():
            return
        if len(graphs) > FORGET_MAX:  # reading back what many sources said costs more
            index.clear()
            return
        models: set[str] = set()
        for g in graphs:
            for q in self._quads(None, None, None, NamedNode(g)):
                for term in (q.subject, q.object):
                    if isinstance(term, NamedNode) and term.value.startswith(_MODEL_PREFIX):
                        models.add(term.value)
        # The new text is searched, not parsed: an IRI found inside a literal only
        # deletes one more row (20,000 Hub rows: 0.17 s, against 0.85 s to parse them).
        models.update(_MODEL_IRI.findall("".join(item.nquads for item in new)))
        index.forget(models)

    def _drop_unused_index(self) -> None:
        """A store not using its index (turned off, or broken) deletes it before writing."""
        if self.location is None or not (self.location / INDEX_FILE).exists():
            return
        try:
            for leftover in self.location.glob(f"{INDEX_FILE}*"):
                leftover.unlink()
        except OSError as exc:
            raise StoreError(
                f"the lineage index {self.location / INDEX_FILE} would go stale and could "
                f"not be removed ({exc}); delete it before writing to the store"
            ) from exc

    def _indexed(
        self,
        table: str,
        key: str,
        compute: Callable[[str], T | None],
        encode: Callable[[T], Any] | None = None,
        decode: Callable[[Any], T] | None = None,
    ) -> T | None:
        """A row of the lineage index, else ``compute(key)`` (kept unless a write overlapped)."""
        index = self.index
        if index is None:
            return compute(key)
        row = index.get(table, key)
        if row is not None:
            return decode(row) if decode is not None else cast(T, row)
        generation = self.generation
        value = compute(key)
        if value is not None:
            with self._put_lock:
                if not self._writing and generation == self.generation:
                    index.put(table, key, encode(value) if encode is not None else value)
        return value

    def warm(self, limit: int | None = None, stop: threading.Event | None = None) -> int:
        """Preload the read caches; returns how many models it loaded.

        First every model that has children, biggest families first: every
        ancestor in a lineage is one, so once they are cached an ancestors walk
        reads at most its starting model from disk (a cold read is ≈ 10 µs per
        quad in RocksDB, ≈ 0.5 ms per model). Then, while the budget lasts
        (``limit``, else three quarters of the model cache, leaving room for
        what requests read), the other described models in store order, so that
        on a graph that fits every walk is answered from memory. The API runs
        this in a background thread at start and after each write. Stops early
        on ``stop`` or when a write changes the graph.
        """
        generation = self.generation
        index = self._relation_index()
        budget = WARM_MODELS if limit is None else limit
        hot = sorted(index, key=lambda iri: len(index[iri]), reverse=True)[:budget]
        done = 0

        def load(iri: str) -> bool:
            nonlocal done
            if done >= budget or self.generation != generation:
                return False
            if stop is not None and stop.is_set():
                return False
            self._node_data(iri)
            self._parent_data(iri)
            done += 1
            return True

        try:
            for iri in hot:
                if not load(iri):
                    return done
            last = None
            for q in self._quads(None, _N["DESCRIBED_BY"], None):
                iri = q.subject.value
                if iri == last or iri in index:  # several own sources; or loaded above
                    continue
                last = iri
                if not load(iri):
                    break
            return done
        finally:
            if self.index is not None:
                self.index.flush()

    def index_models(self, everything: bool = False) -> list[str]:
        """The models `build_index` fills: those with parents or children (or every model)."""
        if everything:
            return [m.value for m in self._model_nodes()]
        # SPARQL decodes only ?m: 5× faster than index scans that decode every term (1M: 4 s).
        query = (
            f"SELECT DISTINCT ?m WHERE {{ {{ ?m <{v.QUALIFIED_DERIVATION}> ?d }} "
            f"UNION {{ ?d <{v.ENTITY}> ?m }} }}"
        )
        rows = self._store.query(query, use_default_graph_as_union=True)
        return sorted(row[0].value for row in rows)  # type: ignore[union-attr]

    def build_index(
        self,
        models: Sequence[str] | None = None,
        progress: Callable[[int], None] | None = None,
        workers: int = 1,
    ) -> int:
        """Fill the lineage index for ``models`` (default: `index_models`); returns how many.

        Afterwards a walk over them reads one SQLite row per model in any later
        process. Models already indexed are skipped; with ``workers`` > 1 and many
        models to read, worker processes read them (`lineage.stores.oxigraph.index_build`).
        """
        index = self.index
        if index is None:
            raise UsageError("the lineage index is turned off (LINEAGE_INDEX=false)")
        todo = self.index_models() if models is None else models
        missing = index.missing(todo)
        if progress is not None and len(todo) > len(missing):
            progress(len(todo) - len(missing))
        if workers > 1 and len(missing) >= PARALLEL_MIN and self.location is not None:
            generation = self.generation
            for iri, node, parents in build_parallel(self, missing, workers, progress):
                with self._put_lock:
                    if self._writing or generation != self.generation:
                        raise StoreError("the store changed while its lineage index was built")
                    for table, row in (("node", node), ("parents", parents)):
                        if row is not None:
                            index.put(table, iri, row)
        else:
            for i, iri in enumerate(missing, 1):
                self._node_data(iri)
                self._parent_data(iri)
                if progress is not None and i % 1000 == 0:
                    progress(1000)
            if progress is not None:
                progress(len(missing) % 1000)
        index.flush()
        return len(todo)

    def index_info(self) -> dict[str, Any]:
        """The lineage index's ``rows`` and ``file`` (`UsageError` when it is turned off)."""
        if self.index is None:
            raise UsageError("the lineage index is turned off (LINEAGE_INDEX=false)")
        stats = self.index.stats()
        return {"rows": stats["node"] + stats["parents"], "file": str(self.index.path)}

    def index_rows(self, m_iri: str) -> tuple[_NodeData | None, tuple[Any, ...] | None]:
        """A model's two rows of the lineage index, as `_indexed` keeps them (None: no row)."""
        parents = self._parent_rows(m_iri)
        return self._node_row(m_iri), None if parents is None else _parent_rows_plain(parents)

    # -- writes ---------------------------------------------------------------

    def write(self, records: Sequence[SourceRecord]) -> None:
        """Replace each record's named graph; one transaction per call."""
        if records:
            self._write([rdf.prepare(rec) for rec in records], split=False)

    def write_prepared(self, items: Sequence[rdf.PreparedSource]) -> None:
        """Write sources already mapped to N-Quads (by import workers).

        Sources new to the store are bulk-loaded; sources stored before are
        replaced in one transaction, so a re-import is still idempotent.
        """
        if items:
            self._write(items, split=True)

    def _write(self, items: Sequence[rdf.PreparedSource], split: bool) -> None:
        latest = {item.key: item for item in items}
        batch = list(latest.values())
        try:
            contains = self._store.contains_named_graph
            stored = {it.graph for it in batch if contains(NamedNode(it.graph))}
        except OSError as exc:
            raise StoreError(f"writing {len(batch)} sources failed: {exc}") from exc
        with self._changing(sorted(stored), batch):
            self._write_batch(batch, split, stored)

    def _write_batch(self, batch: list[rdf.PreparedSource], split: bool, stored: set[str]) -> None:
        """Write ``batch``; ``stored``: the graphs of its sources that the store already holds."""
        if split:
            old = [it for it in batch if it.graph in stored]
            new = [it for it in batch if it.graph not in stored]
        else:
            old = batch if stored else []
            new = [] if old else batch
        if len(new) < BULK_MIN_RECORDS:
            old, new = old + new, []
        try:
            if new:
                # New sources only: nothing stored earlier can be touched, so the
                # faster non-transactional bulk loader is safe; a rerun replaces it.
                text = "".join(it.nquads for it in new)
                self._store.bulk_load(text, RdfFormat.N_QUADS, lenient=True)
            if old:
                self._store.update(rdf.prepared_update(old))
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"writing {len(batch)} sources failed: {exc}") from exc

    def remove_sources(self, sources: Sequence[str]) -> int:
        present = [
            s for s in sources if self._store.contains_named_graph(NamedNode(v.source_iri(s)))
        ]
        if present:
            graphs = [v.source_iri(s) for s in present]
            with self._changing(graphs, []):
                self._store.update(" ;\n".join(f"DROP GRAPH <{g}>" for g in graphs))
        return len(present)

    def flush(self) -> None:
        if self.unwritable is None:
            self._store.flush()
        if self.index is not None:
            self.index.flush()

    def optimize(self) -> None:
        self._store.optimize()

    # -- reads ----------------------------------------------------------------

    def _quads(self, s: Any = None, p: Any = None, o: Any = None, g: Any = None) -> Any:
        return self._store.quads_for_pattern(s, p, o, g)

    def _own_graphs(self, m: NamedNode) -> list[Any]:
        """The sources that describe the model itself (its card, its repo files)."""
        return [q.graph_name for q in self._quads(m, _N["DESCRIBED_BY"])]

    def _display(self, m: NamedNode) -> str | None:
        """The display id: as the model's own source writes it, else the first seen."""
        # Shares the facts cache: every traversal that names a model also shows it.
        data = self._node_data(m.value)
        return data[0] or None if data is not None else None

    def _source_info_uncached(self, g: NamedNode) -> tuple[str, str | None]:
        name = next(self._quads(g, _N["SOURCE_NAME"], None, g), None)
        loc = next(self._quads(g, _N["LOCATION"], None, g), None)
        return (
            _value(name.object) if name else v.source_name_from_iri(g.value),
            _value(loc.object) if loc else None,
        )

    def node(self, model_id: str) -> Node | None:
        data = self._node_data(v.model_iri(model_id))
        if data is None:
            return None
        display, own, lic, datasets, lib, pipe, langs, tags, sources, decl, evals = data[:11]
        formats, quant_types, bits, new_version = data[11:]
        return Node(
            id=display or model_id,
            placeholder=not own,
            license=lic,
            datasets=list(datasets),
            library=lib,
            pipeline_tag=pipe,
            languages=list(langs),
            tags=list(tags),
            sources=list(sources),
            declared_license=decl[0],
            license_name=decl[1],
            license_link=decl[2],
            license_source=decl[3],
            evals=[EvalResult(*row) for row in evals],
            formats=list(formats),
            quant_types=list(quant_types),
            bits=list(bits),
            new_version=new_version,
        )

    def _node_data_uncached(self, m_iri: str) -> _NodeData | None:
        return self._indexed("node", m_iri, self._node_row)

    def _node_row(self, m_iri: str) -> _NodeData | None:
        """A model's facts, read from its graphs."""
        m = NamedNode(m_iri)
        own = self._own_graphs(m)
        # The facts that count are in the model's own graphs; other graphs only
        # repeat its type and id (once per child that names it as a parent).
        by_pred: dict[str, list[tuple[bool, Any]]] = defaultdict(list)
        spelled: dict[str, set[str]] = defaultdict(set)  # dataset IRI → its spellings here
        claims: list[list[str | None]] = []  # per own source: name, licence, name, link
        evals: list[EvalRow] = []
        newer: list[str] = []  # the new versions, as the model's own sources spell them
        for g in own:
            claim: list[str | None] = [self._source_info(g)[0], None, None, None]
            claims.append(claim)
            for q in self._quads(m, None, None, g):
                pred = q.predicate.value
                by_pred[pred].append((True, q.object))
                if q.predicate == _N["TRAINED_ON"]:
                    spelled[q.object.value].add(self._dataset_spelling(q.object, g))
                elif pred in _LICENSE_PREDS:
                    slot = _LICENSE_PREDS[pred]
                    text = _value(q.object)
                    current = claim[slot]
                    claim[slot] = text if current is None else min(current, text)
                elif q.predicate == _N["HAS_EVALUATION"]:
                    evals.append(self._eval_row(q.object, g))
                elif q.predicate == _N["NEW_VERSION"]:
                    spelling = next(self._quads(q.object, _N["HUB_ID"], None, g), None)
                    newer.append(_value(spelling.object) if spelling else q.object.value)
        if not own:
            for q in islice(self._quads(m, _N["HUB_ID"]), PLACEHOLDER_MENTIONS):
                by_pred[v.HUB_ID].append((False, q.object))
            if not by_pred and next(self._quads(m), None) is None:
                return None

        def values(pred: str) -> tuple[str, ...]:
            seen = [_value(o) for is_own, o in by_pred.get(pred, ()) if is_own]
            return tuple(sorted(dict.fromkeys(seen)))

        names = sorted((not is_own, _value(o)) for is_own, o in by_pred.get(v.HUB_ID, []))
        licenses, license_names = values(v.LICENSE), values(v.LICENSE_NAME)
        lic = licenses[0] if licenses else None
        if license_names and (lic is None or lic.casefold() == "other"):
            lic = license_names[0]
        libs, pipes = values(v.LIBRARY), values(v.PIPELINE_TAG)
        return (
            names[0][1] if names else "",
            bool(own),
            lic,
            tuple(sorted(min(spellings) for spellings in spelled.values())),
            libs[0] if libs else None,
            pipes[0] if pipes else None,
            values(v.LANGUAGE),
            values(v.KEYWORDS),
            tuple(sorted(self._source_info(g)[0] for g in own)),
            declared_license((str(c[0]), c[1], c[2], c[3]) for c in claims),
            eval_rows(evals),
            *self._weight_facts(m),
            min(newer) if newer else None,
        )

    def _eval_row(self, n: Any, g: Any) -> EvalRow:
        """One evaluation result of a source: task, dataset, metric, value."""
        fields = {q.predicate.value: _value(q.object) for q in self._quads(n, None, None, g)}
        return (
            fields.get(v.EVAL_TASK),
            fields.get(v.EVAL_DATASET),
            fields.get(v.EVAL_METRIC, ""),
            fields.get(v.EVAL_VALUE, ""),
        )

    def _weight_facts(
        self, m: NamedNode
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]]:
        """Formats, quantisation types and bit widths that any source about the model states.

        Unlike the other facts, side files count: a GGUF header names its own quantisation.
        """
        found = [
            sorted({_value(q.object) for q in self._quads(m, _N[p])})
            for p in ("WEIGHT_FORMAT", "QUANT_TYPE", "BIT_WIDTH")
        ]
        return tuple(found[0]), tuple(found[1]), tuple(sorted(int(b) for b in found[2]))

    def _dataset_spelling(self, d: NamedNode, g: Any) -> str:
        """A dataset's identifier as one source spells it.

        A model lists its datasets as its own sources write them (the smallest
        spelling when they differ, even within one source), so its facts depend on
        its own sources only.
        """
        spellings = (_value(q.object) for q in self._quads(d, _N["IDENTIFIER"], None, g))
        return min(spellings, default=d.value.removeprefix(v.DATASET_NS))

    def _evidence(self, d: Any, g: Any) -> tuple[Any, Evidence]:
        fields: dict[str, Any] = {}
        for q in self._quads(d, None, None, g):
            fields[q.predicate.value] = q.object
        source, location = self._source_info(g)
        inferred = fields.get(v.RELATION_INFERRED)
        value = fields.get(v.EVIDENCE_VALUE)
        ev = Evidence(
            kind=_value(fields[v.EVIDENCE_KIND]),
            source=source,
            relation=_value(fields[v.RELATION]),
            confidence=float(_value(fields[v.CONFIDENCE])),
            inferred=inferred is not None and _value(inferred) == "true",
            value=_value(value) if value is not None else None,
            location=location,
        )
        return fields[v.ENTITY], ev

    def parents(self, model_id: str) -> list[Edge]:
        return self._edges_to_parents(v.model_iri(model_id), model_id)

    def _edges_to_parents(self, m_iri: str, fallback_id: str) -> list[Edge]:
        child, parents = self._parent_data(m_iri)
        return [Edge(child or fallback_id, parent, list(evs)) for parent, evs in parents]

    def _parent_data_uncached(
        self, m_iri: str
    ) -> tuple[str | None, tuple[tuple[str, tuple[Evidence, ...]], ...]]:
        m = NamedNode(m_iri)
        rows = (
            self._indexed("parents", m_iri, self._parent_rows, _parent_rows_plain, _parent_rows_of)
            or ()
        )
        edges = [(self._display(NamedNode(p)) or p, evs) for p, evs in rows]
        edges.sort(key=lambda e: e[0].casefold())
        return self._display(m), tuple(edges)

    def _parent_rows(self, m_iri: str) -> _ParentRows | None:
        """A model's parents as the lineage index keeps them (None: no such model)."""
        m = NamedNode(m_iri)
        grouped: dict[Any, list[Evidence]] = defaultdict(list)
        for q in self._quads(m, _N["QUALIFIED_DERIVATION"]):
            parent, ev = self._evidence(q.object, q.graph_name)
            grouped[parent].append(ev)
        if not grouped and self._node_data(m_iri) is None:
            return None  # not kept: requests for unknown models must not grow the index
        return tuple((p.value, tuple(evs)) for p, evs in grouped.items())

    def children(self, model_id: str, limit: int | None = None) -> list[Edge]:
        m = NamedNode(v.model_iri(model_id))
        parent = self._display(m) or model_id
        grouped: dict[Any, list[Evidence]] = defaultdict(list)
        for q in self._quads(None, _N["ENTITY"], m):
            owner = next(
                self._quads(None, _N["QUALIFIED_DERIVATION"], q.subject, q.graph_name), None
            )
            if owner is None:
                continue
            if limit is not None and owner.subject not in grouped and len(grouped) >= limit:
                continue
            _, ev = self._evidence(q.subject, q.graph_name)
            grouped[owner.subject].append(ev)
        edges = [Edge(self._display(c) or c.value, parent, evs) for c, evs in grouped.items()]
        return sorted(edges, key=lambda e: e.child.casefold())

    def ancestors(self, model_id: str, max_depth: int | None = None) -> Lineage:
        depth = self.max_depth if max_depth is None else max_depth
        return ancestors_by_bfs(model_id, self.parents, self.node, depth)

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
        index = self._relation_index()
        first = self._best_relation_index() if wanted is None else {}
        root = v.model_iri(model_id)

        def level(frontier: list[str]) -> dict[str, list[tuple[str, str]]]:
            if wanted is None:  # each child once, under its best relation: prepared
                return {p: first[p] for p in frontier if p in first}
            out: dict[str, list[tuple[str, str]]] = {}
            for parent in frontier:
                kids: list[tuple[str, str]] = []
                last = None
                # Children come sorted by key, each child's relations best first.
                for child, rel in index.get(parent, ()):
                    if child == last or (wanted is not None and rel not in wanted):
                        continue
                    last = child
                    kids.append((child, rel))
                if kids:
                    out[parent] = kids
            return out

        walk = walk_descendants(
            root, level, lambda frontier: any(p in index for p in frontier), depth_cap, limit
        )
        names: dict[str, str] = {}

        def name(term: str) -> str:
            if term not in names:
                names[term] = self._display(NamedNode(term)) or term
            return names[term]

        return descendants_of_walk(model_id, walk, name, self.node)

    def _relation_index(self) -> dict[str, list[tuple[str, str]]]:
        """Parent IRI → its children's IRIs and relations, for every derivation triple.

        Walking a family of 50,000 one lookup per model costs seconds; this index
        is built once (one CONSTRUCT serialised by Oxigraph, parsed as text) and
        kept until the next write. Children are sorted by model key, and each
        child's relations best first, as `descendants` lists them.
        """
        index = self._rel_index
        if index is not None:
            return index
        with self._rel_lock:
            index = self._rel_index
            if index is None:
                generation = self.generation
                index = self._build_relation_index()
                if generation == self.generation:  # no write raced the build
                    self._rel_index = index
            return index

    def _best_relation_index(self) -> dict[str, list[tuple[str, str]]]:
        """The relation index with each child once, under its best relation (unfiltered walks)."""
        index = self._relation_index()
        cached = self._rel_best
        if cached is not None and cached[0] is index:
            return cached[1]
        best: dict[str, list[tuple[str, str]]] = {}
        for parent, kids in index.items():
            once: list[tuple[str, str]] = []
            last = None
            for child, rel in kids:  # sorted by child, best relation first
                if child != last:
                    once.append((child, rel))
                    last = child
            best[parent] = once
        self._rel_best = (index, best)
        return best

    def _build_relation_index(self) -> dict[str, list[tuple[str, str]]]:
        preds = " ".join(iri for iri in _RELATION_IRIS)
        query = f"CONSTRUCT {{ ?c ?p ?x }} WHERE {{ VALUES ?p {{ {preds} }} ?c ?p ?x }}"
        try:
            result: Any = self._store.query(query, use_default_graph_as_union=True)
            text: bytes = result.serialize(format=RdfFormat.N_TRIPLES)
        except OSError as exc:
            raise StoreError(str(exc)) from exc
        pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
        rel_of = {iri: _REL_OF_PRED[iri[1:-1]] for iri in _RELATION_IRIS}
        for line in text.decode().splitlines():
            child, pred, parent, _ = line.split(" ", 3)
            if parent.startswith("<"):
                pairs[parent[1:-1]].add((child[1:-1], rel_of[pred]))
        return {
            parent: sorted(kids, key=lambda cr: (v.model_key_from_iri(cr[0]), _RANK[cr[1]]))
            for parent, kids in pairs.items()
        }

    def _model_nodes(self) -> Iterator[Any]:
        """Every model's node, once, in store order.

        A model is typed once per graph that names it; on disk the type index holds a
        subject's quads together, so comparing with the last one is enough. The
        in-memory engine iterates graph by graph, so it remembers what it has seen.
        """
        if self.location is None:
            seen: set[Any] = set()
            for q in self._quads(None, _N["TYPE"], _N["MLMODEL"]):
                if q.subject not in seen:
                    seen.add(q.subject)
                    yield q.subject
            return
        last = None
        for q in self._quads(None, _N["TYPE"], _N["MLMODEL"]):
            if q.subject != last:
                last = q.subject
                yield last

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

    def clear(self) -> None:
        """Drop every source graph (and so every model)."""
        graphs = [g.value for g in self._store.named_graphs() if isinstance(g, NamedNode)]
        with self._changing(graphs, []):
            self._store.clear()

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
            if not isinstance(g, NamedNode):
                continue
            rec = record_from_quads(self._quads(None, None, None, g), g)
            if rec is not None:
                yield rec

    def source_digests(self, locations: bool = False) -> Iterator[SourceDigest]:
        """The digests of the sources, from one scan; with ``locations``, every source.

        Without locations the name comes from the graph's IRI (`vocab.source_name_from_iri`,
        case-folded): joining each graph's name and location costs 5× more (see
        docs/benchmarks.md), and each import starts with this read.
        """
        if locations:
            query = (
                f"SELECT ?n ?d ?l WHERE {{ GRAPH ?g {{ ?g <{v.SOURCE_NAME}> ?n ; "
                f"<{v.LOCATION}> ?l OPTIONAL {{ ?g <{v.SOURCE_DIGEST}> ?d }} }} }}"
            )
        else:
            query = f"SELECT ?g ?d WHERE {{ GRAPH ?g {{ ?g <{v.SOURCE_DIGEST}> ?d }} }}"
        name = v.source_name_from_iri
        try:
            for row in self._store.query(query):  # type: ignore[union-attr]
                if locations:
                    d = row[1]
                    yield SourceDigest(row[0].value, None if d is None else d.value, row[2].value)
                else:
                    yield SourceDigest(name(row[0].value), row[1].value)
        except OSError as exc:
            raise StoreError(f"reading the source digests failed: {exc}") from exc

    def stats(self) -> dict[str, int]:
        q = f"""
        SELECT (COUNT(DISTINCT ?m) AS ?models) (COUNT(DISTINCT ?own) AS ?described) WHERE {{
          {{ GRAPH ?g {{ ?m <{v.TYPE}> <{v.MLMODEL}> }} }}
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
            "sources": sum(1 for _ in self._store.named_graphs()),
        }

    def _select(self, query: str) -> Any:
        try:
            return self._store.query(query)
        except SyntaxError as exc:
            raise QueryError(str(exc)) from exc

    # -- SPARQL ---------------------------------------------------------------

    def sparql(
        self,
        query: str,
        union_default_graph: bool = True,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> Any:
        """Run a read-only SPARQL query (updates are not accepted by this method)."""
        kwargs: dict[str, Any] = {"prefixes": v.PREFIXES}
        if default_graph:
            kwargs["default_graph"] = [NamedNode(g) for g in default_graph]
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
        """Serialise the dataset: quad formats keep the source graphs, triple formats the union."""
        dump_dataset(self._store, fmt, output)

    def close(self) -> None:
        if self.unwritable is None:  # a read-only instance has nothing to flush (and refuses)
            with contextlib.suppress(OSError):
                self._store.flush()
        if self.index is not None:
            self.index.close()
        del self._store


def _parent_rows_plain(rows: _ParentRows) -> tuple[Any, ...]:
    """Parent rows as the lineage index keeps them: each `Evidence` as the tuple of its fields."""
    return tuple(
        (p, tuple((e.kind, e.source, e.relation, e.confidence, e.inferred, e.value, e.location)
                  for e in evs))
        for p, evs in rows
    )  # fmt: skip


def _parent_rows_of(rows: tuple[Any, ...]) -> _ParentRows:
    """Parent rows as the lineage index returns them, back to IRIs and `Evidence`."""
    return tuple((p, tuple(Evidence(*fields) for fields in evs)) for p, evs in rows)


_LOCKED = re.compile(r"lock", re.IGNORECASE)
_NO_SPACE = re.compile(r"No space left on device|ENOSPC|Disk quota exceeded", re.IGNORECASE)


def _unwritable_reason(path: Path, exc: OSError) -> str | None:
    """Why a store that exists cannot be opened for writing, when reading it still works."""
    text = str(exc)
    if exc.errno == errno.ENOSPC or _NO_SPACE.search(text):
        return f"the disk holding it is full ({text})"
    if _LOCKED.search(text) and "unavailable" in text.casefold():
        return (
            "another lineage process holds it for writing (`lineage serve` or an import); "
            "reads work beside it; import through the server (POST /import) or when it ends"
        )
    return None


def _open_problem(path: Path, exc: OSError) -> str:
    """What to tell a user whose store did not open (no guesses about other processes)."""
    text = str(exc)
    if exc.errno == errno.ENOSPC or _NO_SPACE.search(text):
        return f"cannot open the embedded store at {path}: the disk holding it is full ({text})"
    if exc.errno in (errno.EACCES, errno.EPERM) or "Permission denied" in text:
        return f"cannot open the embedded store at {path}: permission denied ({text})"
    if _LOCKED.search(text) and "unavailable" in text.casefold():
        return (
            f"cannot open the embedded store at {path}: another lineage process holds it "
            f"for writing ({text})"
        )
    return f"cannot open the embedded store at {path}: {text}"


def _old_logs(path: Path) -> set[str]:
    try:
        return {p.name for p in path.glob("LOG.old.*")}
    except OSError:
        return set()


def _restore_log(path: Path, before: set[str]) -> None:
    """Undo the LOG rotation of a failed open: RocksDB renames ``LOG`` to ``LOG.old.<time>``
    before it finds the lock taken (or the disk full), leaving one file behind per try."""
    new = sorted((p for p in path.glob("LOG.old.*") if p.name not in before), key=_log_time)
    with contextlib.suppress(OSError):
        if new:
            # The first is the LOG as it was (the live log of a process holding the store).
            os.replace(new[0], path / "LOG")
        for extra in new[1:]:
            extra.unlink()


def _log_time(p: Path) -> int:
    suffix = p.name.rsplit(".", 1)[-1]
    return int(suffix) if suffix.isdigit() else 0


def from_settings(settings: Settings) -> OxigraphStore:
    """Open the embedded store the settings name."""
    return OxigraphStore(settings.db, max_depth=settings.max_depth, index=settings.index)


__all__ = ["OxigraphStore", "from_settings"]

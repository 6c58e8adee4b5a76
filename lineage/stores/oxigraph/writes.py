"""Writes to the embedded store: whole source graphs replaced, caches and index rows forgotten.

Each source's triples live in their own named graph; a write replaces whole graphs in one
transaction (or bulk-loads sources new to the store), so re-imports are idempotent.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence

from pyoxigraph import NamedNode, RdfFormat

from lineage.core import vocab as v
from lineage.core.errors import StoreError, StoreUnavailable
from lineage.core.records import SourceRecord
from lineage.rdf import mapping as rdf
from lineage.rdf.view import models_named
from lineage.stores.oxigraph import lineage_index
from lineage.stores.oxigraph.digest_file import STATE_GRAPH
from lineage.stores.oxigraph.lineage_index import FILE_NAME as INDEX_FILE
from lineage.stores.oxigraph.state import StoreState
from lineage.stores.oxigraph.terms import MODEL_PREFIX as _MODEL_PREFIX

# Below this many records a batch goes through a SPARQL update (transactional);
# larger batches of brand-new sources go through the bulk loader.
BULK_MIN_RECORDS = 500


class WritesMixin(StoreState):
    """Replacing and dropping source graphs (the write half of `OxigraphStore`)."""

    def _refuse_writes(self) -> None:
        if self.unwritable is not None:
            raise StoreUnavailable(f"the embedded store at {self.location} takes no writes now: "
                                   f"{self.unwritable}")  # fmt: skip

    def _invalidate(self) -> None:
        """Forget cached reads: the graph is about to change (or just changed)."""
        self.generation += 1
        for cached in (self._source_info, self._node_data, self._parent_data):
            cached.cache_clear()
        self._rel_index = None
        self._rel_best = None

    @contextlib.contextmanager
    def _changing(self, graphs: Sequence[str], new: Sequence[rdf.PreparedSource]) -> Iterator[None]:
        """Around a write: caches forgotten before and after, index rows it changes deleted,
        the models it names marked for the consolidated view (`view`), the kept digest
        table made stale (`DigestFileMixin`).

        ``graphs`` are the stored graphs the write replaces or drops, ``new`` the
        sources it writes. Reads that overlap the write keep their answers out of
        the lineage index (`_indexed`).
        """
        self._refuse_writes()  # every write passes here
        self._digests_change()
        named: set[str] | None = None

        def models() -> set[str]:  # read once, for the index and the view
            nonlocal named
            if named is None:
                named = self._models_named(graphs, new)
            return named

        with self._view_lock:  # no refresh of the view while the sources change
            self._mark_view(len(graphs), models)
            with self._put_lock:  # a read that checked before this point has put its row by now
                self._writing = True
                self._invalidate()
            try:
                self._forget(graphs, new, models)
                yield
            finally:
                self._invalidate()
                self._writing = False

    def _forget(
        self,
        graphs: Sequence[str],
        new: Sequence[rdf.PreparedSource],
        models: Callable[[], set[str]],
    ) -> None:
        """Delete the index rows of every model the sources name, as stored and as written."""
        index = self.index
        if index is None or not index.usable:
            self._drop_unused_index()
            return
        if (not graphs and not new) or index.is_empty():
            return
        if len(graphs) > lineage_index.FORGET_MAX:  # reading back what many sources said costs more
            index.clear()
            return
        index.forget(models())

    def _models_named(self, graphs: Sequence[str], new: Sequence[rdf.PreparedSource]) -> set[str]:
        """The IRIs of the models that the stored ``graphs`` and the ``new`` sources name."""
        models: set[str] = set()
        for g in graphs:
            for q in self._quads(None, None, None, NamedNode(g)):
                for term in (q.subject, q.object):
                    if isinstance(term, NamedNode) and term.value.startswith(_MODEL_PREFIX):
                        models.add(term.value)
        # The new text is searched, not parsed: an IRI found inside a literal only
        # deletes one more row (20,000 Hub rows: 0.17 s, against 0.85 s to parse them).
        models.update(models_named("".join(item.nquads for item in new)))
        return models

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
            written = self._graphs_written()
            if written is not None:  # an import into a new store: no lookups (≈ 23 µs each)
                stored = {it.graph for it in batch if hash(it.graph) in written}
            else:
                contains = self._store.contains_named_graph
                stored = {it.graph for it in batch if contains(NamedNode(it.graph))}
        except OSError as exc:
            raise StoreError(f"writing {len(batch)} sources failed: {exc}") from exc
        if written is not None:
            # Counted before the write: if it fails half-way, a later write of the same
            # source replaces its graph instead of adding to it.
            written.update(hash(it.graph) for it in batch)
        with self._changing(sorted(stored), batch):
            self._write_batch(batch, split, stored)

    def _graphs_written(self) -> set[int] | None:
        """Hashes of every graph this process wrote, when the store was empty at its first write.

        Then a graph whose hash is not here is not stored (a hash shared by two graphs only
        sends a new source through the slower replacing write); else None: look it up.
        """
        if self._written is None:
            # The graph of the digest stamp alone is no stored source.
            graphs = (g for g in self._store.named_graphs() if g.value != STATE_GRAPH)
            self._written = set() if next(graphs, None) is None else False
        return self._written if isinstance(self._written, set) else None

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

    def clear(self) -> None:
        """Drop every source graph (and so every model)."""
        graphs = [g.value for g in self._store.named_graphs() if isinstance(g, NamedNode)]
        with self._changing(graphs, []):
            self._store.clear()  # the view too: an empty store needs none
        self._written = set()
        self._forget_view()


__all__ = ["BULK_MIN_RECORDS", "WritesMixin"]

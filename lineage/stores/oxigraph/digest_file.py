"""The sources' digests kept beside the embedded store, in ``source-digests.bin``.

An incremental import starts by reading every stored source's digest; as a scan of the
store that costs ≈ 20 µs a source (20–28 s at a million, docs/benchmarks.md), read from
this file (`lineage.stores.digests.DigestTable`, 32 bytes a source) a fraction of a second.

The file is trusted only when the stamp it names is the one the store holds:

- the stamp is one triple in a graph of its own (`STATE_GRAPH`), written in the store's
  database, so a store restored from a copy, or a file copied from elsewhere, disagrees;
- the first write after a table was kept (or after the store was opened) writes a new
  stamp and deletes the file *before* it changes anything, so a crash half-way, or a
  write by any path (``remove``, ``sync``, the API, a library call), leaves no file the
  store agrees with;
- an import that has read the whole table and counted what it wrote and removed keeps it
  again at its end (`save_digests`): the store is flushed to disk, then the file written
  to a temporary name and renamed over the old one, under the database's lock (this
  process holds it). A file that is torn, of another format or of another stamp is
  ignored: the import scans the store instead and keeps a new table.
"""

from __future__ import annotations

import contextlib
import os
import secrets

from pyoxigraph import NamedNode

from lineage.core import vocab as v
from lineage.core.errors import StoreError
from lineage.stores.digests import DigestTable, graph_key
from lineage.stores.oxigraph.state import StoreState

FILE_NAME = "source-digests.bin"
#: The graph holding the stamp: no source's (``GRAPH ?g`` sees one more graph than sources).
STATE_GRAPH = v.BASE + "store-state"
_STORE = v.BASE + "store"
STAMP = v.LIN + "digestStamp"


class DigestFileMixin(StoreState):
    """`DigestIndexStore` for `OxigraphStore`: the digest table file and the store's stamp."""

    def _digest_path(self) -> str | None:
        return None if self.location is None else str(self.location / FILE_NAME)

    def _stamp(self) -> str | None:
        """The stamp the store holds (None: none yet, or cleared)."""
        for q in self._quads(NamedNode(_STORE), NamedNode(STAMP), None, NamedNode(STATE_GRAPH)):
            return str(q.object.value)
        return None

    def _new_stamp(self) -> str:
        """Write a new stamp into the store (one transaction) and return it."""
        stamp = secrets.token_hex(16)
        try:
            self._store.update(
                f"DELETE WHERE {{ GRAPH <{STATE_GRAPH}> {{ <{_STORE}> <{STAMP}> ?o }} }} ;\n"
                f'INSERT DATA {{ GRAPH <{STATE_GRAPH}> {{ <{_STORE}> <{STAMP}> "{stamp}" }} }}'
            )
        except OSError as exc:
            raise StoreError(f"writing the store's digest stamp failed: {exc}") from exc
        return stamp

    def _digests_change(self) -> None:
        """Before a write: the kept table, if any, stops naming the store's state."""
        if self._stamp_fresh or self.location is None:
            return
        self._new_stamp()
        path = self._digest_path()
        if path is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        self._stamp_fresh = True

    def load_digests(self) -> DigestTable | None:
        """The kept table, if the store holds the stamp it names."""
        path = self._digest_path()
        if path is None:
            return None
        stamp = self._stamp()
        if stamp is None:
            return None
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            return None
        return DigestTable.decode(data, stamp)

    def sources_of(self, keys: set[int]) -> list[str]:
        """Names of the sources whose graph's key is in ``keys``: one pass over the graphs."""
        try:
            return [
                v.source_name_from_iri(g.value)
                for g in self._store.named_graphs()
                if g.value.startswith(v.SOURCE_NS) and graph_key(g.value) in keys
            ]
        except OSError as exc:
            raise StoreError(f"reading the source graphs failed: {exc}") from exc

    def save_digests(self, table: DigestTable) -> bool:
        """Keep ``table`` as what the store holds now, stamped with the store's stamp."""
        path = self._digest_path()
        if path is None or self.unwritable is not None:
            return False
        try:
            stamp = self._stamp() or self._new_stamp()
            # What the file vouches for is on disk first: a crash cannot leave a file that
            # names writes the database lost.
            self._store.flush()
            tmp = f"{path}.{os.getpid()}.tmp"
            with open(tmp, "wb") as f:
                f.write(table.encode(stamp))
            os.replace(tmp, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(f"{path}.{os.getpid()}.tmp")
            raise StoreError(f"keeping the source digests in {path} failed: {exc}") from exc
        self._stamp_fresh = False  # the next write must change the stamp again
        return True


__all__ = ["FILE_NAME", "STAMP", "STATE_GRAPH", "DigestFileMixin"]

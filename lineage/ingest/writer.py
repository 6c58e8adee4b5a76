"""Writing to the stores: batches, on a background thread, to every store that gets writes.

One set of tuned constants for every kind of source (folders, dumps, the live Hub, uploads);
their measurements are in docs/benchmarks.md.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from lineage.core.errors import StoreError
from lineage.core.limits import cap_claims
from lineage.core.records import SourceFailure, SourceRecord
from lineage.ingest.incremental import stamp, stamping
from lineage.ingest.summary import ImportSummary
from lineage.rdf.mapping import PreparedSource
from lineage.stores.base import Capability, LineageStore, bulk_load_store, supports

# Sources per bulk load. Each load's files overlap the whole store, so RocksDB
# compacts them against it: fewer, larger loads mean fewer compactions (1M cards:
# 794 s at 10,000, 453 s at 25,000; 50,000 went past 2 GB of memory).
BULK_BATCH = 25_000
# The import's last batch is loaded alone, after the last source is parsed: with one parser
# process, nearly all the time an import spends after parsing (a 100k folder: 25,000
# sources, 3.3-4.4 s on 2 cores). When the sources still to come are expected to fit in the
# batch being filled, it is sent once half of them are parsed, so that half loads while the
# rest is parsed; then the rest is halved again each time the writer is idle, so only the
# last, smallest part waits at the end (docs/benchmarks.md, tenth round).
# Parts smaller than this are not worth a load of their own.
FINAL_SPLIT_MIN = 5_000


def bulk_loads(stores: Sequence[LineageStore]) -> bool:
    """Whether workers should prepare N-Quads: every store bulk-loads them."""
    return bool(stores) and all(supports(s, Capability.BULK_LOAD) for s in stores)


class LostStore:
    """A store that failed mid-import (a projection: Neo4j) and the sources it did not get."""

    def __init__(self, store: LineageStore, error: StoreError, record_store: str) -> None:
        self.store, self.error, self.record_store = store, error, record_store
        self.first = self.last = ""
        self.count = 0

    def missed(self, batch: Sequence[SourceRecord | PreparedSource]) -> None:
        names = [item.source if isinstance(item, SourceRecord) else item.key for item in batch]
        if names:
            self.first = self.first or names[0]
            self.last = names[-1]
            self.count += len(names)

    def failure(self) -> SourceFailure:
        """One line: what failed, which sources the store lacks, how to complete it."""
        name = self.store.name
        error = " ".join(str(self.error).split())
        return SourceFailure(
            name,
            f"{error}; {self.count:,} source(s) not written to it "
            f"({self.first} … {self.last}), the {self.record_store} store has them: "
            f"import again or run `lineage sync {name}` to complete the {name} store",
        )


class BatchWriter:
    """Writes batches on one background thread, one batch in flight.

    Oxigraph's loader and the Neo4j driver release the GIL, so the next chunks
    are received and batched while the previous batch is written. The first store
    is the record store: if a write to it fails, the import fails. Any other store
    (a projection) that fails is left out for the rest of the import and reported
    (`lost`): the next import, or ``lineage sync``, completes it from the record store.
    """

    def __init__(self, stores: Sequence[LineageStore]) -> None:
        self.stores = stores
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lineage-writer")
        self._pending: Future[None] | None = None
        self.lost: dict[int, LostStore] = {}  # by position in ``stores``

    def _write(self, batch: list[Any], prepared: bool) -> None:
        for i, store in enumerate(self.stores):
            lost = self.lost.get(i)
            if lost is not None:
                lost.missed(batch)
                continue
            try:
                if prepared:
                    bulk_load_store(store).write_prepared(batch)
                else:
                    store.write(batch)
            except StoreError as exc:
                if i == 0:
                    raise
                self.lost[i] = LostStore(store, exc, self.stores[0].name)
                self.lost[i].missed(batch)

    def submit(self, batch: list[Any], prepared: bool) -> None:
        self.wait()
        self._pending = self._pool.submit(self._write, batch, prepared)

    def idle(self) -> bool:
        """Whether no batch is being written (a batch sent now would not wait)."""
        return self._pending is None or self._pending.done()

    def wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def close(self) -> None:
        try:
            self.wait()
        finally:
            self._pool.shutdown(wait=True)


class BatchedWrites:
    """Parsed payloads in, batches out: `BULK_BATCH` prepared sources or ``batch_size`` records.

    The last batch of bulk loads may go out in parts (`FINAL_SPLIT_MIN`), when the caller
    says how many sources it still expects (``rest`` of `add`).
    """

    def __init__(self, stores: Sequence[LineageStore], batch_size: int) -> None:
        self.prepared = bulk_loads(stores)
        self.limit = max(batch_size, BULK_BATCH) if self.prepared else batch_size
        self._writer = BatchWriter(stores)
        self._batch: list[Any] = []
        self._split = False  # the last batch's first half went out already
        self.sent: list[int] = []  # sizes of the batches handed to the writer, in order

    def add(self, payload: Sequence[Any], rest: float | None = None) -> None:
        """Queue parsed sources; a full batch goes to the writer thread.

        ``rest``: how many sources are still expected after these (an estimate; None:
        unknown). When they would all fit in this batch, it goes out as soon as it holds
        half of what is left: that load overlaps parsing. After that first half, what is
        left is halved again the same way, but only while the writer is idle (a part
        never makes the parser wait for the load before it).
        """
        self._batch.extend(payload)
        n = len(self._batch)
        if n >= self.limit or (
            rest is not None
            and self.prepared
            and FINAL_SPLIT_MIN <= rest <= n
            and n + rest < self.limit
            and (not self._split or self._writer.idle())
        ):
            self._split = self._split or n < self.limit
            self._send()

    def _send(self) -> None:
        self.sent.append(len(self._batch))
        self._writer.submit(self._batch, self.prepared)
        self._batch = []

    def finish(self) -> None:
        """Write what is left and wait for every write."""
        if self._batch:
            self._send()
        self._writer.wait()

    def close(self) -> None:
        """Stop the writer thread (after `finish`, or on failure)."""
        self._writer.close()

    def lost(self) -> list[SourceFailure]:
        """One failure per store that stopped taking writes, naming the sources it lacks."""
        return [lost.failure() for lost in self._writer.lost.values()]

    def alive(self) -> list[LineageStore]:
        """The stores that took every write."""
        return [s for i, s in enumerate(self._writer.stores) if i not in self._writer.lost]


def import_records(
    records: Iterable[SourceRecord], stores: Sequence[LineageStore], batch_size: int = 2000
) -> ImportSummary:
    """Write already-parsed records (dump rows, Hub responses) into every store."""
    started = time.perf_counter()
    summary = ImportSummary()
    batch: list[SourceRecord] = []
    with stamping():
        for rec in records:
            batch.append(stamp(cap_claims(rec)))
            if len(batch) >= batch_size:
                write_batch(batch, stores, summary)
                batch = []
        write_batch(batch, stores, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def write_batch(
    batch: list[SourceRecord], stores: Sequence[LineageStore], summary: ImportSummary
) -> None:
    """Write a batch of records to every store and count it in the summary."""
    if not batch:
        return
    for store in stores:
        store.write(batch)
    summary.sources += len(batch)
    for rec in batch:
        summary.models.add(rec.model_id.casefold())
        summary.edges += len(rec.claims)
        summary.unresolved += len(rec.unresolved)
        summary.warnings.extend(SourceFailure(rec.location, w) for w in rec.warnings)


__all__ = [
    "BULK_BATCH",
    "FINAL_SPLIT_MIN",
    "BatchWriter",
    "BatchedWrites",
    "LostStore",
    "bulk_loads",
    "import_records",
    "write_batch",
]

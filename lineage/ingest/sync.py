"""Copying what the embedded store holds into another store, source by source."""

from __future__ import annotations

from lineage.core.records import SourceRecord
from lineage.stores.base import LineageStore, record_source, stored_digests


def sync_stores(
    source: LineageStore, dest: LineageStore, *, replace: bool = False, batch_size: int = 2000
) -> int:
    """Make ``dest`` hold exactly the sources of ``source``; returns how many were written.

    Reconciles: a source ``dest`` holds with the same digest is left alone, one it lacks,
    holds with another digest (or either holds without one) is written, and one that
    ``source`` no longer has is removed from ``dest``. ``replace`` empties ``dest`` first.
    """
    if replace:
        dest.clear()
    theirs = {s.source.casefold(): s.digest for s in stored_digests(dest, locations=True)}
    ours: set[str] = set()
    n = 0
    batch: list[SourceRecord] = []
    for record in record_source(source).iter_records():
        name = record.source.casefold()
        ours.add(name)
        if record.digest is not None and theirs.get(name) == record.digest:
            continue
        batch.append(record)
        if len(batch) >= batch_size:
            dest.write(batch)
            n += len(batch)
            batch = []
    if batch:
        dest.write(batch)
        n += len(batch)
    gone = sorted(name for name in theirs if name not in ours)
    for i in range(0, len(gone), batch_size):
        dest.remove_sources(gone[i : i + batch_size])
    return n

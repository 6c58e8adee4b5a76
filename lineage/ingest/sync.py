"""Copying what the embedded store holds into another store, source by source."""

from __future__ import annotations

from lineage.stores.base import LineageStore, record_source


def sync_stores(
    source: LineageStore, dest: LineageStore, *, replace: bool = False, batch_size: int = 2000
) -> int:
    """Write every source record of ``source`` into ``dest``; returns how many sources."""
    records = record_source(source).iter_records()
    if replace:
        dest.clear()
    n = 0
    batch = []
    for record in records:
        batch.append(record)
        if len(batch) >= batch_size:
            dest.write(batch)
            n += len(batch)
            batch = []
    if batch:
        dest.write(batch)
        n += len(batch)
    return n

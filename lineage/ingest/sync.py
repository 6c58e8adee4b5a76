"""Copying what the embedded store holds into another store, source by source."""

from __future__ import annotations

from lineage.stores.base import LineageStore
from lineage.stores.oxigraph.store import OxigraphStore


def sync_stores(
    source: LineageStore, dest: LineageStore, *, replace: bool = False, batch_size: int = 2000
) -> int:
    """Write every source record of ``source`` into ``dest``; returns how many sources."""
    if not isinstance(source, OxigraphStore):
        raise TypeError("sync reads from the embedded store")
    if replace:
        clear = getattr(dest, "clear", None)
        if clear is not None:
            clear()
    n = 0
    batch = []
    for record in source.iter_records():
        batch.append(record)
        if len(batch) >= batch_size:
            dest.write(batch)
            n += len(batch)
            batch = []
    if batch:
        dest.write(batch)
        n += len(batch)
    return n

"""Which stores receive writes: decided here, once, for every command and the API."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from lineage.core.settings import Settings
from lineage.stores.base import LineageStore, open_store

#: The system of record: every import lands here.
RECORD_STORE = "embedded"


def write_store_names(settings: Settings) -> list[str]:
    """The engines an import writes to: the record store, Neo4j when configured, the answering one.

    Writing to fewer would leave a configured store silently disagreeing with the others.
    """
    names = [RECORD_STORE]
    if settings.neo4j_uri:
        names.append("neo4j")
    if settings.store not in names:
        names.append(settings.store)
    return names


@contextmanager
def write_stores(settings: Settings) -> Iterator[list[LineageStore]]:
    """Every store an import writes to, opened, and closed afterwards."""
    with ExitStack() as stack:
        stores: list[LineageStore] = []
        for name in write_store_names(settings):
            store = open_store(settings, name)
            stack.callback(store.close)
            stores.append(store)
        yield stores


__all__ = ["RECORD_STORE", "write_store_names", "write_stores"]

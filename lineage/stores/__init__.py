"""Stores: one `LineageStore` protocol, several engines, looked up by name."""

from __future__ import annotations

from lineage.stores.base import LineageStore, open_store, register_store, store_names

__all__ = ["LineageStore", "open_store", "register_store", "store_names"]

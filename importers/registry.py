"""The registry of file readers, by name."""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points

from importers.base import FileReader

# The built-in readers: each module defines ``READER``; none imports this registry.
BUILTIN = (
    "importers.adapter_config",
    "importers.card",
    "importers.config_json",
    "importers.gguf_header",
    "importers.mergekit",
    "importers.modelfile",
)

_READERS: dict[str, FileReader] = {}
_loaded = False


def register(reader: FileReader) -> FileReader:
    """Add (or replace) a reader under its name."""
    _READERS[reader.name] = reader
    return reader


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in BUILTIN:  # patterns do not overlap
        register(importlib.import_module(module).READER)

    for ep in entry_points(group="model_lineage.importers"):
        obj = ep.load()
        if isinstance(obj, FileReader):
            register(obj)


def file_readers() -> dict[str, FileReader]:
    """Every registered reader by name."""
    _load()
    return dict(_READERS)


def reader_for(filename: str) -> FileReader | None:
    """The reader for a file name, if any reads it."""
    _load()
    for reader in _READERS.values():
        if reader.matches(filename):
            return reader
    return None

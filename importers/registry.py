"""The registry of file readers, by name."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points

from lineage.core.records import SourceRecord

# A reader gets the raw bytes of one file, the id of the model whose repo holds
# it, and where it was read from; it returns records or raises `CardError`.
ReadFunc = Callable[[bytes, str, str], list[SourceRecord]]


@dataclass(frozen=True, slots=True)
class FileReader:
    """A named reader for the files whose names match ``patterns``."""

    name: str
    patterns: tuple[str, ...]
    read: ReadFunc
    # Formats whose lineage sits in a header (GGUF) are read up to this many bytes,
    # whatever the file's size; None: the whole file, within the size limit.
    prefix_bytes: int | None = None

    def matches(self, filename: str) -> bool:
        lower = filename.lower()
        return any(fnmatch.fnmatchcase(lower, p) for p in self.patterns)


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
    # Each reader module registers itself on import (patterns do not overlap).
    import importers.adapter_config
    import importers.card
    import importers.config_json
    import importers.gguf_header
    import importers.mergekit
    import importers.modelfile  # noqa: F401

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

"""What a file reader is: a name, the file names it reads, and a function of bytes to records."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass

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


__all__ = ["FileReader", "ReadFunc"]

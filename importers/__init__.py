"""Readers that turn lineage sources into pure records (`lineage.core.records`).

Each reader is looked up by name in a small registry; third parties add their
own through the ``model_lineage.importers`` entry point group.
"""

from __future__ import annotations

from importers import _native

# Before any reader is imported: compiled readers, or their sources when those changed.
_native.choose(__name__)

from importers.base import FileReader  # noqa: E402
from importers.registry import file_readers, reader_for, register  # noqa: E402

__all__ = ["FileReader", "file_readers", "reader_for", "register"]

"""Readers that turn lineage sources into pure records (`lineage.core.records`).

Each reader is looked up by name in a small registry; third parties add their
own through the ``model_lineage.importers`` entry point group.
"""

from __future__ import annotations

from importers.base import FileReader
from importers.registry import file_readers, reader_for, register

__all__ = ["FileReader", "file_readers", "reader_for", "register"]

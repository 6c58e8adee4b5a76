"""Export formats, looked up by name in a small registry.

Built-in formats register the same way third-party ones do: an object with
``name``, ``media_type``, ``extension``, ``description``, ``groups`` and
``write(view, out)`` (see `lineage.exporters.base.Exporter`), either through
`register_exporter` or an entry point in the ``model_lineage.exporters`` group.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import entry_points

from lineage.core.errors import UsageError
from lineage.exporters.base import Exporter, FunctionExporter, GraphView

_EXPORTERS: dict[str, Exporter] = {}
_loaded = False
# Modules of the built-in formats, each with a module-level ``EXPORTERS`` list.
_BUILTIN = ("graph_xml", "graph_json", "graph_text", "rdf_formats")


def register_exporter(exporter: Exporter) -> None:
    """Register a format under ``exporter.name`` (a later registration wins)."""
    _EXPORTERS[exporter.name] = exporter


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in _BUILTIN:
        for exporter in import_module(f"lineage.exporters.{module}").EXPORTERS:
            register_exporter(exporter)
    for ep in entry_points(group="model_lineage.exporters"):
        register_exporter(ep.load())


def exporter_names() -> list[str]:
    """Names of every registered format, in registration order."""
    _load()
    return list(_EXPORTERS)


def get_exporter(name: str) -> Exporter:
    """The format called ``name``."""
    _load()
    try:
        return _EXPORTERS[name]
    except KeyError:
        raise UsageError(
            f"unknown export format {name!r}; choose one of {', '.join(exporter_names())}"
        ) from None


__all__ = [
    "Exporter",
    "FunctionExporter",
    "GraphView",
    "exporter_names",
    "get_exporter",
    "register_exporter",
]

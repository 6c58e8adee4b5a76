"""model-lineage: what is this model really built on?

``g = lineage.open(db=...)`` opens the graph from Python (see `lineage.library.LineageGraph`).
Importing ``lineage`` itself stays cheap: the stores load on the first ``open``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lineage.library import LineageGraph

__version__ = "0.1.0"
__all__ = ["LineageGraph", "__version__", "open"]


def open(  # the front door is lineage.open, like io.open
    db: str | Path | None = None, *, store: str | None = None, **settings: Any
) -> LineageGraph:
    """Open the lineage graph: ``db`` (embedded store folder), ``store`` (engine that answers:
    embedded, neo4j or sparql), any other `lineage.core.settings.Settings` field as a keyword.

    Unset values come from the ``LINEAGE_*`` environment variables, as for the CLI.
    """
    from lineage.library import open as open_graph

    return open_graph(db, store=store, **settings)


def __getattr__(name: str) -> Any:
    if name == "LineageGraph":
        from lineage.library import LineageGraph

        return LineageGraph
    raise AttributeError(f"module 'lineage' has no attribute {name!r}")

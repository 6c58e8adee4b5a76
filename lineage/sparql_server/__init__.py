"""Local SPARQL 1.1 servers for development and tests: ``oxigraph serve`` and Jena Fuseki.

`lineage.sparql_server.launcher` starts them as their own processes. ``pom.xml`` (package data,
not Python) lists Fuseki's jars; the launcher copies it into a per-user build directory and lets
Maven fetch the class path there.
"""

from __future__ import annotations

from pathlib import Path

#: Directory holding ``pom.xml``.
SOURCE_DIR = Path(__file__).resolve().parent

#: Fuseki's command-line main class (Jena 5).
FUSEKI_MAIN = "org.apache.jena.fuseki.main.cmds.FusekiMainCmd"

__all__ = ["FUSEKI_MAIN", "SOURCE_DIR"]

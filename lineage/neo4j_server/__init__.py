"""Java sources of the local development Neo4j (package data, not Python code).

This directory is a small Maven project (``pom.xml`` and ``src/main/java``) that runs Neo4j's
embeddable DBMS with the Bolt connector switched on. :mod:`lineage.neo4j_server.launcher` copies it into a
per-user build directory, builds it with Maven and runs it; nothing here is imported at run time.
It is a package only so that the sources travel inside the wheel as package data.
"""

from __future__ import annotations

from pathlib import Path

#: Directory holding ``pom.xml`` and ``src/``.
SOURCE_DIR = Path(__file__).resolve().parent

#: Fully qualified name of the Java main class.
MAIN_CLASS = "org.modellineage.neo4j.LineageNeo4j"

#: Prefix of the single line the server prints on stdout once it answers queries.
READY_PREFIX = "NEO4J READY "

__all__ = ["MAIN_CLASS", "READY_PREFIX", "SOURCE_DIR"]

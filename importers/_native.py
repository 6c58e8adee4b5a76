"""Compiled or pure: which build of the readers this process runs.

`setup.py` compiles most of this package with mypyc and writes ``_native.json``
beside the extensions: the SHA-256 of each compiled module's source. Python's
import system prefers an extension module to a source file of the same name, so
an extension built before its source was edited would silently run the old code.
This module, run by the package's ``__init__`` before any reader is imported,
prevents that: unless every compiled module's source still has the digest it was
built from, every one of them is loaded from its source instead (all or none:
compiled modules call each other natively, inside one shared library). Setting
``LINEAGE_PURE_PYTHON=1`` asks for the sources too.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Mapping, Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

PURE_ENV = "LINEAGE_PURE_PYTHON"
MANIFEST = "_native.json"
_HERE = Path(__file__).resolve().parent
_EXTENSION_ENDS = tuple(importlib.machinery.EXTENSION_SUFFIXES)


class SourcesFirst(MetaPathFinder):
    """Finds the named modules of this package as their ``.py`` sources."""

    def __init__(self, names: frozenset[str], folder: Path) -> None:
        self.names = names
        self.folder = folder

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname not in self.names:
            return None
        source = self.folder / f"{fullname.rpartition('.')[2]}.py"
        if not source.is_file():
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _extension_modules(folder: Path) -> set[str]:
    """Modules of the folder present as extension files (``card.cpython-311-….so``)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return set()
    return {name.partition(".")[0] for name in names if name.endswith(_EXTENSION_ENDS)}


def build_state(
    folder: Path = _HERE, environ: Mapping[str, str] | None = None
) -> tuple[str, list[str]]:
    """The build to run, and the modules that must be loaded from their sources.

    The state is ``"compiled"``, ``"pure"`` (nothing was compiled), ``"requested-pure"``
    (``LINEAGE_PURE_PYTHON=1``) or ``"stale"`` (a compiled module's source has changed).
    An extension file the last build did not make (left by an earlier build that
    compiled more modules) is never loaded, whatever the state.
    """
    env = os.environ if environ is None else environ
    leftovers = _extension_modules(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        digests: dict[str, str] = dict(manifest["modules"])
    except (OSError, ValueError, KeyError, TypeError):
        return "pure", sorted(leftovers)
    leftovers -= digests.keys()
    if env.get(PURE_ENV) == "1":
        return "requested-pure", sorted(leftovers | digests.keys())
    for name, digest in digests.items():
        if _digest(folder / f"{name}.py") != digest:
            return "stale", sorted(leftovers | digests.keys())
    return "compiled", sorted(leftovers)


STATE = "pure"


def choose(package: str, folder: Path = _HERE) -> str:
    """Decides the build for this process, once; returns its state."""
    global STATE
    state, from_source = build_state(folder)
    if from_source and not any(
        isinstance(finder, SourcesFirst) and finder.folder == folder for finder in sys.meta_path
    ):
        names = frozenset(f"{package}.{name}" for name in from_source)
        sys.meta_path.insert(0, SourcesFirst(names, folder))
    STATE = state
    return state

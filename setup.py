"""Build hook: compile the card readers (the `importers` package) with mypyc.

The readers are mypy-strict Python, so mypyc turns them into C extensions without a
change of code; compiled, they read a card about a fifth faster, which is most of a
large folder import's time. Everything else stays Python.

Compiling is an optimisation, never a requirement:

- ``LINEAGE_PURE_PYTHON=1`` at install time builds no extension (and removes those an
  earlier build left in the build folder or, installed editable, beside the sources);
- a machine without a C compiler, or a mypyc that refuses the code, gets a warning
  and the pure package;
- at run time `importers._native` loads the Python sources instead of extensions
  whose sources have changed since they were built (an edited editable install), or
  when ``LINEAGE_PURE_PYTHON=1`` is set.

The build writes ``importers/_native.json`` beside the extensions: the SHA-256 of each
compiled module's source, which is what that run-time check compares.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent

# Modules left as Python: the package's __init__ and the run-time check (they decide
# which modules load compiled), the YAML loader (classes built on PyYAML's loaders) and
# the scorer and the mergekit reader (dataclass fields typed `object`, which compiled
# dataclasses reject).
PURE = {"__init__.py", "_native.py", "yaml_fast.py", "scorer.py", "mergekit.py"}
MANIFEST = "_native.json"


def _compiled_sources() -> list[str]:
    return sorted(
        f"importers/{path.name}"
        for path in (HERE / "importers").glob("*.py")
        if path.name not in PURE
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _remove_build(root: Path) -> None:
    """The extensions and the digests an earlier build left under ``root`` (the source
    tree of an editable install, or the build folder a wheel is made from)."""
    for old in [
        *(root / "importers").glob("*.so"),
        *root.glob("importers__mypyc*.so"),
        root / "importers" / MANIFEST,
    ]:
        old.unlink(missing_ok=True)


class PureBuildPy(build_py):
    """A build that compiles nothing leaves no extension of an earlier build behind:
    neither in the build folder (a pure wheel would ship them, and their digests, which
    still match the sources, would load them) nor, installed editable, in the source tree."""

    def run(self) -> None:
        if not self.distribution.has_ext_modules():
            _remove_build(Path(self.build_lib))
            if getattr(self, "editable_mode", False):
                _remove_build(HERE)
        super().run()


class OptionalBuildExt(build_ext):
    """Builds the extensions when it can, and writes the sources' digests beside them."""

    def run(self) -> None:
        if self.inplace:
            _remove_build(HERE)  # an editable install's earlier build goes first
        try:
            super().run()
        except Exception as error:  # any build failure means "install pure"
            self._give_up(error)
            return
        if self.extensions:
            self._write_manifest()

    def _give_up(self, error: BaseException) -> None:
        print(
            f"model-lineage: the compiled readers were not built ({error}); "
            "installing the pure-Python package",
            file=sys.stderr,
        )
        # Leave no half-built extension behind to shadow the sources, nor the digests of
        # an earlier build.
        for ext in self.extensions:
            built = Path(self.get_ext_fullpath(ext.name))
            if built.exists():
                built.unlink()
        _remove_build(Path(self.build_lib))
        self.extensions = []

    def _write_manifest(self) -> None:
        modules = {Path(source).stem: _digest(HERE / source) for source in _compiled_sources()}
        text = json.dumps({"modules": modules}, indent=1, sort_keys=True) + "\n"
        # Beside the built extensions (a wheel), and beside their in-place copies (an
        # editable install), wherever they were copied.
        folders = {Path(self.get_ext_fullpath("importers.card")).parent}
        if self.inplace:
            build_py = self.get_finalized_command("build_py")
            folders.add(HERE / build_py.get_package_dir("importers"))
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / MANIFEST).write_text(text, encoding="utf-8")


# Commands that build no extension: the metadata a front end asks for before the build
# (``egg_info``, ``dist_info``) and the source archive. mypyc analyses and translates the
# whole package when `mypycify` is called (tens of seconds), so not for these.
_NO_BUILD = {"egg_info", "dist_info", "sdist", "clean", "check"}


def _extensions() -> list[Any]:
    if os.environ.get("LINEAGE_PURE_PYTHON") == "1":
        return []
    commands = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    if commands and commands[0] in _NO_BUILD:
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print(
            "model-lineage: mypyc is missing; installing the pure-Python package", file=sys.stderr
        )
        return []
    # The build's own environment holds none of the runtime packages (gguf, PyYAML's C
    # loader, …): their types are `Any` there, so the strict checks that only say "this
    # came from an untyped package" are off. They do not change the code mypyc generates;
    # `mypy` in the dev environment keeps them all.
    options = [
        "--ignore-missing-imports",
        "--follow-imports=silent",
        "--no-warn-unused-ignores",
        "--no-warn-return-any",
        "--allow-subclassing-any",
        "--allow-untyped-calls",
        "--cache-dir=build/mypy-cache",
    ]
    try:
        return list(mypycify(options + _compiled_sources(), opt_level="3", group_name="importers"))
    except (Exception, SystemExit) as error:  # a refused compile means "install pure"
        print(
            f"model-lineage: mypyc refused the readers ({error}); installing the pure-Python package",
            file=sys.stderr,
        )
        return []


setup(
    ext_modules=_extensions(),
    cmdclass={"build_ext": OptionalBuildExt, "build_py": PureBuildPy},
)

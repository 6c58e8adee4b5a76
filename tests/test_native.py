"""The compiled readers: which build a process runs, and that both builds read alike."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import importers
import importers.card
from importers import _native

ROOT = Path(__file__).resolve().parents[1]


def _package(tmp_path: Path, name: str, modules: dict[str, str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for module, text in modules.items():
        (folder / f"{module}.py").write_text(text)
    return folder


def _manifest(folder: Path, modules: list[str]) -> None:
    digests = {m: hashlib.sha256((folder / f"{m}.py").read_bytes()).hexdigest() for m in modules}
    (folder / _native.MANIFEST).write_text(json.dumps({"modules": digests}))


def test_a_folder_without_digests_is_pure(tmp_path: Path) -> None:
    folder = _package(tmp_path, "p0", {"a": "X = 1\n"})
    assert _native.build_state(folder, {}) == ("pure", [])


def test_digests_that_match_their_sources_mean_compiled(tmp_path: Path) -> None:
    folder = _package(tmp_path, "p1", {"a": "X = 1\n", "b": "Y = 2\n"})
    _manifest(folder, ["a", "b"])
    assert _native.build_state(folder, {}) == ("compiled", [])


def test_one_edited_source_sends_every_compiled_module_to_its_source(tmp_path: Path) -> None:
    folder = _package(tmp_path, "p2", {"a": "X = 1\n", "b": "Y = 2\n", "c": "Z = 3\n"})
    _manifest(folder, ["a", "b"])
    (folder / "b.py").write_text("Y = 3\n")
    # All or none: compiled modules call each other inside one shared library.
    assert _native.build_state(folder, {}) == ("stale", ["a", "b"])


def test_a_deleted_source_is_a_change(tmp_path: Path) -> None:
    folder = _package(tmp_path, "p3", {"a": "X = 1\n", "b": "Y = 2\n"})
    _manifest(folder, ["a", "b"])
    (folder / "a.py").unlink()
    assert _native.build_state(folder, {})[0] == "stale"


def test_the_environment_asks_for_the_sources(tmp_path: Path) -> None:
    folder = _package(tmp_path, "p4", {"a": "X = 1\n"})
    _manifest(folder, ["a"])
    state = _native.build_state(folder, {_native.PURE_ENV: "1"})
    assert state == ("requested-pure", ["a"])
    assert _native.build_state(folder, {_native.PURE_ENV: "0"})[0] == "compiled"


def test_a_broken_manifest_means_pure(tmp_path: Path) -> None:
    folder = _package(tmp_path, "p5", {"a": "X = 1\n"})
    (folder / _native.MANIFEST).write_text("{not json")
    assert _native.build_state(folder, {}) == ("pure", [])


def test_an_extension_the_last_build_did_not_make_is_never_loaded(tmp_path: Path) -> None:
    """An earlier build compiled `old`; this one did not. Its extension file stays on
    disk in an editable install, and Python would prefer it to the source."""
    folder = _package(tmp_path, "leftover_pkg", {"old": "WHERE = 'source'\n", "kept": "K = 1\n"})
    _manifest(folder, ["kept"])
    suffix = next(s for s in _native._EXTENSION_ENDS if s.startswith(".cpython"))
    (folder / f"old{suffix}").write_bytes(b"not a shared object")
    assert _native.build_state(folder, {}) == ("compiled", ["old"])

    code = (
        "import sys; from pathlib import Path; from importers import _native\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        f"_native.choose('leftover_pkg', Path({str(folder)!r}))\n"
        "import leftover_pkg.old as old; print(old.WHERE)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "source"
    # Without the check, the same import loads the broken extension file.
    plain = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import leftover_pkg.old",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert plain.returncode != 0


def test_this_process_runs_the_build_its_state_names() -> None:
    compiled = importers.card.__file__.endswith(_native._EXTENSION_ENDS)
    assert compiled == (_native.STATE == "compiled")
    if os.environ.get("CI") and os.environ.get(_native.PURE_ENV) != "1":
        # The machines the suite runs on build the readers compiled (setup.py).
        assert _native.STATE == "compiled", "the compiled readers were not built"


def test_lineage_version_names_the_build_this_install_runs() -> None:
    from typer.testing import CliRunner

    from lineage.cli import app

    result = CliRunner().invoke(app, ["version"])
    assert result.exit_code == 0, result.output
    assert f"readers: {_native.STATE}\n" in result.output
    assert result.output.startswith("model-lineage ")


def _export(folders: list[Path], db: Path, pure: bool) -> str:
    env = {key: value for key, value in os.environ.items() if key != _native.PURE_ENV}
    if pure:
        env[_native.PURE_ENV] = "1"
    cli = [sys.executable, "-c", "import sys; from lineage.cli import main; sys.exit(main())"]
    subprocess.run(
        [*cli, "import", "--db", str(db), *map(str, folders)],
        env=env,
        check=True,
        capture_output=True,
    )
    exported = subprocess.run(
        [*cli, "export", "--db", str(db), "--format", "jsonl"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return exported.stdout


@pytest.mark.timeout(600)
def test_the_compiled_and_the_pure_readers_read_real_cards_alike(tmp_path: Path) -> None:
    folders = [ROOT / "examples" / "cards", ROOT / "bench" / "corpus" / "community" / "cards"]
    folders += [ROOT / "bench" / "corpus" / name / "cards" for name in ("fresh-c", "fresh-zi")]
    compiled = _export(folders, tmp_path / "compiled", pure=False)
    pure = _export(folders, tmp_path / "pure", pure=True)
    assert compiled.count('"derivation"') > 100
    assert compiled == pure

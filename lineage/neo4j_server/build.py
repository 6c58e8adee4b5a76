"""Build the Java launcher of the local Neo4j with Maven, once per version of its sources.

Where builds live and how old ones are pruned is told in :mod:`lineage.neo4j_server.launcher`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from pathlib import Path

from lineage.core.errors import StoreUnavailable
from lineage.core.localfiles import file_lock, tail
from lineage.core.settings import Settings
from lineage.neo4j_server import MAIN_CLASS, SOURCE_DIR

APP_NAME = "model-lineage"

_BUILD_LOCK = ".build.lock"
_BUILD_LOG = "build.log"
_STAMP = ".lineage-build-stamp"  # inside target/, so deleting target/ invalidates it
_DIGEST_CHARS = 16
_BUILD_NAME_RE = re.compile(f"[0-9a-f]{{{_DIGEST_CHARS}}}")


def build_dir(settings: Settings | None = None) -> Path:
    """Return the root under which the Java launcher is built (``LINEAGE_NEO4J_BUILD_DIR``
    overrides); :func:`build` returns the subdirectory for the current sources."""
    override = (settings or Settings()).neo4j_build_dir
    if override:
        return Path(override).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "neo4j-server"


def java_executable(settings: Settings | None = None) -> str:
    """Return the ``java`` to run: ``$JAVA_HOME/bin/java`` if JAVA_HOME is set, else PATH's.

    ``LINEAGE_JAVA_HOME`` overrides ``JAVA_HOME`` (`Settings.java_home`).

    Raises:
        StoreUnavailable: no Java runtime can be found.
    """
    java_home = (settings or Settings()).java_home
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
        # An explicit JAVA_HOME that is wrong is a configuration error worth surfacing,
        # rather than silently running some other Java from PATH.
        raise StoreUnavailable(f"JAVA_HOME={java_home} has no executable bin/java")
    found = shutil.which("java")
    if found is None:
        raise StoreUnavailable(
            "no Java runtime found: install a JDK 17+ (e.g. apt-get install openjdk-17-jdk) "
            "or set JAVA_HOME"
        )
    return found


def _maven_executable(settings: Settings) -> str:
    found = shutil.which(settings.mvn)
    if found is None:
        raise StoreUnavailable(
            "Maven (mvn) not found: it is needed once to build the local Neo4j launcher "
            "(e.g. apt-get install maven), or set LINEAGE_MVN to its path"
        )
    return found


def _source_files() -> list[Path]:
    """Files of the Maven project that are copied and hashed (not Python, not build output)."""
    files = [SOURCE_DIR / "pom.xml"]
    files += sorted(p for p in (SOURCE_DIR / "src").rglob("*") if p.is_file())
    return files


def _source_digest() -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in _source_files():
        digest.update(path.relative_to(SOURCE_DIR).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _is_built(dest: Path, digest: str) -> bool:
    target = dest / "target"
    stamp = target / _STAMP
    main_class = target / "classes" / (MAIN_CLASS.replace(".", "/") + ".class")
    lib = target / "lib"
    return (
        stamp.is_file()
        and stamp.read_text().strip() == digest
        and main_class.is_file()
        and lib.is_dir()
        and any(lib.glob("neo4j-*.jar"))
    )


def build(force: bool = False, settings: Settings | None = None) -> Path:
    """Build the Java launcher with Maven if needed and return its directory.

    The Maven project shipped in :mod:`lineage.neo4j_server` is copied into
    ``<build_dir()>/<hash of the sources>`` and built there with ``mvn -q -B package`` (compile,
    then copy the runtime jars into ``target/lib``). A stamp makes later calls a no-op until the
    sources change (a new release of this package) or ``force`` is true. The first build on a
    machine downloads ~165 MB into ``~/.m2`` (about 40 s here); later ones take seconds.
    ``force`` rebuilds in place, so do not use it while a server runs from that build.

    Raises:
        StoreUnavailable: Java or Maven is missing, or the build failed (the message carries
            the last lines of Maven's output; the full log is ``<build dir>/build.log``).
    """
    settings = settings or Settings()
    root = build_dir(settings)
    digest = _source_digest()
    dest = root / digest[:_DIGEST_CHARS]
    with file_lock(root / _BUILD_LOCK):
        if not force and _is_built(dest, digest):
            return dest
        mvn = _maven_executable(settings)
        java_executable(settings)  # fail early, with a clear message, when there is no Java at all

        # Start from a clean copy: a stale target/lib from an older Neo4j version would put two
        # versions of every jar on the class path.
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        shutil.copy2(SOURCE_DIR / "pom.xml", dest / "pom.xml")
        shutil.copytree(
            SOURCE_DIR / "src", dest / "src", ignore=shutil.ignore_patterns("__pycache__")
        )

        log_path = dest / _BUILD_LOG
        cmd = [mvn, "-q", "-B", "--no-transfer-progress", "package"]
        with log_path.open("wb") as log:
            try:
                result = subprocess.run(
                    cmd,
                    cwd=dest,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    check=False,
                )
            except OSError as exc:
                raise StoreUnavailable(f"could not run Maven ({mvn}): {exc}") from exc
        if result.returncode != 0:
            raise StoreUnavailable(
                f"building the local Neo4j launcher failed (mvn exit code {result.returncode}, "
                f"full log {log_path}):\n{tail(log_path)}"
            )
        if not (dest / "target" / "lib").is_dir():
            raise StoreUnavailable(
                f"Maven succeeded but {dest / 'target' / 'lib'} is missing; see {log_path}"
            )
        (dest / "target" / _STAMP).write_text(digest + "\n")
        _prune_old_builds(root, keep=dest)
    return dest


def _prune_old_builds(root: Path, keep: Path) -> None:
    """Delete builds of other source versions (each holds ~120 MB of jars), except those a
    running process has on its command line (a JVM loads classes lazily from its jars)."""
    old = [
        entry
        for entry in root.iterdir()
        if entry != keep and entry.is_dir() and _BUILD_NAME_RE.fullmatch(entry.name)
    ]
    if not old:
        return
    if not Path("/proc/self/cmdline").exists():
        return  # no /proc: we cannot tell what is in use, so keep everything
    cmdlines: list[bytes] = []
    for path in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):  # processes come and go while we look
            cmdlines.append(path.read_bytes())
    for entry in old:
        if not any(str(entry).encode() in cmdline for cmdline in cmdlines):
            shutil.rmtree(entry, ignore_errors=True)

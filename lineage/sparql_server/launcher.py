"""Start and stop local SPARQL 1.1 servers: ``oxigraph serve`` and Apache Jena Fuseki.

Both are real servers in their own processes, reached only over HTTP, so the remote SPARQL
engine (`lineage.stores.sparql`) is tested the way users run it. Oxigraph's server ships in the
``oxigraph`` package on PyPI (a Rust binary); Fuseki's jars come from Maven Central, fetched
once by ``mvn package`` on the shipped ``pom.xml`` into ``<user cache>/model-lineage/fuseki``
(``LINEAGE_FUSEKI_BUILD_DIR`` overrides).

Both servers are configured with a union default graph (Oxigraph: ``--union-default-graph``;
Fuseki: an in-memory TDB2 dataset with ``tdb2:unionDefaultGraph``), so that user SPARQL over
the default graph sees every source's graph as the embedded store does. The engine's own
queries name their graphs (``GRAPH ?g``) and need neither setting.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from lineage.core.errors import StoreUnavailable
from lineage.core.localfiles import file_lock, tail
from lineage.sparql_server import FUSEKI_MAIN, SOURCE_DIR

__all__ = [
    "SparqlServer",
    "build_fuseki",
    "free_port",
    "start_fuseki",
    "start_oxigraph",
    "stop",
]

APP_NAME = "model-lineage"
_STAMP = ".lineage-build-stamp"
#: JVM flags: a small heap and the serial collector suit a test server on a 2-core machine.
FUSEKI_JVM_FLAGS = ("-Xmx512m", "-Xms64m", "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8")

_FUSEKI_CONFIG = """\
@prefix fuseki: <http://jena.apache.org/fuseki#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix tdb2: <http://jena.apache.org/2016/tdb#> .

<#service> rdf:type fuseki:Service ;
    fuseki:name "{name}" ;
    fuseki:endpoint [ fuseki:operation fuseki:query ; fuseki:name "query" ] ;
    fuseki:endpoint [ fuseki:operation fuseki:update ; fuseki:name "update" ] ;
    fuseki:endpoint [ fuseki:operation fuseki:gsp-rw ; fuseki:name "data" ] ;
    fuseki:dataset <#dataset> .

<#dataset> rdf:type tdb2:DatasetTDB2 ;
    tdb2:location "{location}" ;
    tdb2:unionDefaultGraph {union} .
"""


@dataclass(frozen=True)
class SparqlServer:
    """A running server: its process and its three endpoints."""

    kind: str
    process: subprocess.Popen[bytes]
    query_url: str
    update_url: str
    gsp_url: str
    log_path: Path


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that is free right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def _launch(cmd: list[str], log_path: Path, cwd: Path) -> subprocess.Popen[bytes]:
    with log_path.open("ab") as log:
        try:
            return subprocess.Popen(
                cmd,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C in the test run does not reach it first
            )
        except OSError as exc:
            raise StoreUnavailable(f"cannot run {cmd[0]}: {exc}") from exc


def _start(
    kind: str, cmd: list[str], workdir: Path, base: str, gsp: str, timeout: float
) -> SparqlServer:
    """Run ``cmd`` (logging to ``KIND-server.log``) and wait until ``base/query`` answers."""
    log_path = workdir / f"{kind}-server.log"
    server = SparqlServer(
        kind,
        _launch(cmd, log_path, workdir),
        f"{base}/query",
        f"{base}/update",
        f"{base}/{gsp}",
        log_path,
    )
    return _wait_answers(server, timeout)


def _wait_answers(server: SparqlServer, timeout: float) -> SparqlServer:
    """Wait until the query endpoint answers an ASK; stop the process if it never does."""
    deadline = time.monotonic() + timeout
    error = "no answer"
    while time.monotonic() < deadline:
        code = server.process.poll()
        if code is not None:
            raise StoreUnavailable(
                f"{server.kind} exited with code {code} while starting; last lines of "
                f"{server.log_path}:\n{tail(server.log_path)}"
            )
        try:
            reply = httpx.post(
                server.query_url,
                data={"query": "ASK {}"},
                headers={"Accept": "application/sparql-results+json"},
                timeout=2.0,
            )
            if reply.status_code == 200:
                return server
            error = f"HTTP {reply.status_code}"
        except httpx.HTTPError as exc:
            error = str(exc) or type(exc).__name__
        time.sleep(0.1)
    stop(server)
    raise StoreUnavailable(
        f"{server.kind} did not answer at {server.query_url} in {timeout:.0f} s ({error}); "
        f"last lines of {server.log_path}:\n{tail(server.log_path)}"
    )


def oxigraph_executable() -> str:
    """The ``oxigraph`` command (the ``oxigraph`` package on PyPI), beside Python or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise StoreUnavailable("no oxigraph command: pip install oxigraph (the server binary)")
    return found


def start_oxigraph(
    workdir: Path,
    port: int | None = None,
    union_default_graph: bool = True,
    host: str = "127.0.0.1",
    timeout: float = 30.0,
) -> SparqlServer:
    """Start ``oxigraph serve`` on ``workdir/oxigraph`` and wait until it answers queries."""
    port = port or free_port(host)
    workdir.mkdir(parents=True, exist_ok=True)
    cmd = [
        oxigraph_executable(),
        "serve",
        "--location",
        str(workdir / "oxigraph"),
        "--bind",
        f"{host}:{port}",
    ]
    if union_default_graph:
        cmd.append("--union-default-graph")
    return _start("oxigraph", cmd, workdir, f"http://{host}:{port}", "store", timeout)


def fuseki_build_dir() -> Path:
    """Root of the Fuseki class path builds (``LINEAGE_FUSEKI_BUILD_DIR`` overrides)."""
    override = os.environ.get("LINEAGE_FUSEKI_BUILD_DIR")
    if override:
        return Path(override).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "fuseki"


def build_fuseki() -> Path:
    """Fetch Fuseki's jars with Maven (once per version of ``pom.xml``); their directory.

    The first build downloads ~35 MB into ``~/.m2``; later calls find the stamp and return.
    """
    pom = (SOURCE_DIR / "pom.xml").read_bytes()
    digest = hashlib.sha256(pom).hexdigest()[:16]
    dest = fuseki_build_dir() / digest
    lib = dest / "target" / "lib"
    with file_lock(fuseki_build_dir() / ".build.lock"):
        stamp = dest / "target" / _STAMP
        if stamp.is_file() and any(lib.glob("jena-fuseki-main-*.jar")):
            return lib
        mvn = shutil.which(os.environ.get("LINEAGE_MVN", "mvn"))
        if mvn is None:
            raise StoreUnavailable(
                "Maven (mvn) not found: it fetches Fuseki's jars once (apt-get install maven)"
            )
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        (dest / "pom.xml").write_bytes(pom)
        log_path = dest / "build.log"
        with log_path.open("wb") as log:
            result = subprocess.run(
                [mvn, "-q", "-B", "--no-transfer-progress", "package"],
                cwd=dest,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if result.returncode != 0 or not lib.is_dir():
            raise StoreUnavailable(
                f"fetching Fuseki with Maven failed (exit code {result.returncode}, log "
                f"{log_path}):\n{tail(log_path)}"
            )
        stamp.write_text(digest + "\n")
    return lib


def java_executable() -> str:
    """``$JAVA_HOME/bin/java``, else the ``java`` on PATH."""
    home = os.environ.get("JAVA_HOME")
    found = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not found or not Path(found).is_file():
        raise StoreUnavailable("no Java runtime (17+) found: install a JDK or set JAVA_HOME")
    return found


def start_fuseki(
    workdir: Path,
    port: int | None = None,
    union_default_graph: bool = True,
    dataset: str = "ds",
    host: str = "127.0.0.1",
    timeout: float = 120.0,
) -> SparqlServer:
    """Start Fuseki with one in-memory TDB2 dataset and wait until it answers queries.

    The dataset's endpoints: ``/{dataset}/query``, ``/{dataset}/update`` and the Graph Store
    Protocol at ``/{dataset}/data``.
    """
    lib = build_fuseki()
    port = port or free_port(host)
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "fuseki-config.ttl"
    config.write_text(
        _FUSEKI_CONFIG.format(
            name=dataset, location="--mem--", union="true" if union_default_graph else "false"
        )
    )
    cmd = [
        java_executable(),
        *FUSEKI_JVM_FLAGS,
        "-cp",
        f"{lib}/*",
        FUSEKI_MAIN,
        "--port",
        str(port),
    ]
    if host in ("127.0.0.1", "localhost"):
        cmd.append("--localhost")
    cmd += ["--config", str(config)]
    return _start("fuseki", cmd, workdir, f"http://{host}:{port}/{dataset}", "data", timeout)


def stop(server: SparqlServer, timeout: float = 20.0) -> None:
    """SIGTERM the server, SIGKILL it after ``timeout`` seconds, and reap it."""
    proc = server.process
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

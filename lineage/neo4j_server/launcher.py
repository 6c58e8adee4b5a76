"""Build, start, stop and inspect a local Neo4j for development and tests.

There is no Docker engine on our machines and Neo4j is not a Debian package, but Maven Central
is reachable. Neo4j's embeddable DBMS (``org.neo4j:neo4j``) is the same kernel, Cypher and Bolt
as the server, so a tiny Java main (``lineage/neo4j_server``) that switches the Bolt connector on
gives us a real Neo4j at ``bolt://127.0.0.1:7687``. Users may run Neo4j any way they like; the
project only ever needs a Bolt URI.

Layout on disk:

* build dir (``LINEAGE_NEO4J_BUILD_DIR`` or ``<user cache>/model-lineage/neo4j-server``): one
  subdirectory per version of the shipped Maven sources (named by their hash), holding a copy of
  the project plus ``target/classes`` and ``target/lib`` (~120 MB of jars). A new version is
  built beside the old one, never over it, so servers still running from an old build keep
  their jars; older builds are pruned after a successful build.
* data dir (``<user data>/model-lineage/neo4j`` unless given): the Neo4j home (``data/``,
  ``logs/debug.log``) plus our own ``neo4j.pid``, ``neo4j-dev.json`` (uri, port, ...) and
  ``neo4j-dev.log`` (the JVM's stdout/stderr). One data dir holds at most one server: Neo4j
  takes a store lock, and :func:`start` returns the running server instead of starting twice.

Its configuration (build dir, Java, Maven, extra JVM options) comes from
`lineage.core.settings.Settings`, passed in or read from the ``LINEAGE_*`` environment.

This module starts, stops and inspects; building lives in :mod:`lineage.neo4j_server.build`,
pid files, signals and the Bolt probe in :mod:`lineage.neo4j_server.processes`. They are
imported by the CLI, so they stay import-cheap: the Neo4j driver is imported only inside the
function that needs it. POSIX only (signals, ``fcntl`` locks).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lineage.core.errors import StoreUnavailable, UsageError
from lineage.core.localfiles import file_lock, tail
from lineage.core.settings import Settings
from lineage.neo4j_server import MAIN_CLASS, READY_PREFIX
from lineage.neo4j_server.build import APP_NAME, build, build_dir, java_executable
from lineage.neo4j_server.processes import (
    PID_FILE,
    STATE_FILE,
    adopt,
    bolt_answers,
    bolt_uri,
    check_query,
    clear_pid,
    free_port,
    port_free,
    read_state,
    rss_bytes,
    running_pid,
    terminate,
)

__all__ = [
    "DEFAULT_HEAP",
    "DEFAULT_PORT",
    "PID_FILE",
    "ServerInfo",
    "ServerStatus",
    "build",
    "build_dir",
    "default_data_dir",
    "free_port",
    "java_executable",
    "start",
    "status",
    "stop",
]

DEFAULT_PORT = 7687
DEFAULT_HEAP = "512m"

LOG_FILE = "neo4j-dev.log"
_DATA_LOCK = ".neo4j-dev.lock"

#: JVM flags. The --add-opens/--enable-native-access/netty ones are what Neo4j 5 needs on
#: Java 17 (its own launcher passes the same). SerialGC keeps the footprint and the number of
#: GC threads small on our 2-core machines; a dev/test server never needs G1's pause goals.
JVM_FLAGS: tuple[str, ...] = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "-XX:+UseSerialGC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+ExitOnOutOfMemoryError",
)

_HEAP_RE = re.compile(r"([1-9][0-9]*)([kKmMgG]?)")
_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}
#: Initial heap cap. The JVM's default -Xms is 1/64 of RAM (~380 MB on a 24 GB machine), which
#: Serial GC then uses before collecting; starting small saves ~80 MB RSS at no speed cost here.
_MAX_INITIAL_HEAP = 64 * 2**20
_MIN_PASSWORD = 8  # Neo4j 5's default dbms.security.auth_minimum_password_length


@dataclass(frozen=True)
class ServerInfo:
    """A running development server, as returned by :func:`start`."""

    uri: str
    pid: int
    data_dir: Path
    log_path: Path
    host: str
    port: int
    auth: bool
    #: True when :func:`start` found this server already running on the data dir.
    reused: bool = False


@dataclass(frozen=True)
class ServerStatus:
    """What :func:`status` found."""

    #: Our server process (from the pid file in the data dir) is alive.
    running: bool
    pid: int | None
    #: The server's URI if running, else the URI that was probed.
    uri: str
    #: Something at ``uri`` completed a Bolt handshake (ours or any other Bolt server).
    bolt: bool
    data_dir: Path
    log_path: Path
    #: Resident set size of the server process, when known (Linux /proc).
    rss_bytes: int | None = None


# --------------------------------------------------------------------------- locations


def default_data_dir() -> Path:
    """Return the default data dir: ``<user data dir>/model-lineage/neo4j``."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "neo4j"


def _resolve_data_dir(data: Path | None, *, create: bool) -> Path:
    path = (Path(data) if data is not None else default_data_dir()).expanduser().resolve()
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def _info_from_state(data_dir: Path, pid: int, reused: bool) -> ServerInfo:
    state = read_state(data_dir)
    host = str(state.get("host", "127.0.0.1"))
    port = int(state.get("port", DEFAULT_PORT))
    return ServerInfo(
        uri=str(state.get("uri", bolt_uri(host, port))),
        pid=pid,
        data_dir=data_dir,
        log_path=data_dir / LOG_FILE,
        host=host,
        port=port,
        auth=bool(state.get("auth", False)),
        reused=reused,
    )


def _wait_ready(proc: subprocess.Popen[bytes], log_path: Path, offset: int, deadline: float) -> str:
    """Wait for the ready line in the log (written from ``offset`` on); return its URI."""
    pending = b""
    position = offset
    while True:
        with log_path.open("rb") as log:
            log.seek(position)
            chunk = log.read()
        position += len(chunk)
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for raw in lines:
            line = raw.decode(errors="replace").strip()
            if line.startswith(READY_PREFIX):
                return line[len(READY_PREFIX) :].strip()
        code = proc.poll()
        if code is not None:
            raise StoreUnavailable(
                f"Neo4j exited with code {code} while starting; last lines of {log_path}:\n"
                f"{tail(log_path)}"
            )
        if time.monotonic() >= deadline:
            raise StoreUnavailable(
                f"Neo4j did not become ready in time; last lines of {log_path}:\n"
                f"{tail(log_path)}\n(see also {log_path.parent / 'logs' / 'debug.log'})"
            )
        time.sleep(0.1)


def start(
    port: int = DEFAULT_PORT,
    data: Path | None = None,
    host: str = "127.0.0.1",
    password: str | None = None,
    heap: str = DEFAULT_HEAP,
    timeout: float = 120,
    settings: Settings | None = None,
) -> ServerInfo:
    """Start a local Neo4j in the background and wait until it answers queries.

    Builds the launcher first if needed (see :func:`build`). The JVM runs detached (its own
    session, so Ctrl-C in the calling shell does not kill it) with stdout/stderr appended to
    ``<data>/neo4j-dev.log``; its pid goes to ``<data>/neo4j.pid``. Ready means the server
    printed its ready line and the Python driver ran ``RETURN 1`` over Bolt.

    If a server started by this module is already running on ``data``, it is returned as is
    (``reused=True``), whatever ``port``/``password`` were asked for this time.

    Args:
        port: Bolt port to listen on.
        data: Neo4j home (store, logs, pid file); default :func:`default_data_dir`.
        host: address to listen on; keep the loopback default unless you mean to share it.
        password: enable auth with user ``neo4j`` and this password (8+ characters).
            ``None`` (default) disables auth.
        heap: JVM max heap (``-Xmx``), e.g. ``"512m"`` or ``"2g"``.
        timeout: seconds to wait for readiness (the build, if any, is not counted).
        settings: where to build, which Java and Maven, extra JVM options (default: from
            the ``LINEAGE_*`` environment).

    Raises:
        UsageError: bad ``heap``, ``port`` or ``password``.
        StoreUnavailable: no Java/Maven, the build failed, the port is taken, or the server did
            not come up in time (the message carries the tail of its log).
    """
    heap_match = _HEAP_RE.fullmatch(heap)
    if heap_match is None:
        raise UsageError(f"heap must look like 512m or 2g, not {heap!r}")
    heap_bytes = int(heap_match[1]) * _UNITS[heap_match[2].lower()]
    if not 0 < port < 65536:
        raise UsageError(f"port out of range: {port}")
    if password is not None and len(password) < _MIN_PASSWORD:
        raise UsageError(f"Neo4j requires passwords of at least {_MIN_PASSWORD} characters")

    settings = settings or Settings()
    data_dir = _resolve_data_dir(data, create=True)
    with file_lock(data_dir / _DATA_LOCK):
        pid = running_pid(data_dir)
        if pid is not None:
            return _info_from_state(data_dir, pid, reused=True)
        clear_pid(data_dir)  # stale files from a crash or a reboot

        if not port_free(host, port):
            raise StoreUnavailable(
                f"cannot start Neo4j: port {port} on {host} is already in use by another "
                "process; choose another port or stop whatever listens there"
            )

        home = build(settings=settings)
        java = java_executable(settings)
        classpath = os.pathsep.join(
            [str(home / "target" / "classes"), str(home / "target" / "lib" / "*")]
        )
        extra = settings.neo4j_java_opts.split()
        cmd = [
            java,
            f"-Xmx{heap}",
            f"-Xms{min(heap_bytes, _MAX_INITIAL_HEAP)}",
            *JVM_FLAGS,
            *extra,
            "-cp",
            classpath,
            MAIN_CLASS,
            "--host",
            host,
            "--port",
            str(port),
            "--home",
            str(data_dir),
        ]
        env = dict(os.environ)
        for name in ("LINEAGE_NEO4J_HOST", "LINEAGE_NEO4J_PORT", "LINEAGE_NEO4J_HOME"):
            env.pop(name, None)
        # The password travels in the environment, not argv, so `ps` does not show it.
        env.pop("LINEAGE_NEO4J_PASSWORD", None)
        if password is not None:
            env["LINEAGE_NEO4J_PASSWORD"] = password

        log_path = data_dir / LOG_FILE
        deadline = time.monotonic() + timeout
        with log_path.open("ab") as log:
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            log.write(f"--- lineage neo4j start {stamp} port={port}\n".encode())
            log.flush()
            offset = log.tell()
            proc = subprocess.Popen(
                cmd,
                cwd=data_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        adopt(proc)
        uri = bolt_uri(host, port)
        (data_dir / PID_FILE).write_text(f"{proc.pid}\n")
        state = {
            "pid": proc.pid,
            "uri": uri,
            "host": host,
            "port": port,
            "auth": password is not None,
            "heap": heap,
            "started": stamp,
        }
        (data_dir / STATE_FILE).write_text(json.dumps(state, indent=2) + "\n")

        try:
            _wait_ready(proc, log_path, offset, deadline)
            check_query(uri, password, max(5.0, deadline - time.monotonic()))
        except BaseException:
            # Includes KeyboardInterrupt: never leave a half-started JVM holding the store.
            terminate(proc.pid, 15.0)
            clear_pid(data_dir)
            raise
        return _info_from_state(data_dir, proc.pid, reused=False)


def stop(data: Path | None = None, timeout: float = 60) -> bool:
    """Stop the server running on ``data``; return whether one was running.

    Sends SIGTERM (the JVM's shutdown hook checkpoints and closes the store), waits up to
    ``timeout`` seconds, then falls back to SIGKILL.
    """
    data_dir = _resolve_data_dir(data, create=False)
    if not data_dir.is_dir():
        return False
    with file_lock(data_dir / _DATA_LOCK):
        pid = running_pid(data_dir)
        if pid is None:
            clear_pid(data_dir)
            return False
        terminate(pid, timeout)
        clear_pid(data_dir)
        return True


def status(
    data: Path | None = None, port: int = DEFAULT_PORT, host: str = "127.0.0.1"
) -> ServerStatus:
    """Report on the server of ``data`` and on whether Bolt answers.

    If our server runs on ``data``, its own host/port are probed; otherwise ``host:port`` is,
    so the answer also tells whether some *other* Bolt server (Docker, Desktop) is there.
    """
    data_dir = _resolve_data_dir(data, create=False)
    pid = running_pid(data_dir) if data_dir.is_dir() else None
    if pid is not None:
        info = _info_from_state(data_dir, pid, reused=True)
        host, port, uri = info.host, info.port, info.uri
    else:
        uri = bolt_uri(host, port)
    return ServerStatus(
        running=pid is not None,
        pid=pid,
        uri=uri,
        bolt=bolt_answers(host, port),
        data_dir=data_dir,
        log_path=data_dir / LOG_FILE,
        rss_bytes=rss_bytes(pid) if pid is not None else None,
    )

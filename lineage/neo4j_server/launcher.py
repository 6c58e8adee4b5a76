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

This module is imported by the CLI, so it stays import-cheap: the Neo4j driver is imported
only inside the function that needs it. POSIX only (signals, ``fcntl`` locks).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lineage.core.errors import StoreUnavailable, UsageError
from lineage.core.settings import Settings
from lineage.neo4j_server import MAIN_CLASS, READY_PREFIX, SOURCE_DIR

__all__ = [
    "DEFAULT_HEAP",
    "DEFAULT_PORT",
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
APP_NAME = "model-lineage"

PID_FILE = "neo4j.pid"
STATE_FILE = "neo4j-dev.json"
LOG_FILE = "neo4j-dev.log"
_DATA_LOCK = ".neo4j-dev.lock"
_BUILD_LOCK = ".build.lock"
_BUILD_LOG = "build.log"
_STAMP = ".lineage-build-stamp"  # inside target/, so deleting target/ invalidates it
_DIGEST_CHARS = 16
_BUILD_NAME_RE = re.compile(f"[0-9a-f]{{{_DIGEST_CHARS}}}")

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

# Servers started by this Python process, by pid. We keep the Popen objects so that we can reap
# our own children: an exited-but-unreaped child is a zombie and still "exists" for kill(pid, 0).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


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


def _resolve_data_dir(data: Path | None, *, create: bool) -> Path:
    path = (Path(data) if data is not None else default_data_dir()).expanduser().resolve()
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


# --------------------------------------------------------------------------- build


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


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``path`` (serialises builds and starts across
    processes, e.g. pytest-xdist workers or two shells)."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no output)"
    return "\n".join(text.splitlines()[-lines:]) or "(no output)"


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
    with _file_lock(root / _BUILD_LOCK):
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
                f"full log {log_path}):\n{_tail(log_path)}"
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


# --------------------------------------------------------------------------- processes


def _alive(pid: int) -> bool:
    """Return whether ``pid`` is a live (not zombie) process."""
    child = _CHILDREN.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    try:
        # Field 3 of /proc/PID/stat is the state; "Z" is a zombie nobody has reaped yet.
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _is_our_server(pid: int) -> bool:
    """Guard against pid reuse: the pid must be a JVM running our main class."""
    if not _alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True  # no /proc (not Linux): trust the pid file
    return MAIN_CLASS.encode() in cmdline


def _read_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return None


def _read_state(data_dir: Path) -> dict[str, Any]:
    try:
        state = json.loads((data_dir / STATE_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _running_pid(data_dir: Path) -> int | None:
    pid = _read_pid(data_dir)
    return pid if pid is not None and _is_our_server(pid) else None


def _clear_pid(data_dir: Path) -> None:
    for name in (PID_FILE, STATE_FILE):
        with contextlib.suppress(FileNotFoundError):
            (data_dir / name).unlink()


def _rss_bytes(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _wait_gone(pid: int, timeout: float) -> bool:
    """Wait up to ``timeout`` seconds for ``pid`` to exit; return whether it did."""
    child = _CHILDREN.get(pid)
    if child is not None:
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        return True
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


def _terminate(pid: int, timeout: float) -> None:
    """SIGTERM (clean shutdown via the JVM's shutdown hook), then SIGKILL after ``timeout``."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if not _wait_gone(pid, timeout):
        # The store will need recovery on the next start; Neo4j does that by itself.
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _wait_gone(pid, 10.0)
    _CHILDREN.pop(pid, None)


# --------------------------------------------------------------------------- network


def _uri(host: str, port: int) -> str:
    return f"bolt://[{host}]:{port}" if ":" in host else f"bolt://{host}:{port}"


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port on ``host`` that is free right now (for tests)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def _port_free(host: str, port: int) -> bool:
    """Return whether we could bind ``host:port`` now (as the server is about to)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UsageError(f"cannot resolve host {host!r}: {exc}") from exc
    family, socktype, proto, _, address = infos[0]
    with socket.socket(family, socktype, proto) as sock:
        # Netty binds with SO_REUSEADDR too, so a port in TIME_WAIT is not "taken".
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError:
            return False
    return True


# Bolt handshake: magic preamble, then four version proposals [0, range, minor, major].
# We offer 5.0-5.8 and 4.2-4.4; any non-zero answer means a Bolt server is listening.
_BOLT_MAGIC = b"\x60\x60\xb0\x17"
_BOLT_PROPOSALS = (b"\x00\x08\x08\x05", b"\x00\x02\x04\x04", b"\x00\x00\x00\x03", b"\x00" * 4)
_BOLT_HANDSHAKE = _BOLT_MAGIC + b"".join(_BOLT_PROPOSALS)


def _bolt_answers(host: str, port: int, timeout: float = 2.0) -> bool:
    """Return whether ``host:port`` completes a Bolt handshake (no auth, no driver needed)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(_BOLT_HANDSHAKE)
            reply = b""
            while len(reply) < 4:
                chunk = sock.recv(4 - len(reply))
                if not chunk:
                    return False
                reply += chunk
    except OSError:
        return False
    return reply != b"\0\0\0\0"


def _check_query(uri: str, password: str | None, timeout: float) -> None:
    """Run ``RETURN 1`` through the Python driver, retrying until ``timeout``."""
    # Imported here: the driver is only needed once a server is up, and the CLI stays fast.
    import neo4j
    from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

    auth = ("neo4j", password) if password is not None else None
    deadline = time.monotonic() + timeout
    while True:
        try:
            with neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=5.0) as driver:
                records, _, _ = driver.execute_query("RETURN 1 AS ok")
            if records and records[0]["ok"] == 1:
                return
            raise StoreUnavailable(f"{uri} answered RETURN 1 with {records!r}")
        except AuthError as exc:
            raise StoreUnavailable(f"{uri} refused the credentials: {exc}") from exc
        except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as exc:
            if time.monotonic() >= deadline:
                raise StoreUnavailable(f"{uri} does not answer RETURN 1: {exc}") from exc
            time.sleep(0.25)


# --------------------------------------------------------------------------- public API


def _info_from_state(data_dir: Path, pid: int, reused: bool) -> ServerInfo:
    state = _read_state(data_dir)
    host = str(state.get("host", "127.0.0.1"))
    port = int(state.get("port", DEFAULT_PORT))
    return ServerInfo(
        uri=str(state.get("uri", _uri(host, port))),
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
                f"{_tail(log_path)}"
            )
        if time.monotonic() >= deadline:
            raise StoreUnavailable(
                f"Neo4j did not become ready in time; last lines of {log_path}:\n"
                f"{_tail(log_path)}\n(see also {log_path.parent / 'logs' / 'debug.log'})"
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
    with _file_lock(data_dir / _DATA_LOCK):
        pid = _running_pid(data_dir)
        if pid is not None:
            return _info_from_state(data_dir, pid, reused=True)
        _clear_pid(data_dir)  # stale files from a crash or a reboot

        if not _port_free(host, port):
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
        _CHILDREN[proc.pid] = proc
        uri = _uri(host, port)
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
            _check_query(uri, password, max(5.0, deadline - time.monotonic()))
        except BaseException:
            # Includes KeyboardInterrupt: never leave a half-started JVM holding the store.
            _terminate(proc.pid, 15.0)
            _clear_pid(data_dir)
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
    with _file_lock(data_dir / _DATA_LOCK):
        pid = _running_pid(data_dir)
        if pid is None:
            _clear_pid(data_dir)
            return False
        _terminate(pid, timeout)
        _clear_pid(data_dir)
        return True


def status(
    data: Path | None = None, port: int = DEFAULT_PORT, host: str = "127.0.0.1"
) -> ServerStatus:
    """Report on the server of ``data`` and on whether Bolt answers.

    If our server runs on ``data``, its own host/port are probed; otherwise ``host:port`` is,
    so the answer also tells whether some *other* Bolt server (Docker, Desktop) is there.
    """
    data_dir = _resolve_data_dir(data, create=False)
    pid = _running_pid(data_dir) if data_dir.is_dir() else None
    if pid is not None:
        info = _info_from_state(data_dir, pid, reused=True)
        host, port, uri = info.host, info.port, info.uri
    else:
        uri = _uri(host, port)
    return ServerStatus(
        running=pid is not None,
        pid=pid,
        uri=uri,
        bolt=_bolt_answers(host, port),
        data_dir=data_dir,
        log_path=data_dir / LOG_FILE,
        rss_bytes=_rss_bytes(pid) if pid is not None else None,
    )

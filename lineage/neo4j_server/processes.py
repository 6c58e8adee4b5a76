"""The local Neo4j's process and port: pid files, liveness, signals, the Bolt probe.

POSIX only (signals, ``/proc``). The Neo4j driver is imported only inside :func:`check_query`,
so the CLI that imports this stays fast.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

from lineage.core.errors import StoreUnavailable, UsageError
from lineage.neo4j_server import MAIN_CLASS

PID_FILE = "neo4j.pid"
STATE_FILE = "neo4j-dev.json"


# Servers started by this Python process, by pid. We keep the Popen objects so that we can reap
# our own children: an exited-but-unreaped child is a zombie and still "exists" for kill(pid, 0).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


def adopt(proc: subprocess.Popen[bytes]) -> None:
    """Remember a server this process started, so that stopping it reaps the child."""
    _CHILDREN[proc.pid] = proc


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


def read_state(data_dir: Path) -> dict[str, Any]:
    try:
        state = json.loads((data_dir / STATE_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def running_pid(data_dir: Path) -> int | None:
    pid = _read_pid(data_dir)
    return pid if pid is not None and _is_our_server(pid) else None


def clear_pid(data_dir: Path) -> None:
    for name in (PID_FILE, STATE_FILE):
        with contextlib.suppress(FileNotFoundError):
            (data_dir / name).unlink()


def rss_bytes(pid: int) -> int | None:
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


def terminate(pid: int, timeout: float) -> None:
    """SIGTERM (clean shutdown via the JVM's shutdown hook), then SIGKILL after ``timeout``."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if not _wait_gone(pid, timeout):
        # The store will need recovery on the next start; Neo4j does that by itself.
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _wait_gone(pid, 10.0)
    _CHILDREN.pop(pid, None)


def bolt_uri(host: str, port: int) -> str:
    return f"bolt://[{host}]:{port}" if ":" in host else f"bolt://{host}:{port}"


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port on ``host`` that is free right now (for tests)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def port_free(host: str, port: int) -> bool:
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


def bolt_answers(host: str, port: int, timeout: float = 2.0) -> bool:
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


def check_query(uri: str, password: str | None, timeout: float) -> None:
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

"""Helpers every test that starts a server shares: a free port, waiting until it answers, and a
server that ends with the test run even when the run itself is killed."""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import socket
import subprocess
import time
from collections.abc import Callable

import httpx


def free_port() -> int:
    """A port nothing listens on right now (the server binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def end_with_parent() -> None:
    """``preexec_fn`` for a test server: the kernel sends it SIGTERM when the test run dies.

    A server started in its own session (so that Ctrl-C reaches the run first) is out of reach of a
    kill sent to the run's process group, and a run killed by SIGKILL never reaches its fixtures'
    teardown; without this the server outlives the run and keeps its port and store.
    """
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")


def wait_until_answers(
    url: str,
    proc: subprocess.Popen[bytes],
    timeout: float,
    describe: Callable[[], str] = lambda: "",
) -> None:
    """Poll ``url`` until it answers 200; fail with the process's story if it exits or hangs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}:\n{describe()}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {url} within {timeout:g} s:\n{describe()}")

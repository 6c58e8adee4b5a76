"""A test server started with ``end_with_parent`` dies with the run that started it, even when
that run is killed outright and no teardown runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# A stand-in for a test run: starts a long-lived "server" in its own session, prints its pid,
# then waits to be killed.
RUN = """
import subprocess, sys, time
from tests.helpers import end_with_parent
kw = {"preexec_fn": end_with_parent} if sys.argv[1] == "guarded" else {}
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"],
                         start_new_session=True, **kw)
print(child.pid, flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie whose parent is gone is reaped by init quickly; read its state to be sure.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _server_after_run_killed(mode: str) -> int:
    run = subprocess.Popen(
        [sys.executable, "-c", RUN, mode], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert run.stdout is not None
    server = int(run.stdout.readline())
    assert _alive(server)
    run.send_signal(signal.SIGKILL)
    run.wait()
    return server


def test_a_guarded_server_ends_when_the_run_is_killed() -> None:
    server = _server_after_run_killed("guarded")
    deadline = time.monotonic() + 10
    while _alive(server) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(server)


def test_an_unguarded_server_outlives_a_killed_run() -> None:
    # The case the guard exists for: without it the server is orphaned, not ended.
    server = _server_after_run_killed("unguarded")
    try:
        time.sleep(0.5)
        assert _alive(server)
    finally:
        os.kill(server, signal.SIGKILL)

"""Run one benchmark task in a child process and measure it.

    python -m bench.suite_run TASK 'JSON-ARGS'

Each task is a function of its JSON arguments returning a JSON-able dict; this
wrapper adds wall seconds, CPU seconds (this process and its waited children,
i.e. pool workers) and the peak resident memory of the whole process tree,
sampled every 100 ms with psutil. The result is printed as one ``RESULT {…}``
line, which `run_task` (the parent side) reads back.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

Task = Callable[[dict[str, Any]], dict[str, Any]]
# task name → "module:function"; modules are imported in the child only.
TASKS = {
    "import-folder": "bench.suite_import:import_folder",
    "import-dump": "bench.suite_import:import_dump_files",
    "query": "bench.suite_query:query_task",
    "rdflib": "bench.baselines:rdflib_task",
    "networkx": "bench.baselines:networkx_task",
}
PREFIX = "RESULT "


class PeakRss:
    """Samples the resident memory of this process and all its descendants.

    Listing the descendants scans all of ``/proc``, so it is refreshed only every
    ``refresh`` samples; the memory of known processes is read every ``interval``.
    """

    def __init__(self, interval: float = 0.1, refresh: int = 10) -> None:
        self.interval = interval
        self.refresh = refresh
        self.peak = 0
        self._me = psutil.Process()
        self._children: list[psutil.Process] = []
        self._samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        if self._samples % self.refresh == 0:
            with contextlib.suppress(psutil.Error):
                self._children = self._me.children(recursive=True)
        self._samples += 1
        total = self._me.memory_info().rss
        for child in self._children:
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
        return int(total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


def _resolve(name: str) -> Task:
    module, _, func = TASKS[name].partition(":")
    fn: Task = getattr(importlib.import_module(module), func)
    return fn


def measure(name: str, args: dict[str, Any]) -> dict[str, Any]:
    """Run a task here, adding wall/CPU seconds and the process tree's peak RSS."""
    task = _resolve(name)
    t0, c0 = time.perf_counter(), os.times()
    with PeakRss() as rss:
        result = task(args)
    t1, c1 = time.perf_counter(), os.times()
    cpu = sum(c1[i] - c0[i] for i in range(4))  # user+sys, self and children
    result.setdefault("wall_s", t1 - t0)
    result["cpu_s"] = cpu
    result["peak_rss_mb"] = rss.peak / 1e6
    return result


def run_task(name: str, args: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
    """Run a task in a fresh child process; returns its result or an ``error`` entry."""
    cmd = [sys.executable, "-m", "bench.suite_run", name, json.dumps(args)]
    root = Path(__file__).resolve().parent.parent
    try:
        proc = subprocess.run(
            cmd, cwd=root, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(PREFIX):
            result: dict[str, Any] = json.loads(line[len(PREFIX) :])
            return result
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
    return {"error": f"exit {proc.returncode}: " + " | ".join(tail)}


def main(argv: list[str] | None = None) -> int:
    """Child entry point: run one task, print its measured result."""
    argv = sys.argv[1:] if argv is None else argv
    name, args = argv[0], json.loads(argv[1])
    result = measure(name, args)
    sys.stdout.write(PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

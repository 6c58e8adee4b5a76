"""A small pool of SPARQL worker processes, each killable at the query deadline.

The server hands a query to an idle worker and waits on the pipe; the wait
releases the GIL, so the server keeps answering other requests. A worker that
misses the deadline is killed and replaced, so a pathological query costs one
process restart, not a stuck CPU. The same holds for memory: a worker whose
query passes its heap cap aborts, is replaced, and the client learns why.
Queries that call other endpoints (``SERVICE``) are refused here, before any
worker sees them, unless the endpoint is on the configured allow-list.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import queue
import threading
import time
from multiprocessing.process import BaseProcess
from pathlib import Path

from lineage.api.errors import Busy, PayloadTooLarge, QueryTooExpensive, ResultTooLarge
from lineage.api.sparql_guard import check_services, refuse_updates
from lineage.api.sparql_worker import Answered, QueryRequest, serve
from lineage.core.errors import LineageError, QueryError, QueryTimeout, StoreError

log = logging.getLogger("lineage.api")
_CTX = multiprocessing.get_context("spawn")
# A worker's start-up and store reopening (imports, WAL replay) are not query time.
STARTUP_SECONDS = 60.0  # never fork a process that holds a Rust store
START_ATTEMPTS = 3
# How a worker ends when its query passed the heap cap: the engine aborts on a failed
# allocation (SIGABRT); the kernel's OOM killer sends SIGKILL.
_OUT_OF_MEMORY = {-6, -9}


#: A serialized query result, and which default graph answered it.
SparqlAnswer = Answered


class _Worker:
    def __init__(self, path: Path, generation: int, memory_bytes: int) -> None:
        self.conn, child = _CTX.Pipe()
        self.process: BaseProcess = _CTX.Process(
            target=serve,
            args=(child, str(path), memory_bytes),
            name="lineage-sparql",
            daemon=True,
        )
        self.process.start()
        child.close()
        self.ready = False
        self.generation = generation  # of the store snapshot it opened (or is opening)

    def prepare(self, generation: int, timeout: float) -> None:
        """Wait until the worker is up and holds a snapshot at least as new as ``generation``."""
        if not self.ready:
            self._wait_ready(timeout, "start")
        if self.generation != generation:
            self.conn.send(("open", generation))
            self.ready = False
            self._wait_ready(timeout, "reopen the store")
            self.generation = generation

    def _wait_ready(self, timeout: float, what: str) -> None:
        if not self.conn.poll(timeout):
            raise StoreError(f"a SPARQL worker did not {what} within {timeout:g} s")
        status, _, message = self.conn.recv()
        if status != "ready":
            raise StoreError(message or f"a SPARQL worker could not {what}")
        self.ready = True

    def exit_code(self, wait: float) -> int | None:
        """The process's exit code once it has ended (waiting up to ``wait`` seconds)."""
        self.process.join(wait)
        return self.process.exitcode

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class SparqlPool:
    """Runs read-only SPARQL queries in worker processes with a deadline and caps.

    Caps: ``max_query_chars`` of query text, ``row_limit`` rows and ``byte_limit`` bytes
    per result, ``memory_bytes`` of heap per worker; ``services`` lists the endpoints
    ``SERVICE`` may call (none: off).
    """

    def __init__(
        self,
        path: Path,
        workers: int,
        timeout: float,
        row_limit: int,
        *,
        byte_limit: int = 0,
        memory_bytes: int = 0,
        services: frozenset[str] = frozenset(),
        max_query_chars: int = 100_000,
    ) -> None:
        self.path = path
        self.size = workers
        self.timeout = timeout
        self.row_limit = row_limit
        self.byte_limit = byte_limit
        self.memory_bytes = memory_bytes
        self.services = services
        self.max_query_chars = max_query_chars
        self.generation = 0
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        """Start the worker processes."""
        for _ in range(self.size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        # Opening the store at start sees every write so far: the current generation.
        worker = _Worker(self.path, self.generation, self.memory_bytes)
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        if not self._closed:
            self._idle.put(self._spawn())

    def bump_generation(self) -> None:
        """After a write: each worker reopens the store before its next query."""
        self.generation += 1

    def alive(self) -> int:
        """How many worker processes are running."""
        with self._lock:
            return sum(1 for w in self._all if w.process.is_alive())

    def run(
        self,
        query: str,
        accept: list[str],
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        union: bool = False,
    ) -> SparqlAnswer:
        """Run one query; `QueryTimeout` at the deadline, `ResultTooLarge` past a result cap,
        `QueryTooExpensive` past the memory cap, `ServiceRefused` for a forbidden ``SERVICE``.
        """
        if len(query) > self.max_query_chars:
            raise PayloadTooLarge(
                f"the query is {len(query):,} characters; the limit is "
                f"{self.max_query_chars:,} (LINEAGE_API_MAX_QUERY_CHARS)"
            )
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise Busy(
                f"all {self.size} SPARQL workers stayed busy for {self.timeout:g} s; try again"
            ) from None
        try:  # checked while holding a worker, so at most `size` checks run at once
            refuse_updates(query)
            check_services(query, self.services)
        except LineageError:
            self._idle.put(worker)
            raise
        for attempt in range(START_ATTEMPTS):
            try:
                worker.prepare(self.generation, STARTUP_SECONDS)
                break
            except (StoreError, EOFError, OSError) as exc:
                # A worker that dies while opening the store (seen on a loaded machine
                # right after another was killed) is replaced and the query goes on.
                log.warning("a SPARQL worker failed to start: %r", exc)
                self._retire(worker)
                if attempt == START_ATTEMPTS - 1:
                    raise StoreError(f"no SPARQL worker could start: {exc!r}") from None
                worker = self._idle.get(timeout=STARTUP_SECONDS)
        deadline = time.monotonic() + self.timeout
        request = QueryRequest(
            query=query,
            accept=accept,
            row_limit=self.row_limit,
            byte_limit=self.byte_limit,
            default_graph=default_graph or [],
            named_graphs=named_graphs or [],
            union=union,
        )
        try:
            worker.conn.send(request)
            ready = worker.conn.poll(max(0.0, deadline - time.monotonic()))
            reply = worker.conn.recv() if ready else None
        except (EOFError, OSError) as exc:
            code = worker.exit_code(5)
            self._retire(worker)
            if code in _OUT_OF_MEMORY and self.memory_bytes:
                raise QueryTooExpensive(
                    f"the query needed more than {self.memory_bytes:,} bytes of memory "
                    "(LINEAGE_API_SPARQL_MEMORY_BYTES) and was stopped; add a LIMIT or "
                    "narrow the patterns"
                ) from None
            log.warning("a SPARQL worker died (exit code %s): %s", code, exc)
            raise StoreError("the query worker stopped unexpectedly; try again") from None
        if reply is None:
            self._retire(worker)
            raise QueryTimeout(
                f"query timed out after {self.timeout:g} s (LINEAGE_QUERY_TIMEOUT) and was stopped"
            )
        self._idle.put(worker)
        status, first, second = reply
        if status == "ok" and isinstance(second, Answered):
            return second
        if first == "result_too_large":
            raise ResultTooLarge(second)
        if first == "query_too_expensive":
            raise QueryTooExpensive(second)
        if first == "query_error":
            raise QueryError(second)
        raise StoreError(second)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
        for worker in workers:
            worker.process.join(1)
            worker.kill()


__all__ = ["SparqlAnswer", "SparqlPool"]

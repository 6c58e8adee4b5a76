"""What one running API holds: its stores, the model-id index, the SPARQL workers.

Opened once in the app's lifespan and kept on ``app.state.api``. The embedded
store is opened once per process (Oxigraph allows one writer; its Store object
is thread-safe); a Neo4j store that cannot be reached at start is retried on
use, at most every `RETRY_SECONDS`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from fastapi import Request

from lineage.api.config import ApiConfig
from lineage.api.errors import Busy, TooManyRequests
from lineage.api.sparql_pool import SparqlPool
from lineage.api.view_refresh import ViewRefresher
from lineage.api.warm import CacheWarmer
from lineage.core.errors import LineageError, QueryTimeout, StoreUnavailable
from lineage.ingest.targets import RECORD_STORE, write_store_names
from lineage.library import LineageGraph
from lineage.query.search import ModelIdIndex
from lineage.stores.base import (
    Capability,
    LineageStore,
    open_store,
    supports,
    view_store,
    warmable_store,
)

RETRY_SECONDS = 10.0
EMBEDDED = RECORD_STORE
#: Cypher queries running at once (one Neo4j session each; the rest get 503).
CYPHER_SLOTS = 4
#: Seconds past the query timeout before the API stops waiting for Neo4j to end a query.
CYPHER_GRACE = 1.0
#: Seconds a lookup waits for a free slot before it is answered with 429.
LOOKUP_WAIT = 1.0
T = TypeVar("T")


class ApiState:
    """The stores and helpers one API process shares between requests."""

    def __init__(self, config: ApiConfig) -> None:
        self.config = config
        settings = config.settings
        self.names = write_store_names(settings)
        self._stores: dict[str, LineageStore] = {}
        self._errors: dict[str, str] = {}
        self._tried: dict[str, float] = {}
        self._lock = threading.Lock()
        #: Imports run one at a time (one writer, and the index refresh after each).
        self.write_lock = threading.Lock()
        embedded = warmable_store(open_store(settings, EMBEDDED))
        self.embedded = embedded
        self._stores[EMBEDDED] = embedded
        for name in self.names[1:]:
            self._try_open(name)
        self.warmer = CacheWarmer(embedded)
        self.view = ViewRefresher(self._refresh_view_now)
        self.ids = ModelIdIndex(lambda: self.query_store())
        self._lookup_slots = threading.BoundedSemaphore(config.lookup_concurrency)
        self._cypher_slots = threading.BoundedSemaphore(CYPHER_SLOTS)
        self._cypher_threads = ThreadPoolExecutor(CYPHER_SLOTS, thread_name_prefix="cypher")
        self.sparql = SparqlPool(
            settings.db,
            workers=config.sparql_workers,
            timeout=config.query_timeout,
            row_limit=config.query_limit,
            byte_limit=config.max_result_bytes,
            memory_bytes=config.sparql_memory_bytes,
            services=config.sparql_services,
            max_query_chars=config.max_query_chars,
        )

    def _try_open(self, name: str) -> LineageStore | None:
        self._tried[name] = time.monotonic()
        try:
            store = open_store(self.config.settings, name)
        except LineageError as exc:
            self._errors[name] = str(exc)
            return None
        self._stores[name] = store
        self._errors.pop(name, None)
        return store

    def store(self, name: str) -> LineageStore:
        """A configured store by engine name; 503 when it cannot be reached."""
        if name not in self.names:
            raise StoreUnavailable(
                f"no {name} store is configured on this server"
                + (": set LINEAGE_NEO4J_URI" if name == "neo4j" else "")
            )
        store = self._stores.get(name)
        if store is not None:
            return store
        with self._lock:
            store = self._stores.get(name)
            if store is None and time.monotonic() - self._tried.get(name, 0.0) >= RETRY_SECONDS:
                store = self._try_open(name)
        if store is None:
            raise StoreUnavailable(f"the {name} store is unavailable: {self._errors.get(name)}")
        return store

    def query_store(self) -> LineageStore:
        """The store that answers model and lineage questions (``LINEAGE_STORE``)."""
        return self.store(self.config.settings.store)

    def graph(self) -> LineageGraph:
        """The library's graph over `query_store`, for one request (the store may reconnect)."""
        return LineageGraph.over(self.query_store(), self.config.settings)

    def current_store(self) -> LineageStore:
        """A stand-in for `query_store` that survives Neo4j reconnects (for the web app)."""
        return cast(LineageStore, _CurrentStore(self))

    def write_stores(self) -> list[LineageStore]:
        """Every configured store; refuses when one is down, so the stores cannot drift apart."""
        return [self.store(name) for name in self.names]

    def after_write(self) -> None:
        """Make readers see a write: refresh the id index and the SPARQL workers' snapshot."""
        self.ids.invalidate()
        self.sparql.bump_generation()
        if self.config.settings.api_warm_cache:
            self.warmer.kick()
        if self.config.settings.api_refresh_view:
            self.view.kick()

    def refresh_view(self) -> None:
        """Before a SPARQL query on the consolidated view: refresh it if a write left it stale.

        A server whose store is held by another process cannot; its workers then answer from
        the union and say so (`sparql_worker.run_query`).
        """
        try:
            self._refresh_view_now()
        except StoreUnavailable:
            return

    def _refresh_view_now(self) -> int | None:
        """Refresh the view if it is stale; how many models (None: fresh, or no view)."""
        store = self.embedded
        if not supports(store, Capability.VIEW) or view_store(store).view_state() == "fresh":
            return None
        with self.write_lock:  # a refresh writes: one writer at a time, imports included
            done = view_store(store).refresh_view()
        if done.models or done.rebuilt:
            self.sparql.bump_generation()  # the workers reopen to see it
        return int(done.models)

    @contextmanager
    def lookup_slot(self) -> Iterator[None]:
        """Hold one of the ``LINEAGE_API_LOOKUP_CONCURRENCY`` lookup slots, or raise 429."""
        if not self._lookup_slots.acquire(timeout=LOOKUP_WAIT):
            raise TooManyRequests(
                f"{self.config.lookup_concurrency} lookups are being parsed; try again shortly"
            )
        try:
            yield
        finally:
            self._lookup_slots.release()

    def run_cypher(self, call: Callable[[], T]) -> T:
        """Run a Cypher call with our own deadline (the query timeout plus a grace second).

        Neo4j ends a transaction at its timeout only when the query next checks for it; a
        tight loop can run on for seconds. The client gets its 504 on time either way; the
        slot stays taken until Neo4j has really stopped, so at most `CYPHER_SLOTS` run.
        """
        timeout = self.config.query_timeout
        if not self._cypher_slots.acquire(timeout=timeout):
            raise Busy(f"{CYPHER_SLOTS} Cypher queries are running; try again")
        try:
            future: Future[T] = self._cypher_threads.submit(call)
        except RuntimeError:  # shutting down
            self._cypher_slots.release()
            raise StoreUnavailable("the server is stopping") from None
        future.add_done_callback(lambda _: self._cypher_slots.release())
        try:
            return future.result(timeout=timeout + CYPHER_GRACE)
        except FutureTimeout:
            raise QueryTimeout(
                f"query timed out after {timeout:g} s (LINEAGE_QUERY_TIMEOUT) and was stopped"
            ) from None

    def readiness(self) -> dict[str, Any]:
        """Each configured store's state, checked with a cheap lookup."""
        report: dict[str, Any] = {}
        for name in self.names:
            try:
                self.store(name).node("lineage/readiness-check")
            except LineageError as exc:
                state = "unavailable" if isinstance(exc, StoreUnavailable) else "error"
                report[name] = {"status": state, "message": str(exc)}
            except Exception as exc:  # an engine bug must not break the health check
                report[name] = {"status": "error", "message": f"{type(exc).__name__}: {exc}"}
            else:
                report[name] = {"status": "ok"}
        return report

    def start(self) -> None:
        """Start the background parts (the SPARQL worker processes, the cache warm-up)."""
        self.sparql.start()
        if self.config.settings.api_warm_cache:
            self.warmer.kick()
        if self.config.settings.api_refresh_view:
            self.view.kick()  # an import before the server started left it stale

    def close(self) -> None:
        """Stop the workers and close every store."""
        self.warmer.close()
        self.view.close()
        self.sparql.close()
        self._cypher_threads.shutdown(wait=False, cancel_futures=True)
        for store in self._stores.values():
            try:
                store.close()
            except Exception:  # closing one store must not keep the others open
                continue
        self._stores.clear()


class _CurrentStore:
    """Forwards every attribute to the state's answering store, looked up on each use."""

    def __init__(self, state: ApiState) -> None:
        self._state = state

    def __getattr__(self, name: str) -> Any:
        return getattr(self._state.query_store(), name)


def get_state(request: Request) -> ApiState:
    """FastAPI dependency: the running app's state."""
    state: ApiState = request.app.state.api
    return state


__all__ = ["ApiState", "get_state"]

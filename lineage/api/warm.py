"""Preload the embedded store's read caches in the background.

A cold ancestors walk reads every ancestor from RocksDB (≈ 0.5 ms a model at
Hub scale); once the models that have children are cached, a walk reads at most
the model it starts from (`WarmableStore.warm` loads those first, then others
while the cache has room). The API warms at start and again after each write
(writes empty the caches); requests are served the whole time.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from lineage.api.background import BackgroundJob
from lineage.stores.base import WarmableStore


class CacheWarmer(BackgroundJob):
    """One background warm-up at a time; `kick` restarts it, `close` stops it."""

    def __init__(self, store: WarmableStore) -> None:
        super().__init__()
        self._store = store
        self._stop = threading.Event()

    def kick(self) -> None:
        """Start a warm-up; one still running is told to stop (not waited for)."""
        with self._lock:
            self._stop.set()
            self._stop = threading.Event()
            self.state, self.models, self.error = "warming", 0, None
            self._thread = threading.Thread(
                target=self._run, args=(self._stop,), name="lineage-cache-warmer", daemon=True
            )
            self._thread.start()

    def _run(self, stop: threading.Event) -> None:
        started = time.perf_counter()
        try:
            generation = self._store.generation
            models = self._store.warm(stop=stop)
        except Exception as exc:  # a failed warm-up only costs speed: report it, keep serving
            if not stop.is_set():
                self.state, self.error = "failed", f"{type(exc).__name__}: {exc}"
            return
        if stop.is_set():
            return  # a newer warm-up (or close) took over and reports for itself
        self.models, self.seconds = models, time.perf_counter() - started
        # A write during the warm-up emptied the caches again; it kicks a new warm-up.
        self.state = "ready" if generation == self._store.generation else "interrupted"

    def close(self, timeout: float = 10.0) -> None:
        """Stop the warm-up; it ends at its next model (or after the index it is building)."""
        with self._lock:
            self._stop.set()
            if self._thread is not None:
                self._thread.join(timeout)
                self._thread = None

    def status(self) -> dict[str, Any]:
        out: dict[str, Any] = {"state": self.state, "models": self.models}
        if self.state == "ready":
            out["seconds"] = round(self.seconds, 3)
        if self.error:
            out["error"] = self.error
        return out


__all__ = ["CacheWarmer"]

"""Refresh the consolidated view in the background, so no SPARQL query waits for it.

An import leaves the view to be refreshed before the next query that reads it (a rebuild
after a first import of 100,000 cards takes about 30 s: docs/benchmarks.md). The API
refreshes it in a background thread at start and after each write, so that query finds it
fresh; a query that comes first waits for the refresh under the write lock as before,
never for more than what is left of it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from lineage.api.background import BackgroundJob
from lineage.core.errors import StoreUnavailable


class ViewRefresher(BackgroundJob):
    """One background refresh at a time; a `kick` during one runs another after it."""

    def __init__(self, refresh: Callable[[], int | None]) -> None:
        """``refresh`` refreshes the view and says how many models it refreshed (None: the
        store has no view, or it was fresh)."""
        super().__init__()
        self._refresh = refresh
        self._again = False
        self._closed = False

    def kick(self) -> None:
        """Refresh soon: now, or once more when the running refresh ends (a write came)."""
        with self._lock:
            if self._closed:
                return
            if self._thread is not None and self._thread.is_alive():
                self._again = True
                return
            self.state, self.error = "refreshing", None
            self._thread = threading.Thread(
                target=self._run, name="lineage-view-refresh", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        while True:
            started = time.perf_counter()
            try:
                models = self._refresh()
            except StoreUnavailable as exc:  # held by another process: queries say "stale"
                self.state, self.error = "unavailable", str(exc)
            except Exception as exc:  # a failed refresh costs the first query time, no more
                self.state, self.error = "failed", f"{type(exc).__name__}: {exc}"
            else:
                self.state = "fresh"
                self.models, self.seconds = models or 0, time.perf_counter() - started
            with self._lock:
                if not self._again or self._closed:
                    return
                self._again = False
                self.state = "refreshing"

    def close(self, timeout: float = 600.0) -> None:
        """Let a running refresh end (it writes to the store about to close); start no more."""
        with self._lock:
            self._closed = True
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def status(self) -> dict[str, Any]:
        out: dict[str, Any] = {"state": self.state}
        if self.state == "fresh":
            out["models"] = self.models
            out["seconds"] = round(self.seconds, 3)
        if self.error:
            out["error"] = self.error
        return out


__all__ = ["ViewRefresher"]

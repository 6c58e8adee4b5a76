"""What the API's background jobs (cache warm-up, view refresh) share."""

from __future__ import annotations

import threading


class BackgroundJob:
    """A job run on one daemon thread at a time (``_thread``: the latest, if any), with what
    its last run did for ``/health/ready``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.state = "idle"
        self.models = 0
        self.seconds = 0.0
        self.error: str | None = None

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current run ends (for tests and benchmarks); whether it did."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True


__all__ = ["BackgroundJob"]

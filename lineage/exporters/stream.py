"""An export as an iterator of chunks: the exporter writes in a thread, the caller reads.

A whole-graph export can be far larger than memory allows to buffer; a web response reads
the chunks as they are written, and a client that goes away stops the writer.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

from lineage.exporters import get_exporter
from lineage.exporters.export import view_for
from lineage.query.selection import SelectionSpec
from lineage.stores.base import LineageStore

# Chunks buffered between the exporting thread and the reader (backpressure).
STREAM_QUEUE = 32


class _QueueWriter:
    """A binary sink for exporters that hands each chunk to the reading thread."""

    def __init__(self, chunks: queue.Queue[bytes | BaseException | None]) -> None:
        self.chunks = chunks
        self.stopped = threading.Event()

    def write(self, data: bytes) -> int:
        while not self.stopped.is_set():
            try:
                self.chunks.put(bytes(data), timeout=0.5)
                return len(data)
            except queue.Full:
                continue
        raise ConnectionAbortedError("the reader went away")

    def flush(self) -> None:
        """Nothing to flush: every chunk is handed on as it is written (pyoxigraph calls it)."""


def stream_export(store: LineageStore, fmt: str, spec: SelectionSpec) -> Iterator[bytes]:
    """Run an export in a thread and yield its output as it is written.

    An error of the export is raised by the iterator; closing the iterator stops the writer.
    """
    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(STREAM_QUEUE)
    writer = _QueueWriter(chunks)
    exporter = get_exporter(fmt)

    def run() -> None:
        try:
            exporter.write(view_for(store, exporter, spec), writer)  # type: ignore[arg-type]
        except BaseException as exc:  # handed to the reader, which re-raises it
            if not writer.stopped.is_set():
                chunks.put(exc)
        else:
            chunks.put(None)

    thread = threading.Thread(target=run, name="lineage-export", daemon=True)
    thread.start()
    try:
        while True:
            item = chunks.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        writer.stopped.set()

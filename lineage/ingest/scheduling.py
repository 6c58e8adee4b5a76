"""Spreading parsing over worker processes, with results in walk order.

Tasks are sized by what earlier tasks reported; a task that runs out of folder
budget hands its rest back, split into new tasks placed right after it.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from queue import Empty, SimpleQueue

from lineage.ingest.discovery import Subtrees, Work
from lineage.ingest.parsing import BUDGET_CHUNKS, CHUNK, MAX_BYTES, ParsedChunk, parse_chunk
from lineage.ingest.workers import WINDOW_PER_WORKER, fork_pool, parsing_here

# Folders per top-level folder (organisation) assumed before any task has reported.
_PRIOR_FOLDERS_PER_ROOT = 4.0


class _Planner:
    """Groups work into tasks of about ``chunk_size`` folders, learning as tasks report.

    A top-level folder (an organisation) weighs the number of folders one has held
    on average so far; anything else weighs one.
    """

    def __init__(self, chunk_size: int) -> None:
        self.chunk_size = max(1, chunk_size)
        self.budget = self.chunk_size * BUDGET_CHUNKS
        self.folders = 0
        self.roots = 0

    def learn(self, chunk: ParsedChunk) -> None:
        self.folders += chunk.folders
        self.roots += chunk.roots

    def _weight(self, item: Work) -> float:
        if not isinstance(item, Subtrees):
            return 1.0
        if item.depth > 0:
            return float(len(item.dirs))
        per_root = self.folders / self.roots if self.roots >= 16 else _PRIOR_FOLDERS_PER_ROOT
        return len(item.dirs) * max(1.0, per_root)

    def tasks(self, items: Iterable[Work]) -> Iterator[list[Work]]:
        """``items`` grouped into tasks, in order; subtrees are handed out a folder at a time."""
        task: list[Work] = []
        weight = 0.0
        for item in items:
            parts = (
                [Subtrees((d,), item.top, item.real, item.depth) for d in item.dirs]
                if isinstance(item, Subtrees) and len(item.dirs) > 1
                else [item]
            )
            for part in parts:
                task.append(part)
                weight += self._weight(part)
                if weight >= self.chunk_size:
                    yield _merged(task)
                    task, weight = [], 0.0
        if task:
            yield _merged(task)


def _merged(task: list[Work]) -> list[Work]:
    """Neighbouring subtrees of one root and depth as one `Subtrees` (less to pickle)."""
    out: list[Work] = []
    for item in task:
        last = out[-1] if out else None
        if (
            isinstance(item, Subtrees)
            and isinstance(last, Subtrees)
            and (last.top, last.real, last.depth) == (item.top, item.real, item.depth)
        ):
            out[-1] = Subtrees(last.dirs + item.dirs, item.top, item.real, item.depth)
        else:
            out.append(item)
    return out


@dataclass(slots=True, eq=False)
class _Slot:
    """A task and, once submitted, its pending result; slots are kept in output order."""

    task: list[Work]
    result: AsyncResult[ParsedChunk] | None = None


def parsed_chunks(
    work: Iterable[Work],
    workers: int,
    prepared: bool,
    chunk_size: int = CHUNK,
    max_bytes: int = MAX_BYTES,
) -> Iterator[ParsedChunk]:
    """Parse work on ``workers`` processes (1: in this process), in walk order.

    A task that runs out of folder budget hands back the rest of its work, which
    is split into new tasks placed right after it: chunks come out in the order
    a plain sorted walk would read them, whatever the number of workers.
    A bounded window of tasks (not ``Pool.imap``, which reads its whole input
    ahead) keeps memory flat however many repos there are.
    """
    plan = _Planner(chunk_size)
    tasks = plan.tasks(work)
    if workers <= 1:
        todo: deque[list[Work]] = deque()
        with parsing_here():
            while True:
                task = todo.popleft() if todo else next(tasks, None)
                if task is None:
                    return
                chunk = parse_chunk(task, prepared, plan.budget, max_bytes)
                plan.learn(chunk)
                todo.extendleft(reversed(list(plan.tasks(chunk.rest))))
                yield chunk
    else:
        yield from _parallel_chunks(tasks, plan, workers, prepared, max_bytes)


def _parallel_chunks(
    tasks: Iterator[list[Work]], plan: _Planner, workers: int, prepared: bool, max_bytes: int
) -> Iterator[ParsedChunk]:
    # New tasks wait while `window` results are pending; the pieces of an earlier
    # task's leftover come first in the output, so they may use twice that, which
    # keeps every worker busy on a huge organisation while later results wait.
    window = workers * WINDOW_PER_WORKER
    busy_limit = workers * 2
    wake: SimpleQueue[None] = SimpleQueue()

    def done(_: object) -> None:
        wake.put(None)

    with fork_pool(workers) as pool:
        slots: deque[_Slot] = deque()  # every task not yet yielded, in output order
        todo: deque[_Slot] = deque()  # leftover pieces not yet submitted, in output order
        running: list[AsyncResult[ParsedChunk]] = []
        pending = 0  # submitted, not yet yielded
        more = True

        def submit(slot: _Slot) -> None:
            nonlocal pending
            slot.result = pool.apply_async(
                parse_chunk,
                (slot.task, prepared, plan.budget, max_bytes),
                callback=done,
                error_callback=done,
            )
            running.append(slot.result)
            pending += 1

        while True:
            while True:
                running[:] = [r for r in running if not r.ready()]
                if len(running) >= busy_limit:
                    break
                if todo and pending < 2 * window:
                    submit(todo.popleft())
                elif more and not todo and pending < window:
                    task = next(tasks, None)
                    if task is None:
                        more = False
                        break
                    slots.append(_Slot(task))
                    submit(slots[-1])
                else:
                    break
            if not slots:
                return
            head = slots[0]
            if head.result is None:  # only the head may exceed the window: always run it
                todo.remove(head)
                submit(head)
            assert head.result is not None
            if not head.result.ready():
                # A result's callback runs just before it reads as ready: hence the timeout.
                with contextlib.suppress(Empty):
                    wake.get(timeout=0.05)
                continue
            slots.popleft()
            pending -= 1
            chunk = head.result.get()
            plan.learn(chunk)
            pieces = [_Slot(t) for t in plan.tasks(chunk.rest)]
            slots.extendleft(reversed(pieces))
            todo.extendleft(reversed(pieces))
            yield chunk

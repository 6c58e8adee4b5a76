"""The import pipeline: discover sources, parse them on all cores, write in batches.

Discovery and parsing stream: memory stays flat however many cards there are.
One broken source never stops an import; it is reported with its path and reason.

The parent lists only the top of each folder it is given (for a folder of cards,
the organisations); workers walk those subtrees themselves, a bounded number of
folders per task, and hand back what they had no time for, which the parent splits
into further tasks: a huge organisation is spread over every core. Results are
still consumed in the order of a plain sorted walk, so imports are deterministic.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult
from pathlib import Path
from queue import Empty, SimpleQueue

from importers.base import FileReader
from importers.files import read_bounded
from importers.hub_rows import reference
from importers.registry import reader_for
from lineage.core.errors import CardError, UsageError
from lineage.core.ids import parse_reference
from lineage.core.limits import input_problem
from lineage.core.records import SourceFailure, SourceRecord
from lineage.ingest.incremental import (
    Baseline,
    baseline,
    count_changes,
    read_new,
    skipping,
    stamping,
    unchanged_count,
)
from lineage.ingest.summary import ImportSummary
from lineage.ingest.workers import WINDOW_PER_WORKER, finish_chunk, widen_result_pipe
from lineage.ingest.writer import BatchedWrites
from lineage.rdf.mapping import PreparedSource
from lineage.stores.base import LineageStore

try:
    import fcntl
except ImportError:  # pragma: no cover (not on Windows)
    fcntl = None  # type: ignore[assignment]

_CACHE_DIR = re.compile(r"^models--([^/]+?)--(.+)$")
CHUNK = 256  # folders (about one repo each) handed to a worker at a time
BUDGET_CHUNKS = 4  # a task scans at most CHUNK * this many folders, then hands the rest back
# Folders per top-level folder (organisation) assumed before any task has reported.
_PRIOR_FOLDERS_PER_ROOT = 4.0
MAX_BYTES = 5_000_000  # default of `Settings.max_card_bytes` (header formats read a prefix)


@dataclass(frozen=True, slots=True)
class RepoUnit:
    """The files of one model repo that some reader understands."""

    model_id: str
    files: tuple[Path, ...]


def model_id_from_path(readme: Path, root: Path) -> str | None:
    """The model id a repo file's location implies (``ORG/NAME/…`` or the HF cache layout)."""
    return _model_id_of_parts(readme.resolve().parent.parts)


def _in_cache_layout(path: Path) -> bool:
    parts = path.resolve().parent.parts
    return any(
        _CACHE_DIR.match(p) and parts[i + 1] == "snapshots" for i, p in enumerate(parts[:-1])
    )


def walk_repos(root: Path) -> Iterator[tuple[str, tuple[str, ...]]]:
    """``(dirpath, file names)`` of every non-hidden folder under ``root`` holding files.

    Like ``os.walk`` (sorted, top-down, symlinked folders listed but not entered)
    but on ``os.scandir`` entries alone: no extra ``lstat`` per folder, which
    matters at a million repos.
    """
    stack = [os.fspath(root)]
    while stack:
        top = stack.pop()
        scanned = _scan(top)
        if scanned is None:
            continue
        files, walk_into = scanned
        if files:
            yield top, files
        stack.extend(os.path.join(top, d) for d in reversed(walk_into))


def _scan(top: str) -> tuple[tuple[str, ...], list[str]] | None:
    """Sorted file names and sorted folders to walk into (``None``: unreadable).

    Hidden folders are skipped; symlinked folders are not entered.
    """
    try:
        entries = list(os.scandir(top))
    except OSError:
        return None
    files: list[str] = []
    walk_into: list[str] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if not is_dir:
            files.append(entry.name)
        elif not entry.name.startswith(".") and not entry.is_symlink():
            walk_into.append(entry.name)
    files.sort()
    walk_into.sort()
    return tuple(files), walk_into


class _Readers(dict[str, FileReader | None]):
    """``reader_for`` memoised for one chunk: matching every reader's patterns per file is slow."""

    def __missing__(self, filename: str) -> FileReader | None:
        reader = self[filename] = reader_for(filename)
        return reader


def _unit_of_folder(
    dirpath: str, filenames: Sequence[str], resolved: str, readers: _Readers | None = None
) -> RepoUnit | SourceFailure | None:
    """The repo unit of one folder (``resolved``: its real path), if it has readable files."""
    lookup = _Readers() if readers is None else readers
    readable = tuple(Path(dirpath) / f for f in filenames if lookup[f] is not None)
    if not readable:
        return None
    mid = _model_id_of_parts(Path(resolved).parts)
    if mid is None:
        return SourceFailure(
            dirpath, "cannot tell the model id from the folder layout (want ORG/NAME/)"
        )
    return RepoUnit(mid, readable)


def _folder_files(
    dirpath: str, filenames: Sequence[str], resolved: str, readers: _Readers
) -> tuple[str, list[tuple[str, FileReader]]] | SourceFailure | None:
    """`_unit_of_folder` without `pathlib`: the model id and ``(path, reader)`` of each file."""
    readable = [(f, r) for f in filenames if (r := readers[f]) is not None]
    if not readable:
        return None
    mid = _model_id_of_folder(resolved)
    if mid is None:
        return SourceFailure(
            dirpath, "cannot tell the model id from the folder layout (want ORG/NAME/)"
        )
    if _plain_dir(dirpath):
        return mid, [(dirpath + os.sep + f, r) for f, r in readable]
    base = Path(dirpath)  # ".", "./x", "a//b": paths as `pathlib` writes them
    return mid, [(str(base / f), r) for f, r in readable]


def _plain_dir(dirpath: str) -> bool:
    """Whether ``dirpath`` is written as `pathlib` would write it (no "." part, no "//")."""
    sep = os.sep
    return (
        os.altsep is None
        and bool(dirpath)
        and not dirpath.startswith(".")
        and sep + "." + sep not in dirpath
        and not dirpath.endswith(sep + ".")
        and sep + sep not in dirpath
        and not dirpath.endswith(sep)
    )


def _model_id_of_folder(resolved: str) -> str | None:
    """`_model_id_of_parts` of a real path, without splitting it with `pathlib` when plain."""
    if "models--" not in resolved and resolved.count(os.sep) >= 2 and _plain_dir(resolved[1:]):
        # No cache folder anywhere: only the last two parts can name the model.
        org, name = resolved.rsplit(os.sep, 2)[-2:]
        ref = reference(f"{org}/{name}")
        return ref.model_id if ref.model_id and "/" in ref.model_id else None
    return _model_id_of_parts(Path(resolved).parts)


def _model_id_of_parts(parts: tuple[str, ...]) -> str | None:
    for i, part in enumerate(parts[:-1]):
        m = _CACHE_DIR.match(part)
        if m and parts[i + 1] == "snapshots":
            return f"{m.group(1)}/{m.group(2)}"
    if len(parts) >= 2:
        ref = parse_reference(f"{parts[-2]}/{parts[-1]}")
        if ref.model_id and "/" in ref.model_id:
            return ref.model_id
    return None


def _check_paths(paths: Sequence[Path], explicit_id: str | None) -> None:
    if explicit_id is not None:
        ref = parse_reference(explicit_id)
        if ref.model_id is None or "/" not in ref.model_id:
            raise UsageError(f"--id {explicit_id!r} is not ORG/NAME")
        if len(paths) != 1 or not paths[0].is_file():
            raise UsageError("--id goes with exactly one file")
        return
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")


def _single_file(path: Path, explicit_id: str | None) -> RepoUnit | SourceFailure:
    if explicit_id is not None:
        ref = parse_reference(explicit_id)
        assert ref.model_id is not None
        return RepoUnit(ref.model_id, (path,))
    # Only the HF cache layout names a lone file's model for sure; else ask for --id.
    mid = model_id_from_path(path, path.parent) if _in_cache_layout(path) else None
    if mid is None:
        return SourceFailure(
            str(path), "cannot tell the model id of a single file; pass --id ORG/NAME"
        )
    return RepoUnit(mid, (path,))


@dataclass(frozen=True, slots=True)
class Subtrees:
    """Folders to walk whole (each with everything under it), in this order.

    ``top`` is the import root as given and ``real`` its real path (a folder
    under it resolves by prefix); ``depth`` is how far below the root the
    folders sit (0: the root's own children, the organisations of a card folder).
    """

    dirs: tuple[str, ...]
    top: str
    real: str
    depth: int = 0

    def resolve(self, dirpath: str) -> str:
        return self.real + dirpath[len(self.top) :]


# A unit of work for a parser: a lone file's unit, a folder to resolve there
# (dirpath, file names, real path), or subtrees to walk there.
Work = RepoUnit | tuple[str, tuple[str, ...], str] | Subtrees


def _work_items(paths: Sequence[Path], explicit_id: str | None) -> Iterator[Work | SourceFailure]:
    """The work of an import; of a folder, only its own files and its sub-folders to walk."""
    _check_paths(paths, explicit_id)
    for path in paths:
        if explicit_id is not None or path.is_file():
            yield _single_file(path, explicit_id)
            continue
        if not path.is_dir():  # a FIFO, socket or device given by name
            yield SourceFailure(str(path), "not a regular file or a folder; not read")
            continue
        top, real = os.fspath(path), os.fspath(path.resolve())
        scanned = _scan(top)
        if scanned is None:
            continue
        files, walk_into = scanned
        if files:
            yield top, files, real
        for name in walk_into:
            yield Subtrees((os.path.join(top, name),), top, real)


def discover(
    paths: Sequence[Path], explicit_id: str | None = None
) -> Iterator[RepoUnit | SourceFailure]:
    """Walk files and folders, grouping readable files by the repo they belong to."""
    for item in _work_items(paths, explicit_id):
        if isinstance(item, Subtrees):
            for folder in item.dirs:
                for dirpath, filenames in walk_repos(Path(folder)):
                    unit = _unit_of_folder(dirpath, filenames, item.resolve(dirpath))
                    if unit is not None:
                        yield unit
        elif isinstance(item, tuple):
            unit = _unit_of_folder(*item)
            if unit is not None:
                yield unit
        else:
            yield item


def parse_unit(
    unit: RepoUnit,
    max_bytes: int = MAX_BYTES,
    readers: Mapping[str, FileReader | None] | None = None,
) -> tuple[list[SourceRecord], list[SourceFailure]]:
    """Read every file of one repo; failures are returned, never raised."""
    lookup = _Readers() if readers is None else readers
    files = [(str(f), r) for f in unit.files if (r := lookup[f.name]) is not None]
    records: list[SourceRecord] = []
    failures: list[SourceFailure] = []
    _read_files(unit.model_id, files, max_bytes, records, failures)
    return records, failures


def _read_files(
    model_id: str,
    files: Iterable[tuple[str, FileReader]],
    max_bytes: int,
    records: list[SourceRecord],
    failures: list[SourceFailure],
) -> None:
    """Read files of one repo into ``records``; failures go to ``failures``, never raised."""
    for path, reader in files:
        try:
            records.extend(read_new(reader, _file_bytes(path, reader, max_bytes), model_id, path))
        except CardError as exc:
            failures.append(SourceFailure(exc.path, exc.reason))
        except OSError as exc:
            failures.append(SourceFailure(path, f"cannot read: {exc.strerror or exc}"))
        except Exception as exc:  # a reader bug must not stop the import
            problem = input_problem(exc)  # or the input broke a parser: say what is wrong
            failures.append(
                SourceFailure(
                    path, problem or f"reader {reader.name} failed: {type(exc).__name__}: {exc}"
                )
            )


def _file_bytes(path: str, reader: FileReader, max_bytes: int) -> bytes:
    """A regular file's bytes (a prefix for header formats), bounded by bytes read.

    A file too large, a FIFO, a device or a socket is a `CardError`.
    """
    if reader.prefix_bytes is not None:
        return read_bounded(path, reader.prefix_bytes, prefix=True)
    try:
        return read_bounded(path, max_bytes)
    except PermissionError:
        # Keep the errors of checking the size before opening (a file too large
        # and unreadable is reported as too large).
        size = os.stat(path).st_size
        if size > max_bytes:
            raise CardError(path, f"file too large ({size:,} bytes; limit {max_bytes:,})") from None
        raise


@dataclass(slots=True)
class ParsedChunk:
    """What a parser sends back for a chunk of work: compact, cheap to pickle.

    ``payload`` holds N-Quads already built in the worker (`PreparedSource`)
    when every store can bulk-load them, else the records themselves.
    """

    payload: list[PreparedSource] | list[SourceRecord]
    failures: list[SourceFailure]
    files: int = 0
    model_keys: list[str] = field(default_factory=list)
    edges: int = 0
    unresolved: int = 0
    warnings: list[SourceFailure] = field(default_factory=list)
    # The chunk's work left undone when its folder budget ran out, in walk order.
    rest: list[Work] = field(default_factory=list)
    folders: int = 0  # folders scanned
    roots: int = 0  # top-level folders (depth 0) started
    unchanged: int = 0  # files skipped: stored as they are now (`lineage.ingest.incremental`)


def parse_chunk(
    chunk: Sequence[Work],
    prepared: bool,
    budget: int = CHUNK * BUDGET_CHUNKS,
    max_bytes: int = MAX_BYTES,
) -> ParsedChunk:
    """Parse a chunk of work: walk its subtrees, resolve folders to units, read them.

    Scans at most ``budget`` folders (at least one); what is left is returned
    in ``rest``, in walk order, for the caller to hand out again.
    """
    records: list[SourceRecord] = []
    out = ParsedChunk([], [])
    readers = _Readers()
    skipped_before = unchanged_count()

    def parse(item: RepoUnit | tuple[str, tuple[str, ...], str]) -> None:
        if isinstance(item, RepoUnit):
            # A lone file (or an explicit id): every file counts as read, as it always has.
            out.files += len(item.files)
            files = [(str(f), r) for f in item.files if (r := readers[f.name]) is not None]
            _read_files(item.model_id, files, max_bytes, records, out.failures)
            return
        found = _folder_files(*item, readers)
        if found is None:
            return
        if isinstance(found, SourceFailure):
            out.failures.append(found)
            return
        model_id, files = found
        out.files += len(files)
        _read_files(model_id, files, max_bytes, records, out.failures)

    for i, item in enumerate(chunk):
        if not isinstance(item, Subtrees):
            parse(item)
            continue
        # Depth-first, sorted, as `walk_repos`: the stack's top is the next folder.
        stack = [(d, item.depth) for d in reversed(item.dirs)]
        while stack and out.folders < budget:
            top, depth = stack.pop()
            out.folders += 1
            out.roots += int(depth == 0)
            scanned = _scan(top)
            if scanned is None:
                continue
            files, walk_into = scanned
            if files:
                parse((top, files, item.resolve(top)))
            stack.extend((os.path.join(top, d), depth + 1) for d in reversed(walk_into))
        if stack:
            out.rest = [*_subtrees_of(reversed(stack), item), *chunk[i + 1 :]]
            break
    out.model_keys.extend(rec.model_id.casefold() for rec in records)
    out.unchanged = unchanged_count() - skipped_before
    finish_chunk(out, records, prepared)
    return out


def _subtrees_of(folders: Iterable[tuple[str, int]], like: Subtrees) -> Iterator[Subtrees]:
    """Consecutive ``(folder, depth)`` pairs as `Subtrees`, one per run of equal depth."""
    run: list[str] = []
    run_depth = -1
    for folder, depth in folders:
        if run and depth != run_depth:
            yield Subtrees(tuple(run), like.top, like.real, run_depth)
            run = []
        run.append(folder)
        run_depth = depth
    if run:
        yield Subtrees(tuple(run), like.top, like.real, run_depth)


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

    with get_context("fork").Pool(workers) as pool:
        widen_result_pipe(pool)
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


def run_import(
    paths: Sequence[Path],
    stores: Sequence[LineageStore],
    *,
    explicit_id: str | None = None,
    workers: int = 0,
    batch_size: int = 2000,
    max_bytes: int = MAX_BYTES,
    on_progress: Callable[[int], None] | None = None,
    skip_unchanged: bool = True,
) -> ImportSummary:
    """Import files and folders into every store; returns the summary.

    When every store bulk-loads N-Quads, workers map records to N-Quads themselves
    (`lineage.ingest.writer.BatchedWrites`). With ``skip_unchanged`` a file that every
    store holds as it is now is neither parsed nor written (`lineage.ingest.incremental`;
    not with ``explicit_id``, which may name another model than before).
    """
    started = time.perf_counter()
    summary = ImportSummary()
    base = baseline(stores) if explicit_id is None and stores else None

    def work() -> Iterator[Work]:
        for item in _work_items(paths, explicit_id):
            if isinstance(item, SourceFailure):
                summary.failures.append(item)
            else:
                yield item

    n_workers = workers or os.cpu_count() or 1
    writes = BatchedWrites(stores, batch_size)
    try:
        with skipping(base.skip if base is not None and skip_unchanged else set()), stamping():
            _consume(
                parsed_chunks(work(), n_workers, writes.prepared, max_bytes=max_bytes),
                summary, writes, base, on_progress,
            )  # fmt: skip
        writes.finish()
    finally:
        writes.close()
    summary.failures.extend(writes.lost())
    summary.seconds = time.perf_counter() - started
    return summary


def _consume(
    chunks: Iterable[ParsedChunk],
    summary: ImportSummary,
    writes: BatchedWrites,
    base: Baseline | None,
    on_progress: Callable[[int], None] | None,
) -> None:
    """Count each parsed chunk in the summary and hand its payload to the writer."""
    for chunk in chunks:
        summary.files_read += chunk.files
        summary.failures.extend(chunk.failures)
        summary.sources += len(chunk.payload)
        summary.models.update(chunk.model_keys)
        summary.edges += chunk.edges
        summary.unresolved += chunk.unresolved
        summary.warnings.extend(chunk.warnings)
        count_changes(summary, base, chunk.payload, chunk.unchanged)
        writes.add(chunk.payload)
        if on_progress:
            on_progress(chunk.files)

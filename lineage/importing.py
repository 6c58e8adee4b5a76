"""The import pipeline: discover sources, parse them on all cores, write in batches.

Discovery and parsing stream: memory stays flat however many cards there are.
One broken source never stops an import; it is reported with its path and reason.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from importers.registry import reader_for
from lineage.errors import CardError, UsageError
from lineage.ids import parse_reference
from lineage.records import SourceFailure, SourceRecord
from lineage.stores.base import LineageStore

_CACHE_DIR = re.compile(r"^models--([^/]+?)--(.+)$")
CHUNK = 64  # repos handed to a worker at a time


@dataclass(frozen=True, slots=True)
class RepoUnit:
    """The files of one model repo that some reader understands."""

    model_id: str
    files: tuple[Path, ...]


@dataclass(slots=True)
class ImportSummary:
    """What an import did, for people and for machines."""

    files_read: int = 0
    sources: int = 0
    models: set[str] = field(default_factory=set)
    edges: int = 0
    unresolved: int = 0
    failures: list[SourceFailure] = field(default_factory=list)
    warnings: list[SourceFailure] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "files_read": self.files_read,
            "sources": self.sources,
            "models": len(self.models),
            "edges": self.edges,
            "unresolved": self.unresolved,
            "errors": [{"path": f.location, "reason": f.reason} for f in self.failures],
            "warnings": [{"path": w.location, "reason": w.reason} for w in self.warnings],
            "seconds": round(self.seconds, 3),
        }


def model_id_from_path(readme: Path, root: Path) -> str | None:
    """The model id a repo file's location implies (``ORG/NAME/…`` or the HF cache layout)."""
    parts = readme.resolve().parent.parts
    for i, part in enumerate(parts[:-1]):
        m = _CACHE_DIR.match(part)
        if m and parts[i + 1] == "snapshots":
            return f"{m.group(1)}/{m.group(2)}"
    if len(parts) >= 2:
        ref = parse_reference(f"{parts[-2]}/{parts[-1]}")
        if ref.model_id and "/" in ref.model_id:
            return ref.model_id
    return None


def _in_cache_layout(path: Path) -> bool:
    parts = path.resolve().parent.parts
    return any(
        _CACHE_DIR.match(p) and parts[i + 1] == "snapshots" for i, p in enumerate(parts[:-1])
    )


def discover(
    paths: Sequence[Path], explicit_id: str | None = None
) -> Iterator[RepoUnit | SourceFailure]:
    """Walk files and folders, grouping readable files by the repo they belong to."""
    if explicit_id is not None:
        ref = parse_reference(explicit_id)
        if ref.model_id is None or "/" not in ref.model_id:
            raise UsageError(f"--id {explicit_id!r} is not ORG/NAME")
        if len(paths) != 1 or not paths[0].is_file():
            raise UsageError("--id goes with exactly one file")
        yield RepoUnit(ref.model_id, (paths[0],))
        return
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        if path.is_file():
            # Only the HF cache layout names a lone file's model for sure; else ask for --id.
            mid = model_id_from_path(path, path.parent) if _in_cache_layout(path) else None
            if mid is None:
                yield SourceFailure(
                    str(path), "cannot tell the model id of a single file; pass --id ORG/NAME"
                )
            else:
                yield RepoUnit(mid, (path,))
            continue
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames.sort()
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            readable = tuple(
                Path(dirpath) / f for f in sorted(filenames) if reader_for(f) is not None
            )
            if not readable:
                continue
            mid = model_id_from_path(readable[0], path)
            if mid is None:
                yield SourceFailure(
                    dirpath, "cannot tell the model id from the folder layout (want ORG/NAME/)"
                )
                continue
            yield RepoUnit(mid, readable)


def parse_unit(
    unit: RepoUnit, max_bytes: int = 5_000_000
) -> tuple[list[SourceRecord], list[SourceFailure]]:
    """Read every file of one repo; failures are returned, never raised."""
    records: list[SourceRecord] = []
    failures: list[SourceFailure] = []
    for f in unit.files:
        reader = reader_for(f.name)
        if reader is None:
            continue
        try:
            size = f.stat().st_size
            if size > max_bytes:
                raise CardError(str(f), f"file too large ({size:,} bytes; limit {max_bytes:,})")
            records.extend(reader.read(f.read_bytes(), unit.model_id, str(f)))
        except CardError as exc:
            failures.append(SourceFailure(exc.path, exc.reason))
        except OSError as exc:
            failures.append(SourceFailure(str(f), f"cannot read: {exc.strerror or exc}"))
        except Exception as exc:  # a reader bug must not stop the import
            failures.append(
                SourceFailure(str(f), f"reader {reader.name} failed: {type(exc).__name__}: {exc}")
            )
    return records, failures


def _parse_chunk(
    chunk: list[RepoUnit],
) -> list[tuple[list[SourceRecord], list[SourceFailure], int]]:
    return [(*parse_unit(u), len(u.files)) for u in chunk]


def _chunks(items: Iterable[RepoUnit], size: int) -> Iterator[list[RepoUnit]]:
    chunk: list[RepoUnit] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def parsed_units(
    units: Iterable[RepoUnit], workers: int
) -> Iterator[tuple[list[SourceRecord], list[SourceFailure], int]]:
    """Parse repos on ``workers`` processes (1: in this process), in input order."""
    if workers <= 1:
        for unit in units:
            yield (*parse_unit(unit), len(unit.files))
        return
    ctx = get_context("fork")
    with ctx.Pool(workers) as pool:
        for results in pool.imap(_parse_chunk, _chunks(units, CHUNK)):
            yield from results


def run_import(
    paths: Sequence[Path],
    stores: Sequence[LineageStore],
    *,
    explicit_id: str | None = None,
    workers: int = 0,
    batch_size: int = 2000,
    on_progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import files and folders into every store; returns the summary."""
    started = time.perf_counter()
    summary = ImportSummary()

    def repo_units() -> Iterator[RepoUnit]:
        for item in discover(paths, explicit_id):
            if isinstance(item, SourceFailure):
                summary.failures.append(item)
            else:
                yield item

    n_workers = workers or os.cpu_count() or 1
    batch: list[SourceRecord] = []
    for records, failures, n_files in parsed_units(repo_units(), n_workers):
        summary.files_read += n_files
        summary.failures.extend(failures)
        batch.extend(records)
        if on_progress:
            on_progress(n_files)
        if len(batch) >= batch_size:
            _flush(batch, stores, summary)
            batch = []
    _flush(batch, stores, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def import_records(
    records: Iterable[SourceRecord], stores: Sequence[LineageStore], batch_size: int = 2000
) -> ImportSummary:
    """Write already-parsed records (dump rows, Hub responses) into every store."""
    started = time.perf_counter()
    summary = ImportSummary()
    batch: list[SourceRecord] = []
    for rec in records:
        batch.append(rec)
        if len(batch) >= batch_size:
            _flush(batch, stores, summary)
            batch = []
    _flush(batch, stores, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def _flush(
    batch: list[SourceRecord], stores: Sequence[LineageStore], summary: ImportSummary
) -> None:
    if not batch:
        return
    for store in stores:
        store.write(batch)
    summary.sources += len(batch)
    for rec in batch:
        summary.models.add(rec.model_id.casefold())
        summary.edges += len(rec.claims)
        summary.unresolved += len(rec.unresolved)
        summary.warnings.extend(SourceFailure(rec.location, w) for w in rec.warnings)

"""Import Hub API model-info dumps: JSON (a list or one object), JSONL, Parquet.

Rows are mapped by `importers.hub_rows` (one ``hub:ORG/NAME`` source per
model). Dumps are cut into chunks as they are streamed (lines, JSON array
elements, Parquet record batches) by `dump_tasks`; `parse_task` turns one
chunk into records. The import pipeline (`lineage.ingest.dumps`) runs them on
every core and writes the records.
"""

from __future__ import annotations

import gzip
import importlib
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from importers.files import open_regular
from importers.hub_rows import RowError, records_from_row
from lineage.core.errors import CardError, UsageError
from lineage.core.limits import MAX_ROW_BYTES, input_problem
from lineage.core.records import SourceFailure, SourceRecord

# A unit of work: (format, dump path, number of the chunk's first row, payload).
# Rows are numbered from 1 in every format (the line number in JSONL files).
# An "error" task carries what went wrong with the file (payload: the reason; row 0: the
# whole file), so a damaged file is reported in order, after the rows read before the damage.
Task = tuple[str, str, int, Any]
CHUNK_ROWS = 1_000
_READ_CHARS = 1 << 20
_PARQUET_COLUMNS = (
    "id", "modelId", "cardData", "baseModels", "tags", "library_name", "pipeline_tag", "card",
)  # fmt: skip


@dataclass(slots=True)
class ParsedRows:
    """The records of one chunk of a dump, and the rows that could not be read."""

    records: list[SourceRecord] = field(default_factory=list)
    failures: list[SourceFailure] = field(default_factory=list)
    rows: int = 0


def parse_task(task: Task) -> ParsedRows:
    """Parse one chunk of a dump; row failures are returned, never raised."""
    fmt, path, first, payload = task
    rows: Iterable[tuple[int, object]]
    if fmt == "error":
        return ParsedRows(failures=[SourceFailure(f"{path}#{first}" if first else path, payload)])
    if fmt == "lines":
        # Line numbers stay exact: blank lines travel with the chunk and are skipped here.
        rows = ((n, line) for n, line in enumerate(payload, start=first) if line.strip())
    elif fmt == "arrow":
        try:
            rows = enumerate(arrow_rows(payload), start=first)
        except Exception as exc:  # an Arrow type we cannot turn into Python values
            reason = f"rows {first:,}–{first + payload.num_rows - 1:,} unreadable: {exc}"
            return ParsedRows(failures=[SourceFailure(path, reason)])
    else:
        rows = enumerate(payload, start=first)
    out = ParsedRows()
    records = out.records
    for n, row in rows:
        out.rows += 1
        location = f"{path}#{n}"
        try:
            value = json.loads(cast(bytes, row)) if fmt == "lines" else row
            records.extend(records_from_row(value, location))
        except (RowError, CardError) as exc:
            out.failures.append(SourceFailure(location, str(exc).removeprefix(location + ": ")))
        except Exception as exc:  # a mapping bug must not stop a million-row import
            problem = input_problem(exc)
            if problem is not None and fmt == "lines" and not problem.startswith("invalid JSON"):
                problem = f"invalid JSON: {problem}"
            out.failures.append(SourceFailure(location, problem or f"{type(exc).__name__}: {exc}"))
    return out


def arrow_rows(batch: Any) -> list[dict[str, Any]]:
    """The rows of an Arrow record batch as dicts (what ``to_pylist`` gives, cheaper).

    Column by column, then zipped; ``modelId`` is left out when every row has an
    ``id`` (it is only read when ``id`` is empty).
    """
    columns = {name: batch.column(i).to_pylist() for i, name in enumerate(batch.schema.names)}
    if not columns:
        return [{} for _ in range(batch.num_rows)]
    ids = columns.get("id")
    if ids is not None and "modelId" in columns and all(ids):
        del columns["modelId"]
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def dump_tasks(path: Path, chunk_rows: int = CHUNK_ROWS) -> Iterator[Task]:
    """Chunks of one dump file, by its suffix: .jsonl/.ndjson (.gz), .json, .parquet.

    A file that cannot be read, or is damaged part way, ends in an "error" task
    after the chunks read before the damage: one bad file never stops the others.
    """
    name = path.name.casefold()
    if name.endswith(".parquet"):
        tasks = _parquet_tasks(path, chunk_rows)
    elif name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        tasks = _line_tasks(path, chunk_rows)
    elif name.endswith((".json", ".json.gz")):
        tasks = _json_tasks(path, chunk_rows)
    else:
        raise UsageError(f"{path}: not a dump (.jsonl, .ndjson, .json or .parquet)")
    last = 0
    try:
        for task in tasks:
            last = task[2] + _task_rows(task) - 1
            yield task
    except UsageError:
        raise
    except CardError as exc:
        yield ("error", str(path), 0, _after(exc.reason, last))
    except Exception as exc:  # whatever the file holds, the other files go in
        problem = input_problem(exc)
        if problem is None:
            problem = f"cannot read: {exc.strerror}" if isinstance(exc, OSError) else str(exc)
        yield ("error", str(path), 0, _after(problem, last))


def _task_rows(task: Task) -> int:
    fmt, _, _, payload = task
    if fmt == "error":
        return 1
    return int(payload.num_rows) if fmt == "arrow" else len(payload)


def _after(reason: str, rows: int) -> str:
    return f"{reason} (after row {rows:,}; the rows before are kept)" if rows else reason


@contextmanager
def _open(path: Path) -> Iterator[IO[bytes]]:
    """A dump opened for reading (a regular file only), decompressed when it ends in .gz."""
    with open_regular(path) as raw:
        if path.name.casefold().endswith(".gz"):
            with gzip.GzipFile(fileobj=raw, mode="rb") as fh:
                yield cast(IO[bytes], fh)
        else:
            yield raw


def _lines(fh: IO[bytes]) -> Iterator[bytes | None]:
    """The lines of a file, each at most `MAX_ROW_BYTES`; None for a longer one (skipped)."""
    while True:
        line = fh.readline(MAX_ROW_BYTES + 1)
        if not line:
            return
        if len(line) <= MAX_ROW_BYTES or line.endswith(b"\n"):
            yield line if len(line) <= MAX_ROW_BYTES else None
            continue
        while (rest := fh.readline(_READ_CHARS)) and not rest.endswith(b"\n"):
            pass  # the rest of an over-long line is read and dropped, a bounded piece at a time
        yield None


def _line_tasks(path: Path, chunk_rows: int) -> Iterator[Task]:
    chunk: list[bytes] = []
    first = 1
    try:
        with _open(path) as fh:
            for n, line in enumerate(_lines(fh), start=1):
                if line is None:
                    if chunk:
                        yield ("lines", str(path), first, chunk)
                        chunk = []
                    reason = f"line longer than {MAX_ROW_BYTES:,} bytes, skipped"
                    yield ("error", str(path), n, reason)
                    continue
                if not chunk:
                    first = n
                chunk.append(line)
                if len(chunk) >= chunk_rows:
                    yield ("lines", str(path), first, chunk)
                    chunk = []
    except Exception:
        if chunk:  # the lines read before the damage still go in
            yield ("lines", str(path), first, chunk)
        raise
    if chunk:
        yield ("lines", str(path), first, chunk)


def _json_tasks(path: Path, chunk_rows: int) -> Iterator[Task]:
    chunk: list[object] = []
    first = 0
    try:
        for n, value in enumerate(iter_json_values(path), start=1):
            if not chunk:
                first = n
            chunk.append(value)
            if len(chunk) >= chunk_rows:
                yield ("objects", str(path), first, chunk)
                chunk = []
    except Exception:
        if chunk:  # the values read before the damage still go in
            yield ("objects", str(path), first, chunk)
        raise
    if chunk:
        yield ("objects", str(path), first, chunk)


def iter_json_values(path: Path) -> Iterator[object]:
    """The elements of a JSON array file one at a time (or the single object it holds).

    An element (or the single object) over `MAX_ROW_BYTES` characters is a `CardError`.
    """
    decoder = json.JSONDecoder()
    with _open(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig") as fh:
        buf, pos, want = fh.read(_READ_CHARS), 0, _READ_CHARS
        start = buf.lstrip()[:1]
        if start == "{":
            whole = buf + fh.read(MAX_ROW_BYTES + 1 - len(buf))
            if len(whole) > MAX_ROW_BYTES:
                raise CardError(str(path), f"one object larger than {MAX_ROW_BYTES:,} characters")
            yield json.loads(whole)
            return
        if start != "[":
            raise CardError(str(path), "expected a JSON array or object of model infos")
        pos = buf.index("[") + 1
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n,":
                pos += 1
            if pos < len(buf) and buf[pos] == "]":
                return
            try:
                if pos >= len(buf):
                    raise json.JSONDecodeError("need more", buf, pos)
                value, pos = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError as exc:
                if len(buf) - pos > MAX_ROW_BYTES:
                    raise CardError(
                        str(path), f"an element larger than {MAX_ROW_BYTES:,} characters"
                    ) from None
                more = fh.read(want)
                if not more:
                    raise CardError(str(path), f"invalid JSON: {exc.msg}") from None
                # Keep only the unread tail; grow the read so a huge element costs O(n).
                buf, pos, want = buf[pos:] + more, 0, want * 2
                continue
            want = _READ_CHARS
            yield value
            if pos > _READ_CHARS:
                buf, pos = buf[pos:], 0


def _parquet_tasks(path: Path, chunk_rows: int) -> Iterator[Task]:
    pq = _parquet()
    # Checked as a regular file first; pyarrow then reads the path natively (fast).
    open_regular(path).close()
    try:
        pf = pq.ParquetFile(path)
        columns = [c for c in _PARQUET_COLUMNS if c in pf.schema_arrow.names]
    except Exception as exc:  # pyarrow says ArrowInvalid, OSError… for any bad file
        raise CardError(str(path), f"not a readable Parquet file: {exc}") from None
    first = 1  # rows are numbered from 1, like lines
    batches = pf.iter_batches(batch_size=chunk_rows, columns=columns)
    while True:
        try:
            batch = next(batches, None)
        except Exception as exc:
            raise CardError(str(path), f"damaged Parquet data: {exc}") from None
        if batch is None:
            return
        yield ("arrow", str(path), first, batch)
        first += batch.num_rows


def _parquet() -> Any:
    """``pyarrow.parquet``, an optional dependency (the ``parquet`` extra)."""
    try:
        return importlib.import_module("pyarrow.parquet")
    except ImportError:
        raise UsageError(
            "reading Parquet needs pyarrow: pip install 'model-lineage[parquet]'"
        ) from None


def count_rows(paths: Sequence[Path]) -> int | None:
    """The number of rows, when cheap to know (Parquet footers only); else None."""
    total = 0
    for path in paths:
        if not path.name.casefold().endswith(".parquet"):
            return None
        pq = _parquet()
        try:
            total += pq.ParquetFile(path).metadata.num_rows
        except Exception:  # a damaged file is reported by the import itself
            return None
    return total

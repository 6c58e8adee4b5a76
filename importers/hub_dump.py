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
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from importers.hub_rows import RowError, records_from_row
from lineage.core.errors import CardError, UsageError
from lineage.core.records import SourceFailure, SourceRecord

# A unit of work: (format, dump path, number of the chunk's first row, payload).
# Rows are numbered from 1 in every format (the line number in JSONL files).
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
    if fmt == "lines":
        # Line numbers stay exact: blank lines travel with the chunk and are skipped here.
        rows = ((n, line) for n, line in enumerate(payload, start=first) if line.strip())
    elif fmt == "arrow":
        rows = enumerate(arrow_rows(payload), start=first)
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
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            out.failures.append(SourceFailure(location, f"invalid JSON: {exc}"))
        except (RowError, CardError) as exc:
            out.failures.append(SourceFailure(location, str(exc).removeprefix(location + ": ")))
        except Exception as exc:  # a mapping bug must not stop a million-row import
            out.failures.append(SourceFailure(location, f"{type(exc).__name__}: {exc}"))
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
    """Chunks of one dump file, by its suffix: .jsonl/.ndjson (.gz), .json, .parquet."""
    name = path.name.casefold()
    if name.endswith(".parquet"):
        yield from _parquet_tasks(path, chunk_rows)
    elif name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        yield from _line_tasks(path, chunk_rows)
    elif name.endswith((".json", ".json.gz")):
        yield from _json_tasks(path, chunk_rows)
    else:
        raise UsageError(f"{path}: not a dump (.jsonl, .ndjson, .json or .parquet)")


def _open(path: Path) -> IO[bytes]:
    if path.name.casefold().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _line_tasks(path: Path, chunk_rows: int) -> Iterator[Task]:
    chunk: list[bytes] = []
    first = 1
    with _open(path) as fh:
        for n, line in enumerate(fh, start=1):
            if not chunk:
                first = n
            chunk.append(line)
            if len(chunk) >= chunk_rows:
                yield ("lines", str(path), first, chunk)
                chunk = []
    if chunk:
        yield ("lines", str(path), first, chunk)


def _json_tasks(path: Path, chunk_rows: int) -> Iterator[Task]:
    chunk: list[object] = []
    first = 0
    for n, value in enumerate(iter_json_values(path), start=1):
        if not chunk:
            first = n
        chunk.append(value)
        if len(chunk) >= chunk_rows:
            yield ("objects", str(path), first, chunk)
            chunk = []
    if chunk:
        yield ("objects", str(path), first, chunk)


def iter_json_values(path: Path) -> Iterator[object]:
    """The elements of a JSON array file one at a time (or the single object it holds)."""
    decoder = json.JSONDecoder()
    with _open(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig") as fh:
        buf, pos, want = fh.read(_READ_CHARS), 0, _READ_CHARS
        start = buf.lstrip()[:1]
        if start == "{":
            yield json.loads(buf + fh.read())
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

    pf = pq.ParquetFile(path)
    columns = [c for c in _PARQUET_COLUMNS if c in pf.schema_arrow.names]
    first = 1  # rows are numbered from 1, like lines
    for batch in pf.iter_batches(batch_size=chunk_rows, columns=columns):
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

        total += pq.ParquetFile(path).metadata.num_rows
    return total

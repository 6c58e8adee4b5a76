"""Damaged dumps: each file is its own unit; rows read before the damage are kept."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest

from importers.hub_dump import dump_tasks, parse_task
from lineage.core.limits import MAX_ROW_BYTES
from lineage.ingest.sources import import_paths
from lineage.ingest.summary import ImportSummary
from lineage.stores.oxigraph.store import OxigraphStore
from tests.hostile.conftest import SENTINEL_ID, Run, hostile_sentinel_stored


def row(i: int) -> dict[str, object]:
    return {"id": f"dump-org/model-{i}", "cardData": {"base_model": "dump-org/base"}}


def jsonl(rows: range) -> bytes:
    return b"".join(json.dumps(row(i)).encode() + b"\n" for i in rows)


def run(paths: list[Path], db: Path) -> tuple[ImportSummary, OxigraphStore]:
    store = OxigraphStore(db, index=False)
    summary = import_paths([str(p) for p in paths], [store], workers=1)
    return summary, store


def reasons(summary: ImportSummary) -> dict[str, str]:
    return {Path(f.location).name: f.reason for f in summary.failures}


def bad_parquets(tmp_path: Path) -> list[Path]:
    garbage = tmp_path / "garbage.parquet"
    garbage.write_bytes(b"PAR1 this is not parquet at all" * 10)
    empty = tmp_path / "empty.parquet"
    empty.write_bytes(b"")
    whole = tmp_path / "whole.parquet"
    pq.write_table(pa.Table.from_pylist([row(i) for i in range(100)]), whole)
    truncated = tmp_path / "truncated.parquet"
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    whole.unlink()
    return [garbage, empty, truncated]


def test_one_bad_file_never_stops_the_others(
    hostile_sentinel: Path, hostile_cli: Run, tmp_path: Path
) -> None:
    good = tmp_path / "good.jsonl"
    good.write_bytes(jsonl(range(5)))
    bad = bad_parquets(tmp_path)
    not_gzip = tmp_path / "plain.jsonl.gz"
    not_gzip.write_bytes(jsonl(range(5, 8)))
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'[{"id": "dump-org/caf\xe9"}]')
    nested = tmp_path / "nested.json"
    nested.write_text("[" + "[" * 100_000 + "]" * 100_000 + "]")
    db = tmp_path / "db"
    args = [str(p) for p in (good, *bad, not_gzip, latin, nested, hostile_sentinel)]
    proc = hostile_cli("import", *args, "--json", db=db, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = {
        Path(e["path"].split("#")[0]).name: e["reason"] for e in json.loads(proc.stdout)["errors"]
    }
    assert "Parquet" in errors["garbage.parquet"] and "Parquet" in errors["empty.parquet"]
    assert "Parquet" in errors["truncated.parquet"]
    assert errors["plain.jsonl.gz"] == "not a gzip file"
    assert errors["latin.json"].startswith("not UTF-8 text (byte 0xe9")
    assert errors["nested.json"] == "nested too deeply"
    assert not any("RecursionError" in r or "Traceback" in r for r in errors.values())
    store = OxigraphStore(db, index=False)
    try:
        assert all(store.node(f"dump-org/model-{i}") for i in range(5))
    finally:
        store.close()
    assert hostile_sentinel_stored(db)


def test_a_truncated_gzip_keeps_the_rows_before_the_damage(
    hostile_sentinel: Path, tmp_path: Path
) -> None:
    whole = gzip.compress(jsonl(range(10_000)))
    dump = tmp_path / "cut.jsonl.gz"
    dump.write_bytes(whole[: len(whole) * 3 // 4])
    summary, store = run([dump, hostile_sentinel], tmp_path / "db")
    try:
        [reason] = [f.reason for f in summary.failures]
        assert reason.startswith("ends early (a truncated compressed file) (after row ")
        assert 6_000 < summary.sources < 10_000  # ~3/4 of the rows, and the sentinel
        assert store.node("dump-org/model-0") is not None
        assert store.node(SENTINEL_ID) is not None
    finally:
        store.close()


def test_an_over_long_line_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    dump = tmp_path / "long.jsonl.gz"
    huge = b'{"id": "dump-org/huge", "pad": "' + b"x" * (6 * MAX_ROW_BYTES) + b'"}\n'
    dump.write_bytes(gzip.compress(jsonl(range(2)) + huge + jsonl(range(2, 4))))
    tracemalloc.start()
    try:
        results = [parse_task(t) for t in dump_tasks(dump)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * MAX_ROW_BYTES  # a bounded piece of the line at a time, never all of it
    failures = [f for r in results for f in r.failures]
    assert [(f.location, f.reason) for f in failures] == [
        (f"{dump}#3", f"line longer than {MAX_ROW_BYTES:,} bytes, skipped")
    ]
    ids = sorted(rec.model_id for r in results for rec in r.records)
    assert ids == [f"dump-org/model-{i}" for i in range(4)]


@pytest.mark.parametrize(
    ("line", "says"),
    [
        (b"[" * 50_000 + b"]" * 50_000, "invalid JSON: nested too deeply"),
        (
            b'{"id": "a/b", "n": ' + b"9" * 5_000 + b"}",
            "invalid JSON: a number with too many digits",
        ),
        (b'{"id": "a/\xff"}', "not UTF-8"),
    ],
)
def test_bad_lines_say_what_is_wrong_with_the_input(tmp_path: Path, line: bytes, says: str) -> None:
    dump = tmp_path / "rows.jsonl"
    dump.write_bytes(line + b"\n" + jsonl(range(1)))
    results = [parse_task(t) for t in dump_tasks(dump)]
    [failure] = [f for r in results for f in r.failures]
    assert failure.location == f"{dump}#1" and says in failure.reason
    assert "Error" not in failure.reason and "sys." not in failure.reason
    assert [rec.model_id for r in results for rec in r.records] == ["dump-org/model-0"]

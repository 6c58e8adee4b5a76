"""FIFOs, devices and endless files are reported, never read: the import finishes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from importers.files import read_bounded
from lineage.core.errors import CardError
from tests.hostile.conftest import Run, hostile_sentinel_stored


def _errors(proc_stdout: str) -> dict[str, str]:
    return {Path(e["path"]).name: e["reason"] for e in json.loads(proc_stdout)["errors"]}


def test_fifos_and_devices_in_a_card_folder_are_errors_not_hangs(
    hostile_sentinel: Path, hostile_cli: Run, tmp_path: Path
) -> None:
    repo = hostile_sentinel / "bad-org" / "pipes"
    repo.mkdir(parents=True)
    os.mkfifo(repo / "README.md")  # no writer: a blocking open would wait forever
    os.mkfifo(repo / "model.gguf")  # a prefix reader: must not block either
    devices = hostile_sentinel / "bad-org" / "devices"
    devices.mkdir()
    (devices / "README.md").symlink_to("/dev/zero")  # size 0, endless
    (devices / "config.json").symlink_to("/dev/urandom")
    db = tmp_path / "db"
    proc = hostile_cli(
        "import", str(hostile_sentinel), "--json", "--workers", "1", db=db, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    errors = _errors(proc.stdout)
    assert "FIFO" in errors["README.md"] or "device" in errors["README.md"]
    assert "FIFO" in errors["model.gguf"]
    assert "device" in errors["config.json"]
    assert len(json.loads(proc.stdout)["errors"]) == 4
    assert hostile_sentinel_stored(db)


def test_a_fifo_given_as_a_dump_is_that_file_s_error(
    hostile_sentinel: Path, hostile_cli: Run, tmp_path: Path
) -> None:
    fifo = tmp_path / "models.jsonl"
    os.mkfifo(fifo)
    db = tmp_path / "db"
    proc = hostile_cli("import", str(hostile_sentinel), str(fifo), "--json", db=db, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "FIFO" in _errors(proc.stdout)["models.jsonl"]
    assert hostile_sentinel_stored(db)


def test_reads_are_bounded_by_bytes_not_by_the_size_a_file_claims(tmp_path: Path) -> None:
    # /proc files say size 0 and hold more; /dev/zero is refused before any read.
    with pytest.raises(CardError, match="device"):
        read_bounded("/dev/zero", 10)
    proc_file = Path("/proc/self/maps")
    assert os.stat(proc_file).st_size == 0
    with pytest.raises(CardError, match="over 10 bytes"):
        read_bounded(proc_file, 10)
    assert read_bounded(proc_file, 10, prefix=True) == proc_file.read_bytes()[:10]
    small = tmp_path / "small"
    small.write_bytes(b"12345")
    assert read_bounded(small, 5) == b"12345"
    with pytest.raises(CardError, match="too large"):
        read_bounded(small, 4)


def test_a_fifo_given_by_name_is_reported_not_skipped(
    hostile_sentinel: Path, hostile_cli: Run, tmp_path: Path
) -> None:
    fifo = tmp_path / "README.md"
    os.mkfifo(fifo)
    db = tmp_path / "db"
    proc = hostile_cli("import", str(fifo), str(hostile_sentinel), "--json", db=db, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert _errors(proc.stdout)["README.md"] == "not a regular file or a folder; not read"
    assert hostile_sentinel_stored(db)


def test_a_sparql_query_file_is_read_bounded(hostile_cli: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "query.rq"
    os.mkfifo(fifo)
    proc = hostile_cli("sparql", f"@{fifo}", db=tmp_path / "db", timeout=60)
    assert proc.returncode == 1 and "FIFO" in proc.stderr and "Traceback" not in proc.stderr
    missing = hostile_cli("sparql", f"@{tmp_path / 'none.rq'}", db=tmp_path / "db")
    assert missing.returncode == 2 and "cannot read" in missing.stderr

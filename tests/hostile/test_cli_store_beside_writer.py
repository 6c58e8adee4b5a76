"""Reads work while another process holds the embedded store for writing; writes say why not."""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lineage.core.errors import StoreUnavailable
from lineage.stores.oxigraph.store import OxigraphStore
from tests.conftest import REPO
from tests.hostile.conftest import SENTINEL_ID, SENTINEL_PARENT, Run

HOLD = """
import sys
from pathlib import Path
from lineage.stores.oxigraph.store import OxigraphStore
store = OxigraphStore(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.readline()
store.close()
"""


@pytest.fixture
def hostile_held_store(hostile_sentinel: Path, hostile_cli: Run, tmp_path: Path) -> Iterator[Path]:
    """A store with the sentinel card, held open for writing by another process."""
    db = tmp_path / "db"
    assert hostile_cli("import", str(hostile_sentinel), db=db).returncode == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        yield db
    finally:
        if holder.stdin is not None:
            holder.stdin.close()
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()


def test_reads_work_beside_a_writer(hostile_held_store: Path, hostile_cli: Run) -> None:
    db = hostile_held_store
    logs = set(db.glob("LOG*"))
    trace = hostile_cli("trace", SENTINEL_ID, "--json", db=db)
    assert trace.returncode == 0, trace.stderr
    assert [e["parent"] for e in json.loads(trace.stdout)["edges"]] == [SENTINEL_PARENT]
    stats = hostile_cli("stats", db=db)
    assert stats.returncode == 0 and json.loads(stats.stdout)["models"] == 2
    export = hostile_cli("export", "--format", "jsonl", db=db)
    assert export.returncode == 0 and SENTINEL_ID in export.stdout
    sparql = hostile_cli("sparql", "ASK { ?s ?p ?o }", "--format", "json", db=db)
    assert sparql.returncode == 0 and '"boolean":true' in sparql.stdout.replace(" ", "")
    assert set(db.glob("LOG*")) == logs  # failed writable opens leave no log files behind


def test_an_import_beside_a_writer_is_refused_plainly(
    hostile_held_store: Path, hostile_cli: Run, hostile_sentinel: Path
) -> None:
    logs = set(hostile_held_store.glob("LOG*"))
    # --full: the sentinel is stored already, and an unchanged card would not need a write.
    proc = hostile_cli("import", str(hostile_sentinel), "--full", db=hostile_held_store)
    assert proc.returncode == 1
    [line] = proc.stderr.strip().splitlines()
    assert "another lineage process holds it for writing" in line
    assert "POST /import" in line and "Traceback" not in proc.stderr
    assert set(hostile_held_store.glob("LOG*")) == logs


def test_the_store_opened_beside_a_writer_refuses_writes_in_process(
    hostile_held_store: Path,
) -> None:
    store = OxigraphStore(hostile_held_store)
    try:
        assert store.unwritable is not None and store.node(SENTINEL_ID) is not None
        with pytest.raises(StoreUnavailable, match="takes no writes now"):
            store.remove_sources([f"card:{SENTINEL_ID}"])
        assert store.node(SENTINEL_ID) is not None
    finally:
        store.close()


def test_open_errors_name_the_cause_not_another_process(tmp_path: Path) -> None:
    from lineage.stores.oxigraph.store import _open_problem

    full = OSError(errno.ENOSPC, "IO error: No space left on device: While appending")
    assert "the disk holding it is full" in _open_problem(tmp_path, full)
    other = OSError("IO error: Corruption: bad block")
    message = _open_problem(tmp_path, other)
    assert "Corruption" in message and "another" not in message


def test_a_full_disk_is_said_and_reads_still_work(tmp_path: Path) -> None:
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        db = mount / "db"
        store = OxigraphStore(db, index=False)
        store.close()
        logs = set(db.glob("LOG*"))
        # Fill the disk, then open again: RocksDB cannot write its log or manifest.
        with open(mount / "filler", "wb") as fh, pytest.raises(OSError):
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        try:
            reopened = OxigraphStore(db, index=False)
        except StoreUnavailable as exc:
            assert "the disk holding it is full" in str(exc)
            assert "another lineage process" not in str(exc)
        else:
            try:
                assert reopened.unwritable is not None and "disk" in reopened.unwritable
                assert reopened.stats()["models"] == 0
            finally:
                reopened.close()
        assert set(db.glob("LOG*")) == logs
    finally:
        subprocess.run(["umount", "--lazy", str(mount)], check=True)

"""The digest table the embedded store keeps beside its database, and the stat check of files.

Real Oxigraph stores on disk and real files: the kept table must say exactly what a scan
of the store says, be ignored the moment the store changes by any other path, and never
make an import skip a source the store does not hold.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat

from lineage.core.records import SourceRecord
from lineage.ingest import incremental
from lineage.ingest.dumps import import_dump
from lineage.ingest.folders import run_import
from lineage.ingest.summary import ImportSummary
from lineage.stores.base import Capability, digest_index_store, stored_digests, supports
from lineage.stores.digests import ROW, DigestTable, source_key
from lineage.stores.oxigraph.digest_file import FILE_NAME
from lineage.stores.oxigraph.store import OxigraphStore
from tests.conftest import REPO
from tests.test_incremental import MODELS, _card, _cards, _dump, _row, _view

PAST = 1_600_000_000  # seconds: files older than the racy window


def _age(root: Path) -> None:
    """Give every file under ``root`` a modification time well in the past."""
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (PAST, PAST))


def _imported(tmp_path: Path) -> tuple[Path, OxigraphStore, ImportSummary]:
    """Aged cards under ``tmp_path/cards`` imported once into ``tmp_path/store``."""
    root = tmp_path / "cards"
    _cards(root)
    _age(root)
    store = OxigraphStore(tmp_path / "store")
    return root, store, run_import([root], [store], workers=1)


def _edit_same_size(path: Path, mtime: int) -> None:
    """Change one byte of the file (same size) and set its modification time."""
    data = bytearray(path.read_bytes())
    i = data.index(b"# ") + 2
    data[i] = ord("Z") if data[i] != ord("Z") else ord("Y")
    path.write_bytes(bytes(data))
    os.utime(path, (mtime, mtime))


def _scanned(store: OxigraphStore) -> set[tuple[int, int]]:
    """What a scan of the store says: (source key, digest key) of every source."""
    table = DigestTable.of_sources(
        ((s.source, s.digest, s.location) for s in stored_digests(store, locations=True)), True
    )
    return set(zip(table.keys, table.digests, strict=True))


def _kept(store: OxigraphStore) -> DigestTable:
    table = store.load_digests()
    assert table is not None, "no digest table the store agrees with"
    return table


def _counts(summary: object) -> tuple[int, int, int, int]:
    s = summary
    return (s.new, s.changed, s.unchanged, s.removed)  # type: ignore[attr-defined]


def test_the_embedded_store_declares_the_capability() -> None:
    store = OxigraphStore(None)
    assert supports(store, Capability.DIGEST_INDEX)
    assert digest_index_store(store).load_digests() is None  # in memory: nothing kept
    assert not store.save_digests(DigestTable())


def test_unchanged_folder_is_skipped_by_stat_and_the_table_matches_a_scan(tmp_path: Path) -> None:
    root, store, first = _imported(tmp_path)
    assert _counts(first) == (4, 0, 0, 0)
    kept = _kept(store)
    assert set(zip(kept.keys, kept.digests, strict=True)) == _scanned(store)
    assert all(kept.stats) and not any(f & ROW for f in kept.flags)
    file_before = (tmp_path / "store" / FILE_NAME).read_bytes()

    again = run_import([root], [store], workers=2)
    assert _counts(again) == (0, 0, 4, 0) and again.sources == 0
    # Nothing changed: the table is not written again.
    assert (tmp_path / "store" / FILE_NAME).read_bytes() == file_before
    # A source the stat check skipped is not read at all: a same-size edit that keeps
    # the time is not seen (the trade-off rsync and make also make) until --rehash.
    chat = root / "org" / "Chat" / "README.md"
    _edit_same_size(chat, PAST)
    trusted = run_import([root], [store], workers=1)
    assert _counts(trusted) == (0, 0, 4, 0)
    rehashed = run_import([root], [store], workers=1, rehash=True)
    assert _counts(rehashed) == (0, 1, 3, 0)
    assert set(zip(_kept(store).keys, _kept(store).digests, strict=True)) == _scanned(store)
    store.close()


def test_a_new_release_reads_every_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files known by their stat to one release are read by the next (its readers may read
    more): stat keys are keyed by the release, as digests are."""
    root, store, _ = _imported(tmp_path)
    assert _counts(run_import([root], [store], workers=1)) == (0, 0, 4, 0)
    monkeypatch.setattr(incremental, "_PERSON", b"lineage 99.0")
    upgraded = run_import([root], [store], workers=1)
    assert _counts(upgraded) == (0, 4, 0, 0) and upgraded.sources == 4
    assert set(zip(_kept(store).keys, _kept(store).digests, strict=True)) == _scanned(store)
    assert _counts(run_import([root], [store], workers=2)) == (0, 0, 4, 0)
    store.close()


def test_a_same_size_edit_with_a_new_time_is_read_again(tmp_path: Path) -> None:
    root, store, _ = _imported(tmp_path)
    tune = root / "other" / "Tune" / "README.md"
    size = tune.stat().st_size
    _card(root, "other/Tune", base="org/Base", license="apache-2.0")  # "Chat" → "Base"
    assert tune.stat().st_size == size
    os.utime(tune, (PAST + 60, PAST + 60))
    edited = run_import([root], [store], workers=1)
    assert _counts(edited) == (0, 1, 3, 0)
    assert [e.parent for e in store.parents("other/Tune")] == ["org/Base"]
    # Touched without a change: read and hashed once (unchanged), then known by stat again.
    os.utime(root / "org" / "Base" / "README.md", (PAST + 120, PAST + 120))
    touched = run_import([root], [store], workers=1)
    assert _counts(touched) == (0, 0, 4, 0)
    base = root / "org" / "Base" / "README.md"
    _edit_same_size(base, PAST + 120)  # same size, same (new) time: trusted as unchanged
    assert _counts(run_import([root], [store], workers=1)) == (0, 0, 4, 0)
    store.close()


def test_a_file_modified_just_now_is_not_trusted_by_its_stat(tmp_path: Path) -> None:
    root = tmp_path / "cards"
    _cards(root)  # written now: inside the racy window
    store = OxigraphStore(tmp_path / "store")
    run_import([root], [store], workers=1)
    assert not any(_kept(store).stats)
    chat = root / "org" / "Chat" / "README.md"
    st = chat.stat()
    _edit_same_size(chat, 0)
    os.utime(chat, ns=(st.st_atime_ns, st.st_mtime_ns))  # size and time as stored
    again = run_import([root], [store], workers=1)
    assert _counts(again) == (0, 1, 3, 0)
    store.close()


@pytest.mark.parametrize("damage", ["deleted", "truncated", "flipped", "other format"])
def test_a_missing_or_damaged_table_falls_back_to_the_scan(tmp_path: Path, damage: str) -> None:
    root, store, _ = _imported(tmp_path)
    path = tmp_path / "store" / FILE_NAME
    data = path.read_bytes()
    if damage == "deleted":
        path.unlink()
    elif damage == "truncated":
        path.write_bytes(data[:-9])
    elif damage == "flipped":
        path.write_bytes(data[:-3] + bytes([data[-3] ^ 1]) + data[-2:])
    else:
        path.write_bytes(b"LINDIGEST0 little\n" + data.split(b"\n", 1)[1])
    assert store.load_digests() is None
    _card(root, "new/One", base="other/Tune")
    _age(root)
    again = run_import([root], [store], workers=1)
    assert _counts(again) == (1, 0, 4, 0)  # found by digest from the scan: nothing lost
    kept = _kept(store)  # and kept again
    assert set(zip(kept.keys, kept.digests, strict=True)) == _scanned(store)
    assert all(kept.stats)
    store.close()


def test_a_write_by_another_path_makes_the_table_stale(tmp_path: Path) -> None:
    root, store, _ = _imported(tmp_path)
    db = tmp_path / "store"
    assert store.load_digests() is not None
    assert store.remove_sources(["card:other/Tune"]) == 1
    assert store.load_digests() is None and not (db / FILE_NAME).exists()
    back = run_import([root], [store], workers=1)
    assert _counts(back) == (1, 0, 3, 0)
    fresh = OxigraphStore(None)
    run_import([root], [fresh], workers=1)
    assert _view(store, MODELS) == _view(fresh, MODELS)
    store.close()


def test_a_table_of_an_older_state_is_never_trusted(tmp_path: Path) -> None:
    """A crash-ish case: the file kept before a removal is put back (or survived it)."""
    root, store, _ = _imported(tmp_path)
    db = tmp_path / "store"
    older = (db / FILE_NAME).read_bytes()
    store.remove_sources(["card:org/Chat"])
    store.close()
    (db / FILE_NAME).write_bytes(older)  # names every source, the store lacks one
    store = OxigraphStore(db)
    assert store.load_digests() is None
    again = run_import([root], [store], workers=1)
    assert _counts(again) == (1, 0, 3, 0)
    assert store.node("org/Chat") is not None
    assert [e.parent for e in store.parents("org/Chat-GGUF")] == ["org/Chat"]
    store.close()


def test_imports_in_a_row_keep_the_table_equal_to_the_store(tmp_path: Path) -> None:
    root = tmp_path / "cards"
    _cards(root)
    _age(root)
    db = tmp_path / "store"
    store = OxigraphStore(db)
    seen = []
    for step in range(5):
        if step == 2:
            _card(root, "other/Tune", license="bsd-3-clause")
            _card(root, "new/One", base="org/Base")
            _age(root)
        summary = run_import([root], [store], workers=1 + step % 2)
        seen.append(_counts(summary))
        kept = _kept(store)
        assert set(zip(kept.keys, kept.digests, strict=True)) == _scanned(store), step
        assert len(kept) == len(set(kept.keys))
        if step == 3:  # reopened: the stamp is read from the database
            store.close()
            store = OxigraphStore(db)
    assert seen == [(4, 0, 0, 0), (0, 0, 4, 0), (1, 1, 3, 0), (0, 0, 5, 0), (0, 0, 5, 0)]
    store.close()


def test_prune_keeps_the_table_and_a_pruned_row_comes_back(tmp_path: Path) -> None:
    rows = [_row("a/Base"), _row("a/Chat", "a/Base"), _row("b/Tune", "a/Chat"), _row("c/Gone")]
    dump = _dump(tmp_path / "models.jsonl", rows)
    db = tmp_path / "store"
    store = OxigraphStore(db)
    import_dump([dump], [store], workers=1)
    kept = _kept(store)
    assert kept.rows_known and all(f & ROW for f in kept.flags)
    nothing = import_dump([dump], [store], workers=2, prune=True)
    assert _counts(nothing) == (0, 0, 4, 0)
    _dump(dump, rows[:3])
    pruned = import_dump([dump], [store], workers=1, prune=True)
    assert _counts(pruned) == (0, 0, 3, 1) and store.node("c/Gone") is None
    kept = _kept(store)
    assert source_key("hub:c/Gone") not in set(kept.keys) and len(kept) == 3
    assert set(zip(kept.keys, kept.digests, strict=True)) == _scanned(store)
    # The row is back: the table no longer names it, so it is written again.
    _dump(dump, rows)
    back = import_dump([dump], [store], workers=1, prune=True)
    assert _counts(back) == (1, 0, 3, 0) and store.node("c/Gone") is not None
    store.close()


def test_prune_after_a_folder_import_scanned_without_locations(tmp_path: Path) -> None:
    """A table built by a scan without locations does not know the dump rows: --prune
    asks the store, and removes exactly the stale rows (never the cards)."""
    root = tmp_path / "cards"
    _card(root, "own/Card")
    _age(root)
    db = tmp_path / "store"
    store = OxigraphStore(db)
    dump = _dump(tmp_path / "d.jsonl", [_row("a/One"), _row("a/Two")])
    import_dump([dump], [store], workers=1)
    (db / FILE_NAME).unlink()
    run_import([root], [store], workers=1)  # scans without locations, keeps the table
    assert not _kept(store).rows_known
    _dump(dump, [_row("a/One")])
    done = import_dump([dump], [store], workers=1, prune=True)
    assert _counts(done) == (0, 0, 1, 1)
    assert store.node("a/Two") is None and store.node("own/Card") is not None
    store.close()


def test_the_stamp_graph_is_no_source(tmp_path: Path) -> None:
    root = tmp_path / "cards"
    _cards(root)
    store = OxigraphStore(tmp_path / "store")
    run_import([root], [store], workers=1)
    assert store.stats()["sources"] == 4
    assert len(list(store.iter_records())) == 4
    assert store.load_digests() is not None  # the stamp is there …
    for fmt in (RdfFormat.N_QUADS, RdfFormat.TRIG, RdfFormat.TURTLE):
        out = io.BytesIO()
        store.dump(fmt, out)
        text = out.getvalue().decode()
        assert "digestStamp" not in text and "store-state" not in text, fmt  # … not in dumps
        assert '"org/Chat"' in text
    store.clear()
    assert store.load_digests() is None
    assert store.stats()["sources"] == 0
    store.close()


def test_cli_rehash(tmp_path: Path) -> None:
    root = tmp_path / "cards"
    _cards(root)
    _age(root)
    cmd = [sys.executable, "-m", "lineage", "import", str(root), "--db", str(tmp_path / "db")]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=REPO)
    _edit_same_size(root / "org" / "Base" / "README.md", PAST)

    def run(*extra: str) -> dict[str, int]:
        done = subprocess.run(
            [*cmd, *extra, "--json"], check=True, capture_output=True, text=True, env=env, cwd=REPO
        )
        data = json.loads(done.stdout)
        return {k: data[k] for k in ("changed", "unchanged")}

    assert run() == {"changed": 0, "unchanged": 4}
    assert run("--rehash") == {"changed": 1, "unchanged": 3}


def test_rows_stored_without_digests_are_still_pruned(tmp_path: Path) -> None:
    """A store whose dump rows carry no digest (written before digests were kept): the
    table kept after a folder import must still know them as rows, for --prune."""
    db = tmp_path / "store"
    store = OxigraphStore(db)
    old = SourceRecord("a/Old", "hub:a/Old", f"{tmp_path / 'd.jsonl'}#1", source_kind="hub-api")
    store.write([old])
    root = tmp_path / "cards"
    _card(root, "own/Card")
    _age(root)
    run_import([root], [store], workers=1)
    kept = _kept(store)
    assert kept.rows_known and len(kept) == 2
    dump = _dump(tmp_path / "d.jsonl", [_row("a/New")])
    done = import_dump([dump], [store], workers=1, prune=True)
    assert _counts(done) == (1, 0, 0, 1)
    assert store.node("a/Old") is None and store.node("own/Card") is not None
    store.close()


def test_the_incremental_benchmark_runs_and_reads_the_kept_table(tmp_path: Path) -> None:
    from bench import synth
    from bench.incremental import run

    hub = tmp_path / "hub"
    synth.main(
        ["--models", "150", "--seed", "2", "--out", str(hub / "cards"), "--formats", "folder"]
    )
    synth.main(["--models", "150", "--seed", "2", "--out", str(hub), "--formats", "jsonl"])
    _age(hub / "cards")
    out = run(hub, tmp_path / "work", workers=2, parse=False)
    cards = out["folder_full"]["new"]
    assert cards >= 150
    assert out["folder_unchanged"]["unchanged"] == cards
    assert out["folder_unchanged_rehash"]["unchanged"] == cards
    assert out["digests_read"]["sources"] == out["digests_scan"]["sources"] == cards
    assert out["dump_digests_read"]["sources"] == out["dump_digests_scan"]["sources"] == 150
    assert out["dump_1pct"]["changed"] == 2 and out["dump_prune_1pct"]["removed"] == 2

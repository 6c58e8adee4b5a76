"""The lineage index: rows kept across processes, exactly what the store answers after any write."""

from __future__ import annotations

import marshal
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lineage.core import vocab as v
from lineage.core.errors import StoreError
from lineage.core.records import SourceRecord
from lineage.core.settings import Settings
from lineage.rdf import mapping as rdf
from lineage.stores.oxigraph.index_build import build_parallel
from lineage.stores.oxigraph.lineage_index import FILE_NAME
from lineage.stores.oxigraph.store import OxigraphStore, from_settings
from tests.factories import claim, family, rec

MODELS = [r.model_id for r in family()] + ["ghost/Unknown-Base", "nobody/Unknown"]


def answers(store: OxigraphStore, models: list[str] = MODELS) -> dict[str, Any]:
    """Everything a lineage walk reads, as JSON: facts, parents, the whole chain."""
    out: dict[str, Any] = {}
    for m in models:
        node = store.node(m)
        out[m] = {
            "node": node.to_json(full=True) if node else None,
            "parents": [e.to_json() for e in store.parents(m)],
            "ancestors": store.ancestors(m).to_json(),
        }
    return out


class Pair:
    """An on-disk store with its index, and an in-memory store (no index) given the same writes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.disk = OxigraphStore(folder)
        self.reference = OxigraphStore(None)

    def write(self, records: list[SourceRecord]) -> None:
        self.disk.write(records)
        self.reference.write(records)

    def write_prepared(self, records: list[SourceRecord]) -> None:
        self.disk.write_prepared([rdf.prepare(r) for r in records])
        self.reference.write(records)

    def remove(self, sources: list[str]) -> None:
        self.disk.remove_sources(sources)
        self.reference.remove_sources(sources)

    def reopen(self) -> OxigraphStore:
        """A new process's view: nothing in memory, the index on disk."""
        self.disk.close()
        self.disk = OxigraphStore(self.folder)
        return self.disk

    def check(self, models: list[str] = MODELS) -> None:
        assert answers(self.disk, models) == answers(self.reference, models)


@pytest.fixture
def pair(tmp_path: Path) -> Pair:
    p = Pair(tmp_path / "db")
    p.write(family())
    return p


def _indexed_rows(store: OxigraphStore) -> dict[str, int]:
    assert store.index is not None
    return store.index.stats()


def test_a_later_process_answers_from_the_index(pair: Pair) -> None:
    pair.check()  # reads the store, keeps the rows
    store = pair.reopen()
    assert store.index is not None and store.index.path.exists()
    pair.check()
    stats = _indexed_rows(store)
    assert stats["misses"] <= 2  # the unknown model's rows are not kept; nothing else missed
    assert stats["hits"] >= 2 * (len(MODELS) - 1)
    assert stats["node"] == len(MODELS) - 1


def test_unknown_models_leave_no_rows(pair: Pair) -> None:
    for i in range(50):
        assert pair.disk.node(f"nobody/m{i}") is None
        assert pair.disk.parents(f"nobody/m{i}") == []
    stats = _indexed_rows(pair.disk)
    assert stats["node"] == stats["parents"] == 0


# Each write changes what some rows hold; the index must answer as a store that never had one.
WRITES: dict[str, Callable[[Pair], None]] = {
    "a card for the placeholder": lambda p: p.write(
        [rec("Ghost/unknown-base", claim("org/Base"), license="apache-2.0")]
    ),
    "a card replaced, other parents": lambda p: p.write(
        [rec("org/Distill-Small", claim("other/Small", "finetune"), license="apache-2.0")]
    ),
    "a source removed": lambda p: p.remove(["card:org/Distill-Small"]),
    "a placeholder named in another spelling": lambda p: p.write(
        [rec("z/new-child", claim("GHOST/Unknown-base", "adapter"))]
    ),
    "a second source for a model": lambda p: p.write(
        [rec("org/Chat", claim("other/Small", "merge"), source="hub:org/Chat", license="gpl-3.0")]
    ),
    "a dataset in another spelling": lambda p: p.write(
        [rec("z/trained", datasets=["ORG/Reasoning-Traces"])]
    ),
    "a bulk write": lambda p: p.write_prepared(
        [
            rec(f"bulk/m{i}", claim("org/Chat" if i % 2 else "ghost/Unknown-Base"))
            for i in range(600)
        ]
        + [rec("org/Reasoner", claim("other/Small"), license="bsd")]
    ),
}


@pytest.mark.parametrize("change", list(WRITES))
def test_writes_delete_the_rows_they_change(pair: Pair, change: str) -> None:
    pair.check()
    pair.reopen()
    WRITES[change](pair)
    pair.check()  # in the writing process
    pair.reopen()
    pair.check()  # and in the next one, from the index


def test_a_small_write_keeps_the_other_rows(pair: Pair) -> None:
    pair.check()
    pair.reopen()
    pair.write([rec("z/unrelated", claim("other/Small"))])
    store = pair.reopen()
    before = _indexed_rows(store)["misses"]
    answers(store, ["org/Chat", "org/Reasoner", "p/child-of-ghost"])  # other/Small not in them
    assert _indexed_rows(store)["misses"] == before  # untouched models: still indexed
    answers(store, ["other/Small"])
    assert _indexed_rows(store)["misses"] > before  # named by the write: read again


def test_replacing_many_stored_sources_empties_the_index(
    pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("lineage.stores.oxigraph.lineage_index.FORGET_MAX", 3)
    pair.check()
    pair.write([rec(f"z/m{i}") for i in range(4)])  # new sources: searched, however many
    assert _indexed_rows(pair.disk)["node"] > 0
    pair.write([rec(f"z/m{i}", license="mit") for i in range(4)])  # four stored ones replaced
    stats = _indexed_rows(pair.disk)
    assert stats["node"] == stats["parents"] == 0
    pair.check()


@pytest.mark.parametrize("seed", range(6))
def test_random_writes_and_removals_keep_the_index_exact(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    names = ["org/Base", "org/Chat", "ORG/chat", "x/One", "x/one", "y/Two", "ghost/G", "z/Leaf"]
    datasets = ["d/Set", "D/set", "d/other"]
    pair = Pair(tmp_path / "db")
    models = sorted(set(names), key=str.casefold)
    for _ in range(14):
        action = rng.random()
        model = rng.choice(names)
        source = rng.choice([f"card:{model}", f"hub:{model}"])
        if action < 0.2:
            pair.remove([source])
        else:
            parents = rng.sample([n for n in names if n != model], rng.randint(0, 2))
            record = rec(
                model,
                *(claim(p, rng.choice(["finetune", "merge", "adapter"])) for p in parents),
                source=source,
                license=rng.choice([None, "mit", "apache-2.0"]),
                datasets=rng.sample(datasets, rng.randint(0, 2)),
                describes=rng.random() < 0.8,
            )
            if action < 0.6:
                pair.write([record])
            else:
                pair.write_prepared([record])
        pair.check(models)
        if rng.random() < 0.5:
            pair.reopen()
            pair.check(models)


class ReadRacingAWrite(OxigraphStore):
    """A store whose next read of a model's facts lets a write happen halfway through."""

    during_read: Callable[[], None] | None = None

    def _node_row(self, m_iri: str) -> Any:
        row = super()._node_row(m_iri)
        hook, self.during_read = self.during_read, None
        if hook is not None:
            hook()
        return row


def test_a_read_overlapping_a_write_is_not_kept(tmp_path: Path) -> None:
    store = ReadRacingAWrite(tmp_path / "db")
    store.write(family())
    store.during_read = lambda: store.write([rec("org/Chat", license="gpl-3.0")])
    assert store.node("org/Chat").license == "mit"  # type: ignore[union-attr]  # read before
    store.close()
    again = OxigraphStore(tmp_path / "db")
    node = again.node("org/Chat")
    assert node is not None and node.license == "gpl-3.0"


def test_a_damaged_index_is_replaced(pair: Pair) -> None:
    pair.check()
    pair.disk.close()
    (pair.folder / FILE_NAME).write_bytes(b"not a database " * 100)
    store = OxigraphStore(pair.folder)
    pair.disk = store
    pair.check()
    assert store.index is not None and store.index.usable
    assert _indexed_rows(store)["node"] == len(MODELS) - 1


def test_an_index_of_another_format_is_replaced(pair: Pair) -> None:
    pair.check()
    pair.disk.close()
    with sqlite3.connect(pair.folder / FILE_NAME) as db:
        db.execute("UPDATE meta SET v = 'an older format' WHERE k = 'format'")
        db.execute("UPDATE row SET v = x'00'")  # rows the new code could not read
    store = OxigraphStore(pair.folder)
    pair.disk = store
    assert _indexed_rows(store)["node"] == 0
    pair.check()


def test_damaged_rows_only_cost_speed(pair: Pair) -> None:
    pair.check()
    pair.disk.close()
    with sqlite3.connect(pair.folder / FILE_NAME) as db:
        db.execute("UPDATE row SET v = x'ff00'")
    pair.disk = OxigraphStore(pair.folder)
    pair.check()
    assert pair.disk.index is not None and not pair.disk.index.usable


def test_the_index_can_be_turned_off(tmp_path: Path) -> None:
    store = from_settings(Settings(db=tmp_path / "db", index=False))
    store.write(family())
    assert store.index is None
    answers(store)
    store.close()
    assert not (tmp_path / "db" / FILE_NAME).exists()
    on = from_settings(Settings(db=tmp_path / "db"))
    assert on.index is not None
    on.close()


def test_build_index_covers_every_model_with_parents_or_children(pair: Pair) -> None:
    store = pair.disk
    expected = set()
    for m in MODELS:
        for edge in store.parents(m):
            expected |= {v.model_iri(edge.child), v.model_iri(edge.parent)}
    assert set(store.index_models()) == expected
    assert store.build_index() == len(expected)
    assert len(store.index_models(everything=True)) == len(MODELS) - 1
    store = pair.reopen()
    answers(store, ["m/merge", "p/child-of-ghost"])
    assert _indexed_rows(store)["misses"] == 0


def _rows(folder: Path) -> list[tuple[Any, ...]]:
    """The index's rows, decoded (marshal's bytes depend on how objects were shared)."""
    with sqlite3.connect(folder / FILE_NAME) as db:
        rows = db.execute("SELECT k, t, v FROM row ORDER BY k, t").fetchall()
    return [(k, t, marshal.loads(v)) for k, t, v in rows]


def test_worker_processes_build_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders = [tmp_path / "serial", tmp_path / "parallel"]
    for folder in folders:
        store = OxigraphStore(folder)
        store.write(family())
        store.close()
    serial = OxigraphStore(folders[0])
    assert serial.build_index(workers=1) > 0
    serial.close()
    monkeypatch.setattr("lineage.stores.oxigraph.index_build.PARALLEL_MIN", 1)
    monkeypatch.setattr("lineage.stores.oxigraph.index_build.CHUNK", 2)
    parallel = OxigraphStore(folders[1])
    seen: list[int] = []
    assert parallel.build_index(workers=2, progress=seen.append) == sum(seen)
    parallel.close()
    assert _rows(folders[0]) == _rows(folders[1]) != []
    again = OxigraphStore(folders[1])
    assert again.build_index(workers=2) == sum(seen)  # all indexed already: nothing read
    assert again.index is not None and again.index.misses == 0
    again.close()


def test_a_model_lists_datasets_as_its_own_sources_spell_them(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "db")
    store.write([rec("a/one", datasets=["Org/Data"]), rec("b/two", datasets=["org/data", "x/y"])])
    store.write([rec("b/two", source="hub:b/two", datasets=["ORG/DATA"])])
    assert store.node("a/one").datasets == ["Org/Data"]  # type: ignore[union-attr]
    # Two own sources spelling one dataset differently: the smallest spelling, once.
    assert store.node("b/two").datasets == ["ORG/DATA", "x/y"]  # type: ignore[union-attr]
    store.close()


def test_a_write_without_the_index_removes_it(pair: Pair) -> None:
    pair.check()
    pair.disk.close()
    pair.disk = OxigraphStore(pair.folder, index=False)
    pair.write([rec("org/Chat", claim("other/Small"), license="gpl-3.0")])
    assert not (pair.folder / FILE_NAME).exists()  # its rows of org/Chat would be stale
    pair.reopen()
    pair.check()


def test_an_index_that_cannot_be_replaced_stops_writes_not_reads(pair: Pair) -> None:
    pair.check()
    pair.disk.close()
    for leftover in pair.folder.glob(f"{FILE_NAME}*"):
        leftover.unlink()
    (pair.folder / FILE_NAME).mkdir()  # neither a database nor removable as a file
    (pair.folder / FILE_NAME / "junk").write_text("x")
    pair.disk = OxigraphStore(pair.folder)
    assert pair.disk.index is not None and not pair.disk.index.usable
    pair.check()  # reads go to RocksDB
    with pytest.raises(StoreError, match="delete it before writing"):
        pair.disk.write([rec("org/Chat", license="gpl-3.0")])
    assert pair.disk.node("org/Chat").license == "mit"  # type: ignore[union-attr]


def test_a_worker_that_cannot_open_the_store_fails_the_build(pair: Pair, tmp_path: Path) -> None:
    pair.disk.location = tmp_path / "not-a-store"  # where the workers will look
    with pytest.raises(StoreError, match="could not open the store read-only"):
        list(build_parallel(pair.disk, ["https://w3id.org/model-lineage/model/org/base"], 2))


def test_a_worker_opens_the_store_again_when_its_files_were_gone(tmp_path: Path) -> None:
    from lineage.stores.oxigraph import index_build

    folder = tmp_path / "db"
    index_build._open_reader(str(folder))  # nothing there yet: the open fails
    assert index_build._reader is None and index_build._vanished(index_build._failed or "")
    store = OxigraphStore(folder)
    store.write(family())
    store.flush()
    models = [v.model_iri(r.model_id) for r in family()[:2]]
    try:
        rows = index_build._rows(models)  # opened again: the files are there now
        assert [m for m, _, _ in rows] == models and all(node for _, node, _ in rows)
    finally:
        store.close()
        index_build._reader = None


def test_a_worker_reports_a_store_that_stays_missing(tmp_path: Path) -> None:
    from lineage.stores.oxigraph import index_build

    index_build._open_reader(str(tmp_path / "nothing"))
    with pytest.raises(StoreError, match="could not open the store read-only"):
        index_build._rows(["https://example.org/m"])

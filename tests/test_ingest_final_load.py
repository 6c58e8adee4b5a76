"""The import's last batch of bulk loads goes out in parts (a half, then halves of the rest
while the writer is idle), with the same graph."""

from __future__ import annotations

import functools
import io
import re
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat

from lineage.core.records import SourceRecord
from lineage.ingest import folders, scheduling, writer
from lineage.ingest.folders import run_import
from lineage.ingest.writer import BatchedWrites
from lineage.rdf.mapping import PreparedSource, prepare
from lineage.stores.base import Capability
from lineage.stores.oxigraph.store import OxigraphStore
from tests.factories import claim, rec

_STAMP = re.compile(r'"\d{4}-\d\d-\d\dT[0-9:.]+Z"')


class Batches:
    """A store that bulk-loads prepared N-Quads: records the size of every load, in order."""

    name = "batches"
    capabilities = frozenset({Capability.BULK_LOAD})

    def __init__(self) -> None:
        self.sizes: list[int] = []
        self.keys: list[str] = []

    def write_prepared(self, items: Sequence[PreparedSource]) -> None:
        self.sizes.append(len(items))
        self.keys.extend(item.key for item in items)

    def write(self, records: Sequence[SourceRecord]) -> None:  # pragma: no cover
        raise AssertionError("prepared sinks get N-Quads")


def _sources(n: int) -> list[PreparedSource]:
    return [prepare(rec(f"org{i:03d}/model", claim("base/model"))) for i in range(n)]


def _nquads(store: OxigraphStore) -> list[str]:
    """The store's quads as sorted N-Quads lines, import time stamps blanked."""
    out = io.BytesIO()
    store.dump(RdfFormat.N_QUADS, out)
    return sorted(_STAMP.sub('"T"', out.getvalue().decode()).splitlines())


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loads of 20 sources, a half of a last batch worth a load from 2 sources on, and
    parser tasks of one organisation (two cards) each."""
    monkeypatch.setattr(writer, "BULK_BATCH", 20)
    monkeypatch.setattr(writer, "FINAL_SPLIT_MIN", 2)
    small_tasks = functools.partial(scheduling.parsed_chunks, chunk_size=4)
    monkeypatch.setattr(folders, "parsed_chunks", small_tasks)


def _feed(writes: BatchedWrites, items: list[PreparedSource], told: bool) -> None:
    for i, item in enumerate(items):
        writes.add([item], len(items) - i - 1 if told else None)
    writes.finish()
    writes.close()


@pytest.mark.usefixtures("small_batches")
def test_the_last_batch_goes_out_in_two_halves_while_the_writer_is_busy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(writer.BatchWriter, "idle", lambda self: False)
    sink = Batches()
    items = _sources(50)
    writes = BatchedWrites([sink], batch_size=2)  # type: ignore[list-item]
    _feed(writes, items, told=True)
    # Two full loads; the last 10 in two halves (5 then 5): the first half goes out whatever
    # the writer does, the rest is not split again while a load is running.
    assert sink.sizes == writes.sent == [20, 20, 5, 5]
    assert sink.keys == [item.key for item in items]


@pytest.mark.usefixtures("small_batches")
def test_the_rest_of_the_last_batch_is_halved_again_while_the_writer_is_idle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(writer.BatchWriter, "idle", lambda self: True)
    sink = Batches()
    items = _sources(50)
    writes = BatchedWrites([sink], batch_size=2)  # type: ignore[list-item]
    _feed(writes, items, told=True)
    # The last 10: 5 once half is parsed, then 3 once 3 are parsed and 2 left (a part of 2
    # is the minimum here), then the last 2.
    assert sink.sizes == writes.sent == [20, 20, 5, 3, 2]
    assert sink.keys == [item.key for item in items]


def test_the_writer_is_idle_before_and_after_a_write_and_busy_during_one() -> None:
    started, release = threading.Event(), threading.Event()

    class Slow(Batches):
        def write_prepared(self, items: Sequence[PreparedSource]) -> None:
            started.set()
            release.wait(10)
            super().write_prepared(items)

    sink = Slow()
    batches = writer.BatchWriter([sink])  # type: ignore[list-item]
    try:
        assert batches.idle()
        batches.submit(_sources(1), prepared=True)
        started.wait(10)
        assert not batches.idle()
        release.set()
        batches.wait()
        assert batches.idle() and sink.sizes == [1]
    finally:
        release.set()
        batches.close()


@pytest.mark.usefixtures("small_batches")
def test_without_an_estimate_or_with_a_long_way_to_go_batches_stay_whole() -> None:
    sink = Batches()
    _feed(BatchedWrites([sink], batch_size=2), _sources(50), told=False)  # type: ignore[list-item]
    assert sink.sizes == [20, 20, 10]
    sink = Batches()
    writes = BatchedWrites([sink], batch_size=2)  # type: ignore[list-item]
    for item in _sources(30):
        writes.add([item], 1_000)  # far more to come: only full batches go out
    writes.finish()
    writes.close()
    assert sink.sizes == [20, 10]


@pytest.mark.usefixtures("small_batches")
def test_a_small_import_is_one_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "FINAL_SPLIT_MIN", 8)
    sink = Batches()
    _feed(BatchedWrites([sink], batch_size=2), _sources(12), told=True)  # type: ignore[list-item]
    assert sink.sizes == [12]  # halves of 6 are under the minimum of 8


def _folder(root: Path, orgs: int) -> None:
    for i in range(orgs):
        for name in ("base", "chat"):
            path = root / f"org{i:02d}" / name / "README.md"
            path.parent.mkdir(parents=True)
            parent = f"org{i:02d}/base" if name == "chat" else "root/model"
            path.write_text(f"---\nbase_model: {parent}\nlicense: mit\n---\n# {name}\n")


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.usefixtures("small_batches")
def test_a_folder_import_splits_its_last_batch_and_loads_the_same_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    root = tmp_path / "cards"
    _folder(root, 27)  # 54 cards: loads of 20 and 20, then 14 left, split in two
    sink = Batches()
    summary = run_import([root], [sink], workers=workers, batch_size=2)  # type: ignore[list-item]
    assert summary.sources == 54 and not summary.failures
    # The last 14 in parts, the first sent once about half of them were parsed (the parsers
    # hand back one or two organisations at a time, so the parts are not even); how many
    # more depends on when the writer is idle.
    assert sink.sizes[:2] == [20, 20] and len(sink.sizes) >= 4 and sum(sink.sizes) == 54
    assert all(size >= 2 for size in sink.sizes[2:-1])
    assert sink.sizes[2] >= 7 - 2  # about half of what was left, give or take an organisation
    assert sink.keys == sorted(sink.keys)  # still in walk order

    graphs = []
    for split_min in (2, 10_000):  # with the split, and without it
        monkeypatch.setattr(writer, "FINAL_SPLIT_MIN", split_min)
        store = OxigraphStore(tmp_path / f"store-{split_min}")
        try:
            run_import([root], [store], workers=workers, batch_size=2)
            graphs.append(_nquads(store))
        finally:
            store.close()
    assert graphs[0] == graphs[1] and len(graphs[0]) > 54


@pytest.mark.usefixtures("small_batches")
def test_a_reimport_after_the_split_reads_nothing_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "cards"
    _folder(root, 27)
    store = OxigraphStore(tmp_path / "store")
    try:
        first = run_import([root], [store], workers=1, batch_size=2)
        again = run_import([root], [store], workers=1, batch_size=2)
    finally:
        store.close()
    assert first.sources == 54
    assert again.sources == 0 and again.files_read == 54 and not again.failures

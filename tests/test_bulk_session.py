"""Bulk sessions: a whole import streamed into one load, with the graph writes one by one give."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import RdfFormat

from lineage import rdf
from lineage.errors import StoreError
from lineage.importing import run_import
from lineage.records import SourceRecord
from lineage.settings import Settings
from lineage.stores import oxigraph_store
from lineage.stores.oxigraph_store import BULK_MIN_RECORDS, OxigraphStore
from tests.factories import claim, rec

pytestmark = pytest.mark.timeout(120)


def models(
    n: int, parent: str = "base/model", licence: str = "mit", start: int = 0
) -> list[SourceRecord]:
    return [rec(f"org/m{i:05d}", claim(parent), license=licence) for i in range(start, start + n)]


def quads(store: OxigraphStore) -> list[str]:
    return sorted((store._store.dump(format=RdfFormat.N_QUADS) or b"").decode().splitlines())


def one_by_one(*batches: list[SourceRecord]) -> OxigraphStore:
    """The reference: every batch in its own transaction, no session."""
    ref = OxigraphStore(None)
    for batch in batches:
        ref._write([rdf.prepare(r) for r in batch], split=False, replace=True)
    return ref


def prepared(batch: list[SourceRecord]) -> list[rdf.PreparedSource]:
    return [rdf.prepare(r) for r in batch]


def test_new_sources_stream_into_one_load(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "db")
    batches = [models(400, start=i * 400) for i in range(3)]
    with store.bulk_session() as session:
        for batch in batches:
            store.write_prepared(prepared(batch))
    assert (session.loads, session.streamed, session.replaced) == (1, 1200, 0)
    assert quads(store) == quads(one_by_one(*batches))
    assert store.descendants("base/model", limit=0).total == 1200


def test_sources_stored_before_or_written_twice_are_replaced_in_order(tmp_path: Path) -> None:
    before = models(100)
    new = models(700, start=100)
    relicensed = models(50, licence="apache-2.0")  # stored before the session
    moved = models(20, parent="other/base", start=300)  # streamed earlier in this session
    store = OxigraphStore(tmp_path / "db")
    store.write(before)
    with store.bulk_session() as session:
        store.write_prepared(prepared(new))
        store.write_prepared(prepared(relicensed + moved))
    assert (session.loads, session.streamed, session.replaced) == (1, 700, 70)
    assert quads(store) == quads(one_by_one(before, new, relicensed + moved))
    node = store.node("org/m00010")
    assert node is not None and node.license == "apache-2.0"
    assert [e.parent for e in store.parents("org/m00310")] == ["other/base"]
    assert store.descendants("other/base", limit=0).total == 20


def test_the_last_of_several_writes_of_one_source_wins(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "db")
    first, second, third = models(600), models(5, "second/base"), models(5, "third/base")
    with store.bulk_session():
        store.write_prepared(prepared(first))
        store.write_prepared(prepared(second))
        store.write_prepared(prepared(third))
    assert [e.parent for e in store.parents("org/m00003")] == ["third/base"]
    assert quads(store) == quads(one_by_one(first, second, third))


def test_replacements_that_fall_due_finish_the_running_load_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(oxigraph_store, "REPLACE_BATCH", 10)
    store = OxigraphStore(tmp_path / "db")
    batches = [
        models(600),
        models(30, "other/base"),
        models(600, start=600),
        models(12, "x/y", start=600),
    ]
    with store.bulk_session() as session:
        for batch in batches:
            store.write_prepared(prepared(batch))
    assert session.loads == 2  # the replacements ended the first load; new sources began another
    assert session.replaced == 42
    assert quads(store) == quads(one_by_one(*batches))


def test_a_small_session_is_one_transaction(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "db")
    batch = models(BULK_MIN_RECORDS - 1)
    with store.bulk_session() as session:
        store.write(batch)
        assert store.node("org/m00001") is None  # held until the session ends
    assert (session.loads, session.streamed) == (0, BULK_MIN_RECORDS - 1)
    assert quads(store) == quads(one_by_one(batch))


def test_nested_sessions_join_the_outer_one(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "db")
    with store.bulk_session() as outer:
        with store.bulk_session() as inner:
            store.write_prepared(prepared(models(600)))
        assert inner is outer
    assert outer.loads == 1 and store.descendants("base/model", limit=0).total == 600


def test_a_failed_load_is_reported_not_waited_for(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "db")
    items = prepared(models(600))
    items[300] = items[300]._replace(nquads="this is not N-Quads\n")
    with pytest.raises(StoreError, match="bulk load failed"), store.bulk_session():
        store.write_prepared(items)
    # The store stays usable: a later write goes through.
    store.write(models(3, "after/base", start=900))
    assert store.descendants("after/base", limit=0).total == 3


def test_run_import_streams_and_reimports_idempotently(tmp_path: Path) -> None:
    root = tmp_path / "cards"
    for i in range(BULK_MIN_RECORDS + 100):
        card = root / "org" / f"m{i:04d}" / "README.md"
        card.parent.mkdir(parents=True)
        card.write_text(f"---\nbase_model: base/model\nlicense: mit\n---\n# m{i}\n")
    store = OxigraphStore(tmp_path / "db")
    first = run_import([root], [store], workers=2)
    assert (first.sources, first.edges, len(first.failures)) == (600, 600, 0)
    after_first = quads(store)
    assert store.descendants("base/model", limit=0).total == 600
    again = run_import([root], [store], workers=1)  # every source stored before: replaced
    assert again.sources == 600
    assert quads(store) == after_first


def test_without_streaming_a_session_writes_through(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "db", stream=False)
    batch = models(600)
    with store.bulk_session() as session:
        store.write_prepared(prepared(batch))
        assert store.descendants("base/model", limit=0).total == 600  # written at once
    assert (session.loads, session.streamed) == (0, 0)
    assert quads(store) == quads(one_by_one(batch))


def test_settings_turn_streaming_off(tmp_path: Path) -> None:
    on = oxigraph_store.from_settings(Settings(db=tmp_path / "on"))
    off = oxigraph_store.from_settings(Settings(db=tmp_path / "off", import_stream=False))
    assert on.stream and not off.stream

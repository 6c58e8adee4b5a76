"""Neo4j as teams run it: authentication on, ``neo4j://``, a server lost in mid-import."""

from __future__ import annotations

import json
from pathlib import Path

from lineage.ingest.dumps import import_dump
from lineage.ingest.sync import sync_stores
from lineage.neo4j_server import launcher as neo4j_dev
from lineage.stores.base import LineageStore
from lineage.stores.neo4j.store import Neo4jStore
from lineage.stores.oxigraph.store import OxigraphStore

PASSWORD = "restart-secret-1"


def _view(store: LineageStore) -> tuple[object, ...]:
    nodes = sorted((n.id, n.placeholder, n.license) for n in store.iter_nodes())
    edges = sorted((e.child, e.parent, e.relation, e.confidence) for e in store.iter_edges())
    return store.stats(), tuple(nodes), tuple(edges)


def test_a_neo4j_stopped_mid_import_is_reported_then_synced(tmp_path: Path) -> None:
    rows = [
        {"id": f"r/m{i:04d}", "cardData": {"license": "mit", "base_model": f"r/base{i % 7}"}}
        for i in range(2400)
    ]
    dump = tmp_path / "models.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    data, port = tmp_path / "neo4j", neo4j_dev.free_port()
    neo4j_dev.start(port=port, data=data, password=PASSWORD)
    uri = f"neo4j://127.0.0.1:{port}"
    embedded = OxigraphStore(tmp_path / "store")
    neo = Neo4jStore(uri, password=PASSWORD, retry_seconds=3)
    parsed = 0

    def stop_midway(n: int) -> None:
        nonlocal parsed
        parsed += n
        if parsed == 1200:
            neo4j_dev.stop(data)

    try:
        summary = import_dump(
            [dump], [embedded, neo], workers=1, batch_size=200, chunk_rows=100,
            on_progress=stop_midway,
        )  # fmt: skip
        neo.close()
        # The record store got everything; the lost projection is one line naming the rest.
        assert embedded.stats()["sources"] == 2400
        [lost] = summary.failures
        assert lost.location == "neo4j" and "\n" not in lost.reason
        assert f"lost Neo4j at {uri} while writing" in lost.reason
        assert "not written to it (hub:r/m" in lost.reason and "lineage sync neo4j" in lost.reason
        missing = int(
            lost.reason.split(" source(s) not written")[0].rsplit(" ", 1)[1].replace(",", "")
        )
        assert 0 < missing < 2400

        neo4j_dev.start(port=port, data=data, password=PASSWORD)
        neo = Neo4jStore(uri, password=PASSWORD)
        assert 0 < neo.stats()["sources"] == 2400 - missing  # the stop came mid-import
        assert sync_stores(embedded, neo) == missing  # only what it lacked
        assert _view(neo) == _view(embedded)
        again = import_dump([dump], [embedded, neo], workers=1)
        assert (again.new, again.changed, again.unchanged) == (0, 0, 2400)
    finally:
        neo.close()
        embedded.close()
        neo4j_dev.stop(data)

"""Incremental imports: unchanged sources are skipped, changed ones replaced, --prune removes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from lineage.core.graph import Lineage
from lineage.ingest.dumps import import_dump
from lineage.ingest.folders import run_import
from lineage.ingest.incremental import file_digest
from lineage.stores.base import LineageStore
from lineage.stores.oxigraph.store import OxigraphStore
from tests.conftest import REPO
from tests.shacl import assert_conforms


def _card(root: Path, model: str, *, base: str | None = None, license: str = "mit") -> Path:
    folder = root / model
    folder.mkdir(parents=True, exist_ok=True)
    front = [f"license: {license}"] + ([f"base_model: {base}"] if base else [])
    path = folder / "README.md"
    path.write_text("---\n" + "\n".join(front) + "\n---\n# " + model + "\n", encoding="utf-8")
    return path


def _cards(root: Path) -> None:
    _card(root, "org/Base")
    _card(root, "org/Chat", base="org/Base")
    _card(root, "org/Chat-GGUF", base="org/Chat")
    _card(root, "other/Tune", base="org/Chat", license="apache-2.0")


def _view(store: LineageStore, models: list[str]) -> list[object]:
    out: list[object] = [store.stats()]
    for m in models:
        node = store.node(m)
        out.append(None if node is None else (node.id, node.placeholder, node.license))
        lineage: Lineage = store.ancestors(m)
        out.append(sorted((e.child, e.parent, e.relation) for e in lineage.edges))
    return out


MODELS = ["org/Base", "org/Chat", "org/Chat-GGUF", "other/Tune", "new/One"]


def test_unchanged_cards_are_skipped_and_a_changed_one_replaces_its_graph(tmp_path: Path) -> None:
    root = tmp_path / "cards"
    _cards(root)
    store = OxigraphStore(tmp_path / "store")
    first = run_import([root], [store], workers=1)
    assert (first.new, first.changed, first.unchanged) == (4, 0, 0)
    generation = store.generation
    again = run_import([root], [store], workers=2)
    assert (again.new, again.changed, again.unchanged, again.sources) == (0, 0, 4, 0)
    assert store.generation == generation  # nothing was written
    # The digest stored is the file's, and the graph still conforms to the shapes.
    chat = root / "org" / "Chat" / "README.md"
    [stored] = [r for r in store.iter_records() if r.source == "card:org/Chat"]
    assert stored.digest == file_digest(str(chat), chat.read_bytes())
    assert_conforms(store)

    _card(root, "other/Tune", base="org/Base", license="bsd-3-clause")  # changed
    _card(root, "new/One", base="other/Tune")  # new
    third = run_import([root], [store], workers=1)
    assert (third.new, third.changed, third.unchanged) == (1, 1, 3)
    fresh = OxigraphStore(None)
    run_import([root], [fresh], workers=1)
    assert _view(store, MODELS) == _view(fresh, MODELS)
    tune = store.node("other/Tune")
    assert tune is not None and tune.license == "bsd-3-clause"
    assert [e.parent for e in store.parents("other/Tune")] == ["org/Base"]
    # --full reads and writes everything again.
    full = run_import([root], [store], workers=1, skip_unchanged=False)
    assert (full.changed, full.unchanged) == (5, 0)
    store.close()


def test_the_lineage_index_stays_exact_across_incremental_writes(tmp_path: Path) -> None:
    root = tmp_path / "cards"
    _cards(root)
    store = OxigraphStore(tmp_path / "store")
    run_import([root], [store], workers=1)
    store.build_index(store.index_models(everything=True))
    _card(root, "org/Chat", base="other/Tune")  # the chain now runs through other/Tune
    _card(root, "other/Tune", license="apache-2.0")  # and other/Tune becomes a root
    run_import([root], [store], workers=1)
    store.close()
    reopened = OxigraphStore(tmp_path / "store")  # answers from the index rows it kept
    fresh = OxigraphStore(None)
    run_import([root], [fresh], workers=1)
    assert _view(reopened, MODELS) == _view(fresh, MODELS)
    reopened.close()


def _row(model: str, base: str | None = None, license: str = "mit") -> dict[str, object]:
    card: dict[str, object] = {"license": license}
    if base:
        card["base_model"] = base
    return {"id": model, "cardData": card, "tags": [], "library_name": "transformers"}


def _dump(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_dump_rows_skip_change_move_and_prune(tmp_path: Path) -> None:
    rows = [_row("a/Base"), _row("a/Chat", "a/Base"), _row("b/Tune", "a/Chat"), _row("c/Gone")]
    dump = _dump(tmp_path / "models.jsonl", rows)
    store = OxigraphStore(tmp_path / "store")
    first = import_dump([dump], [store], workers=1)
    assert (first.new, first.unchanged, first.rows) == (4, 0, 4)
    again = import_dump([dump], [store], workers=2)
    assert (again.new, again.changed, again.unchanged, again.rows) == (0, 0, 4, 4)

    # A newer snapshot: a row moved down by a new one, one changed, c/Gone no longer there.
    snapshot = [_row("0/New", "a/Base"), rows[0], _row("a/Chat", "a/Base", "apache-2.0"), rows[2]]
    _dump(dump, snapshot)
    kept = import_dump([dump], [store], workers=1)
    assert (kept.new, kept.changed, kept.unchanged, kept.removed) == (1, 1, 2, 0)
    assert store.node("c/Gone") is not None  # without --prune nothing is removed
    store.build_index(store.index_models(everything=True))
    pruned = import_dump([dump], [store], workers=1, prune=True)
    assert (pruned.unchanged, pruned.removed) == (4, 1)
    assert store.node("c/Gone") is None
    store.close()
    store = OxigraphStore(tmp_path / "store")  # answers from the lineage index it kept
    fresh = OxigraphStore(None)
    import_dump([dump], [fresh], workers=1)
    models = ["0/New", "a/Base", "a/Chat", "b/Tune", "c/Gone"]
    assert _view(store, models) == _view(fresh, models)
    store.close()


def test_prune_leaves_cards_alone_and_refuses_when_rows_failed(tmp_path: Path) -> None:
    root = tmp_path / "cards"
    _card(root, "own/Card")
    store = OxigraphStore(tmp_path / "store")
    run_import([root], [store], workers=1)
    dump = _dump(tmp_path / "d.jsonl", [_row("a/One"), _row("a/Two")])
    import_dump([dump], [store], workers=1)
    dump.write_text(json.dumps(_row("a/One")) + "\n{not json\n", encoding="utf-8")
    refused = import_dump([dump], [store], workers=1, prune=True)
    assert refused.removed == 0 and store.node("a/Two") is not None
    assert any("not pruned" in w.reason for w in refused.warnings)
    _dump(dump, [_row("a/One")])
    done = import_dump([dump], [store], workers=1, prune=True)
    assert done.removed == 1 and store.node("a/Two") is None
    assert store.node("own/Card") is not None  # a folder's card is no dump row
    store.close()


def test_neo4j_projection_stays_consistent_and_catches_up(
    neo4j_store_factory: Callable[[], LineageStore], tmp_path: Path
) -> None:
    rows = [_row("a/Base"), _row("a/Chat", "a/Base"), _row("b/Tune", "a/Chat"), _row("c/Gone")]
    dump = _dump(tmp_path / "models.jsonl", rows)
    embedded = OxigraphStore(tmp_path / "store")
    import_dump([dump], [embedded], workers=1)  # Neo4j not configured yet
    neo = neo4j_store_factory()
    # Neo4j holds nothing: every row is read again for it (and rewritten, unchanged, here).
    caught_up = import_dump([dump], [embedded, neo], workers=1)
    assert (caught_up.changed, caught_up.unchanged) == (4, 0)
    models = ["a/Base", "a/Chat", "b/Tune", "c/Gone", "d/New"]
    assert _view(neo, models) == _view(embedded, models)
    _dump(dump, [*rows[:2], _row("b/Tune", "a/Base"), _row("d/New", "b/Tune")])
    later = import_dump([dump], [embedded, neo], workers=1, prune=True)
    assert (later.new, later.changed, later.unchanged, later.removed) == (1, 1, 2, 1)
    assert _view(neo, models) == _view(embedded, models)
    theirs = {s.source.casefold() for s in neo.source_digests()}
    assert theirs == {s.source for s in embedded.source_digests()}
    neo.close()
    embedded.close()


def test_cli_reports_new_changed_unchanged_removed(tmp_path: Path) -> None:
    dump = _dump(tmp_path / "d.jsonl", [_row("a/One"), _row("a/Two")])
    cmd = [sys.executable, "-m", "lineage", "import-dump", str(dump), "--db", str(tmp_path / "db")]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=REPO)
    _dump(dump, [_row("a/One")])
    done = subprocess.run(
        [*cmd, "--prune", "--json"], check=True, capture_output=True, text=True, env=env, cwd=REPO
    )
    data = json.loads(done.stdout)
    assert {k: data[k] for k in ("new", "changed", "unchanged", "removed")} == {
        "new": 0, "changed": 0, "unchanged": 1, "removed": 1,
    }  # fmt: skip
    text = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env, cwd=REPO)
    assert "sources: 0 new, 0 changed, 1 unchanged, 0 removed" in text.stdout


def test_json_and_parquet_dumps_skip_unchanged_rows(tmp_path: Path) -> None:
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    rows = [_row("a/Base"), _row("a/Chat", "a/Base"), _row("b/Tune", "a/Chat")]
    array = tmp_path / "models.json"
    array.write_text(json.dumps(rows), encoding="utf-8")
    table = pa.Table.from_pylist([{**r, "cardData": json.dumps(r["cardData"])} for r in rows])
    parquet = tmp_path / "models.parquet"
    pq.write_table(table, parquet)
    for dump in (array, parquet):
        store = OxigraphStore(None)
        first = import_dump([dump], [store], workers=1)
        again = import_dump([dump], [store], workers=1)
        assert (first.new, again.unchanged, again.sources) == (3, 3, 0), dump.name
        assert [e.parent for e in store.parents("b/Tune")] == ["a/Chat"]

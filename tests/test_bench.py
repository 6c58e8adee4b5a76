"""The benchmark suite runs end to end at a tiny size; its parts keep their contracts.

Assertions are on structure, never on times: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest

from bench.__main__ import parse_args
from bench.suite import run_suite
from bench.suite_data import _depths, draw_samples
from bench.suite_report import END, START, update_docs
from lineage.core.records import Claim, EvidenceKind, Relation, SourceRecord
from lineage.ingest.folders import discover, run_import, walk_repos
from lineage.rdf import mapping as rdf
from lineage.stores.oxigraph.store import OxigraphStore

TINY = 300


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("bench")
    docs = root / "benchmarks.md"
    docs.write_text(
        f"# Benchmarks\n\nHand-written prose.\n\n{START}\nSTALE TABLE\n{END}\n\nMore prose.\n"
    )
    cfg = parse_args(
        [
            "--models", str(TINY), "--data", str(root / "data"), "--work", str(root / "work"),
            "--out", str(root / "out"), "--docs", str(docs), "--only", "import,dump,query,baselines",
        ]
    )  # fmt: skip
    cfg.log = lambda _msg: None
    return run_suite(cfg) | {"docs_path": str(docs)}


def test_suite_writes_json_and_docs(results: dict[str, object]) -> None:
    saved = json.loads(Path(str(results["json_path"])).read_text())
    assert saved["machine"]["cpus"] >= 1
    (size,) = saved["sizes"]
    assert size["models"] == TINY
    for w in ("folder_w1", "folder_w2"):
        run = size["import"][w]
        assert "error" not in run, run
        assert run["sources"] == TINY
        assert run["quads"] > TINY
        assert run["peak_rss_mb"] > 0 and run["cpu_s"] > 0 and run["store_mb"] > 0
    assert set(size["dump"]) <= {"jsonl_w2", "parquet_w2", "skipped"}
    query = size["query"]
    assert query["ancestors"]["n"] == len(draw_samples(TINY, 1).ancestors)
    for key in ("ancestors", "ancestors_cold", "ancestors_preloaded", "ancestors_sparql", "paths"):
        assert {"p50_ms", "p99_ms"} <= set(query[key])
    assert query["ancestors_preloaded"]["warmed_models"] > 0
    indexed = query["ancestors_indexed"]
    assert {"p50_ms", "p99_ms"} <= set(indexed)
    assert indexed["indexed_models"] > 0 and indexed["index_mb"] > 0
    # Only a walk's starting model can be missing (a model without lineage is not indexed).
    assert indexed["index_misses"] <= 2 * indexed["n"]
    family = query["descendants_largest_family"]
    sparql_total = query["descendants_sparql_largest_family"]["total"]
    # The property path counts the base itself when a declared cycle leads back to it.
    assert family["total"] in (sparql_total, sparql_total - 1)
    assert size["networkx"]["descendants_largest_family"]["total"] == family["total"]
    assert size["rdflib"]["descendants_sparql_largest_family"]["total"] == sparql_total
    # rdflib loads the import's statements (one line each); the store also keeps its own
    # state (one quad in the store-state graph).
    assert size["rdflib"]["quads"] >= size["import"]["folder_w1"]["quads"] - 1
    docs = Path(str(results["docs_path"])).read_text()
    assert docs.startswith("# Benchmarks\n\nHand-written prose.")
    assert docs.rstrip().endswith("More prose.")
    assert "STALE TABLE" not in docs and "### Import" in docs and "### Targets" in docs


def test_update_docs_appends_markers_when_missing(tmp_path: Path) -> None:
    page = tmp_path / "b.md"
    page.write_text("# Title\n")
    update_docs(page, "table")
    update_docs(page, "table 2")
    text = page.read_text()
    assert text.count(START) == 1 and "table 2" in text and "table\n" not in text


def test_samples_are_deterministic_and_mixed() -> None:
    a, b = draw_samples(500, 3), draw_samples(500, 3)
    assert a == b
    assert len(set(a.ancestors)) == len(a.ancestors)
    assert set(a.deep) <= set(a.ancestors)
    assert a.largest_family_size >= 1


def test_depths_survive_cycles() -> None:
    depth = _depths({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"], "e": []})
    assert depth["e"] == 0 and depth["d"] >= 1 and set(depth) == {"a", "b", "c", "d", "e"}


def test_walk_repos_matches_os_walk(tmp_path: Path) -> None:
    for rel in ("b/y/README.md", "a/x/README.md", "a/x/notes.txt", ".hidden/z/README.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("---\nlicense: mit\n---\n")
    expected = []
    for dirpath, dirnames, filenames in os.walk(tmp_path):
        dirnames.sort()
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        if filenames:
            expected.append((dirpath, tuple(sorted(filenames))))
    assert list(walk_repos(tmp_path)) == expected
    assert [u.model_id for u in discover([tmp_path]) if hasattr(u, "model_id")] == ["a/x", "b/y"]


def _record(model: str, parent: str, license: str) -> SourceRecord:
    claim = Claim(parent, Relation.FINETUNE, EvidenceKind.CARD_YAML, 0.9)
    return SourceRecord(
        model, f"card:{model}", f"{model}/README.md", claims=[claim], license=license
    )


def test_prepared_writes_match_record_writes_and_replace(tmp_path: Path) -> None:
    records = [_record(f"org/m{i}", "org/base", "mit") for i in range(600)]
    assert rdf.to_nquads(records) == "".join(rdf.prepare(r).nquads for r in records)
    by_records, prepared = OxigraphStore(None), OxigraphStore(None)
    by_records.write(records)
    prepared.write_prepared([rdf.prepare(r) for r in records])  # bulk path
    assert by_records.stats() == prepared.stats()
    assert prepared.descendants("org/base", limit=0).total == 600
    # A re-import of a few sources replaces them (transactional path) and drops the cache.
    prepared.write_prepared([rdf.prepare(_record("org/m1", "org/other", "apache-2.0"))])
    node = prepared.node("org/m1")
    assert node is not None and node.license == "apache-2.0"
    assert [e.parent for e in prepared.parents("org/m1")] == ["org/other"]
    assert prepared.descendants("org/base", limit=0).total == 599


def test_run_import_bulk_path_is_idempotent(tmp_path: Path) -> None:
    for i in range(3):
        card = tmp_path / "cards" / "org" / f"m{i}" / "README.md"
        card.parent.mkdir(parents=True)
        card.write_text("---\nbase_model: org/base\nlicense: mit\n---\n# Model\n")
    store = OxigraphStore(tmp_path / "db")
    first = run_import([tmp_path / "cards"], [store], workers=2)
    again = run_import([tmp_path / "cards"], [store], workers=1, skip_unchanged=False)
    assert first.sources == again.sources == 3 and first.edges == 3
    assert store.stats()["sources"] == 3
    assert store.descendants("org/base").total == 3
    skipped = run_import([tmp_path / "cards"], [store], workers=1)
    assert (skipped.sources, skipped.unchanged) == (0, 3)
    assert store.stats()["sources"] == 3


def test_api_load_waits_for_the_warm_up_and_measures(results: dict[str, object]) -> None:
    from bench.api_load import run as api_load

    db = Path(str(results["json_path"])).parents[1] / "work" / f"db-{TINY}-w2"
    assert db.is_dir()
    args = argparse.Namespace(
        db=db, store="embedded", url=None, seconds=1.0, concurrency=2, sample=50, seed=1,
        warm_timeout=60.0,
    )  # fmt: skip
    out = api_load(args)
    assert out["server"]["cache_before_measuring"]["state"] == "ready"
    assert out["server"]["cache_before_measuring"]["models"] > 0
    for name in ("model", "ancestors"):
        endpoint = out["endpoints"][name]
        assert endpoint["requests"] > 0 and endpoint["errors"] == 0, endpoint


def test_neo4j_load_measures_the_writers_and_the_suite_queries(neo4j_uri: str) -> None:
    from bench.neo4j_load import SEED
    from bench.neo4j_load import run as neo4j_load

    password = os.environ.get("LINEAGE_TEST_NEO4J_PASSWORD")
    out = neo4j_load(200, neo4j_uri, batch=50, row_seconds=0.5, password=password)
    assert out["batched"]["models"] == 200 and out["per_row"]["models"] > 0
    samples = draw_samples(200, SEED)
    queries = out["queries"]
    assert queries["ancestors"]["n"] == len(samples.ancestors)
    family = queries["descendants_largest_family"]
    assert family["root"] == samples.largest_family
    assert family["total"] >= samples.largest_family_size > 0
    assert queries["paths"]["n"] == len(samples.paths)


def test_loader_bench_loads_every_quad_in_each_setting(tmp_path: Path) -> None:
    from bench import loader

    records = [_record(f"org/m{i}", "org/base", "mit") for i in range(7)]
    text = "".join(rdf.prepare(r).nquads for r in records)
    assert ["".join(loader.sources(text))] == [text]
    assert len(list(loader.sources(text))) == 7
    assert [t.count(" <https://") > 0 for t in loader.batches(text, 3)] == [True] * 3
    quads = text.count("\n")
    for how in ("str", "bytes", "path"):
        result = loader.load(loader.batches(text, 3), how, True, tmp_path / how)
        assert (result["quads"], result["stored"], result["loads"]) == (quads, quads, 3)
    # Reshaped: the same statements in one graph (shared ones stored once) or the default one.
    for graphs in ("one", "default"):
        reshaped = loader.reshaped(text, graphs)
        assert reshaped.count("\n") == quads
        result = loader.load([reshaped], "str", False, tmp_path / graphs, optimize=True)
        distinct = len({line.rsplit(" <", 1)[0] for line in text.splitlines()})
        assert result["stored"] == distinct < quads

"""The CLI contract, end to end on the example corpus (real processes, real store on disk)."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from lineage.stores.oxigraph.store import OxigraphStore
from tests.conftest import EXAMPLES, REPO
from tests.shacl import assert_conforms

TARGET = "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B"


def lineage(
    *args: str, db: Path | None = None, check: bool = True, **env: str
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **env}
    if db is not None:
        full_env["LINEAGE_DB"] = str(db)
    proc = subprocess.run(
        [sys.executable, "-m", "lineage", *args],
        capture_output=True, text=True, env=full_env, cwd=REPO, timeout=300,
    )  # fmt: skip
    if check and proc.returncode != 0:
        raise AssertionError(
            f"lineage {' '.join(args)} → {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("examples") / "store"
    lineage("import", str(EXAMPLES), db=db)
    return db


def as_json(proc: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(proc.stdout)


def test_import_reports_every_broken_card_with_path_and_reason(tmp_path: Path) -> None:
    proc = lineage("import", str(EXAMPLES), "--json", db=tmp_path / "db")
    summary = as_json(proc)
    errors = {Path(e["path"]).parent.name: e["reason"] for e in summary["errors"]}
    assert set(errors) == {"alias-bomb", "empty-card", "malformed-yaml", "unclosed-front-matter"}
    assert all(reason for reason in errors.values())
    # A card with bad bytes is kept, and the bytes are reported.
    [warning] = summary["warnings"]
    assert warning["path"].endswith("non-utf8/README.md") and "UTF-8" in warning["reason"]
    assert summary["sources"] == 27 and summary["files_read"] == 31


def test_import_text_summary_names_each_broken_card_on_stderr(tmp_path: Path) -> None:
    proc = lineage("import", str(EXAMPLES), db=tmp_path / "db")
    assert proc.stdout.startswith("read 31 file(s): 27 source(s), ")
    assert "sources: 27 new, 0 changed" in proc.stdout
    notes = proc.stderr.splitlines()
    assert sum(n.startswith("error: ") for n in notes) == 4
    [warning] = [n for n in notes if n.startswith("warning: ")]
    assert "non-utf8" in warning


def test_trace_is_exact_up_to_the_roots(examples_db: Path) -> None:
    data = as_json(lineage("trace", TARGET, "--json", db=examples_db))
    expected = json.loads((REPO / "examples" / "expected_trace.json").read_text())
    got = [{k: e[k] for k in ("child", "parent", "relation")} for e in data["edges"]]
    assert sorted(got, key=json.dumps) == sorted(expected, key=json.dumps)
    assert data["model"] == TARGET
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == {
        TARGET,
        "deepseek-ai/DeepSeek-R1",
        "Qwen/Qwen2.5-32B",
        "deepseek-ai/DeepSeek-V3-Base",
    }
    assert (
        nodes["Qwen/Qwen2.5-32B"]["license"] == "apache-2.0"
        and not nodes["Qwen/Qwen2.5-32B"]["placeholder"]
    )
    for edge in data["edges"]:
        assert edge["evidence"] and {"kind", "source"} <= set(edge["evidence"][0])
        assert 0 < edge["confidence"] <= 1
    kinds = {(e["parent"], ev["kind"]) for e in data["edges"] for ev in e["evidence"]}
    assert ("deepseek-ai/DeepSeek-R1", "card-prose") in kinds
    assert ("Qwen/Qwen2.5-32B", "card-yaml") in kinds


# Runs the CLI as `python -m lineage` does and says on stderr which reader modules it loaded.
_LOADED_READERS = (
    "import atexit, runpy, sys\n"
    "atexit.register(lambda: print('readers:', sorted(m for m in sys.modules"
    " if m.split('.')[0] == 'importers'), file=sys.stderr))\n"
    "sys.argv = ['lineage', *sys.argv[1:]]\n"
    "runpy.run_module('lineage', run_name='__main__')\n"
)


@pytest.mark.parametrize(
    "args",
    [
        ("trace", TARGET),
        ("tree", "deepseek-ai/DeepSeek-R1", "--depth", "2"),
        ("explain", TARGET, "deepseek-ai/DeepSeek-R1"),
        ("export", "--format", "jsonl"),
        ("stats",),
    ],
)
def test_query_commands_start_without_the_readers(examples_db: Path, args: tuple[str, ...]) -> None:
    # The readers compile a few hundred patterns when loaded (about half a second): a query
    # must not pay for them.
    proc = subprocess.run(
        [sys.executable, "-c", _LOADED_READERS, *args],
        capture_output=True, text=True, cwd=REPO, timeout=300,
        env={**os.environ, "LINEAGE_DB": str(examples_db)},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    assert "readers: []" in proc.stderr


def test_import_loads_the_readers(tmp_path: Path) -> None:
    # (The guard above can fail: the same probe sees them when a command reads cards.)
    proc = subprocess.run(
        [sys.executable, "-c", _LOADED_READERS, "import", str(EXAMPLES)],
        capture_output=True, text=True, cwd=REPO, timeout=300,
        env={**os.environ, "LINEAGE_DB": str(tmp_path / "store")},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "readers: ['importers" in proc.stderr


def test_trace_text_shows_relations_and_evidence(examples_db: Path) -> None:
    text = lineage("trace", TARGET, db=examples_db).stdout
    assert "distillation ← deepseek-ai/DeepSeek-R1" in text
    assert "finetune ← Qwen/Qwen2.5-32B" in text
    assert "finetune ← deepseek-ai/DeepSeek-V3-Base" in text
    assert "card-prose" in text and "card-yaml" in text


def test_trace_matches_case_insensitively(examples_db: Path) -> None:
    data = as_json(lineage("trace", TARGET.upper(), "--json", db=examples_db))
    assert data["model"] == TARGET


def test_placeholders_and_inferred_relations(examples_db: Path) -> None:
    data = as_json(lineage("trace", "Qwen/Qwen2.5-Math-7B", "--json", db=examples_db))
    [edge] = data["edges"]
    assert (
        edge["parent"] == "Qwen/Qwen2.5-7B" and edge["relation"] == "finetune" and edge["inferred"]
    )
    assert {n["id"]: n["placeholder"] for n in data["nodes"]}["Qwen/Qwen2.5-7B"] is True


def test_hf_cache_layout_takes_the_id_from_the_folder(examples_db: Path) -> None:
    data = as_json(lineage("trace", "some-org/cached-model", "--json", db=examples_db))
    assert next(e["parent"] for e in data["edges"]) == "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"


def test_tree_counts_descendants_per_relation(examples_db: Path) -> None:
    data = as_json(lineage("tree", "deepseek-ai/DeepSeek-R1", "--json", db=examples_db))
    assert data["direct_counts"] == {"distillation": 6}
    assert (
        data["counts"]["quantized"] >= 4
        and data["counts"]["adapter"] == 1
        and data["counts"]["merge"] == 1
    )
    one = as_json(
        lineage("tree", "deepseek-ai/DeepSeek-R1", "--depth", "1", "--json", db=examples_db)
    )
    assert one["total"] == 6
    text = lineage("tree", TARGET, db=examples_db).stdout
    assert "quantized" in text and "bartowski/DeepSeek-R1-Distill-Qwen-32B-GGUF" in text


def test_path_between_two_models(examples_db: Path) -> None:
    data = as_json(
        lineage(
            "path",
            "bartowski/DeepSeek-R1-Distill-Qwen-32B-GGUF",
            "deepseek-ai/DeepSeek-V3-Base",
            "--json",
            db=examples_db,
        )
    )
    assert {(e["child"], e["parent"]) for e in data["edges"]} == {
        ("bartowski/DeepSeek-R1-Distill-Qwen-32B-GGUF", TARGET),
        (TARGET, "deepseek-ai/DeepSeek-R1"),
        ("deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-V3-Base"),
    }


def test_reimport_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "db"
    lineage("import", str(EXAMPLES), db=db)
    first = as_json(lineage("stats", db=db))
    dump1 = lineage("export", "--format", "nquads", db=db).stdout
    lineage("import", str(EXAMPLES), db=db)
    assert as_json(lineage("stats", db=db)) == first
    assert sorted(lineage("export", "--format", "nquads", db=db).stdout.splitlines()) == sorted(
        dump1.splitlines()
    )


def test_example_import_conforms_to_the_shapes(examples_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    # Open a copy: the module's store stays untouched and unlocked.
    import shutil

    shutil.copytree(examples_db, copy)
    store = OxigraphStore(copy)
    try:
        # Every statement the store holds is checked (the union of its source graphs).
        checked = assert_conforms(store)
        # Source graphs: the graph of the digest stamp is the store's own, not exported.
        query = "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?g lin:sourceName [] . ?s ?p ?o } }"
        assert checked == len(list(store.sparql(query))) > 0
    finally:
        store.close()


def test_export_jsonl_rows(examples_db: Path) -> None:
    rows = [
        json.loads(line)
        for line in lineage("export", "--format", "jsonl", db=examples_db).stdout.splitlines()
    ]
    models = {r["id"]: r for r in rows if r["type"] == "model"}
    derivations = [r for r in rows if r["type"] == "derivation"]
    assert set(models[TARGET]) == {"type", "id", "placeholder", "license", "datasets"}
    assert models["Qwen/Qwen2.5-Math-1.5B"]["placeholder"] is True
    d = next(
        r for r in derivations if r["child"] == TARGET and r["parent"] == "deepseek-ai/DeepSeek-R1"
    )
    assert set(d) == {"type", "child", "parent", "relation", "evidence", "confidence"}
    assert d["relation"] == "distillation"
    assert len(derivations) == as_json(lineage("stats", db=examples_db))["edges"]


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "jsonld"])
def test_export_rdf_parses(examples_db: Path, fmt: str) -> None:
    import rdflib

    text = lineage("export", "--format", fmt, db=examples_db).stdout
    parser = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "jsonld": "json-ld"}[fmt]
    g = rdflib.Dataset() if fmt == "nquads" else rdflib.Graph()
    g.parse(data=text, format=parser)
    # The same statements as the store holds: per source graph for quads, their union else.
    # Source graphs only: the digest stamp's graph is the store's own, left out of exports.
    source = "GRAPH ?g { ?g lin:sourceName [] . ?s ?p ?o }"
    where = source if fmt == "nquads" else f"{{ SELECT DISTINCT ?s ?p ?o WHERE {{ {source} }} }}"
    expected = as_json(
        lineage(
            "sparql",
            f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}",
            "--format",
            "json",
            db=examples_db,
        )
    )
    found = (
        len(list(g.quads((None, None, None, None)))) if isinstance(g, rdflib.Dataset) else len(g)
    )
    assert found == int(expected["results"]["bindings"][0]["n"]["value"]) > 0


def test_sparql_table_json_and_csv(examples_db: Path) -> None:
    q = "SELECT DISTINCT ?child WHERE { ?child lin:distilledFrom ?p . ?p lin:hubId 'deepseek-ai/DeepSeek-R1' } ORDER BY ?child"
    table = lineage("sparql", q, db=examples_db).stdout
    assert "model:deepseek-ai/deepseek-r1-distill-qwen-32b" in table
    data = as_json(lineage("sparql", q, "--format", "json", db=examples_db))
    assert len(data["results"]["bindings"]) == 6
    rows = list(
        csv.reader(io.StringIO(lineage("sparql", q, "--format", "csv", db=examples_db).stdout))
    )
    assert rows[0] == ["child"] and len(rows) == 7


def test_sparql_update_is_not_a_query(examples_db: Path) -> None:
    proc = lineage("sparql", "DELETE WHERE { ?s ?p ?o }", db=examples_db, check=False)
    assert proc.returncode != 0 and "error:" in proc.stderr and "Traceback" not in proc.stderr


def test_single_file_needs_an_id(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nbase_model: org/base\nlicense: mit\n---\nA card.\n")
    proc = lineage("import", str(card), "--json", db=tmp_path / "db", check=False)
    assert proc.returncode == 1 and "--id" in proc.stdout + proc.stderr
    ok = as_json(lineage("import", str(card), "--id", "me/model", "--json", db=tmp_path / "db"))
    assert ok["sources"] == 1
    data = as_json(lineage("trace", "me/model", "--json", db=tmp_path / "db"))
    assert data["edges"][0]["parent"] == "org/base"


def test_usage_errors_and_missing_models_are_one_line(tmp_path: Path) -> None:
    missing = lineage("import", str(tmp_path / "nope"), db=tmp_path / "db", check=False)
    assert (
        missing.returncode == 2
        and "no such file" in missing.stderr
        and "Traceback" not in missing.stderr
    )
    lineage("import", str(EXAMPLES / "Qwen"), db=tmp_path / "db")
    unknown = lineage("trace", "nobody/nothing", db=tmp_path / "db", check=False)
    assert (
        unknown.returncode == 1
        and unknown.stderr.count("\n") == 1
        and "not in the graph" in unknown.stderr
    )


def test_a_folder_of_only_broken_cards_fails(tmp_path: Path) -> None:
    proc = lineage(
        "import", str(EXAMPLES / "broken-org" / "malformed-yaml"), db=tmp_path / "db", check=False
    )
    assert proc.returncode == 1 and "malformed" in proc.stderr


def test_interrupted_import_never_corrupts_what_was_stored(tmp_path: Path) -> None:
    db = tmp_path / "db"
    lineage("import", str(EXAMPLES), db=db)
    before = lineage("trace", TARGET, "--json", db=db).stdout
    big = tmp_path / "big"
    for i in range(4000):
        d = big / "bulk" / f"m{i}"
        d.mkdir(parents=True)
        (d / "README.md").write_text(
            f"---\nbase_model: {TARGET}\nlicense: mit\ntags: [gguf]\n---\nQuantized {i}.\n"
        )
    proc = subprocess.Popen(
        [sys.executable, "-m", "lineage", "import", str(big), "--workers", "1"],
        env={**os.environ, "LINEAGE_DB": str(db), "LINEAGE_BATCH_SIZE": "100"}, cwd=REPO,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(2.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert lineage("trace", TARGET, "--json", db=db).stdout == before
    # A rerun completes the job.
    lineage("import", str(big), db=db)
    tree = as_json(lineage("tree", TARGET, "--depth", "1", "--json", db=db))
    assert tree["direct_counts"]["quantized"] >= 4000


def test_one_import_command_takes_folders_and_hub_dumps_together(tmp_path: Path) -> None:
    dump = REPO / "tests" / "fixtures" / "hub" / "dump" / "models.jsonl"
    summary = as_json(
        lineage("import", str(EXAMPLES / "deepseek-ai"), str(dump), "--json", db=tmp_path / "db")
    )
    rows = sum(1 for line in dump.read_text().splitlines() if line.strip())
    assert summary["sources"] >= 10 + rows - len(summary["errors"])
    stats = as_json(lineage("stats", db=tmp_path / "db"))
    assert stats["sources"] == summary["sources"]
    kinds = {
        ev["kind"]
        for line in lineage("export", "--format", "jsonl", db=tmp_path / "db").stdout.splitlines()
        if (row := json.loads(line))["type"] == "derivation"
        for ev in row["evidence"]
    }
    assert {"card-yaml", "card-prose", "hub-api"} <= kinds


def test_index_fills_the_lineage_index_and_traces_read_it(tmp_path: Path) -> None:
    db = tmp_path / "db"
    lineage("import", str(EXAMPLES), db=db)
    before = as_json(lineage("trace", TARGET, "--json", db=db))
    summary = as_json(lineage("index", db=db))
    store = OxigraphStore(db)
    with_lineage = store.index_models()
    assert summary["models"] == len(with_lineage) > 0
    assert summary["rows"] == 2 * len(with_lineage)
    store.close()
    store = OxigraphStore(db)  # a later process: the whole chain comes from the index
    store.ancestors(TARGET)
    assert store.index is not None and store.index.misses == 0 and store.index.hits > 4
    store.close()
    assert as_json(lineage("trace", TARGET, "--json", db=db)) == before
    everything = as_json(lineage("index", "--all", db=db))
    assert everything["models"] > summary["models"]
    off = lineage("index", db=db, check=False, LINEAGE_INDEX="false")
    assert off.returncode == 2 and "turned off" in off.stderr

"""`lineage check`: every problem class is found in a corpus built to contain it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from lineage.cli import app
from lineage.core.records import EvidenceKind, SourceRecord, Unresolved
from lineage.ingest.dumps import import_dump
from lineage.ingest.folders import run_import
from lineage.query.check import Report, check, render_text
from lineage.stores.base import Capability, LineageStore, supports
from lineage.stores.oxigraph.store import OxigraphStore
from tests.factories import claim, rec

FIXTURES = Path(__file__).parent / "fixtures"
REPOS = FIXTURES / "repos"


def _items(report: Report, section: str) -> list[dict[str, Any]]:
    return report.finding(section).items


def test_check_finds_each_problem_in_the_repo_fixtures(oxi: OxigraphStore) -> None:
    summary = run_import([REPOS], [oxi], workers=1)
    assert summary.failures == []
    report = check(oxi)

    [relation] = _items(report, "relation_conflicts")
    assert relation["child"] == "conflict-org/relation-disagree"
    assert relation["relations"] == {
        "adapter": ["adapter-config:conflict-org/relation-disagree"],
        "finetune": ["card:conflict-org/relation-disagree"],
    }
    [parent] = _items(report, "parent_conflicts")
    assert parent == {
        "child": "conflict-org/lora-disagree",
        "sources": {
            "adapter-config:conflict-org/lora-disagree": ["other-lab/base-8b"],
            "card:conflict-org/lora-disagree": ["acme/base-7b"],
        },
    }
    [cycle] = _items(report, "cycles")
    assert cycle["models"] == ["cycle-org/alpha", "cycle-org/beta"]
    # The card reader sets a self reference aside as unresolved; check recognises it.
    [selfish] = _items(report, "self_references")
    assert selfish["model"] == "self-org/selfish" and selfish["source"] == "card:self-org/selfish"
    placeholders = {item["model"] for item in _items(report, "placeholders")}
    assert {"acme/base-7b", "other-lab/base-8b", "acme/chat-7b"} <= placeholders
    assert "fusion-org/lora-agree" not in placeholders
    local = {(item["model"], item["text"], item["kind"]) for item in _items(report, "local_paths")}
    assert local == {
        ("local-org/local-lora", "/home/trainer/work/models/base-7b-local", "adapter-config"),
        ("merge-org/staged-merge", "./scratch/extra-layers", "mergekit-config"),
        ("ollama-org/lora-ollama", "./adapters/support-lora.gguf", "modelfile"),
    }
    inferred = {(i["child"], i["parent"]) for i in _items(report, "inferred_only")}
    assert ("trainer-org/sft-run", "acme/chat-7b") in inferred
    assert (
        "fusion-org/lora-agree",
        "acme/base-7b",
    ) not in inferred  # the adapter config declares it
    assert report.notes == []
    assert report.conflicts == 2


def test_check_sees_dump_self_references_and_local_paths(oxi: OxigraphStore) -> None:
    import_dump([FIXTURES / "hub" / "dump" / "models.jsonl"], [oxi], 1)
    report = check(oxi)
    assert [i["model"] for i in _items(report, "self_references")] == ["self-org/selfish"]
    assert [i["text"] for i in _items(report, "local_paths")] == ["./checkpoints/run-3"]
    assert report.cycles.count == 0 and report.conflicts == 0


def problem_records() -> list[SourceRecord]:
    """Hand-built records holding one of each problem a graph-only store can show."""
    return [
        rec("a/x", claim("b/y", "finetune")),
        rec("a/x", claim("b/y", "adapter", "adapter-config"), source="adapter-config:a/x", describes=False),
        rec("c/x", claim("d/y", "adapter", inferred=True)),
        rec("c/x", claim("e/z", "adapter", "adapter-config"), source="adapter-config:c/x", describes=False),
        rec("cy/a", claim("cy/b")),
        rec("cy/b", claim("cy/c")),
        rec("cy/c", claim("cy/a")),
        rec("s/self", claim("s/self")),
        rec(
            "w/weak",
            claim("w/base", "finetune", "config-json", inferred=True),
            source="config-json:w/weak",
            describes=False,
        ),
        rec(
            "w/weak",
            claim("w/other", "finetune"),
            unresolved=[Unresolved("./ckpt", EvidenceKind.CARD_YAML, "local path")],
        ),
    ]  # fmt: skip


def test_check_on_every_store_engine(store: LineageStore) -> None:
    store.write(problem_records())
    report = check(store, limit=10)
    assert [i["child"] for i in _items(report, "relation_conflicts")] == ["a/x"]
    # w/weak's config.json names another parent than its card: too weak to be a conflict.
    assert [i["child"] for i in _items(report, "parent_conflicts")] == ["c/x"]
    [cycle] = _items(report, "cycles")
    assert cycle["models"] == ["cy/a", "cy/b", "cy/c"]  # from the smallest id, every run
    assert [i["model"] for i in _items(report, "self_references")] == ["s/self"]
    assert {i["model"] for i in _items(report, "placeholders")} == {
        "b/y", "d/y", "e/z", "w/base", "w/other",
    }  # fmt: skip
    assert {(i["child"], i["parent"]) for i in _items(report, "inferred_only")} == {
        ("c/x", "d/y"),
        ("w/weak", "w/base"),
    }
    assert report.edges == 9
    if supports(store, Capability.UNRESOLVED):
        assert [i["text"] for i in _items(report, "local_paths")] == ["./ckpt"]
        assert report.notes == []
    else:
        assert report.local_paths.count == 0
        assert "unresolved references are not kept" in report.notes[0]


def test_limit_cuts_lists_not_counts(oxi: OxigraphStore) -> None:
    oxi.write(problem_records())
    report = check(oxi, limit=1)
    assert report.placeholders.count == 5 and len(report.placeholders.items) == 1
    assert "… and 4 more" in render_text(report)


def test_empty_store(oxi: OxigraphStore) -> None:
    report = check(oxi)
    assert report.models == 0 and report.edges == 0
    assert all(report.finding(s).count == 0 for s in Report.SECTIONS)
    assert render_text(report).startswith("0 models, 0 edges in the embedded store")


def test_cli_check_prints_text_or_json_and_exits_0(tmp_path: Path) -> None:
    db = tmp_path / "db"
    runner = CliRunner()
    assert (
        runner.invoke(app, ["import", str(REPOS), "--db", str(db), "--workers", "1"]).exit_code == 0
    )
    text = runner.invoke(app, ["check", "--db", str(db)])
    assert text.exit_code == 0, text.output
    assert "relation conflicts (sources declare different relations): 1" in text.stdout
    assert "cycle-org/alpha -> cycle-org/beta -> cycle-org/alpha" in text.stdout
    as_json = runner.invoke(app, ["check", "--db", str(db), "--json", "--limit", "2"])
    assert as_json.exit_code == 0
    data = json.loads(as_json.stdout)
    assert set(data) >= set(Report.SECTIONS) | {"store", "models", "edges", "notes"}
    assert data["local_paths"]["count"] == 3 and len(data["local_paths"]["items"]) == 2
    assert data["unresolved_by_reason"] == {"local path": 3}


def test_embedded_edge_scan_equals_parents_model_by_model(oxi: OxigraphStore) -> None:
    """`iter_edges` skips models without parents; the edges and their order are unchanged."""
    run_import([REPOS], [oxi], workers=1)
    oxi.write(
        [
            rec("Scan/Child", claim("scan/base"), claim("Other/Base", "adapter")),
            rec("scan/child", claim("scan/base", "quantized"), source="hub-api:scan/child"),
            rec("scan/leaf"),
        ]
    )
    by_model = [e for mid in oxi.iter_model_ids() for e in oxi.parents(mid)]
    scanned = list(oxi.iter_edges())
    assert len(scanned) > 10
    assert [(e.child, e.parent, e.relation, e.evidence) for e in scanned] == [
        (e.child, e.parent, e.relation, e.evidence) for e in by_model
    ]


def test_embedded_placeholders_are_the_undescribed_models_sorted(oxi: OxigraphStore) -> None:
    oxi.write(
        [
            rec("lab/a", claim("Zeta/Base"), claim("alpha/base")),
            rec("lab/b", claim("zeta/base"), claim("lab/a")),
            rec("lab/c", claim("Mid/Base"), source="adapter-config:lab/c", describes=False),
        ]
    )
    # Each placeholder once (however many graphs name it), by its display id;
    # lab/c has only a side file, so it is a placeholder too.
    assert list(oxi.iter_placeholders()) == ["Mid/Base", "Zeta/Base", "alpha/base", "lab/c"]
    report = check(oxi)
    assert [i["model"] for i in _items(report, "placeholders")] == list(oxi.iter_placeholders())
    assert report.models == 6  # zeta/base and Zeta/Base are one model


def test_cycles_read_the_same_in_every_process(tmp_path: Path) -> None:
    # String hashing differs per process; the report must not.
    db = tmp_path / "db"
    store = OxigraphStore(db)
    store.write([rec(f"ring/m{i}", claim(f"ring/m{(i + 1) % 7}")) for i in range(7)])
    store.close()
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        proc = subprocess.run(
            [sys.executable, "-m", "lineage", "check", "--json", "--db", str(db)],
            capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONHASHSEED": seed},
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        outputs.add(json.dumps(json.loads(proc.stdout)["cycles"]))
    assert len(outputs) == 1
    assert json.loads(outputs.pop())["items"][0]["models"][0] == "ring/m0"

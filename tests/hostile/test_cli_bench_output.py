"""Benchmark commands print one JSON document on stdout (what bench.suite reads), soak included."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from bench import neo4j_load
from tests.conftest import REPO


def test_neo4j_load_progress_goes_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    neo4j_load.progress({"batched": {"models_per_s": 1.0}})
    captured = capsys.readouterr()
    assert captured.out == "" and json.loads(captured.err) == {"batched": {"models_per_s": 1.0}}


def test_neo4j_load_prints_to_stdout_only_its_result() -> None:
    # bench.suite parses stdout as one JSON document ("Extra data" when steps printed there too).
    tree = ast.parse((REPO / "bench" / "neo4j_load.py").read_text(encoding="utf-8"))
    to_stdout = [
        node
        for fn in ast.walk(tree)
        if isinstance(fn, ast.FunctionDef)
        for node in ast.walk(fn)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "print"
        and not any(k.arg == "file" for k in node.keywords)
        and fn.name != "main"
    ]
    assert to_stdout == []


def test_soak_runs_every_kind_of_operation_without_errors() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.soak", "--minutes", "0.1", "--models", "150"],
        capture_output=True, text=True, cwd=REPO, timeout=240,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["errors"] == 0
    ops = result["operations"]
    assert set(ops) == {"ancestors", "descendants", "node", "sparql", "import"}
    assert all(o["ops"] > 0 and o["p99_ms"] is not None for o in ops.values())
    assert result["store_at_end"]["models"] > 150  # the importer added models
    assert result["rss_mib"]["peak"] >= result["rss_mib"]["start"] > 0

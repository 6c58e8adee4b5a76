"""The benchmark suite: import, query and baselines for each Hub size, in one run.

Every measurement runs in its own child process (`bench.suite_run`) so its
peak memory is its own and one task's caches cannot help another. The machine
is shared, so the suite records the load average and reports ratios against
baselines measured in the same run next to the absolute figures.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import psutil

from bench.suite_data import Hub, ensure_hub, load_samples
from bench.suite_import import dump_importer_available
from bench.suite_run import run_task

SECTIONS = ("import", "dump", "query", "baselines", "neo4j", "api")
DEFAULT_SECTIONS = ("import", "dump", "query", "baselines")


@dataclass(slots=True)
class Config:
    """What to run."""

    models: list[int]
    data: Path
    work: Path
    out: Path
    seed: int = 1
    only: Sequence[str] = DEFAULT_SECTIONS
    workers: Sequence[int] = (1, 2)
    rdflib_max: int = 100_000
    timeout: float = 3600.0
    docs: Path | None = None
    log: Callable[[str], None] = field(default=print)


def machine() -> dict[str, Any]:
    """The machine and library versions the figures were taken on."""

    def ver(name: str) -> str | None:
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu_model": _cpu_model(),
        "load_average_start": os.getloadavg(),
        "versions": {n: ver(n) for n in ("pyoxigraph", "rdflib", "networkx", "pyyaml")},
    }


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _run(cfg: Config, name: str, args: dict[str, Any]) -> dict[str, Any]:
    started = time.perf_counter()
    cfg.log(f"  {name} {args.get('workers', '')} …")
    result = run_task(name, args, timeout=cfg.timeout)
    result["load_average"] = os.getloadavg()[0]
    cfg.log(
        f"  {name} done in {time.perf_counter() - started:.1f} s"
        + (f" — ERROR {result['error']}" if "error" in result else "")
    )
    return result


def _db(cfg: Config, n: int, tag: str) -> Path:
    return cfg.work / f"db-{n}-{tag}"


def run_size(cfg: Config, n: int) -> dict[str, Any]:
    """Every selected section for a Hub of ``n`` models."""
    cfg.log(f"== {n:,} models")
    hub = ensure_hub(cfg.data, n, cfg.seed)
    samples = load_samples(hub)
    res: dict[str, Any] = {"models": n, "seed": cfg.seed, "samples": {
        "ancestors": len(samples.ancestors), "largest_family": samples.largest_family,
        "largest_family_size": samples.largest_family_size, "paths": len(samples.paths),
    }}  # fmt: skip
    query_db = _db(cfg, n, f"w{max(cfg.workers)}")
    if "import" in cfg.only or ("query" in cfg.only and not query_db.exists()):
        res["import"] = {}
        for w in cfg.workers:
            args = {"path": str(hub.folder), "db": str(_db(cfg, n, f"w{w}")), "workers": w}
            res["import"][f"folder_w{w}"] = _run(cfg, "import-folder", args)
    if "dump" in cfg.only:
        res["dump"] = _dumps(cfg, hub)
    query_args = {"db": str(query_db), **asdict(samples)}
    if "query" in cfg.only:
        res["query"] = _run(cfg, "query", query_args)
    if "baselines" in cfg.only:
        base_args = {**query_args, "path": str(hub.folder)}
        res["networkx"] = _run(cfg, "networkx", base_args)
        if n <= cfg.rdflib_max:
            res["rdflib"] = _run(cfg, "rdflib", base_args)
        else:
            res["rdflib"] = {"skipped": f"above --rdflib-max {cfg.rdflib_max:,}"}
    if "neo4j" in cfg.only:
        res["neo4j"] = _external(cfg, "bench.neo4j_load", ["--models", str(n)])
    if "api" in cfg.only:
        res["api"] = _external(cfg, "bench.api_load", ["--db", str(query_db), "--seconds", "10"])
    for w in cfg.workers:
        if w != max(cfg.workers):
            shutil.rmtree(_db(cfg, n, f"w{w}"), ignore_errors=True)
    return res


def _dumps(cfg: Config, hub: Hub) -> dict[str, Any]:
    if not dump_importer_available():
        return {"skipped": "lineage.ingest.dumps.import_dump is not in this tree yet"}
    out: dict[str, Any] = {}
    w = max(cfg.workers)
    for fmt, path in (("jsonl", hub.jsonl), ("parquet", hub.parquet)):
        db = _db(cfg, hub.models, f"dump-{fmt}")
        out[f"{fmt}_w{w}"] = _run(
            cfg, "import-dump", {"paths": [str(path)], "db": str(db), "workers": w}
        )
        shutil.rmtree(db, ignore_errors=True)
    return out


def _external(cfg: Config, module: str, extra: list[str]) -> dict[str, Any]:
    """A separate benchmark module that prints its JSON result (Neo4j, API)."""
    if importlib.util.find_spec(module) is None:
        return {"skipped": f"{module} is not in this tree yet"}
    cmd = [sys.executable, "-m", module, *extra]
    cfg.log(f"  {module} …")
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=cfg.timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {cfg.timeout:.0f} s"}
    text = proc.stdout.strip()
    start = text.find("{")
    if proc.returncode != 0 or start < 0:
        return {"error": (proc.stderr or proc.stdout).strip()[-500:]}
    try:
        result: dict[str, Any] = json.loads(text[start:])
    except json.JSONDecodeError as exc:
        return {"error": f"unreadable output: {exc}"}
    return result


def run_suite(cfg: Config) -> dict[str, Any]:
    """Run every size; write ``results-*.json`` (and the docs table); return the results."""
    from bench.suite_report import render_markdown, update_docs

    cfg.work.mkdir(parents=True, exist_ok=True)
    cfg.out.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y%m%d-%H%M%S")
    results: dict[str, Any] = {"started": started, "machine": machine(), "sizes": []}
    for n in cfg.models:
        results["sizes"].append(run_size(cfg, n))
    results["machine"]["load_average_end"] = os.getloadavg()
    path = cfg.out / f"results-{started}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    results["json_path"] = str(path)
    table = render_markdown(results)
    (cfg.out / f"results-{started}.md").write_text(table)
    if cfg.docs is not None:
        update_docs(cfg.docs, table)
    cfg.log(f"results: {path}")
    return results

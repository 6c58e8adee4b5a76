"""Incremental imports: re-importing an unchanged folder and dump, 1 % changed, --prune.

``python -m bench.incremental --hub DIR`` takes a synthetic Hub made by ``bench.synth``
(``DIR/cards`` and ``DIR/models.jsonl``) and times, each step in a fresh process as the
CLI runs it (wall seconds, CPU seconds and peak memory of the process and its workers):

* folder: a full import into an empty store, the same folder again (unchanged), the
  same with ``--rehash`` (every file read and hashed, not known by its size and time),
  again with 1 % of the cards edited, and the parse alone (what skipping only the
  writes would still cost);
* dump: a full import, the same dump again, 1 % of the rows edited, and a snapshot
  without 1 % of the rows imported with ``--prune``;
* what each incremental import starts with, of each part's store: reading the digest
  table the store keeps (``digests_read``), and the scan of every source's digest it
  replaces (``digests_scan``: what an import reads when the table is missing or stale).

``--only folder`` or ``--only dump`` runs one part (a Hub generated with one format);
``--no-parse`` leaves out the parse-only step. Each step's figures go to stderr as it ends.
The Hub is left as it was (edited cards are restored; edited dumps are copies).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

EDITED = 0.01
PARTS = ("folder", "dump")


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def _cpu_seconds() -> float:
    """CPU seconds of this process and its finished workers (the load-independent figure)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def step(
    kind: str, db: Path, paths: list[Path], workers: int, prune: bool, rehash: bool = False
) -> dict[str, Any]:
    """One import (``kind``: folder, dump, parse, digests or scan) in this process."""
    from lineage.core.records import SourceFailure
    from lineage.ingest.discovery import work_items
    from lineage.ingest.dumps import import_dump
    from lineage.ingest.folders import parsed_chunks, run_import
    from lineage.stores.oxigraph.store import OxigraphStore

    started = time.perf_counter()
    out: dict[str, Any] = {}
    if kind == "parse":
        work = [w for w in work_items(paths, None) if not isinstance(w, SourceFailure)]
        sources = sum(len(c.payload) for c in parsed_chunks(work, workers, prepared=True))
        out = {"sources": sources}
    else:
        store = OxigraphStore(db)
        if kind == "digests":
            table = store.load_digests()
            out = {"sources": len(table) if table is not None else None}
        elif kind == "scan":
            out = {"sources": sum(1 for _ in store.source_digests())}
        else:
            if kind == "folder":
                summary = run_import(paths, [store], workers=workers, rehash=rehash)
            else:
                summary = import_dump(paths, [store], workers, prune=prune)
            out = {k: summary.to_json()[k] for k in ("new", "changed", "unchanged", "removed")}
        store.close()
    out["seconds"] = round(time.perf_counter() - started, 2)
    out["cpu_s"] = round(_cpu_seconds(), 2)
    out["peak_mb"] = round(_peak_mb())
    return out


def _run(
    kind: str, db: Path, paths: list[Path], workers: int, prune: bool = False, rehash: bool = False
) -> Any:
    cmd = [sys.executable, "-m", "bench.incremental", "--step", kind, "--db", str(db),
           "--workers", str(workers), *(["--prune"] if prune else []),
           *(["--rehash"] if rehash else []), *map(str, paths)]  # fmt: skip
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _edit_cards(folder: Path, share: float) -> dict[Path, bytes]:
    readmes = sorted(folder.rglob("README.md"))
    picked = readmes[:: max(1, round(1 / share))]
    saved = {p: p.read_bytes() for p in picked}
    for p in picked:
        p.write_bytes(saved[p] + b"\nEdited for the incremental benchmark.\n")
    return saved


def _edit_rows(src: Path, dest: Path, share: float, drop: bool) -> int:
    every = max(1, round(1 / share))
    edited = 0
    with src.open("rb") as fin, dest.open("wb") as fout:
        for n, line in enumerate(fin):
            if n % every == 0:
                edited += 1
                if drop:
                    continue
                row = json.loads(line)
                row["tags"] = [*row.get("tags", []), "edited"]
                line = (json.dumps(row) + "\n").encode()
            fout.write(line)
    return edited


def _report(out: dict[str, Any], name: str, figures: Any) -> None:
    out[name] = figures
    print(name, json.dumps(figures), file=sys.stderr, flush=True)  # long runs: show progress


def run(
    hub: Path, work: Path, workers: int, parts: Sequence[str] = PARTS, parse: bool = True
) -> dict[str, Any]:
    """The chosen parts (``folder``, ``dump``) on one Hub; returns the figures."""
    cards, dump = hub / "cards", hub / "models.jsonl"
    work.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"hub": str(hub), "workers": workers}
    if "folder" in parts:
        _folder(out, cards, work / "folder-store", workers, parse)
    if "dump" in parts:
        _dump(out, dump, work, workers)
    return out


def _folder(out: dict[str, Any], cards: Path, db: Path, workers: int, parse: bool) -> None:
    shutil.rmtree(db, ignore_errors=True)
    _report(out, "folder_full", _run("folder", db, [cards], workers))
    _report(out, "folder_unchanged", _run("folder", db, [cards], workers))
    _report(out, "folder_unchanged_rehash", _run("folder", db, [cards], workers, rehash=True))
    _report(out, "digests_read", _run("digests", db, [], workers))
    _report(out, "digests_scan", _run("scan", db, [], workers))
    if parse:
        _report(out, "parse_only", _run("parse", db, [cards], workers))
    saved = _edit_cards(cards, EDITED)
    try:
        _report(out, "folder_1pct", _run("folder", db, [cards], workers))
    finally:
        for path, data in saved.items():
            path.write_bytes(data)


def _dump(out: dict[str, Any], dump: Path, work: Path, workers: int) -> None:
    db = work / "dump-store"
    shutil.rmtree(db, ignore_errors=True)
    _report(out, "dump_full", _run("dump", db, [dump], workers))
    _report(out, "dump_unchanged", _run("dump", db, [dump], workers))
    _report(out, "dump_digests_read", _run("digests", db, [], workers))
    _report(out, "dump_digests_scan", _run("scan", db, [], workers))
    edited = work / "models.jsonl"
    _edit_rows(dump, edited, EDITED, drop=False)
    _report(out, "dump_1pct", _run("dump", db, [edited], workers))
    _edit_rows(dump, edited, EDITED, drop=True)
    _report(out, "dump_prune_1pct", _run("dump", db, [edited], workers, prune=True))
    edited.unlink()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--hub", type=Path, help="a bench.synth Hub: DIR/cards, DIR/models.jsonl")
    ap.add_argument("--work", type=Path, default=Path("bench-incremental-work"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--step", choices=("folder", "dump", "parse", "digests", "scan"))
    ap.add_argument("--db", type=Path)
    ap.add_argument("--prune", action="store_true")
    ap.add_argument("--rehash", action="store_true")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--only", default=",".join(PARTS), help="folder, dump or both (default)")
    ap.add_argument("--no-parse", action="store_true", help="skip the parse-only folder step")
    a = ap.parse_args(argv)
    if a.step:
        print(json.dumps(step(a.step, a.db, a.paths, a.workers, a.prune, a.rehash)))
        return 0
    if a.hub is None:
        ap.error("--hub is required")
    parts = [p.strip() for p in a.only.split(",") if p.strip()]
    if not parts or set(parts) - set(PARTS):
        ap.error(f"--only takes {', '.join(PARTS)}")
    result = run(a.hub, a.work, a.workers, parts, parse=not a.no_parse)
    text = json.dumps(result, indent=2)
    print(text)
    if a.out:
        a.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

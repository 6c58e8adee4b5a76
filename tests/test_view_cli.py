"""``lineage sparql`` on the consolidated view, ``--union``, and ``lineage view``."""

from __future__ import annotations

import json
from pathlib import Path

from lineage.core import vocab as v
from lineage.stores.oxigraph.store import OxigraphStore
from tests.factories import claim, family, rec
from tests.test_cli import lineage

COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ <{v.model_iri('org/Chat')}> lin:fineTunedFrom ?p }}"


def count(db: Path, *extra: str) -> tuple[int, str]:
    proc = lineage("sparql", COUNT, "--format", "csv", *extra, db=db)
    return int(proc.stdout.splitlines()[1]), proc.stderr


def test_sparql_reads_the_view_after_an_import_and_the_union_on_request(tmp_path: Path) -> None:
    db = tmp_path / "db"
    store = OxigraphStore(db)
    store.write(
        [*family(), rec("org/Chat", claim("org/Base", kind="hub-api"), source="hub:org/Chat")]
    )
    store.close()
    status = json.loads(lineage("view", "status", db=db).stdout)
    assert status == {"state": "rebuild"}
    assert count(db) == (1, "")  # refreshed first: each fact once
    assert json.loads(lineage("view", "status", db=db).stdout) == {"state": "fresh"}
    assert count(db, "--union")[0] == 3  # both sources' statements, and the view's
    done = json.loads(lineage("view", "refresh", db=db).stdout)
    assert done["models"] == 0 and done["rebuilt"] is False


def test_a_stale_view_held_by_another_process_is_answered_from_the_union(tmp_path: Path) -> None:
    db = tmp_path / "db"
    store = OxigraphStore(db)
    store.write(family())
    store.refresh_view()
    store.write([rec("org/Chat", claim("org/Base", kind="hub-api"), source="hub:org/Chat")])
    store.flush()
    try:  # the store stays open for writing here: the command can only read it
        n, stderr = count(db)
        refused = lineage("view", "refresh", db=db, check=False)
    finally:
        store.close()
    assert n == 3 and "warning: the consolidated view is stale" in stderr
    assert refused.returncode == 1 and "cannot be refreshed" in refused.stderr
    assert count(db) == (1, "")

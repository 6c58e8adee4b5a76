"""``lineage explain`` end to end: a real process on a real store on disk."""

from __future__ import annotations

import json
from pathlib import Path

from lineage.stores.oxigraph.store import OxigraphStore
from tests.factories import claim, rec
from tests.test_cli import lineage
from tests.test_explain import disputed


def _db(tmp_path: Path) -> Path:
    db = tmp_path / "store"
    store = OxigraphStore(db)
    store.write(disputed())
    store.close()
    return db


def test_explain_prints_claims_conflicts_and_references(tmp_path: Path) -> None:
    db = _db(tmp_path)
    data = json.loads(lineage("explain", "org/child", "ORG/Parent", "--json", db=db).stdout)
    assert data["verdict"]["relation"] == "finetune" and data["verdict"]["conflict"]
    assert len(data["for"]) == 3 and len(data["against"]["conflicts"]) == 2
    text = lineage("explain", "org/Child", "org/Parent", db=db).stdout
    assert "CONFLICT" in text and "base_model: org/Parent" in text
    assert "gguf:org/Child/model.gguf" in text and "org/Other (merge, card-yaml)" in text
    assert "models--org--Parent" in text and "names org/Child as its new version" in text


def test_explain_of_a_missing_model_is_one_line(tmp_path: Path) -> None:
    proc = lineage("explain", "org/Child", "no/where", db=_db(tmp_path), check=False)
    assert proc.returncode == 1 and "not in the graph" in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_explain_text_shows_values_as_written(tmp_path: Path) -> None:
    db = tmp_path / "store"
    store = OxigraphStore(db)
    store.write([rec("a/x", claim("b/y", value="base_model: [b/y](https://hf.co/b/y) [/red]"))])
    store.close()
    text = lineage("explain", "a/x", "b/y", db=db).stdout
    assert "[b/y](https://hf.co/b/y) [/red]" in text

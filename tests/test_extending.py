"""Adding a reader, an exporter and a store engine, the way docs/architecture.md says to."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from importers import registry as readers
from importers.base import FileReader
from lineage.core.records import Claim, EvidenceKind, Relation, SourceRecord, confidence_for
from lineage.core.settings import Settings
from lineage.exporters import _EXPORTERS, exporter_names, register_exporter
from lineage.exporters.base import FunctionExporter, GraphView
from lineage.exporters.export import export
from lineage.ingest.folders import run_import
from lineage.stores import base as stores
from lineage.stores.oxigraph.store import OxigraphStore
from tests.factories import claim, rec


def _read_parent_file(data: bytes, model_id: str, location: str) -> list[SourceRecord]:
    """A reader of `PARENT.txt`: one line naming the model's base."""
    kind = EvidenceKind.CARD_PROSE
    parent = data.decode().strip()
    return [
        SourceRecord(
            model_id=model_id,
            source=f"parent-txt:{model_id}",
            location=location,
            source_kind="parent-txt",
            claims=[Claim(parent, Relation.FINETUNE, kind, confidence_for(kind, False), False)],
            describes_model=False,
        )
    ]


@pytest.fixture
def parent_reader() -> Iterator[FileReader]:
    reader = readers.register(FileReader("parent-txt", ("parent.txt",), _read_parent_file))
    yield reader
    readers._READERS.pop(reader.name)


def test_a_new_reader_is_used_by_folder_imports(parent_reader: FileReader, tmp_path: Path) -> None:
    repo = tmp_path / "repos" / "org" / "tuned"
    repo.mkdir(parents=True)
    (repo / "PARENT.txt").write_text("org/base\n")
    assert readers.reader_for("PARENT.txt") is parent_reader
    store = OxigraphStore(tmp_path / "db")
    try:
        summary = run_import([tmp_path / "repos"], [store], workers=1)
        assert (summary.sources, summary.failures) == (1, [])
        [edge] = store.parents("org/tuned")
        assert (edge.parent, edge.relation, edge.evidence[0].source) == (
            "org/base",
            "finetune",
            "parent-txt:org/tuned",
        )
    finally:
        store.close()


def _count_models(view: GraphView, out: IO[bytes]) -> None:
    out.write(f"{sum(1 for n in view.nodes if n.kind == 'model')}\n".encode())


@pytest.fixture
def counting_exporter() -> Iterator[str]:
    register_exporter(
        FunctionExporter("count", "text/plain", "txt", "how many models", _count_models)
    )
    yield "count"
    _EXPORTERS.pop("count")


def test_a_new_exporter_exports_the_graph_and_selections(counting_exporter: str) -> None:
    assert counting_exporter in exporter_names()
    store = OxigraphStore(None)
    try:
        store.write([rec("org/a", claim("org/base")), rec("org/b", claim("org/a"))])
        out = io.BytesIO()
        export(store, counting_exporter, out)
        assert out.getvalue() == b"3\n"  # org/a, org/b and the placeholder org/base
    finally:
        store.close()


@pytest.fixture
def memory_engine() -> Iterator[str]:
    stores.register_store(
        "memory", lambda settings: OxigraphStore(None), OxigraphStore.capabilities
    )
    yield "memory"
    stores._FACTORIES.pop("memory")
    stores._CAPABILITIES.pop("memory")


def test_a_new_store_engine_is_opened_by_name(memory_engine: str) -> None:
    assert memory_engine in stores.store_names()
    store = stores.open_store(Settings(store=memory_engine))
    try:
        store.write([rec("org/a", claim("org/base"))])
        assert [e.parent for e in store.ancestors("org/a").edges] == ["org/base"]
        assert stores.supports(store, stores.Capability.SPARQL)
    finally:
        store.close()

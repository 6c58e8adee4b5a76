"""Every engine answers the surfaces' questions like the embedded reference does.

The store conformance suite checks the protocol's traversals; this one checks what surfaces
build on top of it — every export format (whole graph and selections, grouped or not), the
data-quality report, RDF selections, the model-id search — and each declared capability, by
comparing every engine with an in-memory embedded store that holds the same records.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from lineage.core.records import EvidenceKind, SourceRecord, Unresolved
from lineage.exporters import exporter_names, get_exporter
from lineage.exporters.export import export, view_for
from lineage.query.check import check
from lineage.query.reports import all_model_ids
from lineage.query.search import ModelIdIndex
from lineage.query.selection import SelectionSpec
from lineage.stores.base import (
    Capability,
    LineageStore,
    cypher_store,
    fanout_store,
    rdf_dump_store,
    record_source,
    sparql_store,
    supports,
    unresolved_store,
)
from lineage.stores.oxigraph.store import OxigraphStore
from tests.factories import claim, family, rec

FANOUT = 12
THRESHOLD = 10


def records() -> list[SourceRecord]:
    """The factories family, a fan-out to fold, a conflict, a local path, a trained-on dataset,
    a parent named with spaces."""
    quants = [rec(f"q{i:02d}/Chat-GGUF", claim("org/Chat", "quantized")) for i in range(FANOUT)]
    return [
        *family(),
        *quants,
        rec("c/conflicted", claim("org/Chat"), license="mit", datasets=["org/data"]),
        rec("c/conflicted", claim("org/Chat", "adapter", "hub-api"), source="hub:c/conflicted",
            describes=False),
        rec("u/local", claim("org/Base"),
            unresolved=[Unresolved("./ckpt", EvidenceKind.CARD_YAML, "local path")]),
        # A parent the card names as written, without an org and with spaces.
        rec("s/spoken", claim("Mistral 7B v0.1", "finetune", "card-prose")),
    ]  # fmt: skip


@pytest.fixture
def pair(store: LineageStore) -> Iterator[tuple[LineageStore, OxigraphStore]]:
    """The engine under test and the in-memory reference, both holding `records`."""
    reference = OxigraphStore(None)
    data = records()
    reference.write(data)
    store.write(data)
    yield store, reference
    reference.close()


def _export(store: LineageStore, fmt: str, spec: SelectionSpec | None) -> bytes:
    out = io.BytesIO()
    export(store, fmt, out, spec)
    return out.getvalue()


def _canonical(data: bytes) -> object:
    """An export with its order taken out: engines stream models in their own index order."""
    try:
        return _sorted(json.loads(data))
    except ValueError:
        return sorted(data.decode().splitlines())


def _sorted(value: object) -> object:
    if isinstance(value, dict):
        return {k: _sorted(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_sorted(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


GRAPH_FORMATS = [f for f in exporter_names() if get_exporter(f).groups]
SPECS = {
    "grouped-down": SelectionSpec.build("org/Chat", "down", 2, threshold=THRESHOLD),
    "expanded-down": SelectionSpec.build(
        "org/Chat", "down", 2, threshold=THRESHOLD, expand_all=True
    ),
    "up-finetunes": SelectionSpec.build("org/Distill-Small", "up", 5, ["finetune"]),
}


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
@pytest.mark.parametrize("spec", list(SPECS))
def test_graph_exports_equal_the_reference(
    pair: tuple[LineageStore, OxigraphStore], fmt: str, spec: str
) -> None:
    store, reference = pair
    ours = _export(store, fmt, SPECS[spec])
    assert ours, f"{fmt} wrote nothing"
    assert _canonical(ours) == _canonical(_export(reference, fmt, SPECS[spec]))


@pytest.mark.parametrize("expand", [False, True])
def test_whole_graph_views_equal_the_reference(
    pair: tuple[LineageStore, OxigraphStore], expand: bool
) -> None:
    """The whole graph streams in each engine's own order: compare what is drawn, not where."""
    store, reference = pair
    spec = SelectionSpec(expand_all=expand, threshold=THRESHOLD)

    def drawn(s: LineageStore) -> tuple[list[str], list[str]]:
        view = view_for(s, get_exporter("graphml"), spec)
        nodes = sorted(repr(n) for n in view.nodes)
        return nodes, sorted(repr(e) for e in view.edges)

    ours = drawn(store)
    assert ours == drawn(reference)
    assert any("group" in n for n in ours[0]) is not expand


@pytest.mark.parametrize("fmt", ["turtle", "nquads", "jsonl"])
def test_selection_data_exports_equal_the_reference(
    pair: tuple[LineageStore, OxigraphStore], fmt: str
) -> None:
    store, reference = pair
    spec = SelectionSpec.build("org/Chat", "both", 2)
    assert _canonical(_export(store, fmt, spec)) == _canonical(_export(reference, fmt, spec))


def test_whole_graph_rdf_needs_the_dump_capability(
    pair: tuple[LineageStore, OxigraphStore],
) -> None:
    store, reference = pair
    if supports(store, Capability.RDF_DUMP):
        ours, theirs = _export(store, "nquads", None), _export(reference, "nquads", None)
        assert _canonical(ours) == _canonical(theirs)
    else:
        with pytest.raises(Exception, match="cannot serialise its graph as RDF"):
            _export(store, "nquads", None)


def test_check_report_equals_the_reference(pair: tuple[LineageStore, OxigraphStore]) -> None:
    store, reference = pair
    ours, theirs = check(store, limit=50).to_json(), check(reference, limit=50).to_json()
    assert (ours.pop("store"), theirs.pop("store")) == (store.name, "embedded")
    if not supports(store, Capability.UNRESOLVED):
        # The only difference allowed: references to no model are not kept, and it is said.
        assert any("unresolved references are not kept" in n for n in ours.pop("notes"))
        theirs.pop("notes")
        for section in ("local_paths", "unresolved", "self_references", "unresolved_by_reason"):
            ours.pop(section, None)
            theirs.pop(section, None)
    assert ours == theirs
    assert ours["placeholders"]["count"] > 0


def test_ids_placeholders_datasets_and_search(pair: tuple[LineageStore, OxigraphStore]) -> None:
    store, reference = pair
    assert sorted(all_model_ids(store)) == sorted(all_model_ids(reference))
    assert list(store.iter_placeholders()) == list(reference.iter_placeholders())
    assert "org/Base" in list(store.iter_placeholders()) or store.node("org/Base") is not None
    assert "Mistral 7B v0.1" in list(store.iter_placeholders())  # spaces and case kept
    spoken = store.ancestors("s/spoken")
    assert [(e.parent, e.relation) for e in spoken.edges] == [("Mistral 7B v0.1", "finetune")]
    assert (
        store.models_trained_on("org/data")
        == reference.models_trained_on("org/data")
        == ["c/conflicted"]
    )
    ours = ModelIdIndex(lambda: store).search("q0", 5)
    assert ours == ModelIdIndex(lambda: reference).search("q0", 5)
    assert len(ours) == 5


def test_each_declared_capability_works_and_each_missing_one_is_refused(
    pair: tuple[LineageStore, OxigraphStore],
) -> None:
    store, reference = pair
    checks: dict[Capability, Callable[[], int]] = {
        Capability.SPARQL: lambda: len(
            list(sparql_store(store).sparql("SELECT ?m WHERE { ?m lin:hubId ?id }"))
        ),
        Capability.CYPHER: lambda: len(
            cypher_store(store).cypher("MATCH (m:Model) RETURN m.id", {}, 1000)[1]
        ),
        Capability.RDF_DUMP: lambda: len(_dump(store)),
        Capability.RECORDS: lambda: len(list(record_source(store).iter_records())),
        Capability.UNRESOLVED: lambda: len(list(unresolved_store(store).iter_unresolved())),
        Capability.FANOUT: lambda: len(fanout_store(store).fanouts(THRESHOLD)),
    }
    for capability, run in checks.items():
        if supports(store, capability):
            assert run() > 0, capability
        else:
            with pytest.raises(Exception, match=f"the {store.name} store cannot"):
                run()
    if supports(store, Capability.FANOUT):
        assert fanout_store(store).fanouts(THRESHOLD) == reference.fanouts(THRESHOLD)
    if supports(store, Capability.RECORDS):
        assert len(list(record_source(store).iter_records())) == len(list(reference.iter_records()))


def _dump(store: LineageStore) -> bytes:
    from pyoxigraph import RdfFormat

    out = io.BytesIO()
    rdf_dump_store(store).dump(RdfFormat.N_QUADS, out)
    return out.getvalue()


def _stamped(model: str, at: str, *claims: Any, source: str | None = None) -> SourceRecord:
    r = rec(model, *claims, source=source)
    r.imported_at = at
    return r


def test_recent_imports_equal_the_reference(pair: tuple[LineageStore, OxigraphStore]) -> None:
    """Newest first, ties by source name, unstamped sources left out, re-writes move up."""
    store, reference = pair
    runs = [
        # Written by two imports; ".780" checks engines that shorten the fraction ("…24.78Z").
        _stamped("imp/First", "2026-03-01T10:00:00.000Z"),
        _stamped("imp/Second-B", "2026-03-02T09:15:24.780Z", claim("imp/First")),
        _stamped("imp/Second-A", "2026-03-02T09:15:24.780Z", claim("imp/First")),
        _stamped("imp/Second-A", "2026-03-02T09:15:24.780Z", claim("imp/First", "adapter"),
                 source="hub:imp/Second-A"),
    ]  # fmt: skip
    for s in (store, reference):
        s.write(runs)
    expected = [
        ("card:imp/Second-A", "imp/Second-A", "2026-03-02T09:15:24.780Z"),
        ("card:imp/Second-B", "imp/Second-B", "2026-03-02T09:15:24.780Z"),
        ("hub:imp/Second-A", "imp/Second-A", "2026-03-02T09:15:24.780Z"),
        ("card:imp/First", "imp/First", "2026-03-01T10:00:00.000Z"),
    ]
    got = store.recent_imports(10)
    assert [(s.source, s.model_id, s.imported_at) for s in got] == expected
    assert got == reference.recent_imports(10)
    assert got[0].location == "/cards/imp/Second-A/README.md"
    assert store.recent_imports(2) == got[:2]
    assert store.recent_imports(0) == []
    # A later import of one source moves it to the top; a removed source is gone.
    again = _stamped("imp/First", "2026-03-03T00:00:00.001Z")
    store.write([again])
    store.remove_sources(["card:imp/Second-B"])
    now = [(s.source, s.imported_at) for s in store.recent_imports(10)]
    assert now == [
        ("card:imp/First", "2026-03-03T00:00:00.001Z"),
        ("card:imp/Second-A", "2026-03-02T09:15:24.780Z"),
        ("hub:imp/Second-A", "2026-03-02T09:15:24.780Z"),
    ]

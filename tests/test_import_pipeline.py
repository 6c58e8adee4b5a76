"""The folder import pipeline: discovery in the workers, task splitting, ordering, N-Quads."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.core import vocab as v
from lineage.core.records import (
    Claim,
    EvalResult,
    EvidenceKind,
    Relation,
    SourceFailure,
    SourceRecord,
    Unresolved,
)
from lineage.ingest.discovery import _model_id_of_folder, _model_id_of_parts, work_items
from lineage.ingest.folders import (
    ParsedChunk,
    RepoUnit,
    Subtrees,
    Work,
    discover,
    parse_chunk,
    parse_unit,
    parsed_chunks,
    run_import,
)
from lineage.ingest.parsing import _file_bytes
from lineage.rdf import mapping as rdf
from lineage.rdf.mapping import PreparedSource
from lineage.stores.base import Capability

EXAMPLES = Path(__file__).parent.parent / "examples" / "cards"
CARD = "---\nbase_model: {parent}\nlicense: mit\n---\n# {name}\n"


def card(root: Path, rel: str, parent: str = "base/model") -> None:
    path = root / rel / "README.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CARD.format(parent=parent, name=rel))


class Sink:
    """A store that bulk-loads prepared N-Quads: records what it is handed, in order."""

    name = "sink"
    capabilities = frozenset({Capability.BULK_LOAD})

    def __init__(self) -> None:
        self.items: list[PreparedSource] = []

    def write_prepared(self, items: Sequence[PreparedSource]) -> None:
        self.items.extend(items)

    def write(self, records: Sequence[SourceRecord]) -> None:  # pragma: no cover
        raise AssertionError("prepared sinks get N-Quads")


def serial_models(root: Path) -> list[str]:
    """Model ids in the order of a plain sorted walk (`discover`, all in this process)."""
    return [u.model_id for u in discover([root]) if isinstance(u, RepoUnit)]


def chunk_models(chunks: list[ParsedChunk]) -> list[str]:
    return [key.removeprefix("card:") for c in chunks for key in (p.key for p in c.payload)]  # type: ignore[union-attr]


def work(root: Path) -> list[Work]:
    return [w for w in work_items([root], None) if not isinstance(w, SourceFailure)]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "cards"
    for i in range(40):
        card(root, f"huge/m{i:03d}")
    for org in ("a-org", "b-org", "z-org"):
        for name in ("one", "two"):
            card(root, f"{org}/{name}")
    card(root, "models--cache-org--cached/snapshots/0123abcd")
    card(root, "deep-org/repo/sub")  # a folder below a repo: its own (odd) model id
    (root / "README.md").write_text("---\nlicense: mit\n---\n")  # the root's own files
    return root


@pytest.mark.parametrize("workers", [1, 2])
def test_huge_org_is_split_over_several_tasks_in_walk_order(tree: Path, workers: int) -> None:
    chunks = list(parsed_chunks(work(tree), workers, prepared=True, chunk_size=4))
    # A task scans at most 4 * 4 folders, so the 40 repos of "huge" need several tasks ...
    huge = [c for c in chunks if any(p.key.startswith("card:huge/") for p in c.payload)]  # type: ignore[union-attr]
    assert len(huge) >= 3
    assert all(c.folders <= 16 for c in chunks)
    # ... and the chunks still come in the order of a plain sorted walk.
    assert chunk_models(chunks) == [m.casefold() for m in serial_models(tree)]
    assert sum(c.files for c in chunks) == 40 + 6 + 1 + 1 + 1


def test_parse_chunk_hands_back_what_its_budget_did_not_cover(tree: Path) -> None:
    root = os.fspath(tree)
    real = os.fspath(tree.resolve())
    task = Subtrees((os.path.join(root, "huge"), os.path.join(root, "z-org")), root, real)
    out = parse_chunk([task], prepared=False, budget=5)
    # The org folder itself, then four repos.
    assert out.folders == 5 and out.roots == 1
    assert [r.model_id for r in out.payload] == ["huge/m000", "huge/m001", "huge/m002", "huge/m003"]  # type: ignore[union-attr]
    first, second = out.rest
    assert isinstance(first, Subtrees) and isinstance(second, Subtrees)
    assert first.depth == 1 and first.dirs[0].endswith("m004") and len(first.dirs) == 36
    assert second.depth == 0 and second.dirs == (os.path.join(root, "z-org"),)
    rest = parse_chunk(out.rest, prepared=False)
    assert not rest.rest and rest.files == 36 + 2


@pytest.mark.parametrize("workers", [1, 2])
def test_broken_repo_inside_an_org_task_is_reported_with_its_path(
    tmp_path: Path, workers: int
) -> None:
    root = tmp_path / "cards"
    card(root, "org/good")
    card(root, "org/also-good")
    broken = root / "org" / "broken" / "README.md"
    broken.parent.mkdir(parents=True)
    broken.write_text("---\nbase_model: [unclosed\n")
    card(root, "-bad-/name")  # not an ORG/NAME layout
    sink = Sink()
    summary = run_import([root], [sink], workers=workers)  # type: ignore[list-item]
    assert sorted(p.key for p in sink.items) == ["card:org/also-good", "card:org/good"]
    reasons = {f.location: f.reason for f in summary.failures}
    assert str(broken) in reasons and "front matter" in reasons[str(broken)]
    assert "model id" in reasons[str(root / "-bad-" / "name")]


@pytest.mark.parametrize("workers", [1, 2])
def test_run_import_writes_in_walk_order_with_cache_layout_and_duplicates(
    tmp_path: Path, workers: int
) -> None:
    root = tmp_path / "cards"
    card(root, "Dup/model", "base/first")
    card(root, "dup/model", "base/second")  # same source key: the later one wins
    card(root, "models--dup--model/snapshots/abc1234", "base/third")
    for i in range(30):
        card(root, f"many/m{i:02d}")
    sink = Sink()
    summary = run_import([root], [sink], workers=workers)  # type: ignore[list-item]
    assert [p.key.removeprefix("card:") for p in sink.items] == [
        m.casefold() for m in serial_models(root)
    ]
    last = [p for p in sink.items if p.key == "card:dup/model"][-1]
    assert "base/third" in last.nquads
    assert summary.files_read == 33 and not summary.failures


def test_single_file_and_explicit_id_still_work(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(CARD.format(parent="a/b", name="x"))
    sink = Sink()
    summary = run_import([path], [sink], explicit_id="org/x", workers=2)  # type: ignore[list-item]
    assert [p.key for p in sink.items] == ["card:org/x"] and summary.files_read == 1
    unit = RepoUnit("org/x", (path,))
    records, failures = parse_unit(unit)
    assert [r.model_id for r in records] == ["org/x"] and not failures


def test_examples_import_the_same_with_any_chunking() -> None:
    results = []
    for chunk_size in (1, 3, 256):
        chunks = list(parsed_chunks(work(EXAMPLES), 2, prepared=True, chunk_size=chunk_size))
        results.append(
            (
                [p for c in chunks for p in c.payload],
                [f for c in chunks for f in c.failures],
                sum(c.files for c in chunks),
            )
        )
    assert results[0] == results[1] == results[2]
    assert len(results[0][1]) == 4  # the broken example cards


def test_file_too_large_is_reported(tmp_path: Path) -> None:
    from importers.registry import reader_for

    path = tmp_path / "README.md"
    path.write_bytes(b"x" * 100)
    reader = reader_for("README.md")
    assert reader is not None
    assert _file_bytes(str(path), reader, 100)[0] == b"x" * 100
    with pytest.raises(Exception, match=r"file too large \(100 bytes; limit 99\)"):
        _file_bytes(str(path), reader, 99)


@pytest.mark.parametrize(
    "path",
    [
        "/tmp/cards/org/name",
        "/org/name",
        "/name",
        "/tmp/models--org--name/snapshots/abc",
        "/tmp/models--org--name/snapshots",
        "/tmp/x/Org.With.Dots/Name--x",
        "/tmp/x/datasets/foo",
        "/tmp/x/.hidden/name.",
        "/tmp/a/../b/c",
        "/tmp//a/b",
        "/tmp/a/./b",
        "/",
    ],
)
def test_model_id_of_folder_matches_the_pathlib_rule(path: str) -> None:
    assert _model_id_of_folder(path) == _model_id_of_parts(Path(path).parts)


# --- N-Quads: byte for byte what the plain mapping (before the fast path) wrote -------------


def _plain_lines(rec: SourceRecord) -> list[str]:
    """The mapping as it was written before `lineage.rdf.mapping` was optimised (the reference)."""

    def model(model_id: str, out: list[str]) -> str:
        m = rdf.iri(v.model_iri(model_id))
        out.append(f"{m} <{v.HUB_ID}> {rdf.lit(model_id)} .")
        return m

    out: list[str] = []
    g = rdf.iri(v.source_iri(rec.source))
    out.append(f"{g} <{v.SOURCE_NAME}> {rdf.lit(rec.source)} .")
    out.append(f"{g} <{v.LOCATION}> {rdf.lit(rec.location)} .")
    m = model(rec.model_id, out)
    # No statement another implies: no rdf:type, `lin:about` only where the inverse
    # `lin:describedBy` is not written, the kind only where the name's prefix does not
    # give it, no tag that restates a typed fact (docs/vocabulary.md).
    if rec.describes_model:
        out.append(f"{m} <{v.DESCRIBED_BY}> {g} .")
    else:
        out.append(f"{g} <{v.ABOUT}> {m} .")
    prefix = rec.source.split(":")[0]
    if rec.source_kind != ("hub-api" if prefix == "hub" else prefix):
        out.append(f"{g} <{v.SOURCE_KIND}> {rdf.lit(rec.source_kind)} .")
    if rec.digest:
        out.append(f"{g} <{v.SOURCE_DIGEST}> {rdf.lit(rec.digest)} .")
    for value, prop in (
        (rec.license, v.LICENSE),
        (rec.license_name, v.LICENSE_NAME),
        (rec.license_link, v.LICENSE_LINK),
    ):
        if value:
            out.append(f"{m} <{prop}> {rdf.lit(value)} .")
    for ds in rec.datasets:
        d = rdf.iri(v.dataset_iri(ds))
        out.append(f"{m} <{v.TRAINED_ON}> {d} .")
        out.append(f"{d} <{v.IDENTIFIER}> {rdf.lit(ds)} .")
    if rec.library:
        out.append(f"{m} <{v.LIBRARY}> {rdf.lit(rec.library)} .")
    if rec.pipeline_tag:
        out.append(f"{m} <{v.PIPELINE_TAG}> {rdf.lit(rec.pipeline_tag)} .")
    out.extend(f"{m} <{v.LANGUAGE}> {rdf.lit(x)} ." for x in rec.languages)
    restated = [rec.library, rec.pipeline_tag, *rec.languages]
    restated += [f"license:{rec.license}"] if rec.license else []
    restated += [f"dataset:{ds}" for ds in rec.datasets]
    for c in rec.claims:
        restated += [f"base_model:{c.parent}", f"base_model:{c.relation.value}:{c.parent}"]
    out.extend(f"{m} <{v.KEYWORDS}> {rdf.lit(x)} ." for x in rec.tags if x not in restated)
    out.extend(f"{m} <{v.WEIGHT_FORMAT}> {rdf.lit(x)} ." for x in rec.formats)
    out.extend(f"{m} <{v.QUANT_TYPE}> {rdf.lit(x)} ." for x in rec.quant_types)
    out.extend(f"{m} <{v.BIT_WIDTH}> {rdf.typed(b, v.XSD + 'integer')} ." for b in rec.bits)
    if rec.new_version:
        nv = model(rec.new_version, out)
        out.append(f"{m} <{v.NEW_VERSION}> {nv} .")
    for i, ev in enumerate(rec.evals):
        e = rdf.iri(v.node_iri(rec.source, "eval", str(i)))
        out.append(f"{m} <{v.HAS_EVALUATION}> {e} .")
        if ev.task:
            out.append(f"{e} <{v.EVAL_TASK}> {rdf.lit(ev.task)} .")
        if ev.dataset:
            out.append(f"{e} <{v.EVAL_DATASET}> {rdf.lit(ev.dataset)} .")
        out.append(f"{e} <{v.EVAL_METRIC}> {rdf.lit(ev.metric)} .")
        out.append(f"{e} <{v.EVAL_VALUE}> {rdf.lit(ev.value)} .")
    said: set[str] = set()  # a parent's id and each direct link are stated once
    for c in rec.claims:
        p = rdf.iri(v.model_iri(c.parent))
        link = f"{m} <{v.RELATION_PROPERTY[c.relation]}> {p} ."
        if link not in said:
            if c.parent not in said:
                model(c.parent, out)
            said |= {c.parent, link}
            out.append(link)
        d = rdf.iri(
            v.node_iri(rec.source, rec.model_id.casefold(), c.parent.casefold(), c.kind, c.relation)
        )
        boolean = rdf.typed("true" if c.relation_inferred else "false", v.XSD + "boolean")
        out.append(f"{m} <{v.QUALIFIED_DERIVATION}> {d} .")
        out.append(f"{d} <{v.ENTITY}> {p} .")
        out.append(f"{d} <{v.RELATION}> {rdf.lit(c.relation.value)} .")
        out.append(f"{d} <{v.EVIDENCE_KIND}> {rdf.lit(c.kind.value)} .")
        out.append(f"{d} <{v.CONFIDENCE}> {rdf.typed(c.confidence, v.XSD + 'decimal')} .")
        out.append(f"{d} <{v.RELATION_INFERRED}> {boolean} .")
        out.append(f"{d} <{v.PRIMARY_SOURCE}> {g} .")
        if c.value:
            out.append(f"{d} <{v.EVIDENCE_VALUE}> {rdf.lit(c.value[:500])} .")
        if c.revision:
            out.append(f"{d} <{v.REVISION}> {rdf.lit(c.revision)} .")
    for i, u in enumerate(rec.unresolved):
        n = rdf.iri(v.node_iri(rec.source, "unresolved", str(i)))
        out.append(f"{m} <{v.HAS_UNRESOLVED}> {n} .")
        out.append(f"{n} <{v.UNRESOLVED_VALUE}> {rdf.lit(u.value[:500])} .")
        out.append(f"{n} <{v.EVIDENCE_KIND}> {rdf.lit(u.kind.value)} .")
        out.append(f"{n} <{v.UNRESOLVED_REASON}> {rdf.lit(u.reason)} .")
        out.append(f"{n} <{v.PRIMARY_SOURCE}> {g} .")
    return out


def _plain_nquads(rec: SourceRecord) -> str:
    graph = v.source_iri(rec.source)
    suffix = " <" + graph + "> .\n"
    return suffix.join(t[:-2] for t in _plain_lines(rec)) + suffix


def _full_record(model_id: str, text: str) -> SourceRecord:
    return SourceRecord(
        model_id=model_id,
        source=f"card:{model_id}",
        location=f"/cards/{text}/README.md",
        claims=[
            Claim(
                "Base/Model", Relation.FINETUNE, EvidenceKind.CARD_YAML, 0.9, False, text, "main"
            ),
            Claim("ünï/cødé", Relation.MERGE, EvidenceKind.CARD_PROSE, 0.5, True, None, None),
            Claim("other/one", Relation.QUANTIZED, EvidenceKind.GGUF, 1, True, "x" * 600),
            Claim("Base/Model", Relation.FINETUNE, EvidenceKind.CARD_PROSE, 0.5, True, text),
            Claim("Base/Model", Relation.MERGE, EvidenceKind.CARD_PROSE, 0.4, True, None),
        ],
        unresolved=[Unresolved(text, EvidenceKind.CARD_YAML, "local path")],
        license=text,
        license_name="name",
        license_link="https://example.org/licence",
        datasets=["squad", "Org/Data Set", "ünï/data"],
        library="transformers",
        pipeline_tag="text-generation",
        languages=["en", text],
        # Kept, and restating (the library, a language, the licence, a dataset, a parent).
        tags=[
            *("a", text, 'quote"d', "back\\slash", "transformers", "en", f"license:{text}"),
            *("dataset:squad", "dataset:Org/Data Set", "base_model:ünï/cødé"),
            "base_model:merge:Base/Model",
        ],
        new_version="Org/Newer",
        evals=[EvalResult("task", "data", "acc", "0.5"), EvalResult(None, None, "f1", text)],
        describes_model=False,
        digest="0123456789abcdef0123456789abcdef",
    )


TEXTS = st.text(
    alphabet=st.sampled_from(['a', 'Z', '0', ' ', '"', "\\", "\n", "\r", "\t", "\x00", "\x1f",
                              "\x7f", "é", "ß", "\u2028", "\ud800", "%", "/", "<", ">", "~"]),
    max_size=12,
)  # fmt: skip
IDS = st.builds(
    lambda a, b: f"{a}/{b}",
    st.text(alphabet="aZ0-_.é %~", min_size=1, max_size=6),
    st.text(alphabet="aZ0-_.é %~", min_size=1, max_size=6),
)


@settings(max_examples=300, deadline=None)
@given(model_id=IDS, text=TEXTS)
def test_nquads_are_byte_identical_to_the_plain_mapping(model_id: str, text: str) -> None:
    for rec in (_full_record(model_id, text), SourceRecord(model_id, f"hub:{model_id}", text)):
        prepared = rdf.prepare(rec)
        assert prepared.nquads == _plain_nquads(rec)
        assert prepared.graph == v.source_iri(rec.source)
        assert prepared.key == rec.source.casefold()
        assert rdf.record_triples(rec) == _plain_lines(rec)


def test_nquads_of_example_cards_are_byte_identical() -> None:
    records = [r for u in discover([EXAMPLES]) if isinstance(u, RepoUnit) for r in parse_unit(u)[0]]
    assert len(records) > 20
    for rec in records:
        assert rdf.prepare(rec).nquads == _plain_nquads(rec)
    assert rdf.to_nquads(records) == "".join(_plain_nquads(r) for r in records)


def test_widening_the_result_pipe_is_best_effort() -> None:
    from multiprocessing import get_context

    from lineage.ingest.workers import widen_result_pipe

    widen_result_pipe(object())  # type: ignore[arg-type]  # nothing to widen: no error
    with get_context("fork").Pool(1) as pool:
        widen_result_pipe(pool)
        assert pool.apply(len, ("abc",)) == 3


def _gc_state(_: int) -> tuple[int, int]:
    import gc

    return gc.get_threshold()[0], gc.get_freeze_count()


def test_the_parsing_pool_freezes_the_parents_heap_for_its_workers_only() -> None:
    import gc

    from lineage.ingest.workers import WORKER_GC_THRESHOLD, fork_pool

    before = gc.get_threshold()
    keep = [object() for _ in range(1000)]  # objects of the parent, there at the fork
    with fork_pool(2) as pool:
        states = pool.map(_gc_state, range(4))
    # The workers inherit the parent's objects frozen and collect less often...
    assert all(threshold == WORKER_GC_THRESHOLD for threshold, _ in states)
    assert all(frozen >= len(keep) for _, frozen in states)
    # ...and the parent collects as it did: nothing left frozen, same thresholds.
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def _big(n: int) -> bytes:
    return b"x" * n


def _thread_cpu(native_id: int) -> float:
    """CPU seconds of one thread of this process (Linux)."""
    with open(f"/proc/self/task/{native_id}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
def test_the_parsing_pool_does_not_spin_while_results_are_read() -> None:
    import threading

    from lineage.ingest.workers import fork_pool

    size, count = 4 << 20, 48  # results of a few megabytes, as a chunk of N-Quads is
    with fork_pool(2) as pool:
        keeper = pool._worker_handler  # type: ignore[attr-defined]
        assert isinstance(keeper, threading.Thread) and keeper.native_id is not None
        before = _thread_cpu(keeper.native_id)
        pending = [pool.apply_async(_big, (size,)) for _ in range(count)]
        assert all(len(p.get(timeout=60)) == size for p in pending)
        spent = _thread_cpu(keeper.native_id) - before
    # CPython's own pool wakes this thread each time the result pipe is readable: it spent
    # tenths of a second on this much data; sleeping, it spends a clock tick at most.
    assert spent <= 0.02


def _exit_worker() -> None:
    os._exit(3)


def test_the_parsing_pool_still_replaces_a_worker_that_exits() -> None:
    from lineage.ingest.workers import fork_pool

    with fork_pool(1) as pool:
        first = pool.apply(os.getpid)
        pool.apply_async(_exit_worker)  # its worker exits: this result never comes
        # The keeper thread wakes on the exited worker's sentinel and starts another.
        second = pool.apply_async(os.getpid).get(timeout=30)
        assert second != first


def test_parsing_in_this_process_collects_like_a_parser_and_gives_the_thresholds_back() -> None:
    import gc

    from lineage.ingest.workers import WORKER_GC_THRESHOLD

    before = gc.get_threshold()
    seen = []
    for _ in parsed_chunks(work_items([EXAMPLES], None), workers=1, prepared=True):
        seen.append(gc.get_threshold()[0])  # while the import reads, in this process
    assert seen and all(t == WORKER_GC_THRESHOLD for t in seen)
    assert gc.get_threshold() == before


def test_a_parent_claimed_twice_is_linked_once() -> None:
    rec = _full_record("Own/Model", "t")
    lines = rdf.record_triples(rec)
    assert len(lines) == len(set(lines))  # no statement twice within one source
    parent = rdf.iri(v.model_iri("Base/Model"))
    links = [ln for ln in lines if ln.endswith(f"{parent} .") and "/ns/prov#" not in ln]
    own = rdf.iri(v.model_iri("Own/Model"))
    assert sorted(ln.split(" ")[1] for ln in links if ln.startswith(own)) == sorted(
        f"<{v.RELATION_PROPERTY[r]}>" for r in (Relation.FINETUNE, Relation.MERGE)
    )
    derivations = [ln for ln in lines if f"<{v.QUALIFIED_DERIVATION}>" in ln]
    assert len(derivations) == len(rec.claims)  # each claim keeps its own evidence node

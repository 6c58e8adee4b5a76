"""Every licence in ``ontology/licenses.ttl`` cites its text and its clauses; unchecked facts say so.

The Turtle file is read twice: once raw (every fact node as written) and once through
``load_facts``, so a fact the loader skipped or a flag it dropped cannot pass unnoticed. The
``lineage licenses`` command is run on a real store to see an unchecked clause flagged.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox
from typer.testing import CliRunner

from lineage.cli import app
from lineage.query.licenses.facts import LIN, RDF_TYPE, load_facts
from lineage.stores.oxigraph.store import OxigraphStore
from tests.factories import claim, rec

FACT_PREDICATES = (
    "commercialUse", "derivativesAllowed", "flowDown", "attribution", "noticeText",
    "namePrefix", "outputsTrainOtherModels", "userThreshold",
)  # fmt: skip


def _graph() -> ox.Store:
    store = ox.Store()
    store.load(files("ontology").joinpath("licenses.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    return store


Node = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _one(store: ox.Store, s: Node, local: str) -> list[Node]:
    if not isinstance(s, ox.NamedNode | ox.BlankNode):
        raise AssertionError(f"a fact node must be a resource, got {s}")
    return [q.object for q in store.quads_for_pattern(s, ox.NamedNode(LIN + local), None)]


def _licences(store: ox.Store) -> list[Node]:
    kind = ox.NamedNode(LIN + "License")
    return [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), kind)]


def _false(terms: list[Node]) -> bool:
    return any(isinstance(t, ox.Literal) and t.value == "false" for t in terms)


def test_every_licence_has_a_link_and_every_fact_a_clause_as_written() -> None:
    store = _graph()
    licences = _licences(store)
    assert len(licences) == len(load_facts()) > 20
    for lic in licences:
        links = _one(store, lic, "licenseText")
        assert len(links) == 1 and isinstance(links[0], ox.NamedNode), lic
        assert links[0].value.startswith("https://"), lic
        facts = 0
        for local in FACT_PREDICATES:
            for node in _one(store, lic, local):
                facts += 1
                clauses = _one(store, node, "clause")
                assert len(clauses) == 1 and isinstance(clauses[0], ox.Literal), (lic, local)
                assert clauses[0].value.strip(), (lic, local)
                for flag in _one(store, node, "verified"):
                    assert isinstance(flag, ox.Literal) and flag.value in {"true", "false"}
        assert facts >= 4, lic


def test_the_loader_keeps_every_fact_and_every_unverified_flag() -> None:
    store = _graph()
    loaded = load_facts()
    names = dict(zip(FACT_PREDICATES, (
        "commercial_use", "derivatives_allowed", "flow_down", "attribution", "notice",
        "name_prefix", "outputs_train_other_models", "user_threshold",
    ), strict=True))  # fmt: skip
    unverified_licences = 0
    unverified_facts = 0
    for lic in _licences(store):
        key = str(_one(store, lic, "licenseKey")[0]).strip('"')
        facts = loaded[key]
        whole = _false(_one(store, lic, "verified"))
        unverified_licences += whole
        for local, name in names.items():
            nodes = _one(store, lic, local)
            got = facts.facts().get(name)
            assert (got is None) == (not nodes), (key, name)
            if got is None:
                continue
            expected = not (whole or _false(_one(store, nodes[0], "verified")))
            assert got.verified == expected, (key, name)
            assert got.to_json()["verified"] == expected
            unverified_facts += not expected
        assert facts.verified == all(f.verified for f in facts.facts().values())
        assert facts.to_json()["verified"] == facts.verified
    # The file does mark some texts it could not read; the check above is not vacuous.
    assert unverified_licences >= 1 and unverified_facts > unverified_licences


def test_corrected_clauses_cite_the_text_numbering() -> None:
    facts = load_facts()
    for key in ("llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4"):
        assert facts[key].attribution.clause.startswith("§1.b.iii"), key
        assert facts[key].url.startswith("https://github.com/meta-llama/llama-models/"), key
    assert facts["llama3"].notice is not None and facts["llama3"].notice.clause == "§1.b.i(B)"
    assert "§2(a)(5)(C)" in facts["cc-by-nc-4.0"].flow_down.clause
    tongyi = facts["tongyi-qianwen"]
    assert tongyi.commercial_use.clause.startswith("§2")
    assert tongyi.flow_down.clause.startswith("§3.a")
    assert tongyi.attribution.verified and tongyi.attribution.clause.startswith("§3.c")
    # The 2023 text has no "Built with Qwen" duty but reserves its outputs (§5.b).
    assert tongyi.notice is None
    outputs = tongyi.outputs_train_other_models
    assert outputs is not None and outputs.value is False and outputs.clause.startswith("§5.b")
    assert outputs.verified
    # The 2024 text (the Hub's "qwen") replaced that reservation with a notice in §5.b.
    qwen = facts["qwen"]
    assert qwen.notice is not None and qwen.notice.clause.startswith("§5.b")
    assert qwen.notice.includes_outputs and qwen.outputs_train_other_models is None
    assert qwen.verified and qwen.scancode_key == "qwen-2024"
    research = facts["qwen-research"]
    assert research.notice is not None and research.notice.clause.startswith("§4.b")
    assert research.verified
    # Checked since the last table: CC 4.0, AFL-3.0 §1-§2, the BigScience, BLOOM and BigCode RAILs.
    for key in (
        "cc-by-4.0", "cc-by-sa-4.0", "afl-3.0", "bigscience-openrail-m",
        "bigscience-bloom-rail-1.0", "bigcode-openrail-m",
    ):  # fmt: skip
        assert facts[key].verified, key
    assert "§3(a)(4)" in facts["cc-by-4.0"].flow_down.clause
    assert facts["afl-3.0"].flow_down.clause.startswith("§1(c)")
    assert facts["bigscience-openrail-m"].derivatives_allowed.clause.startswith("§1(e)")
    # BigCode numbers its flow-down 5.1 and its notices 5.2, unlike the 2022 template's §4.
    assert facts["bigcode-openrail-m"].flow_down.clause.startswith("§5.1")
    assert facts["bigcode-openrail-m"].attribution.clause.startswith("§5.2")
    # "openrail" names a family, not one text.
    assert not facts["openrail"].verified


runner = CliRunner()


def test_lineage_licenses_flags_an_unverified_clause(tmp_path: Path) -> None:
    unchecked = next(f.key for f in load_facts().values() if not f.verified and f.carries_forward)
    store = OxigraphStore(tmp_path / "store")
    try:
        store.write(
            [
                rec("lab/Research-Base", license=unchecked),
                rec("lab/Tune", claim("lab/Research-Base"), license=unchecked),
                rec("meta-llama/Llama-3.1-8B", license="llama3.1"),
                rec("lab/Llama-Chat", claim("meta-llama/Llama-3.1-8B"), license="llama3.1"),
            ]
        )
    finally:
        store.close()
    db = str(tmp_path / "store")

    got = runner.invoke(app, ["licenses", "lab/Tune", "--db", db, "--json"])
    assert got.exit_code == 0, got.output
    obligations = json.loads(got.output)["models"][0]["obligations"]
    assert obligations and all(o["verified"] is False for o in obligations)
    text = runner.invoke(app, ["licenses", "lab/Tune", "--db", db])
    assert text.exit_code == 0 and "not checked against the licence text" in text.output

    checked = runner.invoke(app, ["licenses", "lab/Llama-Chat", "--db", db, "--json"])
    duties = json.loads(checked.output)["models"][0]["obligations"]
    assert duties and all(o["verified"] is True for o in duties)
    plain = runner.invoke(app, ["licenses", "lab/Llama-Chat", "--db", db])
    assert "not checked against the licence text" not in plain.output

"""`importers.scorer`: candidates, features, decisions, shipped weights, training and CV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import accuracy, train_roles
from importers import scorer
from importers.card import read_card
from lineage.core.records import EvidenceKind, Relation
from lineage.query.explain import explain
from lineage.stores.oxigraph.store import OxigraphStore

# Hand-written cards (no real card's text).
MERGE_CARD = """# Otter-Blend-9B

A blend of two chat models that we like for story writing.

## The mix

The merge, in equal parts:

- [Riverstone Chat](https://huggingface.co/riverstone/chat-9b)
- [Pebble Instruct](https://huggingface.co/pebble-lab/instruct-9b)

## Evaluation

It beats [Granite Pond](https://huggingface.co/pondworks/granite-pond-9b) on our riddles.

<!-- describe what the model is/does -->
Quantized files live at otterhouse/Otter-Blend-9B-GGUF, and it was tuned on
otterhouse/riddle-set.
"""

HEADS_MODEL = scorer.Model(
    {"heading-merge": 4.0, "list-after-merge": 2.0, "heading-compare": -6.0},
    bias=-3.0,
    threshold=0.8,
)


def test_candidates_leave_out_the_card_itself_its_children_datasets_and_word_pairs() -> None:
    context = scorer.CardContext(datasets=frozenset({"otterhouse/riddle-set"}))
    found = {
        c.model_id: c for c in scorer.candidates(MERGE_CARD, "otterhouse/Otter-Blend-9B", context)
    }
    # "It beats X" names a rival, not a parent (tests/test_scorer_traps.py).
    assert set(found) == {"riverstone/chat-9b", "pebble-lab/instruct-9b"}
    ingredient = found["riverstone/chat-9b"].features
    assert (
        ingredient["heading-merge"] == ingredient["list-after-merge"] == ingredient["linked"] == 1
    )


def test_references_tell_links_ids_and_cache_folders_from_paths() -> None:
    body = (
        "See https://huggingface.co/acme/alpha-1b and beta/gamma-2b, not a/b/c-3 or "
        "cdn-uploads.huggingface.co/production/uploads/x.png; cached in "
        "~/.cache/models--delta--omega-7b/snapshots/1.\n"
    )
    got = [(m.model_id, m.form) for m in scorer.references(body)]
    assert got == [("acme/alpha-1b", "url"), ("beta/gamma-2b", "id"), ("delta/omega-7b", "cache")]


def test_the_reader_claims_what_the_model_decides_and_says_why() -> None:
    with scorer.using(HEADS_MODEL):
        record = read_card(MERGE_CARD, "otterhouse/Otter-Blend-9B", "README.md")
    claims = {c.parent: c for c in record.claims}
    assert set(claims) == {"riverstone/chat-9b", "pebble-lab/instruct-9b"}
    claim = claims["riverstone/chat-9b"]
    assert claim.kind is EvidenceKind.CARD_PROSE and claim.relation_inferred
    assert claim.value is not None
    assert claim.value.startswith("[scorer p=0.95 +heading-merge +list-after-merge] ")
    assert "Riverstone Chat" in claim.value
    with scorer.using(None):
        assert read_card(MERGE_CARD, "otterhouse/Otter-Blend-9B", "README.md").claims == []


def test_a_declared_parent_is_left_alone() -> None:
    card = "---\nbase_model: riverstone/chat-9b\n---\n" + MERGE_CARD
    with scorer.using(HEADS_MODEL):
        record = read_card(card, "otterhouse/Otter-Blend-9B", "README.md")
    assert [c.parent for c in record.claims] == ["riverstone/chat-9b"]


def test_merge_words_give_the_relation() -> None:
    with scorer.using(HEADS_MODEL):
        decisions = scorer.decide(MERGE_CARD, "otterhouse/Otter-Blend-9B", scorer.CardContext())
    assert {d.relation for d in decisions} == {Relation.MERGE}


def test_shipped_weights_load_and_score_deterministically() -> None:
    model = scorer.shipped_model()
    assert model is not None and 0.5 <= model.threshold <= 1.0 and model.weights
    again = scorer.Model.from_json(json.loads(json.dumps(model.to_json())))
    context = scorer.CardContext()
    for cand in scorer.candidates(MERGE_CARD, "otterhouse/Otter-Blend-9B", context):
        assert again.probability(cand.features) == pytest.approx(model.probability(cand.features))
    first = scorer.decide(MERGE_CARD, "otterhouse/Otter-Blend-9B", context)
    assert scorer.decide(MERGE_CARD, "otterhouse/Otter-Blend-9B", context) == first
    with pytest.raises(ValueError, match="malformed scorer weights"):
        scorer.Model.from_json({"weights": {"x": "heavy"}, "bias": 0, "threshold": 0.5})


def test_training_separates_a_learnable_signal() -> None:
    data = [
        train_roles.Example(f"c:{i}", "c", f"o/m{i}", {"signal": float(i % 2), "noise": 1.0}, i % 2)
        for i in range(40)
    ]
    model = train_roles.train(data)
    assert model.probability({"signal": 1.0, "noise": 1.0}) >= model.threshold
    assert model.probability({"noise": 1.0}) < 0.5
    with pytest.raises(ValueError, match="both parents and non-parents"):
        train_roles.train([e for e in data if e.label])


def test_training_takes_its_penalty_and_card_cap_and_records_them() -> None:
    data = [
        train_roles.Example(f"c:{i // 8}", "c", f"o/m{i}", {"signal": float(i % 2)}, i % 2)
        for i in range(48)
    ]
    default = train_roles.train(data)
    looser = train_roles.train(data, 0.9, l2=0.5)
    capped = train_roles.train(data, card_cap=2)
    assert (default.meta["l2"], default.meta["card_cap"]) == (train_roles.L2, train_roles.CARD_CAP)
    assert (looser.meta["l2"], looser.meta["target_precision"]) == (0.5, 0.9)
    assert capped.meta["card_cap"] == 2
    # A weaker penalty lets the one signal weigh more.
    assert looser.weights["signal"] > default.weights["signal"]


def test_no_bare_leaves_the_bare_weights_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = [
        train_roles.Example(f"c:{i}", "c", f"o/m{i}", {"signal": float(i % 2)}, i % 2)
        for i in range(40)
    ]
    monkeypatch.setattr(train_roles, "collect_both", lambda corpora: (data, data))
    out, bare_out = tmp_path / "hub.json", tmp_path / "bare.json"
    argv = ["--corpus", str(tmp_path), "--out", str(out), "--bare-out", str(bare_out)]
    assert train_roles.main([*argv, "--no-bare", "--l2", "1.5"]) == 0
    assert json.loads(out.read_text("utf-8"))["meta"]["l2"] == 1.5
    assert not bare_out.exists()
    assert train_roles.main(argv) == 0
    assert bare_out.exists()


def test_a_bare_truth_name_keeps_a_candidate_out_of_training() -> None:
    truth: dict[str, object] = {
        "llama-2": ("finetune", "prose"),
        "acme/base-7b": ("merge", "prose"),
    }
    assert train_roles.label_of("meta-llama/Llama-2-7b-hf", truth) is None
    assert train_roles.label_of("Acme/Base-7b", truth) == 1
    assert train_roles.label_of("other/thing-1b", truth) == 0


def _card(i: int, merge: bool) -> str:
    if merge:
        return (
            f"# Blend {i}\n\n## The mix\n\nThis merge uses:\n\n"
            f"- https://huggingface.co/maker{i}/left-{i}b\n"
            f"- https://huggingface.co/maker{i}/right-{i}b\n"
        )
    return f"# Tool {i}\n\n## Results\n\nFaster than https://huggingface.co/rival{i}/fast-{i}b.\n"


def test_cross_validation_runs_on_a_tiny_labelled_set(tmp_path: Path) -> None:
    root = tmp_path / "tiny"
    truth = []
    for i in range(12):
        merge = i % 2 == 0
        folder = root / "cards" / f"team{i}" / f"model-{i}"
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(_card(i, merge), encoding="utf-8")
        parents = (
            [
                {"id": f"maker{i}/{s}-{i}b", "relation": "merge", "evidence": "prose"}
                for s in ("left", "right")
            ]
            if merge
            else []
        )
        truth.append({"model": f"team{i}/model-{i}", "parents": parents})
    (root / "truth.jsonl").write_text("".join(json.dumps(t) + "\n" for t in truth))
    cv = accuracy.cross_validate([root], folds=3)
    assert cv["candidates"] == 18 and cv["candidate_parents"] == 12
    assert [r["cards"] for r in cv["kfold"]] == [12]
    assert cv["rules_only"][0]["predicted_edges"] == 0
    kfold = cv["kfold"][0]
    assert kfold["recall"] == 1.0 and kfold["precision"] == 1.0
    assert kfold["precision_by_predicted_kind"]["scorer"]["predicted_edges"] == 12
    report = accuracy.render_docs(cv["kfold"], cv)
    assert "3-fold CV" in report and "| tiny |" in report


def test_explain_shows_the_scorer_and_its_features(oxi: OxigraphStore) -> None:
    with scorer.using(HEADS_MODEL):
        record = read_card(MERGE_CARD, "otterhouse/Otter-Blend-9B", "cards/README.md")
    oxi.write([record])
    data = explain(oxi, "otterhouse/Otter-Blend-9B", "pebble-lab/instruct-9b").to_json()
    (claim,) = data["for"]
    assert claim["kind"] == "card-prose" and claim["relation"] == "merge"
    assert claim["value"].startswith("[scorer p=0.95 +heading-merge +list-after-merge] ")
    assert "Pebble Instruct" in claim["value"]


DENYING_CARD = """# Kestrel-7B

Kestrel-7B is trained from scratch: it is not a derivative of
[Falcon](https://huggingface.co/tiiuae/falcon-7b), though it borrows its tokenizer.

NEW VERSIONS: [https://huggingface.co/kestrel-lab/Kestrel-14B](https://huggingface.co/kestrel-lab/Kestrel-14B)

Our new models are built on [Hawk](https://huggingface.co/birds/hawk-7b).
"""


def test_denied_and_successor_references_are_no_candidates() -> None:
    found = scorer.candidates(DENYING_CARD, "kestrel-lab/Kestrel-7B", scorer.CardContext())
    # "not a derivative of X" and "NEW VERSIONS: X" rule them out, whatever the weights say.
    assert [c.model_id for c in found] == ["birds/hawk-7b"]
    everything = scorer.Model({}, bias=10.0, threshold=0.5)
    with scorer.using(everything):
        record = read_card(DENYING_CARD, "kestrel-lab/Kestrel-7B", "README.md")
    assert [c.parent for c in record.claims] == ["birds/hawk-7b"]


def test_a_denial_in_the_sentence_is_a_feature() -> None:
    body = (
        "# Kestrel-7B\n\nWe did not use the weights of other models; "
        "[Hawk](https://huggingface.co/birds/hawk-7b) runs on the same cluster.\n"
    )
    (cand,) = scorer.candidates(body, "kestrel-lab/Kestrel-7B", scorer.CardContext())
    assert cand.features["near-deny"] == 1.0
    assert "denied-once" not in cand.features


def test_several_scored_parents_without_a_rule_parent_are_merge_inputs() -> None:
    body = (
        "# Heron-Blue\n\nMy favourite style so far.\n\n"
        "https://huggingface.co/birds/heron-a\n\nhttps://huggingface.co/birds/heron-b\n"
    )
    linked = scorer.Model({"linked": 8.0}, bias=-4.0, threshold=0.5)
    with scorer.using(linked):
        record = read_card(body, "me/Heron-Blue", "README.md")
        assert {c.parent: c.relation for c in record.claims} == {
            "birds/heron-a": Relation.MERGE,
            "birds/heron-b": Relation.MERGE,
        }
        one = read_card(body.split("\n\nhttps://huggingface.co/birds/heron-b")[0], "me/H", "R")
    assert [(c.parent, c.relation) for c in one.claims] == [("birds/heron-a", Relation.FINETUNE)]

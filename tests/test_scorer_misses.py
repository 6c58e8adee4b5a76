"""`bench.scorer_misses`: each miss and false claim lands in the class that explains it."""

from __future__ import annotations

import json
from pathlib import Path

from bench import scorer_misses
from importers import scorer

CARDS = {
    # The parent named without an org after words no rule reads: never a candidate.
    "finchlab/finch-chat": "# Finch Chat\n\nOur chat tune keeps the warmth of Sparrow-7B.\n",
    # A linked parent with no lineage words: a candidate the model leaves under its threshold.
    "finchlab/finch-talk": (
        "# Finch Talk\n\nWeights: [Wren](https://huggingface.co/wrenlab/wren-7b).\n"
    ),
    # A linked parent only ever compared with: a role rule rules it out.
    "finchlab/finch-code": (
        "# Finch Code\n\nIt beats [Robin](https://huggingface.co/robinco/robin-7b) on our tests.\n"
    ),
}
TRUTH = {
    "finchlab/finch-chat": ["Sparrow-7B"],
    "finchlab/finch-talk": ["wrenlab/wren-7b"],
    "finchlab/finch-code": ["robinco/robin-7b"],
}


def _corpus(root: Path) -> Path:
    for model, text in CARDS.items():
        folder = root / "cards" / model
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(text, encoding="utf-8")
    lines = [
        json.dumps({"model": m, "parents": [{"id": p, "relation": "finetune"} for p in ps]})
        for m, ps in TRUTH.items()
    ]
    (root / "truth.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_misses_are_classified_by_what_kept_them_out(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "fresh-z")
    strict = scorer.Model({"linked": 1.0}, bias=-4.0, threshold=0.9)  # claims nothing
    rows = {r.parent: r for r in scorer_misses.classify(corpus, strict)}
    assert rows["sparrow-7b"].cls == "a"
    assert rows["sparrow-7b"].kind.startswith("bare name in the text")
    assert rows["wrenlab/wren-7b"].cls == "b"
    assert rows["wrenlab/wren-7b"].detail.startswith("p=0.05 linked+1.0")
    assert (rows["robinco/robin-7b"].cls, rows["robinco/robin-7b"].kind) == ("c", "ruled out: role")


def test_a_claim_the_truth_lacks_is_a_false_claim_of_the_scorer(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "fresh-z")
    (corpus / "truth.jsonl").write_text(
        json.dumps({"model": "finchlab/finch-talk", "parents": []}) + "\n", encoding="utf-8"
    )
    eager = scorer.Model({"linked": 1.0}, bias=2.0, threshold=0.5)  # claims every link
    rows = [r for r in scorer_misses.classify(corpus, eager) if r.model == "finchlab/finch-talk"]
    assert [(r.cls, r.kind, r.parent) for r in rows] == [
        ("false-b", "a scorer claim", "wrenlab/wren-7b")
    ]
    table = "\n".join(scorer_misses.table(rows))
    assert "| false claim of the scorer | a scorer claim | 1 |" in table


def test_trained_weights_name_the_corpora_they_learned_from() -> None:
    from bench import train_roles

    data = [
        train_roles.Example(f"{c}:{i}", c, f"o/m{i}", {"signal": float(i % 2)}, i % 2)
        for i in range(20)
        for c in ("fresh-z", "wild-q")
    ]
    meta = train_roles.train(data).to_json()["meta"]
    assert meta["trained_on"]["corpora"] == ["fresh-z", "wild-q"]
    assert meta["trained_on"]["candidates"] == 40

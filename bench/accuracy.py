"""Measure the card importer against a hand-labelled corpus of real cards.

    python bench/accuracy.py [--corpus /work/shared/corpus] [--json]

The corpus holds ``cards/ORG/NAME/README.md`` (``cards/unnamed/card-NNN`` when
the card's own id is unknown) and ``truth.jsonl`` with the parents a careful
reader finds. Edges are (model, parent) pairs compared case-insensitively;
relation accuracy is counted on the edges both sides have. Only README.md is
read: sibling files (adapter_config.json …) are other readers' business.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    # Run as a script: make the repository's packages importable.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from importers.card import read_card_bytes
from lineage.core.errors import CardError
from lineage.core.ids import key
from lineage.core.records import Claim

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def evaluate(corpus: Path) -> dict[str, Any]:
    """Read every corpus card and score its edges against ``truth.jsonl``."""
    truth: dict[str, dict[str, str]] = {}
    for line in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            truth[key(row["model"])] = {key(p["id"]): p["relation"] for p in row["parents"]}

    predicted: dict[str, dict[str, Claim]] = {}
    failures: list[dict[str, str]] = []
    for readme in sorted((corpus / "cards").glob("*/*/README.md")):
        model_id = f"{readme.parent.parent.name}/{readme.parent.name}"
        edges: dict[str, Claim] = {}
        try:
            for record in read_card_bytes(readme.read_bytes(), model_id, str(readme)):
                for claim in record.claims:
                    # The first claim of an edge is the most authoritative (YAML first).
                    edges.setdefault(key(claim.parent), claim)
        except CardError as exc:
            failures.append({"model": model_id, "reason": exc.reason})
        predicted[key(model_id)] = edges

    matched = misses = false_pos = same_relation = 0
    miss_list: list[dict[str, str]] = []
    fp_list: list[dict[str, str]] = []
    wrong_relation: list[dict[str, str]] = []
    for model in sorted(set(truth) | set(predicted)):
        want = truth.get(model, {})
        got = predicted.get(model, {})
        for parent, relation in sorted(want.items()):
            found = got.get(parent)
            if found is None:
                misses += 1
                miss_list.append({"model": model, "parent": parent, "relation": relation})
                continue
            matched += 1
            if found.relation.value == relation:
                same_relation += 1
            else:
                wrong_relation.append(
                    {
                        "model": model,
                        "parent": parent,
                        "truth": relation,
                        "predicted": found.relation.value,
                        "evidence": found.kind.value,
                    }
                )
        for parent, claim in sorted(got.items()):
            if parent not in want:
                false_pos += 1
                fp_list.append(
                    {
                        "model": model,
                        "parent": parent,
                        "relation": claim.relation.value,
                        "evidence": claim.kind.value,
                    }
                )

    precision = matched / (matched + false_pos) if matched + false_pos else 1.0
    recall = matched / (matched + misses) if matched + misses else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "cards": len(predicted),
        "truth_edges": matched + misses,
        "predicted_edges": matched + false_pos,
        "matched": matched,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "relation_accuracy": round(same_relation / matched, 4) if matched else 0.0,
        "misses": miss_list,
        "false_positives": fp_list,
        "wrong_relations": wrong_relation,
        "failures": failures,
    }


def _print(result: dict[str, Any]) -> None:
    print(f"cards              {result['cards']}")
    print(f"edges (truth/pred) {result['truth_edges']}/{result['predicted_edges']}")
    print(f"precision          {result['precision']:.3f}")
    print(f"recall             {result['recall']:.3f}")
    print(f"F1                 {result['f1']:.3f}")
    print(
        f"relation accuracy  {result['relation_accuracy']:.3f} (on {result['matched']} matched edges)"
    )
    sections = (
        ("misses", "{model} -> {parent} ({relation})"),
        ("false_positives", "{model} -> {parent} ({relation}, {evidence})"),
        ("wrong_relations", "{model} -> {parent}: {predicted} [{evidence}], truth {truth}"),
        ("failures", "{model}: {reason}"),
    )
    for name, fmt in sections:
        if result[name]:
            print(f"\n{name.replace('_', ' ')}:")
            for row in result[name]:
                print("  " + fmt.format(**row))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args(argv)
    if not (args.corpus / "truth.jsonl").is_file():
        parser.error(f"no truth.jsonl under {args.corpus}")
    result = evaluate(args.corpus)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        _print(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

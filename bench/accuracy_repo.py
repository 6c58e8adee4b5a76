"""Measure lineage from whole repo folders (README.md + sibling files) against the corpus.

    python bench/accuracy_repo.py [--corpus /work/shared/corpus] [--json]

Unlike `bench.accuracy` (the card reader alone), this runs the real folder
import with every registered reader — cards, adapter_config.json, mergekit
configs, config.json, GGUF headers, Modelfiles — into a temporary embedded
store and reads the fused edges back with ``iter_edges()``: what a user of
``lineage import`` gets. Model ids come from the ``cards/ORG/NAME`` layout
(``unnamed/card-NNN`` for cards whose own id is unknown). Edges are (model,
parent) pairs compared case-insensitively; relation accuracy is counted on
matched edges. The same store also gives the card-only figures (edges with
card evidence, relation from that evidence alone) for comparison.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    # Run as a script: make the repository's packages importable.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lineage.core.graph import Edge, Evidence
from lineage.core.ids import key
from lineage.ingest.folders import run_import
from lineage.stores.oxigraph.store import OxigraphStore

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_CARD_KINDS = frozenset({"card-yaml", "card-prose"})

# (relation, evidence kinds) predicted for one (model, parent) edge
Predicted = dict[str, dict[str, tuple[str, list[str]]]]


def load_truth(corpus: Path) -> dict[str, dict[str, str]]:
    """model key → {parent key: relation} from ``truth.jsonl``."""
    truth: dict[str, dict[str, str]] = {}
    for line in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            truth[key(row["model"])] = {key(p["id"]): p["relation"] for p in row["parents"]}
    return truth


def import_corpus(corpus: Path, workers: int = 1) -> tuple[list[Edge], dict[str, Any]]:
    """Import every repo folder of the corpus; the fused edges and the import summary."""
    with tempfile.TemporaryDirectory(prefix="accuracy-repo-") as tmp:
        store = OxigraphStore(Path(tmp) / "store")
        try:
            summary = run_import([corpus / "cards"], [store], workers=workers)
            edges = list(store.iter_edges())
        finally:
            store.close()
    return edges, summary.to_json()


def _best(evidence: list[Evidence]) -> Evidence:
    # The same ranking as `lineage.core.graph.Edge.relation`: declared first, then confidence.
    return max(evidence, key=lambda e: (not e.inferred, e.confidence, e.relation, e.kind))


def predictions(edges: list[Edge], only: Callable[[Evidence], bool] | None = None) -> Predicted:
    """model key → {parent key: (relation, kinds)}, optionally from some evidence only."""
    out: Predicted = {}
    for edge in edges:
        evidence = [e for e in edge.evidence if only is None or only(e)]
        if not evidence:
            continue
        relation = edge.relation if only is None else _best(evidence).relation
        kinds = sorted({e.kind for e in evidence})
        out.setdefault(key(edge.child), {})[key(edge.parent)] = (relation, kinds)
    return out


def score(truth: dict[str, dict[str, str]], predicted: Predicted) -> dict[str, Any]:
    """Precision, recall, F1 of edges and accuracy of relations on matched edges."""
    matched = misses = false_pos = same = 0
    miss_list: list[dict[str, str]] = []
    fp_list: list[dict[str, Any]] = []
    wrong: list[dict[str, Any]] = []
    for model in sorted(set(truth) | set(predicted)):
        want, got = truth.get(model, {}), predicted.get(model, {})
        for parent, relation in sorted(want.items()):
            if parent not in got:
                misses += 1
                miss_list.append({"model": model, "parent": parent, "relation": relation})
                continue
            matched += 1
            if got[parent][0] == relation:
                same += 1
            else:
                wrong.append(
                    {"model": model, "parent": parent, "truth": relation,
                     "predicted": got[parent][0], "evidence": got[parent][1]}
                )  # fmt: skip
        for parent, (relation, kinds) in sorted(got.items()):
            if parent not in want:
                false_pos += 1
                fp_list.append(
                    {"model": model, "parent": parent, "relation": relation, "evidence": kinds}
                )
    precision = matched / (matched + false_pos) if matched + false_pos else 1.0
    recall = matched / (matched + misses) if matched + misses else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "truth_edges": matched + misses,
        "predicted_edges": matched + false_pos,
        "matched": matched,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "relation_accuracy": round(same / matched, 4) if matched else 0.0,
        "misses": miss_list,
        "false_positives": fp_list,
        "wrong_relations": wrong,
    }


def evaluate(corpus: Path, workers: int = 1) -> dict[str, Any]:
    """Score the folder import with every reader, and its card evidence alone."""
    truth = load_truth(corpus)
    edges, summary = import_corpus(corpus, workers)
    all_readers = score(truth, predictions(edges))
    cards_only = score(truth, predictions(edges, lambda e: e.kind in _CARD_KINDS))
    sibling_kinds = sorted({e.kind for edge in edges for e in edge.evidence} - _CARD_KINDS)
    return {
        "models": summary["models"],
        "files_read": summary["files_read"],
        "import_errors": summary["errors"],
        "evidence_kinds_besides_cards": sibling_kinds,
        "edges_with_sibling_evidence": sum(
            1 for edge in edges if any(e.kind not in _CARD_KINDS for e in edge.evidence)
        ),
        "conflicts": [{"child": e.child, "parent": e.parent} for e in edges if e.conflict],
        "all_readers": all_readers,
        "cards_only": {k: v for k, v in cards_only.items() if not isinstance(v, list)},
    }


def _print(result: dict[str, Any]) -> None:
    print(f"models imported     {result['models']} ({result['files_read']} files)")
    print(f"sibling evidence    {', '.join(result['evidence_kinds_besides_cards']) or 'none'}"
          f" on {result['edges_with_sibling_evidence']} edges")  # fmt: skip
    print(f"conflicts           {len(result['conflicts'])}")
    for name in ("all_readers", "cards_only"):
        r = result[name]
        print(f"\n{name.replace('_', ' ')}:")
        print(f"  edges (truth/pred) {r['truth_edges']}/{r['predicted_edges']}")
        print(f"  precision          {r['precision']:.3f}")
        print(f"  recall             {r['recall']:.3f}")
        print(f"  F1                 {r['f1']:.3f}")
        print(f"  relation accuracy  {r['relation_accuracy']:.3f} (on {r['matched']} matched)")
    sections = (
        ("misses", "{model} -> {parent} ({relation})"),
        ("false_positives", "{model} -> {parent} ({relation}, {evidence})"),
        ("wrong_relations", "{model} -> {parent}: {predicted} {evidence}, truth {truth}"),
    )
    for name, fmt in sections:
        if result["all_readers"][name]:
            print(f"\n{name.replace('_', ' ')} (all readers):")
            for row in result["all_readers"][name]:
                print("  " + fmt.format(**row))
    for error in result["import_errors"]:
        print(f"import error: {error['path']}: {error['reason']}")


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

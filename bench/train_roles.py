"""Train the reference scorer (`importers.scorer`) on the labelled corpora.

    python -m bench.train_roles [--corpus DIR ...] [--exclude NAME ...]
                                [--out importers/scorer_weights.json]
                                [--precision P] [--l2 L] [--card-cap N] [--no-bare]

``--exclude NAME`` leaves a corpus folder out of the default list (every labelled
folder): the sets kept blind until a round's end must never be training data. The
folders a model was trained on are listed in its weights file (``meta.trained_on``).

Every card of every corpus is read with the scorer off; the references no rule
decided are its candidates (`importers.scorer.candidates`). A candidate is a
positive when the card's truth lists it as a parent. The corpora differ in one
convention (docs/accuracy.md): the shared corpus keeps a parent named without
an org as written, the bench corpora resolve it to a Hub id. A candidate that a
bare truth name could stand for is therefore left out of training, so that the
model learns neither convention against the other.

The model is an L2-regularised logistic regression fitted by Newton's method in
pure Python (deterministic, no dependency); its threshold is the lowest that
keeps the precision of out-of-fold scores on the training cards at or above
``--precision``. The weights are written as JSON, shipped as package data.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from importers import scorer, scorer_bare
from importers.roles import name_tokens
from lineage.core.ids import key

REPO = Path(__file__).resolve().parents[1]
WEIGHTS = REPO / "importers" / "scorer_weights.json"
BARE_WEIGHTS = REPO / "importers" / "scorer_bare_weights.json"
L2 = 2.0
TARGET_PRECISION = 0.97
BARE_PRECISION = 0.95  # the bare-name model's out-of-fold precision target
INNER_FOLDS = 5
CARD_CAP = 6
SEED = 20261206


@dataclass(frozen=True, slots=True)
class Example:
    """One candidate with its label (1 parent, 0 not), its card (``corpus:key``) and corpus."""

    card: str
    corpus: str
    model_id: str
    features: dict[str, float]
    label: int
    ruled_out: bool = False  # a rule rules it out at reading time: never a claim


def label_of(candidate: str, truth: dict[str, object]) -> int | None:
    """1 when ``candidate`` is a truth parent, 0 when not, None when the conventions differ."""
    k = key(candidate)
    if k in truth or any(k.endswith("/" + t) or t.endswith("/" + k) for t in truth):
        return 1
    name = tuple(name_tokens(k.rpartition("/")[2]))
    for t in truth:
        if "/" in t:
            continue
        bare = tuple(name_tokens(t))
        # A bare truth name ("llama-2") could be this id ("meta-llama/llama-2-7b-hf").
        if bare and (name[: len(bare)] == bare or bare[: len(name)] == name):
            return None
    return 0


def examples(
    corpus_name: str,
    found: Iterable[tuple[str, scorer.Candidate]],
    truth: dict[str, dict[str, object]],
    label: Callable[[str, dict[str, object]], int | None] | None = None,
) -> list[Example]:
    """Label the recorded candidates of one corpus against its truth (``label``: how one
    candidate is labelled; `label_of` for Hub ids, `bare_label` for bare names)."""
    label_for = label or label_of
    out: list[Example] = []
    for card, cand in found:
        got = label_for(cand.model_id, truth.get(key(card), {}))
        if got is not None:
            card_id = f"{corpus_name}:{key(card)}"  # card ids repeat across corpora
            out.append(
                Example(
                    card_id, corpus_name, cand.model_id, cand.features, got, bool(cand.ruled_out)
                )
            )
    return out


# Words that say a reference is no lineage (thanks, see also, compare, usage): a few cards
# that credit their parents under such words must not teach the model that these words
# speak for a parent on cards it has not seen. Their weights may only be zero or negative.
NON_POSITIVE = (
    *(
        f"{place}-{group}"
        for place in ("near", "after", "para", "heading", "list-after")
        for group in ("thanks", "other", "compare", "usage")
    ),
    "no-lineage-words",
    "no-lineage-words&first-candidate",
)


def fit(
    data: Sequence[Example], l2: float = L2, iterations: int = 25, card_cap: float = CARD_CAP
) -> scorer.Model:
    """Logistic regression by Newton's method (no threshold yet: 0.5); a feature of
    ``NON_POSITIVE`` that comes out positive is dropped and the rest refitted."""
    dropped: set[str] = set()
    while True:
        model = _fit(data, l2, iterations, dropped, card_cap)
        wrong = {n for n in NON_POSITIVE if model.weights.get(n, 0.0) > 0.0}
        if not wrong:
            return model
        dropped |= wrong


def _fit(
    data: Sequence[Example],
    l2: float,
    iterations: int,
    dropped: set[str],
    card_cap: float = CARD_CAP,
) -> scorer.Model:
    names = sorted({n for e in data for n in e.features} - dropped)
    index = {n: i + 1 for i, n in enumerate(names)}  # 0 is the bias
    dim = len(names) + 1
    rows = [
        [(0, 1.0)] + [(index[n], v) for n, v in e.features.items() if v and n in index]
        for e in data
    ]
    labels = [e.label for e in data]
    # Each card weighs at most as much as CARD_CAP candidates: a card listing thirty
    # ancestors must not outvote thirty cards with one reference each.
    per_card = Counter(e.card for e in data)
    shares = [min(1.0, card_cap / per_card[e.card]) for e in data]
    w = [0.0] * dim
    for _ in range(iterations):
        grad = [0.0] * dim
        hess = [[0.0] * dim for _ in range(dim)]
        for row, y, c in zip(rows, labels, shares, strict=True):
            z = sum(w[i] * v for i, v in row)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g, h = c * (p - y), c * p * (1.0 - p)
            for i, vi in row:
                grad[i] += g * vi
                hrow = hess[i]
                for j, vj in row:
                    hrow[j] += h * vi * vj
        for i in range(1, dim):  # the bias is not shrunk
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        hess[0][0] += 1e-6
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-7:
            break
    weights = {n: w[index[n]] for n in names}
    return scorer.Model(weights, w[0], 0.5)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """x with a·x = b (Gaussian elimination with partial pivoting; a is copied)."""
    n = len(b)
    m = [[*row[:], b[i]] for i, row in enumerate(a)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[piv] = m[piv], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            if f:
                mr, mc = m[r], m[c]
                for k in range(c, n + 1):
                    mr[k] -= f * mc[k]
    x = [0.0] * n
    for c in range(n - 1, -1, -1):
        s = m[c][n] - sum(m[c][k] * x[k] for k in range(c + 1, n))
        x[c] = s / m[c][c] if abs(m[c][c]) >= 1e-12 else 0.0
    return x


def folds_by_card(cards: Sequence[str], k: int, seed: int = SEED) -> dict[str, int]:
    """A fold number per card: shuffled with a fixed seed, dealt round-robin."""
    order = sorted(set(cards))
    random.Random(seed).shuffle(order)
    return {card: i % k for i, card in enumerate(order)}


def threshold_for(scored: Sequence[tuple[float, int]], precision: float) -> float:
    """The lowest score whose candidates at or above it keep ``precision`` (0.5 at least)."""
    best = 1.0
    tp = fp = 0
    for p, y in sorted(scored, key=lambda s: -s[0]):
        tp += y
        fp += 1 - y
        if tp and tp / (tp + fp) >= precision:
            best = p
    return max(best, 0.5)


def train(
    data: Sequence[Example],
    precision: float = TARGET_PRECISION,
    seed: int = SEED,
    l2: float = L2,
    card_cap: float = CARD_CAP,
) -> scorer.Model:
    """Fit on ``data``; the threshold from out-of-fold scores of inner folds over its cards
    (``l2``: the ridge penalty; ``card_cap``: how many candidates one card weighs at most)."""
    if not any(e.label for e in data) or all(e.label for e in data):
        raise ValueError("training needs both parents and non-parents among the candidates")
    fold = folds_by_card([e.card for e in data], INNER_FOLDS, seed)
    scored: list[tuple[float, int]] = []
    for f in range(INNER_FOLDS):
        inner = [e for e in data if fold[e.card] != f]
        held = [e for e in data if fold[e.card] == f]
        if not held or not any(e.label for e in inner):
            continue
        m = fit(inner, l2, card_cap=card_cap)
        # A candidate a rule rules out is never claimed, whatever it scores.
        scored += [(0.0 if e.ruled_out else m.probability(e.features), e.label) for e in held]
    model = fit(data, l2, card_cap=card_cap)
    positives = sum(e.label for e in data)
    meta = {
        "trained_on": {
            "candidates": len(data),
            "parents": positives,
            "corpora": sorted({e.corpus for e in data}),
        },
        "target_precision": precision,
        "l2": l2,
        "card_cap": card_cap,
    }
    return scorer.Model(model.weights, model.bias, threshold_for(scored, precision), meta)


def collect(corpora: Sequence[Path]) -> list[Example]:
    """Read every card with the scorer off; label the candidates it would have scored."""
    return collect_both(corpora)[0]


def collect_both(corpora: Sequence[Path]) -> tuple[list[Example], list[Example]]:
    """Read every card once with both models off: the Hub-id candidates labelled against
    ``truth.jsonl`` (as `collect`), the bare-name candidates against the shared-convention
    truth where the corpus has one (bare names kept as written), else ``truth.jsonl``."""
    from bench.accuracy import SECOND_TRUTH, read_cards, read_truth

    hub: list[Example] = []
    bare: list[Example] = []
    for corpus in corpora:
        truth = read_truth(corpus)
        shared = SECOND_TRUTH if (corpus / SECOND_TRUTH).is_file() else "truth.jsonl"
        with (
            scorer.using(None),
            scorer.recording() as sink,
            scorer_bare.using(None),
            scorer_bare.recording() as bare_sink,
        ):
            read_cards(corpus)
        hub += examples(corpus_name(corpus), sink, truth)  # type: ignore[arg-type]
        bare += bare_examples(corpus_name(corpus), bare_sink, read_truth(corpus, shared))  # type: ignore[arg-type]
    return hub, bare


def bare_label(candidate: str, truth: dict[str, object]) -> int | None:
    """1 when a bare candidate's emitted id matches a truth parent as the shared scorer
    matches ids, None when it names one in another spelling (left out), else 0."""
    k = key(candidate)
    if any(k == t or k.endswith("/" + t) or t.endswith("/" + k) for t in truth):
        return 1
    mine = tuple(name_tokens(k.rpartition("/")[2].replace(" ", "-")))
    for t in truth:
        theirs = tuple(name_tokens(t.rpartition("/")[2].replace(" ", "-")))
        if mine and theirs and (mine[: len(theirs)] == theirs or theirs[: len(mine)] == mine):
            return None
    return 0


def bare_examples(
    corpus_name: str,
    found: Iterable[tuple[str, scorer.Candidate]],
    truth: dict[str, dict[str, object]],
) -> list[Example]:
    """Label the recorded bare-name candidates of one corpus against its truth."""
    return examples(corpus_name, found, truth, bare_label)


def train_bare(data: Sequence[Example], precision: float = BARE_PRECISION) -> scorer.Model | None:
    """The bare-name model (None when the data has no parents or no non-parents)."""
    if not any(e.label for e in data) or all(e.label for e in data):
        return None
    return train(data, precision)


def corpus_name(corpus: Path) -> str:
    """A corpus's short name (its folder name)."""
    return corpus.name


def chosen_corpora(found: Sequence[Path], exclude: Iterable[str]) -> list[Path]:
    """``found`` without the folders named in ``exclude`` (by folder name)."""
    left_out = set(exclude)
    return [c for c in found if corpus_name(c) not in left_out]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    from bench.accuracy import corpora

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, action="append", default=[])
    parser.add_argument(
        "--exclude", action="append", default=[], help="leave out the corpus folder NAME"
    )
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument("--precision", type=float, default=TARGET_PRECISION)
    parser.add_argument("--l2", type=float, default=L2, help="ridge penalty of the Hub-id model")
    parser.add_argument("--card-cap", type=float, default=CARD_CAP, help="candidates a card weighs")
    parser.add_argument("--bare-out", type=Path, default=BARE_WEIGHTS)
    parser.add_argument("--bare-precision", type=float, default=BARE_PRECISION)
    parser.add_argument("--bare-threshold", type=float, help="fix the bare model's threshold")
    parser.add_argument("--bare-only", action="store_true", help="train the bare model only")
    parser.add_argument("--no-bare", action="store_true", help="leave the bare model as it is")
    args = parser.parse_args(argv)
    hub, bare = collect_both(chosen_corpora(corpora(args.corpus), args.exclude))
    if not args.bare_only:
        model = train(hub, args.precision, l2=args.l2, card_cap=args.card_cap)
        args.out.write_text(json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n", "utf-8")
        print(f"{len(hub)} candidates, {sum(e.label for e in hub)} parents; "
              f"threshold {model.threshold:.3f}; weights written to {args.out}")  # fmt: skip
    bare_model = None if args.no_bare else train_bare(bare, args.bare_precision)
    if bare_model is not None:
        if args.bare_threshold is not None:
            bare_model = dataclasses.replace(bare_model, threshold=args.bare_threshold)
        text = json.dumps(bare_model.to_json(), indent=1, sort_keys=True) + "\n"
        args.bare_out.write_text(text, "utf-8")
        print(f"{len(bare)} bare candidates, {sum(e.label for e in bare)} parents; "
              f"threshold {bare_model.threshold:.3f}; weights written to {args.bare_out}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

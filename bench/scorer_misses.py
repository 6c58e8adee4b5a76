"""Where the reader's misses and false claims on the random corpora come from.

    python -m bench.scorer_misses [--corpus DIR ...] [--weights FILE] [--json]

Every corpus is read with a scorer trained on the OTHER corpora (leave-one-corpus-out,
as `bench.accuracy` does) and scored against its ``truth.shared-convention.jsonl`` (else
``truth.jsonl``). Every labelled parent the reader misses is put in one class:

- (a) never a candidate: a bare name (the scorer proposes only ``ORG/NAME``), a Hub id
  only inside code, a Hub id on a card the scorer does not read (the YAML or a rule
  named a parent, no Hub link), an org the labeller resolved, a parent not written;
- (b) a candidate the model scored under its threshold (its probability and the
  features that weighed most);
- (c) a candidate a role rule ruled out (`importers.scorer_roles`: every mention plays
  another role; a conversion of this card);
- (d) decided by a rule wrongly: a rule named the parent in another form (another org,
  size or version) and claimed that instead.

Every false claim is put in the class of what made it: the scorer, a YAML rule, a prose
rule, a sibling file. The same report gives the leave-one-corpus-out figures of every
corpus under both truth files, beside those of a fixed weights file (``--weights``, the
shipped one by default), so that a retrained model is compared corpus by corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import train_roles
from bench.accuracy import (
    BENCH_CORPORA,
    SCORER_MARK,
    SECOND_TRUTH,
    ModelFor,
    _pooled,
    corpora,
    evaluate,
    read_cards,
)
from importers import scorer, scorer_bare
from importers.references import code_spans
from importers.roles import name_tokens
from lineage.core.ids import key

RANDOM = (
    *(f"fresh-{c}" for c in "efghijklmnopqrstuvwxyz"),
    "fresh-zz",
    "fresh-za",
    "fresh-zb",
    "fresh-zc",
    "fresh-zd",
    "fresh-ze",
    "fresh-zf",
    "fresh-zg",
    "fresh-zh",
    "fresh-zi",
    "fresh-zj",
    "fresh-zk",
    "fresh-zl",
    "fresh-zm",
    "fresh-zn",
    "fresh-zo",
    "fresh-zp",
    "fresh-zq",
    "fresh-zr",
    "fresh-zs",
    "fresh-zt",
)  # drawn at random, not by hand
EXAMPLES = 4


@dataclass(frozen=True, slots=True)
class Row:
    """One miss or false claim: its class, sub-kind, card, parent and a detail."""

    cls: str
    kind: str
    corpus: str
    model: str
    parent: str
    detail: str = ""


def truth_file(corpus: Path) -> str:
    """The shared-convention truth when the corpus has one, else ``truth.jsonl``."""
    return SECOND_TRUTH if (corpus / SECOND_TRUTH).is_file() else "truth.jsonl"


def loco_models(
    found: Sequence[Path],
    data: Sequence[train_roles.Example],
    precision: float = train_roles.TARGET_PRECISION,
) -> dict[str, scorer.Model | None]:
    """Per corpus, a scorer trained on the candidates of every other corpus."""
    out: dict[str, scorer.Model | None] = {}
    for c in found:
        rest = [e for e in data if e.corpus != c.name]
        both = any(e.label for e in rest) and not all(e.label for e in rest)
        out[c.name] = train_roles.train(rest, precision) if both else None
    return out


def _fixed(model: scorer.Model | None) -> ModelFor:
    return lambda _card: model


def figures(
    found: Sequence[Path],
    models: dict[str, scorer.Model | None],
    fixed: scorer.Model | None,
    bare_models: dict[str, scorer.Model | None] | None = None,
) -> list[dict[str, Any]]:
    """Per corpus, LOCO and the fixed model's results under each truth file it has
    (``bare_models``: the LOCO bare-name models; the fixed reading uses the shipped one)."""
    rows = []
    for c in found:
        names = ["truth.jsonl"] + ([SECOND_TRUTH] if (c / SECOND_TRUTH).is_file() else [])
        bare_for = None if bare_models is None else _fixed(bare_models.get(c.name))
        loco_read = read_cards(c, _fixed(models[c.name]), bare_for)
        fixed_read = read_cards(c, _fixed(fixed))
        rows.append(
            {
                "corpus": c.name,
                "loco": {n: evaluate(c, truth_name=n, read=loco_read) for n in names},
                "fixed": {n: evaluate(c, truth_name=n, read=fixed_read) for n in names},
            }
        )
    return rows


def _name_of(model_id: str) -> tuple[str, ...]:
    return tuple(name_tokens(model_id.rpartition("/")[2]))


def _related(a: str, b: str) -> bool:
    """Whether two ids name the same model in other forms (org, size, version left out)."""
    x, y = set(_name_of(a)), set(_name_of(b))
    return bool(x and y) and len(x & y) / len(x | y) >= 0.5


def classify(corpus: Path, model: scorer.Model | None) -> list[Row]:
    """The misses and false claims of one corpus read with ``model``, each classified."""
    with scorer.using(model), scorer.recording() as sink:
        read = read_cards(corpus)
    result = evaluate(corpus, truth_name=truth_file(corpus), read=read)
    cards = read[0]
    cands: dict[str, dict[str, scorer.Candidate]] = {}
    for card_id, found in sink:
        cands.setdefault(key(card_id), {})[key(found.model_id)] = found
    fps: dict[str, list[dict[str, str]]] = {}
    for f in result["false_positives"]:
        fps.setdefault(f["model"], []).append(f)
    rows: list[Row] = []
    for m in result["misses"]:
        model_key, parent = m["model"], m["parent"]
        card = cards.get(model_key)
        folder = _folder(corpus, card.model if card else model_key)
        body = (folder / "README.md").read_text("utf-8", "replace") if folder else ""
        mine = cands.get(model_key, {})
        cand = next((c for k, c in mine.items() if k == parent or k.endswith("/" + parent)), None)
        args = (corpus.name, model_key, parent)
        if cand is not None and cand.ruled_out:
            rows.append(Row("c", f"ruled out: {cand.ruled_out}", *args, cand.snippet[:90]))
            continue
        if cand is not None:
            p = model.probability(cand.features) if model else 0.0
            top = sorted(
                cand.features,
                key=lambda n: (
                    -abs((model.weights.get(n, 0.0) if model else 0.0) * cand.features[n])
                ),
            )[:4]
            tops = " ".join(f"{n}{(model.weights.get(n, 0.0) if model else 0.0):+.1f}" for n in top)
            rows.append(Row("b", "scored under the threshold", *args, f"p={p:.2f} {tops}"))
            continue
        wrong = [
            f
            for f in fps.get(model_key, [])
            if not f["value"].startswith(SCORER_MARK) and _related(f["parent"], parent)
        ]
        if wrong:
            rows.append(Row("d", "a rule claimed it in another form", *args, wrong[0]["parent"]))
            continue
        rows.append(Row("a", _never_kind(parent, body, card, mine), *args))
    for model_key, fs in fps.items():
        for f in fs:
            if f["value"].startswith(SCORER_MARK):
                kind, cls = "a scorer claim", "b"
            elif f["evidence"] == "card-yaml":
                kind, cls = "a YAML rule", "d"
            elif f["evidence"] == "card-prose":
                kind, cls = "a prose rule", "d"
            else:
                kind, cls = f"a sibling file ({f['evidence']})", "d"
            bare = "" if "/" in f["parent"] else ", bare name"
            rows.append(
                Row(
                    f"false-{cls}",
                    kind + bare,
                    corpus.name,
                    model_key,
                    f["parent"],
                    f["value"][:90],
                )
            )
    return rows


def _folder(corpus: Path, model_id: str) -> Path | None:
    folder = corpus / "cards" / model_id
    return folder if (folder / "README.md").is_file() else None


def _never_kind(parent: str, body: str, card: Any, mine: dict[str, scorer.Candidate]) -> str:
    """Why a missed parent was never a scorer candidate (class a)."""
    low = body.casefold()
    name = parent.rpartition("/")[2]
    edges = card.edges.values() if card else []
    if "/" not in parent:
        if name not in low:
            return "bare name, not in the text as labelled"
        if edges:
            return "bare name in the text; a rule found another parent"
        if "huggingface.co/" in low or "hf.co/" in low:
            return "bare name in the text of a card the scorer reads"
        return "bare name in the text; no Hub link (the scorer does not read the card)"
    spots = [i for i in _find_all(low, parent)]
    if not spots:
        if name in low:
            return "the name without its org (the labeller resolved the org)"
        return "not written on the card (the labeller's knowledge)"
    spans = code_spans(body)
    if all(any(a <= i < b for a, b in spans) for i in spots):
        return "Hub id only inside code"
    if any(c.kind.value == "card-yaml" for c in edges):
        return "Hub id in the text; the YAML names another parent (scorer off)"
    if any(c.kind.value == "card-prose" for c in edges):
        return "Hub id in the text; a rule found another parent (scorer off)"
    if not mine:
        if "huggingface.co/" not in low and "hf.co/" not in low:
            return "plain Hub id on a card with no Hub link (scorer gate)"
        return "Hub id in the text; no candidate on the card"
    return "Hub id in the text but not a candidate (held, denied, a child, a dataset)"


def _find_all(text: str, needle: str) -> list[int]:
    out, at = [], text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def table(rows: Sequence[Row]) -> list[str]:
    """Markdown: counts by class and sub-kind, with a few examples each."""
    titles = {
        "a": "(a) never a candidate",
        "b": "(b) a candidate scored under the threshold",
        "c": "(c) a candidate ruled out by a role rule",
        "d": "(d) decided by a rule wrongly",
        "false-b": "false claim of the scorer",
        "false-d": "false claim of a rule",
    }
    counts = Counter((r.cls, r.kind) for r in rows)
    out = ["| class | sub-kind | count | examples |", "|---|---|---|---|"]
    for cls in titles:
        kinds = sorted((k for c, k in counts if c == cls), key=lambda k: -counts[(cls, k)])
        for k in kinds:
            ex = [r for r in rows if r.cls == cls and r.kind == k][:EXAMPLES]
            cells = "; ".join(
                f"`{r.model}` → `{r.parent}`" + (f" ({r.detail})" if r.detail else "") for r in ex
            ).replace("|", "\\|")
            out.append(f"| {titles[cls]} | {k} | {counts[(cls, k)]} | {cells} |")
    total = Counter(r.cls for r in rows)
    out += ["", "Totals: " + ", ".join(f"{titles[c]} {total[c]}" for c in titles if total[c]) + "."]
    return out


def figures_table(rows: Sequence[dict[str, Any]], fixed_name: str) -> list[str]:
    """Markdown: LOCO and the fixed weights per corpus, under both truth files."""

    def pr(r: dict[str, Any] | None) -> str:
        return "–" if r is None else f"{r['precision']:.3f} / {r['recall']:.3f}"

    out = [
        f"| corpus | LOCO, truth.jsonl | LOCO, shared convention | {fixed_name}, truth.jsonl "
        f"| {fixed_name}, shared convention |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        cells = [pr(r[w].get(n)) for w in ("loco", "fixed") for n in ("truth.jsonl", SECOND_TRUTH)]
        out.append(f"| {r['corpus']} | " + " | ".join(cells) + " |")
    picks: tuple[tuple[str, Callable[[str], bool]], ...] = (
        ("all", lambda _n: True),
        ("random (fresh-e…zh)", lambda n: n in RANDOM),
    )
    for label, pick in picks:
        cells = []
        for w in ("loco", "fixed"):
            for n in ("truth.jsonl", SECOND_TRUTH):
                rs = [r[w].get(n) or r[w]["truth.jsonl"] for r in rows if pick(r["corpus"])]
                p = _pooled(rs) if rs else None
                cells.append("–" if p is None else f"{p['precision']:.3f} / {p['recall']:.3f}")
        out.append(f"| {label} (pooled) | " + " | ".join(cells) + " |")
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, action="append", default=[])
    parser.add_argument("--weights", type=Path, help="a weights file to compare (default: shipped)")
    parser.add_argument("--precision", type=float, default=train_roles.TARGET_PRECISION)
    parser.add_argument("--no-figures", action="store_true", help="only the miss table")
    parser.add_argument("--json", type=Path, help="also write the rows and figures as JSON here")
    args = parser.parse_args(argv)
    found = corpora(args.corpus)
    data, bare = train_roles.collect_both(found)
    models = loco_models(found, data, args.precision)
    # The bare-name model is trained leave-one-corpus-out too (never the shipped one here).
    bare_models = {
        c.name: train_roles.train_bare([e for e in bare if e.corpus != c.name]) for c in found
    }
    fixed: scorer.Model | None
    if args.weights:
        fixed = scorer.Model.from_json(json.loads(args.weights.read_text("utf-8")))
    else:
        fixed = scorer.shipped_model()
    random_corpora = [c for c in found if c.name in RANDOM] or [
        BENCH_CORPORA / n for n in RANDOM if (BENCH_CORPORA / n).is_dir()
    ]
    rows: list[Row] = []
    for c in random_corpora:
        with scorer_bare.using(bare_models.get(c.name)):
            rows += classify(c, models.get(c.name))
    print("\n".join(table(rows)))
    figs: list[dict[str, Any]] = []
    if not args.no_figures:
        figs = figures(found, models, fixed, bare_models)
        print()
        print("\n".join(figures_table(figs, "fixed weights")))
    if args.json:
        slim = [
            {w: {n: {k: v for k, v in res.items() if not k.startswith("_")} | {
                "_matched_pred": res["_matched_pred"], "_typed": res["_typed"],
                "_same_relation": res["_same_relation"]} for n, res in r[w].items()}
             for w in ("loco", "fixed")} | {"corpus": r["corpus"]}
            for r in figs
        ]  # fmt: skip
        rows_json = [as_dict(r) for r in rows]
        args.json.write_text(json.dumps({"rows": rows_json, "figures": slim}, indent=1), "utf-8")
    return 0


def as_dict(r: Row) -> dict[str, str]:
    """A row as JSON-ready fields."""
    return {f: getattr(r, f) for f in Row.__slots__}


if __name__ == "__main__":
    raise SystemExit(main())

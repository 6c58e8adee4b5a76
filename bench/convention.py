"""List the truth edges of a bench corpus whose parent id the card never spells out.

    python -m bench.convention bench/corpus/community [--all] [--json]
    python -m bench.convention bench/corpus/community --compare

The shared corpus keeps a parent that a card names without an org as written
(``Llama-2``, ``mistral 7b 0.1``); the bench corpora were first labelled by
mapping such names to a Hub id. An edge whose full ``ORG/NAME`` appears in the
card's files (as an id, in a ``huggingface.co``/``hf.co`` URL or in a cache
path ``models--ORG--NAME``), or whose bare legacy id appears as a word, reads
the same under both conventions; the others are listed for review.

``--compare`` counts, per card, how ``truth.shared-convention.jsonl`` differs
from ``truth.jsonl``: edges kept, rewritten to the written name (a note says
which), removed and added.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SECOND_TRUTH = "truth.shared-convention.jsonl"
# Sibling files a folder import reads next to the card.
_TEXT_SUFFIXES = {".md", ".json", ".yml", ".yaml", ".txt"}


@dataclass(frozen=True)
class Edge:
    """One truth edge and whether the card spells its parent id in full."""

    model: str
    parent: str
    relation: str
    evidence: str
    spelled: bool


def card_text(folder: Path) -> str:
    """The README and every text sibling of a card folder, joined."""
    parts = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and (path.name == "README.md" or path.suffix in _TEXT_SUFFIXES):
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


_START = r"(?<![A-Za-z0-9_./-])"


def _bounded(core: str) -> re.Pattern[str]:
    # Not part of a longer id: "org/x" must not match inside "org/x-hf" or "org/x.1".
    # ASCII classes: an id written flush against CJK text is still a whole id.
    return re.compile(rf"{core}(?![A-Za-z0-9_-]|\.[A-Za-z0-9])", re.IGNORECASE)


def spells(text: str, parent: str) -> bool:
    """Whether ``text`` writes ``parent`` in full: id, Hub URL, cache path or bare legacy id."""
    hub_url = rf"(?:huggingface\.co|hf\.co)/(?:models/)?{re.escape(parent)}"
    if "/" not in parent:
        forms: tuple[str, ...] = (rf"{_START}{re.escape(parent)}", hub_url)
        return any(_bounded(form).search(text) for form in forms)
    org, name = parent.split("/", 1)
    forms = (
        rf"{_START}{re.escape(parent)}",
        hub_url,
        rf"models--{re.escape(org)}--{re.escape(name)}",
    )
    return any(_bounded(form).search(text) for form in forms)


def _rows(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def edges(corpus: Path) -> list[Edge]:
    """Every edge of ``corpus/truth.jsonl`` with its spelled-out flag."""
    out = []
    for row in _rows(corpus / "truth.jsonl"):
        folder = corpus / "cards" / row["model"]
        if not (folder / "README.md").is_file():
            raise SystemExit(f"no card for {row['model']} under {corpus / 'cards'}")
        text = card_text(folder)
        for p in row["parents"]:
            out.append(
                Edge(row["model"], p["id"], p["relation"], p["evidence"], spells(text, p["id"]))
            )
    return out


def compare(corpus: Path) -> dict[str, int]:
    """Count edges kept, rewritten, removed and added between the two truth files."""
    first = {r["model"]: r for r in _rows(corpus / "truth.jsonl")}
    second = {r["model"]: r for r in _rows(corpus / SECOND_TRUTH)}
    if set(first) != set(second):
        raise SystemExit(f"{SECOND_TRUTH} and truth.jsonl list different models")
    counts = {"kept": 0, "rewritten": 0, "removed": 0, "added": 0}
    for model, row in first.items():
        old = {p["id"].lower() for p in row["parents"]}
        new = {p["id"].lower() for p in second[model]["parents"]}
        counts["kept"] += len(old & new)
        gone, came = len(old - new), len(new - old)
        # A removed id replaced by a new one on the same card is a rewrite.
        rewrites = min(gone, came) if second[model].get("note") != row.get("note") else 0
        counts["rewritten"] += rewrites
        counts["removed"] += gone - rewrites
        counts["added"] += came - rewrites
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a folder with cards/ and truth.jsonl")
    parser.add_argument("--all", action="store_true", help="list spelled-out edges too")
    parser.add_argument("--json", action="store_true", help="one JSON object per edge")
    parser.add_argument("--compare", action="store_true", help=f"count changes in {SECOND_TRUTH}")
    args = parser.parse_args(argv)
    if not (args.corpus / "truth.jsonl").is_file():
        parser.error(f"no truth.jsonl under {args.corpus}")
    if args.compare:
        print(json.dumps(compare(args.corpus)))
        return 0
    found = edges(args.corpus)
    for e in found:
        if e.spelled and not args.all:
            continue
        if args.json:
            print(json.dumps(e.__dict__))
        else:
            mark = "ok    " if e.spelled else "REVIEW"
            print(f"{mark} {e.model} -> {e.parent} [{e.relation}, {e.evidence}]")
    flagged = sum(not e.spelled for e in found)
    print(f"{len(found)} edges, {len(found) - flagged} spelled out, {flagged} to review",
          file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

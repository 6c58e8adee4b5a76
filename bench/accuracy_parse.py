"""Card-reading cost on synthetic cards: the throughput guard for prose reading.

    python -m bench.accuracy_parse [--cards 5000] [--seed 7] [--repeat 3]

Renders ``--cards`` synthetic READMEs (`bench.synth_card`) once, then times
`importers.card.read_card_bytes` over all of them; prints the best of
``--repeat`` runs (CPU time of this process, so that other load on the machine counts
less) in cards per second and microseconds per card. Each run starts with the readers'
caches empty, as an import does: a card is read once, and only what recurs from card
to card (templates, tags, parents' ids) is found in them.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from bench.synth import generate
from bench.synth_card import render_readme
from importers.card import read_card_bytes


def forget_readers_caches() -> None:
    """Empty every ``functools`` cache in the reader modules (``importers.*``)."""
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "importers" or name.startswith("importers.")):
            continue
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def measure(cards: int, seed: int, repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` seconds to read ``cards`` synthetic cards."""
    docs = [(m.id, render_readme(m).encode()) for m in generate(cards, seed)]
    best = float("inf")
    for _ in range(repeat):
        forget_readers_caches()
        start = time.process_time()
        for model_id, data in docs:
            read_card_bytes(data, model_id, model_id)
        best = min(best, time.process_time() - start)
    return {"cards": len(docs), "seconds": best, "us_per_card": best / len(docs) * 1e6}


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    r = measure(args.cards, args.seed, args.repeat)
    print(
        f"{r['cards']:.0f} cards in {r['seconds']:.3f} s: "
        f"{r['cards'] / r['seconds']:.0f} cards/s, {r['us_per_card']:.1f} us/card"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

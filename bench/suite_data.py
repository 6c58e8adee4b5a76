"""Data of the suite: the synthetic Hubs on disk, their ground truth, the query samples.

A Hub of N models is generated once into ``DATA/hub-N-sSEED/`` (folder of
README cards, JSONL and Parquet dumps) and reused by later runs. The query
samples are drawn from the generator's ground truth, deterministically:
deep and shallow models for ancestors, the largest family's base for
descendants, and related pairs for paths.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.synth import generate

ANCESTOR_SAMPLE = 1000
PATH_SAMPLE = 100
_DONE = ".complete"


@dataclass(slots=True)
class Hub:
    """Where one synthetic Hub's files are."""

    models: int
    seed: int
    root: Path

    @property
    def folder(self) -> Path:
        return self.root / "cards"

    @property
    def jsonl(self) -> Path:
        return self.root / "models.jsonl"

    @property
    def parquet(self) -> Path:
        return self.root / "models.parquet"

    @property
    def samples(self) -> Path:
        return self.root / "samples.json"


@dataclass(slots=True)
class Samples:
    """What the query benchmarks ask, identical for our store and the baselines."""

    ancestors: list[str]
    deep: list[str]
    largest_family: str
    largest_family_size: int
    small_family: str
    paths: list[tuple[str, str]]


def ensure_hub(data: Path, models: int, seed: int) -> Hub:
    """Generate the Hub unless a complete copy is already there."""
    hub = Hub(models, seed, data / f"hub-{models}-s{seed}")
    if not (hub.root / _DONE).exists():
        hub.root.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "bench.synth", "--models", str(models), "--seed", str(seed)]
        subprocess.run([*cmd, "--out", str(hub.folder), "--formats", "folder"], check=True)
        subprocess.run([*cmd, "--out", str(hub.root), "--formats", "jsonl,parquet"], check=True)
        (hub.root / _DONE).write_text("ok\n")
    if not hub.samples.exists():
        hub.samples.write_text(json.dumps(asdict(draw_samples(models, seed))))
    return hub


def load_samples(hub: Hub) -> Samples:
    """The samples saved next to the Hub."""
    raw = json.loads(hub.samples.read_text())
    raw["paths"] = [tuple(p) for p in raw["paths"]]
    return Samples(**raw)


def _depths(parents: dict[str, list[str]]) -> dict[str, int]:
    """Longest chain of declared parents above each model (cycle-safe, iterative)."""
    depth: dict[str, int] = {}
    for start in parents:
        if start in depth:
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        on_path: set[str] = set()
        while stack:
            node, i = stack.pop()
            ps = parents.get(node, [])
            if i == 0:
                on_path.add(node)
            if i < len(ps):
                stack.append((node, i + 1))
                p = ps[i]
                if p not in depth and p not in on_path:
                    stack.append((p, 0))
                continue
            on_path.discard(node)
            depth[node] = 1 + max((depth.get(p, 0) for p in ps if p in depth), default=-1)
    return depth


def draw_samples(models: int, seed: int, sample_seed: int = 0) -> Samples:
    """Draw the query samples from the generator's ground truth."""
    parents: dict[str, list[str]] = {}
    family: Counter[str] = Counter()
    member_of: dict[str, list[str]] = {}
    for m in generate(models, seed):
        parents[m.id] = [p.id for p in m.parents]
        if m.family and m.family != m.id:
            family[m.family] += 1
            member_of.setdefault(m.family, []).append(m.id)
    rng = random.Random(sample_seed)
    depth = _depths(parents)
    ids = sorted(parents)
    by_depth = sorted(ids, key=lambda i: (-depth.get(i, 0), i))
    half = min(ANCESTOR_SAMPLE // 2, len(ids) // 2)
    deep = by_depth[:half]
    deep_set = set(deep)
    rest = [i for i in ids if i not in deep_set]
    shallow = rng.sample(rest, min(len(rest), ANCESTOR_SAMPLE - len(deep)))
    sample = deep + shallow
    rng.shuffle(sample)
    ranked = family.most_common()
    largest, size = ranked[0] if ranked else (ids[0], 0)
    small = ranked[len(ranked) // 2][0] if ranked else ids[-1]
    pairs: list[tuple[str, str]] = []
    for child in deep[: PATH_SAMPLE // 2]:
        ancestor, visited = child, {child}
        while parents.get(ancestor):
            nxt = parents[ancestor][0]
            if nxt in visited or nxt not in parents:
                break  # a declared cycle, or a dangling parent
            visited.add(nxt)
            ancestor = nxt
        pairs.append((child, ancestor))
    families = [f for f, n in ranked if n >= 2][:PATH_SAMPLE]
    while len(pairs) < PATH_SAMPLE and families:
        members = member_of[rng.choice(families)]
        a, b = rng.sample(members, 2)
        pairs.append((a, b))
    return Samples(sample, deep, largest, size, small, pairs)

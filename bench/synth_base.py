"""Shared machinery of the synthetic Hub generator: random choices, unique ids, plans.

`Chooser` owns the one `random.Random` of a run and the Bloom filter that keeps
ids unique case-insensitively in fixed memory; `Member` and `Family` hold a
family while it is being planned.
"""

from __future__ import annotations

import bisect
import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, TypeVar

from bench import synth_vocab as V
from bench.synth_model import Parent

START = 1_577_836_800  # 2020-01-01
END = 1_761_868_800  # 2025-10-31
DAY = 86_400
T = TypeVar("T")


class Bloom:
    """A fixed-size Bloom filter over case-folded ids (deterministic hashing, k=4)."""

    def __init__(self, expected: int) -> None:
        nbits = 1 << min(32, max(20, (expected * 32).bit_length()))
        self.mask = nbits - 1
        self.bits = bytearray(nbits >> 3)

    def add(self, key: str) -> bool:
        """Insert ``key``; False if it (probably) was already there."""
        h = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=16).digest(), "little")
        bits, m = self.bits, self.mask
        p0, p1, p2, p3 = h & m, (h >> 32) & m, (h >> 64) & m, (h >> 96) & m
        if (
            (bits[p0 >> 3] >> (p0 & 7))
            & (bits[p1 >> 3] >> (p1 & 7))
            & (bits[p2 >> 3] >> (p2 & 7))
            & (bits[p3 >> 3] >> (p3 & 7))
            & 1
        ):
            return False
        bits[p0 >> 3] |= 1 << (p0 & 7)
        bits[p1 >> 3] |= 1 << (p1 & 7)
        bits[p2 >> 3] |= 1 << (p2 & 7)
        bits[p3 >> 3] |= 1 << (p3 & 7)
        return True


@dataclass(slots=True)
class Member:
    """A family member while its family is being planned."""

    id: str
    author: str
    stem: str
    kind: str
    parents: list[Parent]
    depth: int
    created: int
    license: str | None
    license_name: str | None
    datasets: tuple[str, ...] = ()
    fmt: str | None = None  # quantization suffix (GGUF, AWQ, 4bit ...)


@dataclass(slots=True)
class Family:
    """The shared traits of one family."""

    domain: str
    arch: str
    size: str
    root: Member
    members: list[Member] = field(default_factory=list)


def weighted(items: Sequence[Any], weights: Sequence[float]) -> tuple[list[Any], list[float]]:
    return list(items), list(accumulate(weights))


class Chooser:
    """Random choices, names and ids for one ``(n_models, seed)`` run."""

    def __init__(self, n_models: int, seed: int) -> None:
        self.n = n_models
        self.rng = random.Random(seed)
        self.bloom = Bloom(n_models + n_models // 8 + 1000)
        self.rel = weighted(list(V.RELATION_WEIGHTS), list(V.RELATION_WEIGHTS.values()))
        self.lic = weighted(V.LICENSES, V.LICENSE_WEIGHTS)
        self.dom = weighted(V.DOMAINS, V.DOMAIN_WEIGHTS)
        self.solo_dom = weighted(V.STANDALONE_DOMAINS, V.STANDALONE_WEIGHTS)
        self.quant = weighted(V.QUANTIZERS, V.QUANTIZER_WEIGHTS)
        self.merge_k = weighted([k for k, _ in V.MERGE_PARENTS], [w for _, w in V.MERGE_PARENTS])
        for base in V.FAMOUS_BASES:
            self.bloom.add(base.id.lower())

    # --- small helpers -----------------------------------------------------

    def _choose(self, table: tuple[list[Any], list[float]]) -> Any:
        items, cum = table
        return items[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def _pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.rng.random() * len(seq))]

    def _user(self) -> str:
        r = self.rng.random()
        first, last = self._pick(V.FIRST), self._pick(V.LAST)
        if r < 0.3:
            return f"{first}{last}"
        if r < 0.5:
            return f"{first}-{last}"
        if r < 0.75:
            return f"{first}{last}{int(self.rng.random() * 1000)}"
        if r < 0.9:
            return f"{first}-{self._pick(V.HANDLE_WORDS)}"
        return f"{first[0]}{last}{int(self.rng.random() * 100)}"

    def _claim(self, author: str, stem: str) -> str:
        """A new id ``author/stem`` made unique case-insensitively (``-v2``, ``-v3`` ...)."""
        stem = stem.strip(".-_")[:90] or "model"
        model_id = f"{author}/{stem}"
        i = 2
        while not self.bloom.add(model_id.lower()):
            model_id = (
                f"{author}/{stem}-v{i}"
                if i < 20
                else (f"{author}/{stem}-{self.rng.getrandbits(24):06x}")
            )
            i += 1
        return model_id

    def _date_after(self, t: int) -> int:
        return min(END, t + int(self.rng.expovariate(1 / 45) * DAY) + 3600)

    def _license(self) -> tuple[str | None, str | None]:
        lic: str | None = self._choose(self.lic)
        return lic, (self._pick(V.OTHER_LICENSE_NAMES) if lic == "other" else None)

    def _datasets(self, domain: str, share: float) -> tuple[str, ...]:
        rng = self.rng
        if rng.random() >= share:
            return ()
        pool = {"llm": V.LLM_DATASETS, "encoder": V.TASK_DATASETS, "speech": V.SPEECH_DATASETS}.get(
            domain, V.IMAGE_DATASETS
        )
        r = rng.random()
        k = 1 if r < 0.7 else 2 if r < 0.9 else 3
        out: list[str] = []
        for _ in range(k):
            if rng.random() < 0.15:
                out.append(f"{self._user()}/{self._pick(V.DATASET_TOPICS)}")
            else:
                out.append(pool[int(len(pool) * rng.random() ** 2.5)])
        return tuple(dict.fromkeys(out))

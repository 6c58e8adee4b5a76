"""Benchmark and metric names as cards write them → keys that compare across models."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lineage.core.records import EvalResult

# Squashed spellings (lower case, letters and digits only) of the benchmarks cards report most.
_BENCHMARKS: dict[str, tuple[str, ...]] = {
    "arc": ("arc", "ai2arc", "ai2reasoningchallenge", "arcchallenge", "arcc"),
    "arc-easy": ("arceasy", "arce"),
    "hellaswag": ("hellaswag",),
    "mmlu": ("mmlu", "hendryckstest", "measuringmassivemultitasklanguageunderstanding"),
    "mmlu-pro": ("mmlupro",),
    "truthfulqa": ("truthfulqa", "truthfulqamc", "truthfulqamc2", "truthfulqagen"),
    "winogrande": ("winogrande",),
    "gsm8k": ("gsm8k", "gradeschoolmath8k"),
    "ifeval": ("ifeval", "instructionfollowingeval"),
    "bbh": ("bbh", "bigbenchhard"),
    "math-hard": ("mathlvl5", "mathhard"),
    "math": ("math", "competitionmath", "hendrycksmath"),
    "gpqa": ("gpqa",),
    "musr": ("musr",),
    "humaneval": ("humaneval", "openaihumaneval"),
    "mbpp": ("mbpp",),
}
_METRICS: dict[str, tuple[str, ...]] = {
    "accuracy": ("acc", "accuracy"),
    "accuracy-norm": ("accnorm", "normalizedaccuracy", "accuracynorm"),
    "exact-match": ("em", "exactmatch", "exactmatchstrictmatch", "exactmatchflexibleextract"),
    "mc2": ("mc2",),
    "mc1": ("mc1",),
    "pass@1": ("pass1", "passat1"),
    "f1": ("f1", "f1score"),
    "strict-accuracy": (
        "strictaccuracy",
        "instlevelstrictaccandpromptlevelstrictacc",
        "instlevelstrictacc",
        "promptlevelstrictacc",
    ),
}
# Metrics where a smaller number is the better result.
LOWER_IS_BETTER = frozenset({"perplexity", "ppl", "loss", "wer", "cer", "error", "errorrate"})

_BENCH_INDEX = {alias: key for key, aliases in _BENCHMARKS.items() for alias in aliases}
_METRIC_INDEX = {alias: key for key, aliases in _METRICS.items() for alias in aliases}
_SHOTS = re.compile(r"\(?\b(\d+)[\s-]*shots?\b\)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Score:
    """One evaluation result, read: comparable benchmark and metric keys and a number."""

    benchmark: str
    metric: str
    shots: int | None
    value: float | None
    raw: EvalResult

    @property
    def key(self) -> tuple[str, str]:
        return (self.benchmark, self.metric)

    @property
    def lower_is_better(self) -> bool:
        return self.metric in LOWER_IS_BETTER

    def to_json(self) -> dict[str, Any]:
        return {
            "benchmark": self.benchmark,
            "metric": self.metric,
            "shots": self.shots,
            "value": self.value,
            "task": self.raw.task,
            "dataset": self.raw.dataset,
            "raw_metric": self.raw.metric,
            "raw_value": self.raw.value,
        }


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def benchmark_key(name: str | None) -> tuple[str, int | None]:
    """A benchmark key and the number of shots, from a dataset id or display name."""
    if not name or not name.strip():
        return ("unknown", None)
    shots_match = _SHOTS.search(name)
    shots = int(shots_match.group(1)) if shots_match else None
    text = _SHOTS.sub(" ", name)
    text = re.sub(r"\([^)]*\)", " ", text).strip()
    tail = text.rsplit("/", 1)[-1]  # hub dataset ids: the org says nothing about the benchmark
    squashed = _squash(tail)
    key = _BENCH_INDEX.get(squashed)
    if key is None:
        key = re.sub(r"[^a-z0-9]+", "-", tail.casefold()).strip("-") or "unknown"
    return (key, shots)


def metric_key(name: str) -> str:
    """A metric key: the common spellings of accuracy, exact match, pass@1 … read as one."""
    squashed = _squash(name)
    return _METRIC_INDEX.get(squashed, squashed or "unknown")


def parse_value(text: str) -> float | None:
    """The number in a result value (``"78.5"``, ``"78.5%"``, ``"0.785"``), or None."""
    match = re.search(r"-?\d+(?:\.\d+)?(?:[eE]-?\d+)?", text.replace(",", "."))
    return float(match.group(0)) if match else None


def read_score(result: EvalResult) -> Score:
    """Read one result; the dataset names the benchmark, the task only when no dataset does."""
    benchmark, shots = benchmark_key(result.dataset or result.task)
    return Score(benchmark, metric_key(result.metric), shots, parse_value(result.value), result)

"""Card front-matter values as the types a record holds, whatever YAML made of them."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lineage.core.ids import dataset_id, key
from lineage.core.records import EvalResult

MAX_EVALS = 1_000  # model-index results kept per card
# Dataset names recur from card to card (a few popular ones on most cards): each is read
# once per process. Longer values (a sentence by mistake) seldom recur: not kept.
_RECURRING = 4_096
_SHORT = 256


def text(value: object) -> str | None:
    if type(value) is str:  # most values: the checks below all pass
        return value.strip() or None
    if value is None:  # an absent key: nothing below applies
        return None
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | int | float)), None)
    if isinstance(value, bool) or value is None or isinstance(value, dict):
        return None
    text = str(value).strip()
    return text or None


def strings(value: object) -> list[str]:
    if value is None:  # an absent key (many cards have no tags or languages)
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if type(item) is not str:  # most items are: str() would return them as they are
            if not isinstance(item, str | int | float) or isinstance(item, bool):
                continue
            item = str(item)
        text = item.strip()
        if text and text not in out:
            out.append(text)
    return out


def languages(value: object) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    # YAML 1.1 reads Norwegian ("no") as false.
    return strings(["no" if item is False else item for item in items])


def datasets(value: object) -> list[str]:
    out: list[str] = []
    if value is None:
        return out
    for item in value if isinstance(value, list) else [value]:
        if type(item) is str and len(item) <= _SHORT:
            name = _recurring_dataset_id(item)
        else:
            name = dataset_id(item)
        if name and key(name) not in {key(d) for d in out}:
            out.append(name)
    return out


_recurring_dataset_id = lru_cache(maxsize=_RECURRING)(dataset_id)


def evals(value: object) -> list[EvalResult]:
    """Results from ``model-index``, skipping whatever is not shaped like one."""
    out: list[EvalResult] = []
    if value is None:
        return out
    for entry in dicts(value):
        for result in dicts(entry.get("results")):
            task, dataset = result.get("task"), result.get("dataset")
            task_name = id_of(task)
            dataset_name = id_of(dataset)
            for metric in dicts(result.get("metrics")):
                metric_name = text(metric.get("type")) or text(metric.get("name"))
                score = metric.get("value")
                if metric_name is None or score is None or isinstance(score, dict | list):
                    continue
                out.append(EvalResult(task_name, dataset_name, metric_name, str(score)))
                if len(out) >= MAX_EVALS:
                    return out
    return out


def dicts(value: object) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def id_of(value: object) -> str | None:
    # ``type`` is the machine id (text-generation, openai/gsm8k, acc_norm) that lets
    # results be compared across models; ``name`` is display text.
    if isinstance(value, dict):
        return text(value.get("type")) or text(value.get("name"))
    return text(value)

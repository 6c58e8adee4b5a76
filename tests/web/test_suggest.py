"""The suggestion index: ranking, and speed on 100,000 ids."""

from __future__ import annotations

import time
from collections.abc import Iterator

from lineage.core.graph import Node
from lineage.web.suggest import SuggestIndex, build_index, search


def test_ranking_prefix_then_name_then_substring() -> None:
    idx = build_index(
        ["Qwen/Qwen2.5-7B", "a/qwen-fan", "z/Qwen2.5-7B-GGUF", "x/not-qwen", "QWEN/qwen2.5-7b"]
    )
    assert search(idx, "qwen", 10) == [
        "Qwen/Qwen2.5-7B",
        "a/qwen-fan",
        "z/Qwen2.5-7B-GGUF",
        "x/not-qwen",
    ]
    assert search(idx, "QWEN2.5-7b", 10) == ["Qwen/Qwen2.5-7B", "z/Qwen2.5-7B-GGUF"]
    assert search(idx, "  ", 10) == [] and search(idx, "nothing", 10) == []


class _Ids:
    """Only what the index reads of a store: model ids (a 100k-model store takes minutes
    to import; the index never touches anything else)."""

    name = "ids"

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids

    def iter_model_ids(self) -> Iterator[str]:
        return iter(self.ids)

    def iter_nodes(self) -> Iterator[Node]:
        return (Node(id=i, placeholder=False) for i in self.ids)


def test_fast_on_100k_ids() -> None:
    ids = [f"org{i % 997}/model-{i:06d}-{'GGUF' if i % 3 else 'instruct'}" for i in range(100_000)]
    store = _Ids(ids)
    index = SuggestIndex(ttl=3600)
    started = time.perf_counter()
    assert index.suggest(store, "org5/", 10)  # type: ignore[arg-type]
    build = time.perf_counter() - started
    started = time.perf_counter()
    for q in ["org1", "model-0999", "org996/model-099", "instruct", "zzz"] * 20:
        index.suggest(store, q, 10)  # type: ignore[arg-type]
    per_query = (time.perf_counter() - started) / 100
    assert build < 3.0, build
    # Prefix answers are binary searches; even the substring fallback ("zzz") stays quick.
    assert per_query < 0.05, per_query
    assert index.suggest(store, "MODEL-000042", 1) == ["org42/model-000042-instruct"]  # type: ignore[arg-type]

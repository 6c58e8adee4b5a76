"""The explorer's suggestions come from the one model-id index the API searches too."""

from __future__ import annotations

from collections.abc import Iterator

from lineage.query.search import ModelIdIndex
from lineage.stores.base import LineageStore
from lineage.web.suggest import SuggestIndex


class _Ids:
    """Only what the index reads of a store: model ids (a 100k-model store takes minutes
    to import; the index never touches anything else)."""

    name = "ids"

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids

    def display_ids(self) -> Iterator[str]:
        return iter(self.ids)


def _index(ids: list[str]) -> ModelIdIndex:
    store = _Ids(ids)
    return ModelIdIndex(lambda: store)  # type: ignore[arg-type,return-value]


def test_ranking_prefix_then_name_then_substring() -> None:
    idx = _index(["Qwen/Qwen2.5-7B", "a/qwen-fan", "z/Qwen2.5-7B-GGUF", "x/not-qwen"])
    assert idx.search("qwen", 10) == [
        "Qwen/Qwen2.5-7B",
        "a/qwen-fan",
        "z/Qwen2.5-7B-GGUF",
        "x/not-qwen",
    ]
    assert idx.search("QWEN2.5-7b", 10) == ["Qwen/Qwen2.5-7B", "z/Qwen2.5-7B-GGUF"]
    assert idx.search("  ", 10) == [] and idx.search("nothing", 10) == []


def test_the_explorer_and_the_api_answer_alike_on_100k_ids() -> None:
    ids = [f"org{i % 997}/model-{i:06d}-{'GGUF' if i % 3 else 'instruct'}" for i in range(100_000)]
    store: LineageStore = _Ids(ids)  # type: ignore[assignment]
    explorer = SuggestIndex(ttl=3600)
    api = ModelIdIndex(lambda: store)
    for q in ["org5/", "org1", "model-0999", "org996/model-099", "instruct", "zzz"]:
        assert explorer.suggest(store, q, 10) == api.search(q, 10)
    assert explorer.suggest(store, "MODEL-000042", 1) == ["org42/model-000042-instruct"]
    assert explorer.suggest(store, "zzz", 10) == []
    assert explorer.index(store) is explorer.index(store)  # built once per store


def test_a_stale_index_is_rebuilt_after_its_ttl() -> None:
    store = _Ids(["a/one"])
    idx = ModelIdIndex(lambda: store, ttl=0.0)  # type: ignore[arg-type,return-value]
    assert idx.search("a/", 10) == ["a/one"]
    store.ids.append("a/two")
    assert idx.search("a/", 10) == ["a/one", "a/two"]

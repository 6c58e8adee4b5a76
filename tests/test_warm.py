"""The embedded store's cache warm-up and the cycle check of ancestors walks."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from lineage.api.warm import CacheWarmer
from lineage.core.graph import Edge, Lineage
from lineage.core.traversal import find_cycles, has_cycle
from lineage.stores.oxigraph.store import PLACEHOLDER_MENTIONS, OxigraphStore
from tests.factories import claim, family, rec

# Models of `family()` that have children: every ancestor any walk can reach.
PARENTS = {"org/base", "org/reasoner", "other/small", "org/distill-small", "org/chat",
           "ghost/unknown-base"}  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> OxigraphStore:
    s = OxigraphStore(tmp_path / "db")
    s.write(family())
    return s


def _cached(store: OxigraphStore) -> int:
    return int(store._node_data.cache_info().currsize)


def test_warm_loads_every_model_when_the_cache_has_room(store: OxigraphStore) -> None:
    assert _cached(store) == 0
    # Ten described models and the placeholder their children name.
    assert store.warm() == 11
    assert _cached(store) == 11
    assert store._parent_data.cache_info().currsize == 11


def test_warm_loads_the_models_with_children_first(store: OxigraphStore) -> None:
    assert store.warm(limit=len(PARENTS)) == len(PARENTS)
    info = store._node_data.cache_info()
    for parent in PARENTS:
        store.node(parent)
    assert store._node_data.cache_info().hits == info.hits + len(PARENTS)
    store.node("a/lora")  # a leaf: not loaded yet
    assert store._node_data.cache_info().misses == info.misses + 1


def test_warm_answers_are_the_cold_answers(store: OxigraphStore, tmp_path: Path) -> None:
    cold = OxigraphStore(None)
    cold.write(family())
    store.warm()
    hits = store._node_data.cache_info().hits
    for model in ("m/merge", "q/Distill-Small-GGUF", "p/child-of-ghost", "a/lora"):
        assert store.ancestors(model).to_json() == cold.ancestors(model).to_json()
    assert store._node_data.cache_info().hits > hits  # the warm caches answered


def test_warm_limit_takes_the_biggest_families_first(store: OxigraphStore) -> None:
    assert store.warm(limit=1) == 1
    # org/Distill-Small has four children, more than any other model.
    assert store._parent_data.cache_info().currsize == 1
    hits = store._node_data.cache_info().hits
    store.node("org/Distill-Small")
    assert store._node_data.cache_info().hits == hits + 1


def test_warm_stops_on_request_and_on_a_write(store: OxigraphStore) -> None:
    stop = threading.Event()
    stop.set()
    assert store.warm(stop=stop) == 0
    generation = store.generation
    store.write([rec("new/child", claim("org/Base"))])
    assert store.generation > generation
    assert _cached(store) == 0


def test_warmer_reports_ready_and_restarts_after_a_kick(store: OxigraphStore) -> None:
    warmer = CacheWarmer(store)
    assert warmer.status() == {"state": "idle", "models": 0}
    warmer.kick()
    assert warmer.wait(30)
    status = warmer.status()
    assert status["state"] == "ready" and status["models"] == 11
    assert status["seconds"] >= 0
    store.write([rec("new/child", claim("new/parent"))])
    warmer.kick()
    assert warmer.wait(30)
    assert warmer.status()["models"] == 11 + 2  # the new child and its placeholder parent
    warmer.close()


def test_warmer_reports_a_failure_and_keeps_going(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "db")
    store.write(family())
    warmer = CacheWarmer(store)
    store.close()  # the store is gone: the warm-up fails, the status says why
    warmer.kick()
    assert warmer.wait(30)
    status = warmer.status()
    assert status["state"] == "failed" and status["error"]


def test_placeholder_display_reads_a_bounded_number_of_mentions(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "db")
    kids = [rec(f"kid/k{i}", claim("Ghost/Popular-Base")) for i in range(PLACEHOLDER_MENTIONS * 3)]
    store.write(kids)
    node = store.node("ghost/popular-base")
    assert node is not None and node.placeholder and node.id == "Ghost/Popular-Base"


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ([], False),
        ([("a", "b"), ("b", "c"), ("a", "c")], False),
        ([("a", "b"), ("b", "a")], True),
        ([("a", "a")], True),
        ([("x", "y"), ("a", "b"), ("b", "c"), ("c", "a")], True),
    ],
)
def test_has_cycle(edges: list[tuple[str, str]], expected: bool) -> None:
    assert has_cycle(edges) is expected


def test_find_cycles_still_lists_cycles_after_the_fast_check() -> None:
    lin = Lineage(model="a")
    lin.edges = [Edge("a", "b", []), Edge("b", "c", []), Edge("c", "a", [])]
    assert sorted(find_cycles(lin)[0]) == ["a", "b", "c"]
    lin.edges = lin.edges[:2]
    assert find_cycles(lin) == []

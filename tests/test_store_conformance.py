"""Lineage behaviour every store must share (runs against each engine)."""

from __future__ import annotations

from lineage.core.records import EvalResult, EvidenceKind, Unresolved
from lineage.stores.base import LineageStore
from tests.factories import claim, family, rec


def edges_of(lineage: object) -> set[tuple[str, str, str]]:
    return {(e.child, e.parent, e.relation) for e in lineage.edges}  # type: ignore[attr-defined]


def test_ancestors_reach_every_root_through_every_path(store: LineageStore) -> None:
    store.write(family())
    lin = store.ancestors("q/Distill-Small-GGUF")
    assert edges_of(lin) == {
        ("q/Distill-Small-GGUF", "org/Distill-Small", "quantized"),
        ("org/Distill-Small", "org/Reasoner", "distillation"),
        ("org/Distill-Small", "other/Small", "finetune"),
        ("org/Reasoner", "org/Base", "finetune"),
    }
    assert sorted(lin.roots()) == ["org/Base", "other/Small"]
    assert lin.nodes["org/base"].license == "mit"
    assert not lin.truncated and lin.cycles == []


def test_lookup_is_case_insensitive_and_keeps_display_case(store: LineageStore) -> None:
    store.write(family())
    node = store.node("ORG/DISTILL-SMALL")
    assert node is not None and node.id == "org/Distill-Small" and not node.placeholder
    # The child wrote the parent in another case; the parent's own card decides the display.
    [edge] = store.parents("q2/distill-small-gguf")
    assert edge.parent == "org/Distill-Small" and edge.child == "q2/Distill-Small-GGUF"


def test_reference_without_a_card_is_a_placeholder_until_its_card_arrives(
    store: LineageStore,
) -> None:
    store.write(family())
    ghost = store.node("ghost/Unknown-Base")
    assert ghost is not None and ghost.placeholder and ghost.license is None
    store.write([rec("ghost/Unknown-Base", license="apache-2.0")])
    filled = store.node("ghost/unknown-base")
    assert filled is not None and not filled.placeholder and filled.license == "apache-2.0"


def test_unknown_model_is_none(store: LineageStore) -> None:
    store.write(family())
    assert store.node("nobody/nothing") is None


def test_evidence_carries_kind_source_and_inference(store: LineageStore) -> None:
    store.write(family())
    [edge] = store.parents("q/Distill-Small-GGUF")
    [ev] = edge.evidence
    assert ev.kind == "card-yaml" and ev.source == "card:q/Distill-Small-GGUF"
    assert ev.inferred and edge.inferred and ev.relation == "quantized"
    assert ev.location == "/cards/q/Distill-Small-GGUF/README.md"
    assert 0 < edge.confidence < 1


def test_several_sources_strengthen_one_edge_and_disagreement_is_a_conflict(
    store: LineageStore,
) -> None:
    store.write(family())
    one = store.parents("a/lora")[0].confidence
    store.write(
        [
            rec(
                "a/lora",
                claim("org/Distill-Small", "finetune", "hub-api"),
                source="hub:a/lora",
                describes=False,
            )
        ]
    )
    [edge] = store.parents("a/lora")
    assert {e.kind for e in edge.evidence} == {"card-yaml", "hub-api"}
    assert edge.confidence > one
    assert edge.conflict


def test_reimport_is_idempotent_and_replaces_what_the_source_said(store: LineageStore) -> None:
    store.write(family())
    before = store.stats()
    store.write(family())
    assert store.stats() == before
    # The merge card now names only one parent: the other edge disappears.
    store.write([rec("m/merge", claim("org/Chat", "merge"))])
    assert [e.parent for e in store.parents("m/merge")] == ["org/Chat"]
    after = store.stats()
    assert after["edges"] == before["edges"] - 1


def test_remove_source_forgets_exactly_its_claims(store: LineageStore) -> None:
    store.write(family())
    assert store.remove_sources(["card:a/lora"]) == 1
    assert store.node("a/lora") is None
    assert store.node("org/Distill-Small") is not None
    assert store.remove_sources(["card:a/lora"]) == 0


def test_cycles_terminate_and_are_reported(store: LineageStore) -> None:
    store.write([rec("c/A", claim("c/B")), rec("c/B", claim("c/C")), rec("c/C", claim("c/A"))])
    lin = store.ancestors("c/A")
    assert len(lin.edges) == 3
    assert len(lin.cycles) == 1 and sorted(lin.cycles[0]) == ["c/A", "c/B", "c/C"]
    down = store.descendants("c/A")
    assert down.total == 2  # B and C, never A itself again


def test_self_reference_is_a_cycle(store: LineageStore) -> None:
    store.write([rec("s/Self", claim("s/Self"))])
    lin = store.ancestors("s/Self")
    assert lin.cycles == [["s/Self"]]


def test_depth_cap_truncates(store: LineageStore) -> None:
    chain = [rec(f"d/m{i}", claim(f"d/m{i + 1}")) for i in range(30)]
    store.write(chain)
    full = store.ancestors("d/m0")
    assert len(full.edges) == 30 and not full.truncated
    capped = store.ancestors("d/m0", max_depth=5)
    assert len(capped.edges) == 5 and capped.truncated


def test_descendants_count_per_relation_and_depth(store: LineageStore) -> None:
    store.write(family())
    down = store.descendants("org/Base")
    assert down.total == 7
    assert dict(down.direct_counts) == {"finetune": 2}
    assert dict(down.counts) == {
        "finetune": 2,
        "distillation": 1,
        "quantized": 2,
        "adapter": 1,
        "merge": 1,
    }
    one = store.descendants("org/Distill-Small", max_depth=1)
    assert dict(one.counts) == {"quantized": 2, "adapter": 1, "merge": 1}
    only_q = store.descendants("org/Distill-Small", relations=["quantized"])
    assert only_q.total == 2
    limited = store.descendants("org/Base", limit=2)
    assert len(limited.edges) == 2 and limited.truncated and limited.total == 7


def test_children_list_direct_derivations_with_evidence(store: LineageStore) -> None:
    store.write(family())
    kids = store.children("org/Distill-Small")
    assert [(e.child, e.relation) for e in kids] == [
        ("a/lora", "adapter"),
        ("m/merge", "merge"),
        ("q/Distill-Small-GGUF", "quantized"),
        ("q2/Distill-Small-GGUF", "quantized"),
    ]


def test_path_down_up_and_through_a_common_ancestor(store: LineageStore) -> None:
    store.write(family())
    up = store.path("q/Distill-Small-GGUF", "org/Base")
    assert edges_of(up) == {
        ("q/Distill-Small-GGUF", "org/Distill-Small", "quantized"),
        ("org/Distill-Small", "org/Reasoner", "distillation"),
        ("org/Reasoner", "org/Base", "finetune"),
    }
    down = store.path("org/Base", "q/Distill-Small-GGUF")
    assert edges_of(down) == edges_of(up)
    siblings = store.path("a/lora", "org/Chat")
    assert ("org/Chat", "org/Base", "finetune") in edges_of(siblings)
    assert ("org/Reasoner", "org/Base", "finetune") in edges_of(siblings)
    assert not edges_of(store.path("a/lora", "p/child-of-ghost"))


def test_unresolved_references_never_become_models(store: LineageStore) -> None:
    bad = Unresolved("./checkpoints/run-3", EvidenceKind.CARD_YAML, "local path")
    store.write([rec("u/model", unresolved=[bad])])
    assert store.parents("u/model") == []
    assert store.stats()["models"] == 1


def test_iterating_nodes_and_edges_covers_the_graph(store: LineageStore) -> None:
    store.write(family())
    nodes = {n.id for n in store.iter_nodes()}
    assert "ghost/Unknown-Base" in nodes and len(nodes) == 11
    assert len(list(store.iter_edges())) == 10
    stats = store.stats()
    assert stats["models"] == 11 and stats["placeholders"] == 1 and stats["edges"] == 10


def test_nodes_carry_the_licence_declaration_and_evaluation_results(store: LineageStore) -> None:
    card = rec("lic/Chat", claim("lic/Base"), license="other")
    card.license_name, card.license_link = "tongyi-qianwen", "https://example.org/terms"
    card.evals = [
        EvalResult("text-generation", "cais/mmlu", "acc", "71.5"),
        EvalResult(None, "gsm8k", "exact_match", "0.62"),
    ]
    # A side source that states another licence: the node keeps one declaration whole.
    hub = rec("lic/Chat", source="hub:lic/Chat", license="apache-2.0")
    hub.evals = [EvalResult(None, "gsm8k", "exact_match", "0.62")]
    store.write([card, hub, rec("lic/Base", license="mit")])
    node = store.node("LIC/chat")
    assert node is not None
    got = (node.declared_license, node.license_name, node.license_link, node.license_source)
    assert got == ("apache-2.0", None, None, "hub:lic/Chat")
    # Results of every own source, in one order, each once.
    assert [(e.dataset, e.metric, e.value) for e in node.evals] == [
        ("gsm8k", "exact_match", "0.62"),
        ("cais/mmlu", "acc", "71.5"),
    ]
    store.remove_sources(["hub:lic/Chat"])
    node = store.node("lic/Chat")
    assert node is not None and node.license == "tongyi-qianwen"
    got = (node.declared_license, node.license_name, node.license_link, node.license_source)
    assert got == ("other", "tongyi-qianwen", "https://example.org/terms", "card:lic/Chat")
    base = store.ancestors("lic/Chat").nodes["lic/base"]
    assert (base.declared_license, base.license_source, base.evals) == ("mit", "card:lic/Base", [])
    ghost = store.node("lic/Base")
    assert ghost is not None and ghost.to_json(full=True)["evals"] == []

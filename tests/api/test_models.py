"""Model and lineage endpoints, against the embedded store and against Neo4j."""

from __future__ import annotations

from tests.api.conftest import ApiServer


def edge_set(data: dict) -> set[tuple[str, str, str]]:  # type: ignore[type-arg]
    return {(e["child"], e["parent"], e["relation"]) for e in data["edges"]}


def test_model_facts_parents_and_children_counts(any_api: ApiServer) -> None:
    with any_api.client() as c:
        r = c.get("/models/ORG/distill-small")  # case-insensitive, display case kept
    assert r.status_code == 200
    data = r.json()
    assert data["id"] == "org/Distill-Small" and data["license"] == "mit"
    assert data["datasets"] == ["org/reasoning-traces"]
    assert {(p["parent"], p["relation"]) for p in data["parents"]} == {
        ("org/Reasoner", "distillation"),
        ("other/Small", "finetune"),
    }
    evidence = next(p for p in data["parents"] if p["parent"] == "org/Reasoner")["evidence"]
    assert evidence[0]["kind"] == "card-prose" and evidence[0]["source"] == "card:org/Distill-Small"
    assert data["children"] == {"adapter": 1, "merge": 1, "quantized": 2}


def test_legacy_single_segment_ids(any_api: ApiServer) -> None:
    with any_api.client() as c:
        facts = c.get("/models/gpt2").json()
        below = c.get("/models/gpt2/descendants").json()
        up = c.get("/models/someone/gpt2-chat/ancestors").json()
    assert facts["id"] == "gpt2" and facts["children"] == {"finetune": 1}
    assert edge_set(below) == {("someone/gpt2-chat", "gpt2", "finetune")}
    assert edge_set(up) == {("someone/gpt2-chat", "gpt2", "finetune")}


def test_ancestors_reach_the_roots_and_depth_caps(any_api: ApiServer) -> None:
    with any_api.client() as c:
        full = c.get("/models/q/Distill-Small-GGUF/ancestors").json()
        one = c.get("/models/q/Distill-Small-GGUF/ancestors", params={"depth": 1}).json()
    assert edge_set(full) == {
        ("q/Distill-Small-GGUF", "org/Distill-Small", "quantized"),
        ("org/Distill-Small", "org/Reasoner", "distillation"),
        ("org/Distill-Small", "other/Small", "finetune"),
        ("org/Reasoner", "org/Base", "finetune"),
    }
    assert not full["truncated"] and full["cycles"] == []
    assert edge_set(one) == {("q/Distill-Small-GGUF", "org/Distill-Small", "quantized")}
    assert one["truncated"]


def test_descendants_are_counted_and_paginated(any_api: ApiServer) -> None:
    with any_api.client() as c:
        whole = c.get("/models/org/Base/descendants", params={"limit": 1000}).json()
        pages: list[tuple[str, str, str]] = []
        offset: int | None = 0
        while offset is not None:
            page = c.get(
                "/models/org/Base/descendants", params={"limit": 3, "offset": offset}
            ).json()
            assert page["total"] == whole["total"] and page["counts"] == whole["counts"]
            assert len(page["edges"]) <= 3
            pages.extend((e["child"], e["parent"], e["relation"]) for e in page["edges"])
            offset = page["next_offset"]
        quantized = c.get(
            "/models/org/Distill-Small/descendants", params={"relation": "quantized"}
        ).json()
    assert whole["total"] == 7
    assert whole["counts"] == {
        "adapter": 1, "distillation": 1, "finetune": 2, "merge": 1, "quantized": 2
    }  # fmt: skip
    assert whole["direct_counts"] == {"finetune": 2}
    assert sorted(pages) == sorted(edge_set(whole))
    assert quantized["counts"] == {"quantized": 2}
    assert {e["child"] for e in quantized["edges"]} == {
        "q/Distill-Small-GGUF",
        "q2/Distill-Small-GGUF",
    }


def test_path_between_two_models(any_api: ApiServer) -> None:
    with any_api.client() as c:
        r = c.get("/models/m/merge/path", params={"to": "https://huggingface.co/other/Small"})
        unrelated = c.get("/models/gpt2/path", params={"to": "org/Base"})
    assert r.status_code == 200
    assert edge_set(r.json()) == {
        ("m/merge", "org/Distill-Small", "merge"),
        ("org/Distill-Small", "other/Small", "finetune"),
    }
    assert unrelated.status_code == 200 and unrelated.json()["edges"] == []


def test_edges_list_evidence_and_sources(any_api: ApiServer) -> None:
    with any_api.client() as c:
        data = c.get("/models/org/Distill-Small/edges").json()
        few = c.get("/models/org/Distill-Small/edges", params={"limit": 1}).json()
    assert {e["parent"] for e in data["parents"]} == {"org/Reasoner", "other/Small"}
    assert {e["child"] for e in data["children"]} == {
        "q/Distill-Small-GGUF", "q2/Distill-Small-GGUF", "a/lora", "m/merge"
    }  # fmt: skip
    for edge in data["parents"] + data["children"]:
        assert edge["relation"] and edge["evidence"]
        assert all(ev["source"].startswith("card:") for ev in edge["evidence"])
    assert not data["children_truncated"]
    assert len(few["children"]) == 1 and few["children_truncated"]


def test_unknown_models_and_bad_parameters(any_api: ApiServer) -> None:
    with any_api.client() as c:
        assert c.get("/models/nobody/nothing").status_code == 404
        assert c.get("/models/nobody/nothing/ancestors").status_code == 404
        assert c.get("/models/org/Base/path", params={"to": "nobody/x"}).status_code == 404
        assert c.get("/models/org/Base/path", params={"to": "./local/ckpt"}).status_code == 400
        assert c.get("/models/org/Base/descendants", params={"limit": 0}).status_code == 422
        bad = c.get("/models/org/Base/descendants", params={"relation": "cloned"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"


def test_placeholder_models_are_served(any_api: ApiServer) -> None:
    with any_api.client() as c:
        ghost = c.get("/models/ghost/Unknown-Base").json()
    assert ghost["placeholder"] is True and ghost["children"] == {"finetune": 1}

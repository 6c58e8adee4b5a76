"""Search-as-you-type over model ids, and datasets → models."""

from __future__ import annotations

from tests.api.conftest import ApiServer


def test_search_prefix_name_prefix_and_substring(api: ApiServer) -> None:
    with api.client() as c:
        exact = c.get("/search", params={"q": "ORG/BASE"}).json()["results"]
        prefix = c.get("/search", params={"q": "org/"}).json()["results"]
        name = c.get("/search", params={"q": "distill"}).json()["results"]
        inner = c.get("/search", params={"q": "small-gg"}).json()["results"]
        capped = c.get("/search", params={"q": "o", "limit": 2}).json()["results"]
        none = c.get("/search", params={"q": "zzzz-nothing"}).json()["results"]
    assert exact[0] == "org/Base"
    assert {"org/Base", "org/Chat", "org/Reasoner", "org/Distill-Small"} <= set(prefix)
    assert name[:3] == ["org/Distill-Small", "q/Distill-Small-GGUF", "q2/Distill-Small-GGUF"]
    assert set(inner) >= {"q/Distill-Small-GGUF", "q2/Distill-Small-GGUF"}
    assert len(capped) == 2
    assert none == []


def test_search_validates_its_parameters(api: ApiServer) -> None:
    with api.client() as c:
        assert c.get("/search").status_code == 422
        assert c.get("/search", params={"q": ""}).status_code == 422
        assert c.get("/search", params={"q": "a", "limit": 1000}).status_code == 422


def test_models_trained_on_a_dataset(any_api: ApiServer) -> None:
    with any_api.client() as c:
        direct = c.get("/datasets/org/reasoning-traces/models").json()
        trans = c.get("/datasets/ORG/Reasoning-Traces/models", params={"transitive": True}).json()
        legacy = c.get("/datasets/openwebtext/models", params={"transitive": True}).json()
        missing = c.get("/datasets/nobody/nothing/models")
    assert direct["direct"] == ["org/Distill-Small"] and direct["derived"] == []
    assert trans["direct"] == ["org/Distill-Small"]
    assert {d["id"] for d in trans["derived"]} == {
        "q/Distill-Small-GGUF", "q2/Distill-Small-GGUF", "a/lora", "m/merge"
    }  # fmt: skip
    assert all(d["via"] == ["org/Distill-Small"] for d in trans["derived"])
    assert trans["derived_counts"] == {"org/Distill-Small": 4}
    assert legacy["direct"] == ["gpt2"]
    assert [d["id"] for d in legacy["derived"]] == ["someone/gpt2-chat"]
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"

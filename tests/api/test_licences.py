"""Licences, evaluation comparisons, AI-BOMs and completeness over HTTP (a real server)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from lineage.core.records import SourceRecord
from lineage.exporters.aibom import validate_cyclonedx, validate_spdx
from tests.api.conftest import ApiServer, start_server, stop_server
from tests.factories import claim, rec
from tests.test_cli_licences import eval_family


def licence_family() -> list[SourceRecord]:
    """A Llama base, a relabelled fine-tune, a Qwen-style base named in license_name and an
    unlicensed fine-tune of it."""
    qwen = rec("qw/Q-Chat-72B", license="other")
    qwen.license_name, qwen.license_link = "tongyi-qianwen", "https://example.org/q-terms"
    return [
        rec("meta/Llama-3.1-8B", license="llama3.1"),
        rec("relabel/SuperChat-8B", claim("meta/Llama-3.1-8B"), license="mit"),
        qwen,
        rec("quiet/Q-Helper-72B", claim("qw/Q-Chat-72B")),
    ]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    srv = start_server(
        tmp_path_factory.mktemp("api-licences"), [*licence_family(), *eval_family()], {}
    )
    yield srv
    stop_server(srv)


def get(server: ApiServer, path: str, **params: Any) -> httpx.Response:
    with server.client() as c:
        return c.get(path, params=params)


def assert_error(r: httpx.Response, status: int, code: str) -> None:
    assert r.status_code == status, r.text
    assert r.json() == {"error": {"code": code, "message": r.json()["error"]["message"],
                                  "status": status}}  # fmt: skip
    assert r.json()["error"]["message"]


def test_licenses_of_a_relabelled_fine_tune(server: ApiServer) -> None:
    r = get(server, "/models/RELABEL/superchat-8b/licenses")
    assert r.status_code == 200
    data = r.json()
    assert data["model"] == "relabel/SuperChat-8B"
    assert sorted(f["rule"] for f in data["findings"]) == ["LIC-NAMING", "LIC-RELABEL"]
    relabel = next(f for f in data["findings"] if f["rule"] == "LIC-RELABEL")
    assert relabel["severity"] == "error"
    assert relabel["edge"] == {
        "child": "relabel/SuperChat-8B", "parent": "meta/Llama-3.1-8B", "relation": "finetune",
    }  # fmt: skip
    base = next(m for m in data["models"] if m["model"] == "meta/Llama-3.1-8B")
    assert base["declared_in"] == ["card:meta/Llama-3.1-8B"]
    assert data["completeness"]["model"] == "relabel/SuperChat-8B"


def test_licenses_read_license_name_and_report_the_effective_licence(server: ApiServer) -> None:
    data = get(server, "/models/quiet/Q-Helper-72B/licenses").json()
    base = next(m for m in data["models"] if m["model"] == "qw/Q-Chat-72B")
    assert base["declared"]["license_link"] == "https://example.org/q-terms"
    assert base["effective_license"] == "tongyi-qianwen"
    own = next(m for m in data["models"] if m["model"] == "quiet/Q-Helper-72B")
    assert own["effective_license"] == "tongyi-qianwen"
    assert [f["rule"] for f in data["findings"]] == ["LIC-MISSING"]


def test_compare_with_parents_and_ancestors(server: ApiServer) -> None:
    data = get(server, "/models/ev/Chat/compare").json()
    [c] = data["comparisons"]
    assert c["parent"] == "ev/Base" and c["relation"] == "finetune"
    assert {d["benchmark"]: d["delta"] for d in c["shared"]} == pytest.approx(
        {"gsm8k": -5.0, "mmlu": 5.0}
    )
    assert [f["rule"] for f in data["findings"]] == ["EVAL-REGRESSION"]
    deep = get(server, "/models/ev/Chat-DPO/compare", ancestors="true").json()
    assert [(c["parent"], c["distance"]) for c in deep["comparisons"]] == [
        ("ev/Chat", 1),
        ("ev/Base", 2),
    ]


def test_aibom_in_both_formats_validates(server: ApiServer) -> None:
    r = get(server, "/models/ev/Chat-DPO/aibom")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.cyclonedx+json")
    doc = r.json()
    validate_cyclonedx(doc)
    props = {p["name"]: p["value"] for p in doc["metadata"]["component"]["properties"]}
    assert "model-lineage:completeness" in props
    r = get(server, "/models/relabel/SuperChat-8B/aibom", format="spdx")
    assert r.headers["content-type"].startswith("application/spdx+json")
    spdx = r.json()
    validate_spdx(spdx)
    assert {e.get("name") for e in spdx["@graph"]} >= {"relabel/SuperChat-8B", "meta/Llama-3.1-8B"}


def test_the_model_route_carries_the_declaration_results_and_completeness(
    server: ApiServer,
) -> None:
    data = get(server, "/models/qw/Q-Chat-72B").json()
    assert (data["declared_license"], data["license_name"], data["license_source"]) == (
        "other",
        "tongyi-qianwen",
        "card:qw/Q-Chat-72B",
    )
    assert data["license"] == "tongyi-qianwen"
    chat = get(server, "/models/ev/Chat").json()
    assert len(chat["evals"]) == 3 and chat["completeness"]["score"] == 1.0


def test_errors_have_the_one_shape(server: ApiServer) -> None:
    for sub in ("licenses", "compare", "aibom"):
        assert_error(get(server, f"/models/nobody/Nothing/{sub}"), 404, "not_found")
    assert_error(get(server, "/models/ev/Chat/aibom", format="xml"), 422, "validation_error")
    assert_error(get(server, "/models/ev/Chat/compare", ancestors="maybe"), 422, "validation_error")


def test_both_engines_give_the_same_answers(api: ApiServer, neo4j_api: ApiServer) -> None:
    paths = [
        "/models/org/Distill-Small/licenses",
        "/models/m/merge/licenses",
        "/models/q/Distill-Small-GGUF/licenses",
        "/models/q/Distill-Small-GGUF/compare?ancestors=true",
        "/models/org/Distill-Small",
    ]
    for path in paths:
        embedded, neo4j = get(api, path), get(neo4j_api, path)
        assert embedded.status_code == neo4j.status_code == 200, path
        assert embedded.json() == neo4j.json(), path
    for fmt in ("cyclonedx", "spdx"):
        docs = [get(s, "/models/m/merge/aibom", format=fmt).json() for s in (api, neo4j_api)]
        for doc in docs:
            (validate_cyclonedx if fmt == "cyclonedx" else validate_spdx)(doc)
        names = [sorted(str(e.get("name")) for e in _elements(d)) for d in docs]
        assert names[0] == names[1]


def _elements(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Every named element of an AI-BOM (serial numbers and ids differ between calls)."""
    if "@graph" in doc:
        return [e for e in doc["@graph"] if "name" in e]
    found: list[dict[str, Any]] = []

    def walk(component: dict[str, Any]) -> None:
        found.append(component)
        for child in component.get("pedigree", {}).get("ancestors", []):
            walk(child)

    walk(doc["metadata"]["component"])
    components: list[dict[str, Any]] = doc.get("components", [])
    return found + components

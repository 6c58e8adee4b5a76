"""Provenance lookup and imports: API keys, uploads, zip safety, body limits."""

from __future__ import annotations

import base64
import hmac
import io
import os
import stat
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from lineage.api import security
from lineage.ingest.summary import ImportSummary
from tests.api.conftest import (
    MAX_BODY,
    MAX_UPLOAD,
    ZIP_MAX_BYTES,
    ZIP_MAX_FILES,
    ApiServer,
)
from tests.conftest import EXAMPLES

CHILD_OF_DISTILL = "---\nbase_model: org/Distill-Small\nlicense: mit\n---\n# A fine-tune\n"
# What the tests store derives from other/Small, whose children no other test counts.
UPLOADED = "---\nbase_model: other/Small\nlicense: mit\n---\n# An uploaded fine-tune\n"


def card(path: str) -> bytes:
    return (EXAMPLES / path / "README.md").read_bytes()


def zipped(entries: dict[str, bytes], symlinks: dict[str, str] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, target)
    return buf.getvalue()


# -- lookup ---------------------------------------------------------------------------


def test_lookup_returns_parents_with_their_lineage_and_stores_nothing(any_api: ApiServer) -> None:
    with any_api.client() as c:
        r = c.post("/lookup", json={"filename": "README.md", "content": CHILD_OF_DISTILL})
        after = c.get("/models/lookup/provisional-model")
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["provisional"] is True and data["stored"] is False and data["reader"] == "card"
    [parent] = data["parents"]
    assert parent["id"] == "org/Distill-Small" and parent["known"] is True
    assert parent["evidence"][0]["kind"] == "card-yaml"
    edges = {(e["child"], e["parent"]) for e in parent["lineage"]["edges"]}
    assert ("org/Reasoner", "org/Base") in edges and ("org/Distill-Small", "other/Small") in edges
    assert data["facts"]["license"] == "mit"
    assert after.status_code == 404


def test_lookup_by_multipart_file_and_base64(api: ApiServer) -> None:
    bartowski = card("bartowski/DeepSeek-R1-Distill-Qwen-32B-GGUF")
    with api.client() as c:
        multi = c.post("/lookup", files={"file": ("README.md", bartowski, "text/markdown")})
        b64 = c.post(
            "/lookup",
            json={
                "filename": "README.md",
                "content_base64": base64.b64encode(bartowski).decode(),
                "model_id": "bartowski/DeepSeek-R1-Distill-Qwen-32B-GGUF",
            },
        )
    for r in (multi, b64):
        assert r.status_code == 200, r.text
        [parent] = r.json()["parents"]
        assert parent["id"] == "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B"
        assert parent["relation"] == "quantized"
    assert b64.json()["model"] == "bartowski/DeepSeek-R1-Distill-Qwen-32B-GGUF"
    assert b64.json()["provisional"] is False


def test_lookup_of_unknown_parents_and_local_paths(api: ApiServer) -> None:
    text = "---\nbase_model:\n- nobody/Unknown-7B\n- ./checkpoints/final\n---\n"
    with api.client() as c:
        data = c.post("/lookup", json={"filename": "README.md", "content": text}).json()
    [parent] = data["parents"]
    assert parent["id"] == "nobody/Unknown-7B" and parent["known"] is False
    assert parent["lineage"] is None
    assert [u["value"] for u in data["unresolved"]] == ["./checkpoints/final"]


def test_lookup_refuses_unknown_files_and_bad_bodies(api: ApiServer) -> None:
    with api.client() as c:
        unknown = c.post("/lookup", json={"filename": "weights.bin", "content": "x"})
        both = c.post(
            "/lookup", json={"filename": "README.md", "content": "x", "content_base64": "eA=="}
        )
        media = c.post("/lookup", content=b"x", headers={"Content-Type": "text/plain"})
        broken = c.post("/lookup", content=b"{", headers={"Content-Type": "application/json"})
    assert unknown.status_code == 400 and "readme.md" in unknown.json()["error"]["message"]
    assert both.status_code == 400
    assert media.status_code == 415
    assert broken.status_code == 400


def test_lookup_store_needs_the_key_then_stores(api: ApiServer) -> None:
    body = {"filename": "README.md", "content": UPLOADED, "model_id": "acme/Stored-1"}
    with api.client() as c:
        refused = c.post("/lookup", params={"store": True}, json=body)
        stored = c.post("/lookup", params={"store": True}, json=body, headers=api.auth())
        model = c.get("/models/acme/Stored-1")
    assert refused.status_code == 401
    assert stored.status_code == 200 and stored.json()["stored"] is True
    assert model.status_code == 200 and model.json()["parents"][0]["parent"] == "other/Small"


# -- API key --------------------------------------------------------------------------


def _import(c: httpx.Client, headers: dict[str, str]) -> httpx.Response:
    files = [("files", ("acme/Keyed/README.md", UPLOADED.encode(), "text/markdown"))]
    return c.post("/import", files=files, headers=headers)


def test_import_needs_the_right_key(api: ApiServer, keyless_api: ApiServer) -> None:
    assert api.api_key
    with api.client() as c:
        missing = _import(c, {})
        wrong = _import(c, {"Authorization": "Bearer not-the-key"})
        wrong_header = _import(c, {"X-API-Key": api.api_key + "x"})
        bearer = _import(c, api.auth())
        header = _import(c, {"X-API-Key": api.api_key})
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert wrong.status_code == 403 and wrong_header.status_code == 403
    assert bearer.status_code == 200 and header.status_code == 200
    with keyless_api.client() as c:
        disabled = _import(c, {"Authorization": "Bearer anything"})
    assert disabled.status_code == 403
    assert "LINEAGE_API_KEY" in disabled.json()["error"]["message"]


def test_keys_are_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real: Callable[[bytes, bytes], bool] = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert security.key_matches("sésame", "sésame")
    assert not security.key_matches("sesame", "sésame")
    assert len(calls) == 2 and all(isinstance(a, bytes) for a, _ in calls)


# -- imports --------------------------------------------------------------------------


def test_import_cards_named_by_path(api: ApiServer) -> None:
    names = [
        "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B",
        "Qwen/Qwen2.5-32B",
        "broken-org/malformed-yaml",
    ]
    files = [("files", (f"{n}/README.md", card(n), "text/markdown")) for n in names]
    files.append(("files", ("README.md", b"---\nlicense: mit\n---\n", "text/markdown")))
    with api.client() as c:
        r = c.post("/import", files=files, headers=api.auth())
        up = c.get("/models/deepseek-ai/DeepSeek-R1-Distill-Qwen-32B/ancestors").json()
        found = c.get("/search", params={"q": "DeepSeek-R1-Distill-Qwen-3"}).json()["results"]
        seen = c.get(
            "/sparql",
            params={"query": 'ASK { ?m lin:hubId "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B" }'},
        ).json()
        location = c.get("/models/Qwen/Qwen2.5-32B/edges").json()
        where = c.get("/sparql", params={"query": (
            "SELECT DISTINCT ?loc { GRAPH ?src { ?src prov:atLocation ?loc } "
            'FILTER(CONTAINS(STR(?loc), "DeepSeek-R1-Distill-Qwen-32B")) }'
        )}).json()["results"]["bindings"]  # fmt: skip
    assert r.status_code == 200, r.text
    # The evidence says where the client's file was, never the server's temp folder.
    assert [b["loc"]["value"] for b in where] == [
        "upload:deepseek-ai/DeepSeek-R1-Distill-Qwen-32B/README.md"
    ]
    summary = r.json()
    assert set(summary) == set(ImportSummary().to_json())  # the CLI's --json summary
    assert summary["files_read"] == 3 and summary["sources"] == 2
    errors = {e["path"]: e["reason"] for e in summary["errors"]}
    assert "upload:broken-org/malformed-yaml/README.md" in errors
    assert "model id" in errors["README.md"]
    assert not any("/tmp" in p or "lineage-upload" in p for p in errors)
    assert ("deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "Qwen/Qwen2.5-32B") in {
        (e["child"], e["parent"]) for e in up["edges"]
    }
    assert "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B" in found  # the id index was refreshed
    assert seen["boolean"] is True  # and the SPARQL workers reopened the store
    assert location["model"] == "Qwen/Qwen2.5-32B"


def test_import_with_model_id_and_zipped_repos(api: ApiServer) -> None:
    tree = zipped({
        "deepseek-ai/DeepSeek-V3/README.md": card("deepseek-ai/DeepSeek-V3"),
        "deepseek-ai/DeepSeek-V3-Base/README.md": card("deepseek-ai/DeepSeek-V3-Base"),
        "deepseek-ai/DeepSeek-V3/model.safetensors": b"\0" * 10,
    })  # fmt: skip
    one_repo = zipped({"checkout/README.md": UPLOADED.encode()})
    with api.client() as c:
        single = c.post(
            "/import",
            files=[("files", ("README.md", UPLOADED.encode(), "text/markdown"))],
            data={"model_id": "acme/Single"},
            headers=api.auth(),
        )
        zipped_tree = c.post("/import", files=[("files", ("cards.zip", tree))], headers=api.auth())
        zipped_repo = c.post(
            "/import",
            files=[("files", ("repo.zip", one_repo))],
            data={"model_id": "acme/Zipped"},
            headers=api.auth(),
        )
        v3 = c.get("/models/deepseek-ai/DeepSeek-V3").json()
        zip_model = c.get("/models/acme/Zipped").json()
    assert single.status_code == 200 and single.json()["sources"] == 1
    assert zipped_tree.status_code == 200, zipped_tree.text
    assert zipped_tree.json()["files_read"] == 2 and zipped_tree.json()["errors"] == []
    assert zipped_repo.status_code == 200 and zipped_repo.json()["sources"] == 1
    assert "deepseek-ai/DeepSeek-V3-Base" in {p["parent"] for p in v3["parents"]}
    assert zip_model["parents"][0]["parent"] == "other/Small"


def test_zips_without_an_org_name_layout_name_no_model_after_the_server(api: ApiServer) -> None:
    flat = zipped({"README.md": UPLOADED.encode(), "one-repo/README.md": UPLOADED.encode()})
    with api.client() as c:
        r = c.post("/import", files=[("files", ("flat.zip", flat))], headers=api.auth())
        found = c.get("/search", params={"q": "upload"}).json()["results"]
    assert r.status_code == 200, r.text
    assert r.json()["sources"] == 0 and len(r.json()["errors"]) == 2
    assert all("model id" in e["reason"] for e in r.json()["errors"])
    assert {e["path"] for e in r.json()["errors"]} <= {"upload:", "upload:one-repo"}
    assert found == []


def test_import_writes_every_store(neo4j_api: ApiServer) -> None:
    files = [("files", ("acme/Both/README.md", UPLOADED.encode(), "text/markdown"))]
    with neo4j_api.client() as c:
        r = c.post("/import", files=files, headers=neo4j_api.auth())
        from_neo4j = c.get("/models/acme/Both")  # this server answers from Neo4j
        from_rdf = c.get(
            "/sparql", params={"query": 'ASK { ?m lin:hubId "acme/Both" }'}
        )  # SPARQL reads the embedded store
    assert r.status_code == 200, r.text
    assert from_neo4j.status_code == 200
    assert from_neo4j.json()["parents"][0]["parent"] == "other/Small"
    assert from_rdf.status_code == 200, from_rdf.text
    assert from_rdf.json()["boolean"] is True


# -- zip safety -----------------------------------------------------------------------


@pytest.fixture
def escape_dir() -> Iterator[Path]:
    """Where a path-traversal entry would land if extraction trusted it."""
    path = Path("/tmp/lineage-api-escape")
    yield path
    if path.exists():
        for child in sorted(path.rglob("*"), reverse=True):
            child.unlink() if child.is_file() else child.rmdir()
        path.rmdir()


@pytest.mark.parametrize(
    "entries",
    [
        {"../../../../tmp/lineage-api-escape/README.md": UPLOADED.encode()},
        {"org/../../x/README.md": UPLOADED.encode()},
        {"/tmp/lineage-api-escape/README.md": UPLOADED.encode()},
        {"C:/Windows/README.md": UPLOADED.encode()},
        {"evil\\..\\README.md": UPLOADED.encode()},
    ],
    ids=["dotdot", "inner-dotdot", "absolute", "drive", "backslash"],
)
def test_zip_path_traversal_is_refused(
    api: ApiServer, escape_dir: Path, entries: dict[str, bytes]
) -> None:
    with api.client() as c:
        r = c.post("/import", files=[("files", ("evil.zip", zipped(entries)))], headers=api.auth())
    assert r.status_code == 400, r.text
    assert "unsafe path" in r.json()["error"]["message"]
    assert not escape_dir.exists()


def test_zip_symlinks_are_refused(api: ApiServer) -> None:
    data = zipped({}, symlinks={"org/model/README.md": "/etc/passwd"})
    with api.client() as c:
        r = c.post("/import", files=[("files", ("link.zip", data))], headers=api.auth())
    assert r.status_code == 400 and "symlink" in r.json()["error"]["message"]


def test_zip_bombs_and_oversized_zips_are_refused(api: ApiServer) -> None:
    bomb = zipped({"org/bomb/README.md": b"0" * (ZIP_MAX_BYTES - 1000)})
    big = zipped({f"org/m{i}/README.md": os.urandom(ZIP_MAX_BYTES // 4) for i in range(5)})
    many = zipped({f"org/m{i}/README.md": b"---\n---\n" for i in range(ZIP_MAX_FILES + 1)})
    not_zip = b"PK\x03\x04 this is not really a zip"
    with api.client() as c:
        answers = {
            name: c.post("/import", files=[("files", (f"{name}.zip", data))], headers=api.auth())
            for name, data in [("bomb", bomb), ("big", big), ("many", many), ("bad", not_zip)]
        }
        assert c.get("/models/org/bomb").status_code == 404
    assert len(bomb) < MAX_UPLOAD and len(big) < MAX_UPLOAD
    assert answers["bomb"].status_code == 413
    assert "zip bomb" in answers["bomb"].json()["error"]["message"]
    assert answers["big"].status_code == 413 and "expands to" in answers["big"].text
    assert answers["many"].status_code == 413 and "entries" in answers["many"].text
    assert answers["bad"].status_code == 400


# -- body limits ----------------------------------------------------------------------


def test_bodies_over_the_limit_are_refused(api: ApiServer) -> None:
    big = {"filename": "README.md", "content": "x" * (MAX_BODY + 1)}

    def stream() -> Iterator[bytes]:
        for _ in range(MAX_BODY // 1024 + 10):
            yield b"x" * 1024

    with api.client() as c:
        declared = c.post("/lookup", json=big)
        chunked = c.post(
            "/sparql", content=stream(), headers={"Content-Type": "application/sparql-query"}
        )
        upload = c.post(
            "/import",
            files=[("files", ("a/b/README.md", b"x" * (MAX_UPLOAD + 1)))],
            headers=api.auth(),
        )
        ok = c.post("/lookup", json={"filename": "README.md", "content": "x" * (MAX_BODY // 2)})
    for r in (declared, chunked, upload):
        assert r.status_code == 413, r.text
        assert r.json()["error"]["code"] == "payload_too_large"
    assert "chunked" in chunked.request.headers.get("transfer-encoding", "")
    assert ok.status_code == 200

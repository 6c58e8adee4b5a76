"""The live-Hub importer against a local HTTP server replaying hand-written Hub responses.

The server speaks the Hub's real wire format for the calls ``huggingface_hub``
makes: ``GET /api/models/ORG/NAME`` (model info), ``GET /api/models?filter=…``
(listing), ``HEAD``/``GET /ORG/NAME/resolve/REV/FILE`` (downloads, with the
``X-Repo-Commit``/``ETag`` headers ``hf_hub_download`` requires), and the Hub's
error headers (``X-Error-Code: RepoNotFound|GatedRepo``, ``Retry-After``).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from typer.testing import CliRunner

from importers.hub_live import HubClient, HubOptions
from lineage.cli import app
from lineage.ingest.hub import import_from_hub
from lineage.stores.oxigraph.store import OxigraphStore

LIVE = Path(__file__).parent / "fixtures" / "hub" / "live"


class FakeHub(ThreadingHTTPServer):
    """A Hub endpoint on localhost serving the fixture tree."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), HubHandler)
        self.requests: list[str] = []
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that timed out has hung up: that is the point of the slow model."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class HubHandler(BaseHTTPRequestHandler):
    server: FakeHub

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        with self.server.lock:
            self.server.requests.append(f"{self.command} {path}")
        if path == "/api/models":
            return self._listing(parse_qs(url.query))
        if path.startswith("/api/models/"):
            repo = path.removeprefix("/api/models/").split("/revision/")[0]
            return self._model_info(repo)
        repo, sep, rest = path.lstrip("/").partition("/resolve/")
        if sep:
            return self._file(repo, rest.partition("/")[2], head)
        self._error(404, "NotFound", "Not found")

    def _model_info(self, repo: str) -> None:
        org = repo.split("/")[0]
        with self.server.lock:
            self.server.hits[repo] += 1
            hits = self.server.hits[repo]
        if org == "missing-org":
            return self._error(404, "RepoNotFound", "Repository not found")
        if org == "private-org":
            # The Hub answers 401 for private repos (and missing ones) without a token.
            return self._error(401, "RepoNotFound", "Invalid username or password.")
        if org == "gated-info-org":
            message = f"Access to model {repo} is restricted. You must have access to it and be authenticated to access it. Please log in."
            return self._error(401, "GatedRepo", message)
        if org == "throttled-org" or (org == "busy-org" and hits == 1):
            return self._error(429, None, "Too Many Requests", {"Retry-After": "0"})
        if org == "slow-org":
            time.sleep(1.5)
        info = LIVE / "api" / f"{repo}.json"
        if not info.is_file():
            return self._error(404, "RepoNotFound", "Repository not found")
        self._send(200, info.read_bytes(), "application/json")

    def _listing(self, query: dict[str, list[str]]) -> None:
        wanted = {f.casefold() for f in query.get("filter", [])}
        limit = int(query.get("limit", ["1000"])[0])
        rows = []
        for info in sorted((LIVE / "api").glob("*/*.json")):
            data = json.loads(info.read_text())
            if wanted <= {t.casefold() for t in data.get("tags", [])}:
                data.pop("siblings", None)  # listings carry only the expanded fields
                rows.append(data)
        self._send(200, json.dumps(rows[:limit]).encode(), "application/json")

    def _file(self, repo: str, filename: str, head: bool) -> None:
        if repo == "gated-org/secret-7b" and filename != "README.md":
            message = (
                f"Access to model {repo} is restricted and you are not in the authorized list."
            )
            return self._error(403, "GatedRepo", message)
        path = LIVE / "repos" / repo / filename
        if not path.is_file():
            return self._error(404, "EntryNotFound", "Entry not found")
        info = json.loads((LIVE / "api" / f"{repo}.json").read_text())
        body = path.read_bytes()
        headers = {"X-Repo-Commit": info["sha"], "ETag": f'"{abs(hash(body)):x}"'}
        self._send(200, b"" if head else body, "application/octet-stream", headers, len(body))

    def _error(
        self, status: int, code: str | None, message: str, extra: dict[str, str] | None = None
    ) -> None:
        headers = {"X-Error-Message": message, **(extra or {})}
        if code:
            headers["X-Error-Code"] = code
        self._send(status, json.dumps({"error": message}).encode(), "application/json", headers)

    def _send(
        self,
        status: int,
        body: bytes,
        ctype: str,
        headers: dict[str, str] | None = None,
        length: int | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(body)


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    server = FakeHub()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def options(hub: FakeHub, tmp_path: Path) -> HubOptions:
    # token=False: never send (or look for) the machine's Hugging Face login.
    return HubOptions(endpoint=hub.url, token=False, timeout=5.0, cache_dir=tmp_path / "hf-cache")


def edges(store: OxigraphStore) -> dict[tuple[str, str], list[str]]:
    return {(e.child, e.parent): sorted(x.kind for x in e.evidence) for e in store.iter_edges()}


def test_one_model_with_its_repo_files(
    hub: FakeHub, options: HubOptions, oxi: OxigraphStore
) -> None:
    summary = import_from_hub(["lora-user/chat-7b-lora"], [oxi], options=options)
    assert summary.failures == []
    [(pair, kinds)] = edges(oxi).items()
    assert pair == ("lora-user/chat-7b-lora", "acme/chat-7b")
    # The Hub row, the card (YAML, and its prose) and the adapter config, fused on one edge.
    assert {"adapter-config", "card-yaml", "hub-api"} <= set(kinds)
    [edge] = oxi.parents("lora-user/chat-7b-lora")
    assert edge.relation == "adapter" and not edge.inferred
    node = oxi.node("lora-user/chat-7b-lora")
    assert node is not None and node.sources == [
        "card:lora-user/chat-7b-lora",
        "hub:lora-user/chat-7b-lora",
    ]
    # A checkpoint's config in a subfolder is a training stage, not the release.
    assert not any("checkpoint-100" in r for r in hub.requests)
    assert summary.files_read == 3  # model info, README.md, adapter_config.json


def test_ancestors_walk_up_to_the_root(
    hub: FakeHub, options: HubOptions, oxi: OxigraphStore
) -> None:
    summary = import_from_hub(["quanter/chat-7b-GGUF"], [oxi], ancestors=True, options=options)
    assert summary.failures == []
    assert set(edges(oxi)) == {
        ("quanter/chat-7b-GGUF", "acme/chat-7b"),
        ("acme/chat-7b", "acme/base-7b"),
    }
    assert {"card-yaml", "config-json", "hub-api"} <= set(
        edges(oxi)[("acme/chat-7b", "acme/base-7b")]
    )
    lineage = oxi.ancestors("quanter/chat-7b-GGUF")
    assert {n.id for n in lineage.nodes.values() if not n.placeholder} == {
        "quanter/chat-7b-GGUF",
        "acme/chat-7b",
        "acme/base-7b",
    }
    # The GGUF weights are never downloaded for their header.
    assert not any(r.endswith(".gguf") for r in hub.requests)


def test_descendants_are_listed_through_the_base_model_tag(
    hub: FakeHub, options: HubOptions, oxi: OxigraphStore
) -> None:
    summary = import_from_hub(["acme/chat-7b"], [oxi], descendants=1, options=options)
    assert summary.failures == []
    children = {e.child for e in oxi.children("acme/chat-7b")}
    assert children == {"quanter/chat-7b-GGUF", "lora-user/chat-7b-lora"}
    assert any(r.startswith("GET /api/models") and r.endswith("/api/models") for r in hub.requests)
    # Listed children are recorded from their listing row: no per-child downloads.
    assert not any("lora-user/chat-7b-lora/resolve" in r for r in hub.requests)


def test_two_levels_down(hub: FakeHub, options: HubOptions, oxi: OxigraphStore) -> None:
    summary = import_from_hub(["acme/base-7b"], [oxi], descendants=2, options=options)
    grandchildren = {e.child for e in oxi.children("acme/chat-7b")}
    assert grandchildren == {"quanter/chat-7b-GGUF", "lora-user/chat-7b-lora"}
    # gated-org/secret-7b is a child: its info is public, its config.json is gated.
    assert [f.reason for f in summary.failures] == [
        "gated repo: accept its conditions on the Hub and log in (HF_TOKEN)"
    ]
    assert summary.failures[0].location.endswith(
        "gated-org/secret-7b/blob/" + "5" * 40 + "/config.json"
    )


def test_children_limit_is_reported(hub: FakeHub, options: HubOptions, oxi: OxigraphStore) -> None:
    said: list[str] = []
    one = HubOptions(
        endpoint=options.endpoint, token=False, cache_dir=options.cache_dir, children_limit=1
    )
    import_from_hub(["acme/chat-7b"], [oxi], descendants=1, options=one, on_message=said.append)
    assert len(oxi.children("acme/chat-7b")) == 1
    assert said == ["acme/chat-7b: more than 1 children; imported the first 1"]


def test_each_failure_is_one_line_and_the_rest_goes_on(
    hub: FakeHub, options: HubOptions, oxi: OxigraphStore
) -> None:
    said: list[str] = []
    waits: list[float] = []
    fast = HubOptions(
        endpoint=options.endpoint, token=False, cache_dir=options.cache_dir, timeout=0.5, retries=1
    )
    client = HubClient(fast, sleep=waits.append)
    summary = import_from_hub(
        [
            "missing-org/nothing",
            "private-org/hidden",
            "gated-info-org/locked",
            "busy-org/popular",
            "throttled-org/always",
            "slow-org/sleepy",
            "acme/base-7b",
        ],
        [oxi],
        options=fast,
        client=client,
        on_message=said.append,
    )
    reasons = {f.location: f.reason for f in summary.failures}
    assert reasons == {
        "hub:missing-org/nothing": "not found on the Hub, or private without access (404)",
        "hub:private-org/hidden": "not found on the Hub, or private without access (401)",
        "hub:gated-info-org/locked": (
            "gated repo: accept its conditions on the Hub and log in (HF_TOKEN)"
        ),
        "hub:throttled-org/always": (
            "rate limited by the Hub (429) after 2 tries: "
            "try again later, or log in (HF_TOKEN) for a higher limit"
        ),
        "hub:slow-org/sleepy": "timed out after 0.5s (2 tries)",
    }
    assert all("\n" not in line for line in said) and len(said) == 5
    # busy-org answered 429 once (Retry-After: 0), then was imported.
    assert [e.parent for e in oxi.parents("busy-org/popular")] == ["acme/base-7b"]
    assert 0.0 in waits
    node = oxi.node("acme/base-7b")
    assert node is not None and not node.placeholder
    assert summary.models == {"busy-org/popular", "acme/base-7b"}


def test_bad_ids_are_usage_errors(options: HubOptions, oxi: OxigraphStore) -> None:
    from lineage.core.errors import UsageError

    with pytest.raises(UsageError):
        import_from_hub(["./not/a/model"], [oxi], options=options)


def test_cli_import_hub(hub: FakeHub, tmp_path: Path) -> None:
    db = tmp_path / "db"
    result = CliRunner().invoke(
        app,
        ["import-hub", "hub:quanter/chat-7b-GGUF", "missing-org/nothing", "--ancestors",
         "--endpoint", hub.url, "--cache-dir", str(tmp_path / "hf-cache"), "--db", str(db),
         "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["models"] == 3
    assert data["errors"] == [
        {
            "path": "hub:missing-org/nothing",
            "reason": "not found on the Hub, or private without access (404)",
        }
    ]

"""Import models straight from the Hugging Face Hub (``huggingface_hub``).

For each model asked for: ``HfApi.model_info`` (card data, tags, the Hub's
``baseModels``, the file list) becomes the ``hub:ORG/NAME`` record (mapped by
`importers.hub_rows`, exactly like a dump row), and the repo's small files
that a reader understands (README.md, adapter_config.json, mergekit_config.yml,
config.json, Modelfile) are fetched with ``hf_hub_download`` and read by the
same readers as a local folder, under the same source names — so a live
import and a local import of one repo replace each other instead of piling up.
GGUF files are not downloaded (gigabytes for a header).

``ancestors`` walks up every parent the records name (not config.json's weak
hint) to the roots; ``descendants=N`` lists children N levels down through the
``base_model:ORG/NAME`` tag (``HfApi.list_models``), at most
``children_limit`` per model, recording each from its listing row only.

Failures stay per model: a missing repo (404), a private or gated one
(401/403), rate limiting (429: waits for ``Retry-After`` and retries, then
gives up with a clear message) and timeouts each give one line, and the rest
of the import goes on.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

from importers.hub_rows import RowError, records_from_row
from importers.registry import reader_for
from lineage.core.errors import CardError, LineageError, UsageError
from lineage.core.ids import key, parse_reference
from lineage.core.records import EvidenceKind, SourceFailure, SourceRecord

if TYPE_CHECKING:
    from huggingface_hub import HfApi, ModelInfo
    from huggingface_hub.hf_api import ExpandModelProperty_T


T = TypeVar("T")
# What model_info returns with ``expand`` (only these properties, plus the id).
INFO_EXPAND: list[ExpandModelProperty_T] = [
    "author", "baseModels", "cardData", "createdAt", "downloads", "gated", "library_name",
    "likes", "pipeline_tag", "sha", "siblings", "tags",
]  # fmt: skip
LIST_EXPAND: list[ExpandModelProperty_T] = [
    "author", "cardData", "createdAt", "downloads", "library_name", "likes", "pipeline_tag",
    "tags",
]  # fmt: skip
MAX_FILE_BYTES = 5_000_000
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class HubError(LineageError):
    """One model (or file) could not be fetched; the message is one line."""

    code = "hub_error"


@dataclass(frozen=True, slots=True)
class HubOptions:
    """How to reach the Hub and how far to walk."""

    endpoint: str | None = None  # None: huggingface_hub's default (HF_ENDPOINT or huggingface.co)
    token: str | bool | None = None  # None: the user's login or HF_TOKEN; False: anonymous
    timeout: float = 10.0
    retries: int = 3  # further tries after a 429, a 5xx or a timeout
    max_wait: float = 60.0  # longest Retry-After honoured, in seconds
    cache_dir: Path | None = None  # None: the shared Hugging Face cache
    max_models: int = 1_000  # models fetched in one import, all directions together
    max_depth: int = 50
    children_limit: int = 100


class HubClient:
    """The few Hub calls an import needs, with retries and one-line errors."""

    def __init__(self, options: HubOptions, sleep: Callable[[float], None] = time.sleep) -> None:
        from huggingface_hub import HfApi

        self.options = options
        self.sleep = sleep
        self.api: HfApi = HfApi(endpoint=options.endpoint, token=options.token)
        self.endpoint = self.api.endpoint.rstrip("/")

    def model_info(self, model_id: str) -> dict[str, Any]:
        """The model-info object of one model, as a dump row."""
        info = self._call(
            lambda: self.api.model_info(
                model_id,
                expand=INFO_EXPAND,
                timeout=self.options.timeout,
            )
        )
        return info_row(info)

    def download(self, model_id: str, filename: str, revision: str | None) -> bytes:
        """One repo file's bytes, through the Hugging Face cache."""
        from huggingface_hub import hf_hub_download

        path = self._call(
            lambda: hf_hub_download(
                model_id,
                filename,
                revision=revision,
                endpoint=self.endpoint,
                token=self.options.token,
                cache_dir=self.options.cache_dir,
                etag_timeout=self.options.timeout,
            )
        )
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise HubError(f"{filename}: larger than {MAX_FILE_BYTES:,} bytes, not read")
        return data

    def children(self, model_id: str, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` models whose cards name ``model_id`` as a base model."""
        return self._call(
            lambda: [
                info_row(m)
                for m in self.api.list_models(
                    filter=f"base_model:{model_id}",
                    expand=LIST_EXPAND,
                    limit=limit,
                )
            ]
        )

    def _call(self, fn: Callable[[], T]) -> T:
        attempt = 0
        while True:
            try:
                return fn()
            except Exception as exc:  # classified below; unknown ones are re-raised
                attempt += 1
                wait = _retry_wait(exc, attempt, self.options.max_wait)
                if wait is None or attempt > self.options.retries:
                    raise HubError(describe(exc, attempt, self.options.timeout)) from exc
                self.sleep(wait)


def info_row(info: ModelInfo) -> dict[str, Any]:
    """A ``huggingface_hub.ModelInfo`` as the dict a dump row would be."""
    card: Any = info.card_data
    return {
        "id": info.id,
        # ModelCardData keeps unknown keys, so to_dict() gives back the card's YAML.
        "cardData": card.to_dict() if hasattr(card, "to_dict") else card,
        "tags": info.tags or [],
        "library_name": info.library_name,
        "pipeline_tag": info.pipeline_tag,
        "baseModels": getattr(info, "base_models", None),
        "sha": info.sha,
        "siblings": [s.rfilename for s in info.siblings or []],
        "sizes": {s.rfilename: s.size for s in info.siblings or [] if s.size is not None},
    }


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in out:
        out.append(cur)
        cur = cur.__cause__ or cur.__context__
    return out


def _status(exc: BaseException) -> int | None:
    for e in _chain(exc):
        response = getattr(e, "response", None)
        code = getattr(response, "status_code", None)
        if isinstance(code, int):
            return code
    return None


def _is_timeout(exc: BaseException) -> bool:
    return any(
        isinstance(e, TimeoutError) or type(e).__name__.endswith("Timeout") for e in _chain(exc)
    )


def _retry_wait(exc: BaseException, attempt: int, max_wait: float) -> float | None:
    """Seconds to wait before trying again, or None when trying again is pointless."""
    status = _status(exc)
    if status in _RETRY_STATUS:
        for e in _chain(exc):
            response = getattr(e, "response", None)
            header = getattr(response, "headers", {}).get("Retry-After") if response else None
            if header is not None and str(header).strip().isdigit():
                return min(float(header), max_wait)
        return min(2.0 ** (attempt - 1), max_wait)
    if status is None and _is_timeout(exc):
        return min(2.0 ** (attempt - 1), max_wait)
    return None


def describe(exc: BaseException, attempts: int, timeout: float) -> str:
    """One line saying why a Hub call failed."""
    from huggingface_hub.errors import (
        DisabledRepoError,
        GatedRepoError,
        RemoteEntryNotFoundError,
        RepositoryNotFoundError,
    )

    chain = _chain(exc)
    status = _status(exc)
    if any(isinstance(e, GatedRepoError) for e in chain) or (
        status == 403 and "gated" in str(exc).casefold()
    ):
        return "gated repo: accept its conditions on the Hub and log in (HF_TOKEN)"
    if any(isinstance(e, DisabledRepoError) for e in chain):
        return "repo disabled on the Hub"
    if any(isinstance(e, RemoteEntryNotFoundError) for e in chain):
        return "file not found in the repo (404)"
    if status == 401 and "invalid credentials" in str(exc).casefold():
        return "the Hub refused the token (401): check HF_TOKEN or log in again"
    if status == 401 or (
        status == 404 and any(isinstance(e, RepositoryNotFoundError) for e in chain)
    ):
        return f"not found on the Hub, or private without access ({status})"
    if status == 404:
        return "not found on the Hub (404)"
    if status == 403:
        return "access denied (403): the token lacks permission for this repo"
    if status == 429:
        return (
            f"rate limited by the Hub (429) after {attempts} tries: "
            "try again later, or log in (HF_TOKEN) for a higher limit"
        )
    if status is not None and status >= 500:
        return f"Hub server error ({status}) after {attempts} tries"
    if _is_timeout(exc):
        return f"timed out after {timeout:g}s ({attempts} tries)"
    if any(type(e).__name__ in ("ConnectError", "NetworkError") for e in chain):
        return "cannot reach the Hub (network error)"
    first = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {first[0] if first else 'failed'}"


@dataclass(slots=True)
class HubTally:
    """What a walk of the Hub fetched besides its records: files, failures, models."""

    files_read: int = 0
    failures: list[SourceFailure] = field(default_factory=list)
    models: set[str] = field(default_factory=set)


def walk_hub(
    ids: Iterable[str],
    tally: HubTally,
    *,
    ancestors: bool = False,
    descendants: int = 0,
    options: HubOptions | None = None,
    client: HubClient | None = None,
    on_message: Callable[[str], None] | None = None,
) -> Iterator[SourceRecord]:
    """The records of models fetched from the Hub, walking up and/or down if asked.

    Each model that could not be fetched is a failure in ``tally`` with location
    ``hub:ORG/NAME`` and a one-line reason.
    """
    options = options or HubOptions()
    hub = client or HubClient(options)
    say = on_message or (lambda _m: None)
    # (model id, levels up allowed, levels down allowed)
    queue: deque[tuple[str, int, int]] = deque()
    for raw in ids:
        ref = parse_reference(raw.removeprefix("hub:"))
        if ref.model_id is None:
            raise UsageError(f"{raw!r} is not a Hub model id ({ref.unresolved})")
        queue.append((ref.model_id, options.max_depth if ancestors else 0, descendants))
    seen: set[str] = set()
    fetched = 0
    while queue:
        model_id, up, down = queue.popleft()
        if key(model_id) in seen:
            continue
        if fetched >= options.max_models:
            say(f"stopped after {fetched} models (max_models); {len(queue) + 1} left unfetched")
            break
        seen.add(key(model_id))
        fetched += 1
        try:
            records = _fetch_repo(hub, model_id, tally, say)
        except HubError as exc:
            tally.failures.append(SourceFailure(f"hub:{model_id}", str(exc)))
            say(f"{model_id}: {exc}")
            continue
        yield from records
        tally.models.add(key(model_id))
        if up > 0:
            for parent in _parents(records):
                queue.append((parent, up - 1, 0))
        if down > 0:
            for child in _children(hub, model_id, options.children_limit, tally, say):
                yield child
                tally.models.add(key(child.model_id))
                if down > 1:
                    queue.append((child.model_id, 0, down - 1))
                else:
                    seen.add(key(child.model_id))


def _fetch_repo(
    hub: HubClient, model_id: str, summary: HubTally, say: Callable[[str], None]
) -> list[SourceRecord]:
    """The Hub record of one model plus the records of its readable files."""
    row = hub.model_info(model_id)
    summary.files_read += 1
    location = f"{hub.endpoint}/api/models/{model_id}"
    try:
        records = records_from_row(row, location)
    except (RowError, CardError) as exc:
        raise HubError(f"unreadable model info: {exc}") from exc
    own = records[0].model_id  # the Hub's display case, whatever case was asked for
    sizes: dict[str, int] = row.get("sizes") or {}
    for name in row.get("siblings") or []:
        reader = reader_for(PurePosixPath(name).name)
        # Top-level files only (checkpoint-500/adapter_config.json is a stage, not
        # the release); GGUF files are gigabytes and the Hub's API already lists them.
        if reader is None or "/" in name or reader.name == "gguf":
            continue
        if sizes.get(name, 0) > MAX_FILE_BYTES:
            continue
        file_location = f"{hub.endpoint}/{own}/blob/{row.get('sha') or 'main'}/{name}"
        try:
            data = hub.download(own, name, row.get("sha"))
            summary.files_read += 1
            records.extend(reader.read(data, own, file_location))
        except (HubError, CardError) as exc:
            reason = exc.reason if isinstance(exc, CardError) else str(exc)
            summary.failures.append(SourceFailure(file_location, reason))
            say(f"{own}: {name}: {reason}")
    return records


def _parents(records: list[SourceRecord]) -> list[str]:
    out: dict[str, str] = {}
    for rec in records:
        for claim in rec.claims:
            if claim.kind is not EvidenceKind.CONFIG_JSON:  # a weak hint, not a lineage to walk
                out.setdefault(key(claim.parent), claim.parent)
    return list(out.values())


def _children(
    hub: HubClient,
    model_id: str,
    limit: int,
    summary: HubTally,
    say: Callable[[str], None],
) -> list[SourceRecord]:
    try:
        rows = hub.children(model_id, limit + 1)
    except HubError as exc:
        summary.failures.append(SourceFailure(f"hub:{model_id}#children", str(exc)))
        say(f"{model_id}: listing children failed: {exc}")
        return []
    if len(rows) > limit:
        say(f"{model_id}: more than {limit} children; imported the first {limit}")
    records: list[SourceRecord] = []
    for row in rows[:limit]:
        try:
            location = f"{hub.endpoint}/api/models/{row.get('id')}"
            records.append(records_from_row(row, location)[0])
        except (RowError, CardError) as exc:
            summary.failures.append(SourceFailure(f"hub:{row.get('id')}", str(exc)))
            say(f"{row.get('id')}: {exc}")
    return records

"""Identity of models and datasets.

Hub ids are ``ORG/NAME`` and match case-insensitively; the display case is
kept. Real cards refer to models as plain ids, full URLs (``https://huggingface.co/
ORG/NAME``, ``hf.co/...``), with revisions (``@rev``, ``/tree/rev``), with
mergekit's ``model+lora`` form, and sometimes as local paths, which are not
models at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

_URL_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/", re.I)
_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9._\-]*"
_HUB_ID = re.compile(rf"^{_SEGMENT}/{_SEGMENT}$")
_BARE_NAME = re.compile(rf"^{_SEGMENT}$")
# Path-ish references: ./x, ../x, /abs, ~/x, C:\x (`_local`), or anything with a backslash.
_LOCAL_PATH_START = re.compile(r"\.{1,2}[/\\]|/|~[/\\]|[A-Za-z]:[\\/]")
_NON_MODEL_URL_PARTS = ("datasets/", "spaces/", "docs/", "blog/", "papers/", "collections/")
# Single-segment Hub pages that are not legacy model ids (huggingface.co/models?search=…).
_RESERVED_PAGES = {
    "models",
    "datasets",
    "spaces",
    "docs",
    "blog",
    "papers",
    "collections",
    "settings",
    "organizations",
    "join",
    "login",
    "pricing",
    "tasks",
    "learn",
    "posts",
}
# A scheme-less URL of another site (github.com/…, www.modelscope.cn/…): a first
# segment that is a domain name. Hub namespaces cannot contain dots.
# Site sections under the Hub's address that are pages, not repos: the library's old
# documentation (huggingface.co/transformers/model_doc/bart.html), the course.
_SITE_SECTIONS = frozenset({"transformers", "course", "learn", "tasks", "docs", "blog"})
# First segments no Hub namespace can have: the site's own pages (hf.co/settings/keys),
# the usual local output folders of a merge or a training run (output/Merged, ckpt/step-500),
# and the placeholders of a how-to (USERNAME/MODEL_NAME, your-username/my-model).
_NOT_NAMESPACES = frozenset(
    {"settings", "organizations", "join", "login", "pricing", "posts", "notifications"}
    | {"output", "outputs", "checkpoints", "checkpoint", "ckpt", "workspace", "mnt", "tmp"}
    | {"username", "user_name", "user-name", "hf_username", "hf-username"}
)
_PLACEHOLDER_NAMESPACE = re.compile(
    r"your[-_].*|your(?:hf)?(?:user(?:name)?|name|org|organi[sz]ation|account|namespace|handle|id)",
    re.I,
)
_DOMAIN = re.compile(r"^(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")
# The Hugging Face cache layout names the repo even inside a local path:
# …/models--ORG--NAME/snapshots/REV/…
_HF_CACHE = re.compile(
    rf"(?:^|[/\\])models--(?P<org>{_SEGMENT}?)--(?P<name>{_SEGMENT})"
    r"(?:[/\\]snapshots[/\\](?P<rev>[0-9a-f]{7,64}))?"
)
_DATASET_URL = re.compile(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/datasets/", re.I)
# Why a Hub URL of the site itself (docs, blog, spaces index…) names no model.
SITE_PAGE = "Hub site page, not a model"
NOT_A_NAMESPACE = "not a Hub namespace: a site page, a local folder or a placeholder"
_BAD_WORDS = {"none", "null", "n/a", "na", "unknown", "nan", "-", "todo", "tbd", ""}


@dataclass(frozen=True, slots=True)
class Reference:
    """The result of reading one model reference.

    Exactly one of ``model_id`` (a Hub id, display case) and ``unresolved``
    (why it is not a model id) is set. ``adapter`` is the LoRA named after a
    ``+`` in mergekit's ``model+lora`` form.
    """

    raw: str
    model_id: str | None = None
    revision: str | None = None
    adapter: str | None = None
    unresolved: str | None = None


# The method itself, not a function calling it: keys are taken about ten times a card,
# and the call then costs no Python frame.
key: Callable[[str], str] = str.casefold
"""The case-insensitive matching key of a normalised id."""


def _local(text: str) -> bool:
    """Whether ``text`` reads as a local path: a path's start, or a backslash anywhere (one
    match at the start and a substring test: a pattern searched at every position cost more)."""
    return "\\" in text or _LOCAL_PATH_START.match(text) is not None


def parse_reference(raw: object) -> Reference:
    """Read a model reference as it appears in a card or repo file."""
    if not isinstance(raw, str):
        return Reference(raw=repr(raw), unresolved=f"not a string ({type(raw).__name__})")
    text = raw.strip().strip("\"'`<>").strip()
    if text.casefold() in _BAD_WORDS:
        return Reference(raw=raw, unresolved="empty or placeholder value")
    if _local(text) and not _URL_PREFIX.match(text):
        return _local_path(raw, text)
    adapter = None
    if "+" in text and not _URL_PREFIX.match(text):
        text, _, lora = text.partition("+")
        adapter_ref = parse_reference(lora)
        adapter = adapter_ref.model_id
    if _URL_PREFIX.match(text):
        text = _URL_PREFIX.sub("", text)
        # The Trainer links local checkpoints as huggingface.co//content/… or ./out,
        # and a missing base model as huggingface.co/None.
        if _local(text):
            return _local_path(raw, text)
        if text.strip("/").casefold() in _BAD_WORDS:
            return Reference(raw=raw, unresolved="empty or placeholder value")
        if text.split("/", 1)[0].casefold() in _SITE_SECTIONS:
            return Reference(raw=raw, unresolved=SITE_PAGE)
    if text.startswith(("http://", "https://")):
        return Reference(raw=raw, unresolved="URL outside the Hugging Face Hub")
    if text.startswith(_NON_MODEL_URL_PARTS):
        return Reference(raw=raw, unresolved="Hub URL of something other than a model")
    text = unquote(text).split("?", 1)[0].split("#", 1)[0]
    first = text.split("/", 1)[0]
    if "/" in text and _DOMAIN.match(first):
        return Reference(raw=raw, unresolved="URL outside the Hugging Face Hub")
    revision = None
    if "@" in text:
        text, _, revision = text.partition("@")
    parts = [p for p in text.split("/") if p]
    if len(parts) >= 4 and parts[2] in ("tree", "blob", "resolve", "commit"):
        revision = revision or parts[3]
        parts = parts[:2]
    elif len(parts) > 2:
        # org/name/subfolder: the Hub repo is the first two segments.
        parts = parts[:2]
    candidate = "/".join(parts)
    if len(parts) == 2 and (
        parts[0].casefold() in _NOT_NAMESPACES or _PLACEHOLDER_NAMESPACE.fullmatch(parts[0])
    ):
        return Reference(raw=raw, unresolved=NOT_A_NAMESPACE)
    if "--" in candidate or ".." in candidate:
        # The Hub forbids both in repo names; "models--ORG--NAME" is a cache folder.
        return Reference(raw=raw, unresolved="not a Hub model id")
    if _HUB_ID.match(candidate) and not candidate.endswith((".", "-")):
        return Reference(raw=raw, model_id=candidate, revision=revision, adapter=adapter)
    if len(parts) == 1 and candidate.casefold() in _RESERVED_PAGES:
        return Reference(raw=raw, unresolved="Hub page, not a model")
    if len(parts) == 1 and _BARE_NAME.match(candidate):
        # Legacy single-segment ids (gpt2, bert-base-uncased) are real Hub ids.
        return Reference(raw=raw, model_id=candidate, revision=revision, adapter=adapter)
    return Reference(raw=raw, unresolved="not a Hub model id")


def _local_path(raw: str, text: str) -> Reference:
    """A local path: unresolved, unless it is a Hugging Face cache folder."""
    cached = _HF_CACHE.search(text)
    if cached:
        model_id = f"{cached['org']}/{cached['name']}"
        if _HUB_ID.match(model_id):
            return Reference(raw=raw, model_id=model_id, revision=cached["rev"])
    return Reference(raw=raw, unresolved="local path")


def normalize(raw: str) -> str:
    """Normalise a reference that must be a model id, or raise ``ValueError``."""
    ref = parse_reference(raw)
    if ref.model_id is None:
        raise ValueError(f"{raw!r} is not a model id: {ref.unresolved}")
    return ref.model_id


def dataset_id(raw: object) -> str | None:
    """Normalise a dataset reference (a Hub dataset id, URL, or a plain name)."""
    if not isinstance(raw, str):
        return None
    text = raw.strip().strip("\"'`").strip()
    text = _DATASET_URL.sub("", text)
    text = text.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    if text.casefold() in _BAD_WORDS or text.startswith(("http://", "https://")):
        return None
    if text.startswith("datasets/"):
        text = text[len("datasets/") :]
    parts = [p for p in text.split("/") if p]
    if len(parts) > 2:
        parts = parts[:2]
    return "/".join(parts) or None

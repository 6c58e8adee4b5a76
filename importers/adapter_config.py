"""Read a PEFT ``adapter_config.json``: the repo is an adapter of its base model.

PEFT writes ``base_model_name_or_path`` (and, since 0.7, ``revision``) into
every adapter it saves, whatever the method (LoRA, DoRA, IA³, prefix tuning…),
so the file is close to proof that the repo is an adapter of that model. The
trap is that the value is whatever the trainer passed to ``from_pretrained``:
very often a local folder (``/root/autodl-tmp/models/qwythos-9b``,
``models/mistral-7b-openorca``, ``./output``), which names no Hub model.

This module also holds `repo_file_reference`, the reference reading shared by
the readers of files written by training and merging tools.
"""

from __future__ import annotations

import json
import re

from importers.base import FileReader
from lineage.core.errors import CardError
from lineage.core.ids import Reference, key, parse_reference
from lineage.core.limits import input_problem
from lineage.core.records import (
    Claim,
    EvidenceKind,
    Relation,
    SourceRecord,
    Unresolved,
    confidence_for,
)

_KIND = EvidenceKind.ADAPTER_CONFIG
# First path segments that are working folders of training scripts, not Hub
# namespaces. Tools write paths relative to their working directory without a
# leading "./" ("models/mistral-7b-openorca", "outputs/checkpoint-500"); the Hub
# reserves "models" and friends, and the rest are rare as user names but
# very common as folder names.
_LOCAL_DIRS = frozenset(
    {
        "models", "model", "datasets", "spaces", "output", "outputs", "out", "checkpoints",
        "checkpoint", "ckpt", "ckpts", "results", "runs", "run", "tmp", "temp", "data", "content",
        "workspace", "workdir", "root", "home", "mnt", "save", "saved", "saved_models",
        "pretrained", "pretrained_models", "weights", "exp", "experiments", "merged", "final",
        "trained", "cache", "hf_cache", "local", "base_models", "llm", "llms", "drive",
    }
)  # fmt: skip
_CHECKPOINT = re.compile(r"^(?:checkpoint|ckpt|step|epoch|global_step)[-_]?\d+$", re.I)
# Single-segment names that are folder names rather than legacy Hub ids.
_LOCAL_NAMES = _LOCAL_DIRS | {"merge", "lora", "adapter", "base", "final_model", "best_model"}
_HUB_URL = re.compile(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/", re.I)


def repo_file_reference(raw: object) -> Reference:
    """Read a model reference written by a tool (PEFT, mergekit, transformers).

    Like `lineage.core.ids.parse_reference`, but relative working-folder paths that
    look like ``ORG/NAME`` (``models/x``, ``outputs/checkpoint-500``) and
    single-segment folder names (``output``) are unresolved local paths.
    """
    ref = parse_reference(raw)
    if ref.model_id is None or not isinstance(raw, str):
        return ref
    text = raw.strip()
    if _HUB_URL.match(text):
        return ref  # an explicit Hub URL is a Hub reference whatever its segments
    text = text.partition("+")[0]  # mergekit's model+lora: judge the model part
    parts = ref.model_id.split("/")
    first, last = parts[0].casefold(), parts[-1]
    if len(parts) == 2 and (first in _LOCAL_DIRS or _CHECKPOINT.match(last)):
        return Reference(raw=raw, unresolved="local path")
    if len([p for p in text.split("@", 1)[0].split("/") if p]) > 2:
        # org/name/subfolder is legal in a card, but tools write deeper relative
        # paths only for local folders (runs/2024/model).
        return Reference(raw=raw, unresolved="local path")
    if len(parts) == 1 and (first in _LOCAL_NAMES or _CHECKPOINT.match(last)):
        return Reference(raw=raw, unresolved="local path")
    return ref


def load_json_object(data: bytes, location: str) -> dict[str, object]:
    """Decode a JSON object from a repo file, or raise `CardError`."""
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise CardError(location, "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise CardError(location, f"invalid JSON (line {exc.lineno}: {exc.msg})") from None
    except (RecursionError, ValueError) as exc:  # deep nesting, a number of 5,000 digits
        raise CardError(location, f"invalid JSON: {input_problem(exc) or exc}") from None
    if not isinstance(value, dict):
        raise CardError(location, f"expected a JSON object, got {type(value).__name__}")
    return value


def read_adapter_config(data: bytes, model_id: str, location: str) -> list[SourceRecord]:
    """Read one ``adapter_config.json``; returns ``[record]`` (claims may be empty)."""
    config = load_json_object(data, location)
    record = SourceRecord(
        model_id=model_id,
        source=f"adapter-config:{model_id}",
        location=location,
        source_kind=_KIND.value,
        describes_model=False,
    )
    raw = config.get("base_model_name_or_path")
    if raw is None or raw == "":
        # Some PEFT versions leave it empty when the base was built in memory.
        record.unresolved.append(Unresolved(str(raw), _KIND, "no base_model_name_or_path"))
        return [record]
    ref = repo_file_reference(raw)
    if ref.model_id is None:
        reason = ref.unresolved or "not a Hub model id"
        record.unresolved.append(Unresolved(str(raw)[:500], _KIND, reason))
        return [record]
    if key(ref.model_id) == key(model_id):
        record.unresolved.append(Unresolved(str(raw), _KIND, "names the adapter's own repo"))
        return [record]
    revision = config.get("revision")
    rev = revision if isinstance(revision, str) and revision.strip() else ref.revision
    peft_type = config.get("peft_type")
    value = f"base_model_name_or_path: {raw}"
    if isinstance(peft_type, str):
        value += f" (peft_type {peft_type})"
    record.claims.append(
        Claim(
            parent=ref.model_id,
            relation=Relation.ADAPTER,
            kind=_KIND,
            confidence=confidence_for(_KIND, False),
            relation_inferred=False,
            value=value,
            revision=rev,
        )
    )
    return [record]


READER = FileReader(
    name="adapter-config", patterns=("adapter_config.json",), read=read_adapter_config
)

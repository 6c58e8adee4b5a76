"""Read an Ollama ``Modelfile``: which model the packaged one is built from.

Instructions used (case-insensitive, one per line):

- ``FROM hf.co/ORG/NAME[:QUANT]`` (or ``huggingface.co/…``, a full URL): a Hub
  model. Ollama runs GGUF weights, so a Modelfile that packages a Hub model
  is a conversion or repack of it: ``quantized``, inferred (the file does not
  say so). With an ``ADAPTER`` line the packaged model is the ``FROM`` model
  with an adapter on top: ``adapter``, stated by the file.
- ``ADAPTER hf.co/ORG/NAME``: the adapter's weights are part of the packaged
  model; how it relates to that repo is not stated (``unknown``, inferred).
- Local paths (``./model.gguf``, ``/models/x``, ``adapter.safetensors``) and
  Ollama registry names (``llama3.1:8b``, ``user/model:tag``: ollama.com, not
  the Hub) become `Unresolved`.

``TEMPLATE``/``SYSTEM``/``LICENSE`` blocks in triple quotes are skipped, so
a template that happens to contain ``FROM`` is not read as an instruction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers.base import FileReader
from importers.frontmatter import decode_card
from lineage.core.ids import key, parse_reference
from lineage.core.records import (
    Claim,
    EvidenceKind,
    Relation,
    SourceRecord,
    Unresolved,
    confidence_for,
)

_KIND = EvidenceKind.MODELFILE
_INSTRUCTION = re.compile(r"^\s*(FROM|ADAPTER)\s+(.+?)\s*$", re.I)
_BLOCK_START = re.compile(r'^\s*[A-Za-z]+\s+"""')
_HUB_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?(?:hf\.co|huggingface\.co)/", re.I)
_LOCAL = re.compile(r"^(?:\.{1,2}[/\\]|/|~|[A-Za-z]:[\\/])|\.(?:gguf|bin|safetensors)$", re.I)


@dataclass(frozen=True, slots=True)
class _Line:
    instruction: str  # FROM or ADAPTER
    argument: str
    text: str


def instructions(text: str) -> list[_Line]:
    """The ``FROM``/``ADAPTER`` lines of a Modelfile, outside quoted blocks."""
    out: list[_Line] = []
    in_block = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if in_block:
            in_block = '"""' not in line
            continue
        if _BLOCK_START.match(line):
            # A block opened on this line stays open unless it closes here too.
            in_block = line.count('"""') == 1
            continue
        m = _INSTRUCTION.match(line)
        if m:
            arg = m.group(2).strip().strip("\"'")
            out.append(_Line(m.group(1).upper(), arg, line.strip()))
    return out


def hub_reference(argument: str) -> tuple[str | None, str | None]:
    """(Hub id, None) or (None, why not) for a ``FROM``/``ADAPTER`` argument."""
    if _HUB_PREFIX.match(argument):
        text = _HUB_PREFIX.sub("", argument)
        name, _, _tag = text.partition(":")  # hf.co/ORG/NAME:Q4_K_M picks a quant file
        ref = parse_reference(name)
        if ref.model_id and "/" in ref.model_id:
            return ref.model_id, None
        return None, ref.unresolved or "not a Hub model id"
    if _LOCAL.search(argument):
        return None, "local path"
    return None, "Ollama registry model (ollama.com), not a Hub id"


def read_modelfile(data: bytes, model_id: str, location: str) -> list[SourceRecord]:
    """Read one Modelfile; returns ``[record]``."""
    record = SourceRecord(
        model_id=model_id,
        source=f"modelfile:{model_id}",
        location=location,
        source_kind=_KIND.value,
        describes_model=False,
    )
    lines = instructions(decode_card(data, location))
    has_adapter = any(line.instruction == "ADAPTER" for line in lines)
    seen: set[str] = {key(model_id)}
    for line in lines:
        parent, why = hub_reference(line.argument)
        if parent is None:
            if line.instruction == "ADAPTER" and not _HUB_PREFIX.match(line.argument):
                why = "local path"  # ADAPTER takes a path, never a registry name
            record.unresolved.append(Unresolved(line.argument[:500], _KIND, why or "unreadable"))
            continue
        if key(parent) in seen:
            continue
        seen.add(key(parent))
        if line.instruction == "FROM":
            relation, inferred = (
                (Relation.ADAPTER, False) if has_adapter else (Relation.QUANTIZED, True)
            )
        else:
            relation, inferred = Relation.UNKNOWN, True
        record.claims.append(
            Claim(parent, relation, _KIND, confidence_for(_KIND, inferred), inferred, line.text)
        )
    return [record]


READER = FileReader(name="modelfile", patterns=("modelfile", "*.modelfile"), read=read_modelfile)

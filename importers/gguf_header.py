"""Read the header of a GGUF file: which repo the weights were converted from.

Only the key/value section at the start of the file is parsed (by a small
reader of the GGUF format below, so a *prefix* of a multi-gigabyte file is
enough and the tensors are never touched). The keys used:

- ``general.source.huggingface.repository`` (older llama.cpp),
  ``general.source.repo_url``, ``general.source.url``: the model that was
  converted. The GGUF repo is ``quantized`` from it (format conversions count
  as quantizations), stated by the converter.
- ``general.base_model.count`` and ``general.base_model.N.repo_url|name|
  organization``: **the trap** — llama.cpp copies these from the converted
  model's card, so they name the parents *of the converted model*, not of the
  GGUF repo. They become claims about the converted model (a second record
  whose ``model_id`` is that model, ``describes_model`` False) when the
  converted model is known, claims about the repo itself when the repo *is*
  the converted model (a model published directly as GGUF), and are skipped
  otherwise. ``name``/``organization`` are title-cased display names
  ("Meta Llama"), not ids: only ``repo_url`` identifies a model.
- ``general.license``, ``general.file_type`` (the quantization type).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from importers.base import FileReader
from importers.files import read_bounded
from importers.formats import fill as fill_formats
from lineage.core.errors import CardError
from lineage.core.ids import key, parse_reference
from lineage.core.records import Claim, EvidenceKind, Relation, SourceRecord, confidence_for

_KIND = EvidenceKind.GGUF
_MAGIC = b"GGUF"
# Enough for the general.* keys of every real file seen: llama.cpp writes them
# first, before the large tokenizer arrays.
DEFAULT_PREFIX_BYTES = 16 * 1024 * 1024
_MAX_KV = 1_000_000
_MAX_STRING = 64 * 1024 * 1024
# Elements of a general.* array kept (tags, languages): a 16M-element array is skipped, not read.
_MAX_KEPT = 1_024
_SHARD = re.compile(r"-(\d{5})-of-(\d{5})\.gguf$", re.I)
_SOURCE_KEYS = (
    "general.source.huggingface.repository",
    "general.source.repo_url",
    "general.source.url",
)
# Scalar value types: GGUF type id → (struct code, size).
_SCALARS: dict[int, tuple[str, int]] = {
    0: ("B", 1), 1: ("b", 1), 2: ("H", 2), 3: ("h", 2), 4: ("I", 4), 5: ("i", 4),
    6: ("f", 4), 7: ("?", 1), 10: ("Q", 8), 11: ("q", 8), 12: ("d", 8),
}  # fmt: skip
_STRING, _ARRAY = 8, 9


@dataclass(slots=True)
class GGUFHeader:
    """What the key/value section of a GGUF file says (``general.*`` keys only)."""

    version: int
    tensor_count: int
    kv_count: int
    fields: dict[str, Any] = field(default_factory=dict)
    truncated: bool = False  # the prefix ended before the last key


class _Truncated(Exception):
    """The bytes end inside the key/value section."""


class _Cursor:
    """Reads little- or big-endian GGUF values from a byte buffer."""

    def __init__(self, data: bytes, endian: str, version: int) -> None:
        self.data = data
        self.pos = 0
        self.endian = endian
        self.wide = version >= 2  # v1 used 32-bit lengths and counts

    def take(self, n: int) -> bytes:
        end = self.pos + n
        if end > len(self.data):
            raise _Truncated
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def skip(self, n: int) -> None:
        if self.pos + n > len(self.data):
            raise _Truncated
        self.pos += n

    def unpack(self, code: str, size: int) -> Any:
        return struct.unpack(self.endian + code, self.take(size))[0]

    def count(self) -> int:
        return int(self.unpack("Q", 8) if self.wide else self.unpack("I", 4))

    def string(self) -> str:
        n = self.count()
        if n > _MAX_STRING:
            raise ValueError(f"string of {n} bytes")
        return self.take(n).decode("utf-8", errors="replace")

    def value(self, vtype: int, keep: bool) -> Any:
        """One value; skipped cheaply (returns None) unless ``keep``."""
        if vtype in _SCALARS:
            code, size = _SCALARS[vtype]
            return self.unpack(code, size)
        if vtype == _STRING:
            if keep:
                return self.string()
            self.skip(self.count())  # tokenizer vocabularies: skip without decoding
            return None
        if vtype == _ARRAY:
            etype = int(self.unpack("I", 4))
            n = self.count()
            if etype in _SCALARS and not keep:
                self.skip(n * _SCALARS[etype][1])  # tokenizer scores etc.: skip in one step
                return None
            # Fewer bytes left than the elements need at least: cut short, read nothing.
            least = _SCALARS[etype][1] if etype in _SCALARS else (8 if self.wide else 4)
            if n * least > len(self.data) - self.pos:
                raise _Truncated
            kept = [self.value(etype, keep) for _ in range(min(n, _MAX_KEPT))] if keep else None
            rest = n - len(kept) if kept is not None else n
            if etype in _SCALARS:
                self.skip(rest * _SCALARS[etype][1])
                return kept
            for _ in range(rest):  # every element moves the cursor, so a bad count truncates
                self.value(etype, False)
            return kept
        raise ValueError(f"unknown GGUF value type {vtype}")


def parse_gguf_header(data: bytes) -> GGUFHeader:
    """Parse the key/value section of GGUF bytes (the file, or any prefix of it).

    Raises ``ValueError`` for bytes that are not GGUF. A prefix that ends in the
    middle of the section returns what was read, with ``truncated`` set.
    """
    if len(data) < 8 or data[:4] != _MAGIC:
        raise ValueError("not a GGUF file (bad magic)")
    endian = "<"
    version = struct.unpack("<I", data[4:8])[0]
    if version > 0xFFFF:  # a big-endian file (s390x builds write these)
        endian, version = ">", struct.unpack(">I", data[4:8])[0]
    if version not in (1, 2, 3):
        raise ValueError(f"unsupported GGUF version {version}")
    cur = _Cursor(data, endian, version)
    cur.pos = 8
    try:
        tensors, kvs = cur.count(), cur.count()
    except _Truncated:
        raise ValueError("GGUF header is cut short") from None
    if kvs > _MAX_KV:
        raise ValueError(f"implausible key count {kvs}")
    header = GGUFHeader(version, tensors, kvs)
    try:
        for _ in range(kvs):
            name = cur.string()
            vtype = int(cur.unpack("I", 4))
            keep = name.startswith("general.")
            value = cur.value(vtype, keep)
            if keep:
                header.fields[name] = value
    except _Truncated:
        header.truncated = True
    return header


def read_gguf_file(path: Path, prefix_bytes: int = DEFAULT_PREFIX_BYTES) -> GGUFHeader:
    """Parse the header of a GGUF file on disk, reading at most ``prefix_bytes``."""
    return parse_gguf_header(read_bounded(path, prefix_bytes, prefix=True))


def file_type_name(value: object) -> str | None:
    """``general.file_type`` as llama.cpp names it (``Q4_K_M``, ``BF16``…)."""
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    try:
        from gguf.constants import LlamaFileType

        name = LlamaFileType(value).name
    except (ImportError, ValueError):
        return f"file_type {value}"
    return name.removeprefix("MOSTLY_").removeprefix("ALL_")


def _hub_id(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    ref = parse_reference(value)
    return ref.model_id if ref.model_id and "/" in ref.model_id else None


def read_gguf(data: bytes, model_id: str, location: str) -> list[SourceRecord]:
    """Read one GGUF file (or a prefix of it); returns the repo's record and maybe
    a record of claims about the converted model."""
    filename = PurePath(location).name
    shard = _SHARD.search(filename)
    if shard and int(shard.group(1)) != 1:
        return []  # every shard repeats the first one's header: read it once
    try:
        header = parse_gguf_header(data)
    except ValueError as exc:
        raise CardError(location, str(exc)) from None
    f = header.fields
    own = SourceRecord(
        model_id=model_id,
        source=f"gguf:{model_id}/{filename}",
        location=location,
        source_kind=_KIND.value,
        describes_model=False,
    )
    license_ = f.get("general.license")
    own.license = license_ if isinstance(license_, str) else None
    ftype = file_type_name(f.get("general.file_type"))
    own.tags = ["gguf"] + ([ftype] if ftype else [])
    fill_formats(own, files=[filename], gguf_file_type=f.get("general.file_type"))
    source_key, converted = next(
        ((k, mid) for k in _SOURCE_KEYS if (mid := _hub_id(f.get(k))) is not None), ("", None)
    )
    bases = _base_models(f)
    records = [own]
    if converted is not None and key(converted) != key(model_id):
        detail = f"{source_key}: {f[source_key]}" + (f" ({ftype})" if ftype else "")
        own.claims.append(
            Claim(converted, Relation.QUANTIZED, _KIND, confidence_for(_KIND, False), False, detail)
        )
        if bases:
            about = SourceRecord(
                model_id=converted,
                source=f"gguf:{model_id}/{filename}#base_model",
                location=location,
                source_kind=_KIND.value,
                describes_model=False,
            )
            about.claims = _base_claims(bases, converted)
            records.append(about)
    elif converted is not None or _names_repo(f, model_id):
        # The repo is the converted model itself: its base models are its own parents.
        own.claims = _base_claims(bases, model_id)
    return records


def _base_models(f: dict[str, Any]) -> list[tuple[str, str]]:
    """(model id, the value it was read from) of each ``general.base_model.N``."""
    count = f.get("general.base_model.count")
    out: list[tuple[str, str]] = []
    if not isinstance(count, int) or isinstance(count, bool):
        return out
    for i in range(min(count, 64)):
        url = f.get(f"general.base_model.{i}.repo_url")
        mid = _hub_id(url)
        if mid is not None:
            out.append((mid, f"general.base_model.{i}.repo_url: {url}"))
    return out


def _base_claims(bases: list[tuple[str, str]], child: str) -> list[Claim]:
    # The header says which models came before, not how: several are a merge.
    relation = Relation.MERGE if len(bases) > 1 else Relation.UNKNOWN
    seen: set[str] = {key(child)}
    claims: list[Claim] = []
    for mid, value in bases:
        if key(mid) in seen:
            continue
        seen.add(key(mid))
        claims.append(Claim(mid, relation, _KIND, confidence_for(_KIND, True), True, value))
    return claims


def _names_repo(f: dict[str, Any], model_id: str) -> bool:
    """True when the header's own URL fields name this repo (a native GGUF release)."""
    return any(_hub_id(f.get(k)) and key(_hub_id(f.get(k)) or "") == key(model_id)
               for k in ("general.url", "general.repo_url"))  # fmt: skip


READER = FileReader(
    name="gguf", patterns=("*.gguf",), read=read_gguf, prefix_bytes=DEFAULT_PREFIX_BYTES
)

"""Uploaded files: reading lookup input, staging cards, extracting zipped repos safely.

A zip is checked before anything is written: no absolute paths or ``..``, no
symlinks, no encrypted entries, at most ``zip_max_files`` entries and
``zip_max_bytes`` uncompressed, no entry (and not the whole archive) expanding
more than ``zip_max_ratio`` times. Extraction counts the bytes it actually
writes, so a header that lies about sizes is caught too.
"""

from __future__ import annotations

import base64
import binascii
import re
import shutil
import stat
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from pydantic import BaseModel, Field

from importers.registry import reader_for
from lineage.api.config import ApiConfig
from lineage.api.errors import PayloadTooLarge
from lineage.core.errors import UsageError
from lineage.core.ids import parse_reference
from lineage.core.records import SourceFailure, SourceRecord
from lineage.stores.base import Capability, LineageStore

CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
RATIO_MIN_BYTES = 64 * 1024  # tiny entries compress absurdly well without being bombs


class LookupBody(BaseModel):
    """A repo file to look up, sent as JSON."""

    filename: str = Field(
        min_length=1, max_length=300, description="README.md, adapter_config.json, config.json…"
    )
    content: str | None = Field(default=None, description="The file's text.")
    content_base64: str | None = Field(default=None, description="Or its bytes, base64-encoded.")
    model_id: str | None = Field(
        default=None, max_length=300, description="The model the file belongs to (ORG/NAME)."
    )


@dataclass(frozen=True, slots=True)
class LookupInput:
    """One file to look up, however it was sent."""

    filename: str
    data: bytes
    model_id: str | None


def lookup_input(body: LookupBody) -> LookupInput:
    """Decode the JSON form of a lookup."""
    if (body.content is None) == (body.content_base64 is None):
        raise UsageError("send exactly one of content and content_base64")
    if body.content is not None:
        data = body.content.encode("utf-8", "surrogatepass")
    else:
        try:
            data = base64.b64decode(body.content_base64 or "", validate=True)
        except (binascii.Error, ValueError):
            raise UsageError("content_base64 is not valid base64") from None
    return LookupInput(body.filename, data, body.model_id or None)


def relative_parts(name: str) -> tuple[str, ...]:
    """The parts of an uploaded path, refusing anything that could leave the upload folder."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or _DRIVE.match(name):
        raise UsageError(f"unsafe path in upload: {name!r}")
    parts = tuple(p for p in PurePosixPath(name).parts if p not in ("", "."))
    if not parts or any(p == ".." for p in parts):
        raise UsageError(f"unsafe path in upload: {name!r}")
    return parts


def model_id_of(name: str) -> str | None:
    """The model id an upload's name implies: ``ORG/NAME/README.md`` → ``ORG/NAME``."""
    try:
        parts = relative_parts(name)
    except UsageError:
        return None
    if len(parts) < 3:
        return None
    ref = parse_reference(f"{parts[-3]}/{parts[-2]}")
    return ref.model_id if ref.model_id and "/" in ref.model_id else None


def checked_model_id(text: str) -> tuple[str, str]:
    """``ORG/NAME`` from a form field, split into its two folder names."""
    ref = parse_reference(text)
    if ref.model_id is None or "/" not in ref.model_id:
        raise UsageError(f"model_id {text!r} is not ORG/NAME")
    org, name = ref.model_id.split("/", 1)
    return org, name


def _copy_limited(src: IO[bytes], dest: Path, limit: int) -> int:
    written = 0
    with dest.open("wb") as out:
        while chunk := src.read(CHUNK):
            written += len(chunk)
            if written > limit:
                raise PayloadTooLarge(f"{dest.name} expands past the limit of {limit:,} bytes")
            out.write(chunk)
    return written


def _check_zip(zf: zipfile.ZipFile, config: ApiConfig) -> list[zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > config.zip_max_files:
        raise PayloadTooLarge(
            f"zip has {len(infos):,} entries; the limit is {config.zip_max_files:,}"
        )
    total = packed = 0
    for info in infos:
        relative_parts(info.filename)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise UsageError(f"zip entry {info.filename!r} is a symlink; symlinks are refused")
        if info.flag_bits & 0x1:
            raise UsageError(f"zip entry {info.filename!r} is encrypted")
        total += info.file_size
        packed += info.compress_size
        if info.file_size > RATIO_MIN_BYTES and (
            info.file_size > config.zip_max_ratio * max(info.compress_size, 1)
        ):
            raise PayloadTooLarge(
                f"zip entry {info.filename!r} expands "
                f"{info.file_size / max(info.compress_size, 1):,.0f}"
                f" times (limit {config.zip_max_ratio:g}): refused as a zip bomb"
            )
    if total > config.zip_max_bytes:
        raise PayloadTooLarge(
            f"zip expands to {total:,} bytes; the limit is {config.zip_max_bytes:,}"
        )
    if total > RATIO_MIN_BYTES and total > config.zip_max_ratio * max(packed, 1):
        raise PayloadTooLarge("zip expands too much for its size: refused as a zip bomb")
    return infos


def extract_zip(
    fileobj: IO[bytes], dest: Path, config: ApiConfig, model_id: str | None
) -> list[Path]:
    """Check and extract the readable files of a zipped repo (or tree of repos) under ``dest``.

    With ``model_id`` the zip is one repo: its files go to ``dest/ORG/NAME/`` (a single
    top folder inside the zip is dropped). Without, the zip's own ``ORG/NAME/…`` layout is kept.
    """
    try:
        zf = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UsageError("the upload is not a valid zip file") from None
    with zf:
        infos = [i for i in _check_zip(zf, config) if not i.is_dir()]
        paths = {i.filename: relative_parts(i.filename) for i in infos}
        base = dest
        strip = 0
        if model_id is not None:
            base = dest.joinpath(*checked_model_id(model_id))
            tops = {p[0] for p in paths.values()}
            strip = 1 if len(tops) == 1 and all(len(p) > 1 for p in paths.values()) else 0
        budget = config.zip_max_bytes
        written: list[Path] = []
        for info in infos:
            parts = paths[info.filename][strip:]
            if reader_for(parts[-1]) is None:
                continue  # nothing reads it; do not spend disk on it
            target = base.joinpath(*parts)
            if not target.resolve().is_relative_to(dest.resolve()):
                raise UsageError(f"unsafe path in upload: {info.filename!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(info) as src:
                    budget -= _copy_limited(src, target, min(budget, info.file_size))
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as exc:
                raise UsageError(f"zip entry {info.filename!r} cannot be read: {exc}") from None
            written.append(target)
    return written


def stage_uploads(
    uploads: Sequence[tuple[str, IO[bytes]]], model_id: str | None, dest: Path, config: ApiConfig
) -> list[SourceFailure]:
    """Lay uploaded cards and zips out as ``dest/ORG/NAME/FILE``; returns what was not placed."""
    failures: list[SourceFailure] = []
    for name, fileobj in uploads:
        head = fileobj.read(4)
        fileobj.seek(0)
        if name.lower().endswith(".zip") or head == b"PK\x03\x04":
            extract_zip(fileobj, dest, config, model_id)
            continue
        parts = relative_parts(name)
        if model_id is not None:
            folder = dest.joinpath(*checked_model_id(model_id))
        elif model_id_of(name) is not None:
            folder = dest.joinpath(*parts[-3:-1])
        else:
            failures.append(SourceFailure(
                name, "cannot tell the model id: send model_id, or name the file ORG/NAME/README.md"
            ))  # fmt: skip
            continue
        if reader_for(parts[-1]) is None:
            failures.append(SourceFailure(name, "no reader for this kind of file"))
            continue
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / parts[-1]).open("wb") as out:
            shutil.copyfileobj(fileobj, out, CHUNK)
    return failures


class RelocatedStore:
    """Writes records with ``upload:ORG/NAME/FILE`` locations instead of temp-folder paths.

    It offers the import pipeline ``write`` only: forwarding the bulk path
    (``write_prepared``, N-Quads built with the temp paths inside) would store the
    server's temp folder as evidence, so the pipeline takes the record path here.
    """

    def __init__(self, store: LineageStore, root: Path) -> None:
        self._store = store
        self._prefix = str(root) + "/"
        #: Prepared N-Quads would carry the temp paths past `write`: records only.
        self.capabilities = store.capabilities - {Capability.BULK_LOAD}

    def write(self, records: Sequence[SourceRecord]) -> None:
        """Rewrite each record's location, then write through."""
        for rec in records:
            rec.location = self.relocate(rec.location)
        self._store.write(records)

    def relocate(self, location: str) -> str:
        """A temp-folder path as the upload-relative name the client sent."""
        if location.startswith(self._prefix):
            return "upload:" + location[len(self._prefix) :]
        if location == self._prefix[:-1]:
            return "upload:"
        return location

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def as_store(self) -> LineageStore:
        """This wrapper typed as the store it stands in for (``run_import`` only writes)."""
        return cast(LineageStore, self)


__all__ = [
    "LookupBody",
    "LookupInput",
    "RelocatedStore",
    "extract_zip",
    "lookup_input",
    "model_id_of",
    "relative_parts",
    "stage_uploads",
]

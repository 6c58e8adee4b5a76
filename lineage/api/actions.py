"""The two things the API does that are more than one library call: lookups and imports.

Glue between the running app's state and the library (readers, `run_import`);
no lineage logic of its own.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import IO, Any

from importers.registry import file_readers, reader_for
from lineage.api.errors import PayloadTooLarge
from lineage.api.state import ApiState
from lineage.api.uploads import LookupInput, RelocatedStore, model_id_of, stage_uploads
from lineage.core.errors import CardError, UsageError
from lineage.core.records import SourceFailure, SourceRecord
from lineage.ingest.folders import run_import
from lineage.query.reports import lookup_report, model_id_from

PROVISIONAL_ID = "lookup/provisional-model"


def _read(inp: LookupInput, model_id: str, max_bytes: int) -> tuple[str, list[SourceRecord]]:
    basename = PurePosixPath(inp.filename.replace("\\", "/")).name
    reader = reader_for(basename)
    if reader is None:
        known = sorted({p for r in file_readers().values() for p in r.patterns})
        raise UsageError(f"no reader for {basename!r}; readable files: {', '.join(known)}")
    if len(inp.data) > max_bytes:
        raise PayloadTooLarge(f"{basename} is {len(inp.data):,} bytes; the limit is {max_bytes:,}")
    location = f"upload:{inp.filename}"
    try:
        return reader.name, reader.read(inp.data, model_id, location)
    except CardError:
        raise
    except Exception as exc:  # a reader bug is the file's problem to the caller, as in imports
        raise CardError(
            location, f"reader {reader.name} failed: {type(exc).__name__}: {exc}"
        ) from exc


def run_lookup(state: ApiState, inp: LookupInput, store: bool) -> dict[str, Any]:
    """Parse one repo file and report what it derives from; write it only when ``store``."""
    given = inp.model_id or model_id_of(inp.filename)
    model_id = model_id_from(given, "model_id") if given else PROVISIONAL_ID
    if store and not given:
        raise UsageError(
            "store=true needs the model id: send model_id, or name the file ORG/NAME/README.md"
        )
    reader, records = _read(inp, model_id, state.config.settings.max_card_bytes)
    report = lookup_report(state.query_store(), records)
    if store:
        with state.write_lock:
            for target in state.write_stores():
                target.write(records)
            state.after_write()
    return {
        "model": model_id,
        "provisional": not given,
        "reader": reader,
        "stored": store,
        **report,
    }


def import_uploads(
    state: ApiState, uploads: Sequence[tuple[str, IO[bytes]]], model_id: str | None
) -> dict[str, object]:
    """Stage uploaded cards/zips in a temp folder and import them into every store."""
    if not uploads:
        raise UsageError("send at least one file (multipart field 'files')")
    settings = state.config.settings
    with tempfile.TemporaryDirectory(prefix="lineage-upload-") as tmp:
        # "_upload" is no valid Hub name segment: a file the client placed above ORG/NAME/
        # is reported as such, never imported as a model named after our temp folder.
        root = Path(os.path.realpath(tmp)) / "_upload"
        root.mkdir()
        staged_failures = stage_uploads(uploads, model_id, root, state.config)
        with state.write_lock:
            stores = [RelocatedStore(s, root) for s in state.write_stores()]
            # workers=1: never fork the server (it holds a Rust store and threads).
            summary = run_import(
                [root],
                [s.as_store() for s in stores],
                workers=1,
                batch_size=settings.batch_size,
                max_bytes=settings.max_card_bytes,
                # Uploads land in a new temp folder each time: their digests never match,
                # so reading every stored digest first would only cost.
                skip_unchanged=False,
            )
            if summary.sources:
                state.after_write()
        relocate = stores[0].relocate if stores else str
        summary.failures = [
            *staged_failures,
            *(SourceFailure(relocate(f.location), f.reason) for f in summary.failures),
        ]
        summary.warnings = [SourceFailure(relocate(w.location), w.reason) for w in summary.warnings]
    return summary.to_json()


__all__ = ["PROVISIONAL_ID", "import_uploads", "run_lookup"]

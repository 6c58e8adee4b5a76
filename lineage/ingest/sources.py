"""One ``lineage import`` for every kind of source: folders and files, Hub dumps, the live Hub.

Arguments are routed by their form: ``hub:ORG/NAME`` goes to the live-Hub importer,
``.jsonl``/``.jsonl.gz``/``.parquet`` files (and ``.json`` files no repo-file reader
claims) to the dump importer, everything else to the folder importer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from importers.registry import reader_for
from lineage.ingest.folders import MAX_BYTES, run_import
from lineage.ingest.summary import ImportSummary, merge
from lineage.stores.base import LineageStore

DUMP_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".parquet")


def is_dump(path: Path) -> bool:
    """Whether a file argument is a Hub API dump rather than a repo file."""
    name = path.name.lower()
    if name.endswith(DUMP_SUFFIXES):
        return True
    return name.endswith(".json") and reader_for(path.name) is None and path.is_file()


def import_paths(
    args: Sequence[str],
    stores: Sequence[LineageStore],
    *,
    explicit_id: str | None = None,
    workers: int = 0,
    batch_size: int = 2000,
    max_bytes: int = MAX_BYTES,
    ancestors: bool = False,
    descendants: int = 0,
    on_progress: Callable[[int], None] | None = None,
    skip_unchanged: bool = True,
    rehash: bool = False,
) -> ImportSummary:
    """Import every argument with the importer its form asks for.

    ``skip_unchanged``: files and dump rows stored as they are now are not read again;
    ``rehash``: a file is known unchanged by its digest only, not its size and time.
    """
    hub_ids = [a[len("hub:") :] for a in args if a.startswith("hub:")]
    paths = [Path(a) for a in args if not a.startswith("hub:")]
    dumps = [p for p in paths if is_dump(p)]
    folders = [p for p in paths if p not in dumps]
    summary = ImportSummary()
    if folders:
        merge(summary, run_import(folders, stores, explicit_id=explicit_id, workers=workers,
                                  batch_size=batch_size, max_bytes=max_bytes,
                                  on_progress=on_progress,
                                  skip_unchanged=skip_unchanged, rehash=rehash))  # fmt: skip
    if dumps:
        from lineage.ingest.dumps import import_dump

        dump = import_dump(
            dumps, stores, workers, batch_size=batch_size, on_progress=on_progress,
            skip_unchanged=skip_unchanged,
        )  # fmt: skip
        merge(summary, dump)
        summary.models_counted += dump.rows - len(dump.failures)
    if hub_ids:
        from lineage.ingest.hub import import_from_hub

        merge(
            summary, import_from_hub(hub_ids, stores, ancestors=ancestors, descendants=descendants)
        )
    return summary

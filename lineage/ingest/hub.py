"""Importing from the live Hugging Face Hub: `importers.hub_live` fetches, the writer writes."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from importers.hub_live import HubClient, HubOptions, HubTally, walk_hub
from lineage.ingest.summary import ImportSummary
from lineage.ingest.writer import import_records
from lineage.stores.base import LineageStore

#: Hub records per write: small, so an interrupted walk keeps what it fetched.
HUB_BATCH = 200


def import_from_hub(
    ids: Iterable[str],
    stores: Sequence[LineageStore],
    *,
    ancestors: bool = False,
    descendants: int = 0,
    options: HubOptions | None = None,
    client: HubClient | None = None,
    batch_size: int = HUB_BATCH,
    on_message: Callable[[str], None] | None = None,
) -> ImportSummary:
    """Import models from the Hub into every store; walk up and/or down if asked.

    Returns the summary; each model that could not be fetched is a failure
    with location ``hub:ORG/NAME`` and a one-line reason.
    """
    started = time.perf_counter()
    tally = HubTally()
    records = walk_hub(
        ids, tally, ancestors=ancestors, descendants=descendants, options=options,
        client=client, on_message=on_message,
    )  # fmt: skip
    summary = import_records(records, stores, batch_size)
    summary.files_read += tally.files_read
    summary.failures.extend(tally.failures)
    summary.models |= tally.models
    summary.seconds = time.perf_counter() - started
    return summary


__all__ = ["HUB_BATCH", "import_from_hub"]

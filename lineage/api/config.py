"""The HTTP API's view of the settings (`lineage.core.settings.Settings`, ``LINEAGE_API_*``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lineage.api.sparql_guard import service_allow_list
from lineage.core.settings import Settings

MIB = 1024 * 1024


def _words(setting: str) -> set[str]:
    return {part for part in re.split(r"[\s,]+", setting) if part}


@dataclass(frozen=True, slots=True)
class ApiConfig:
    """The API's view of the configuration (settings plus the API-only knobs)."""

    settings: Settings
    #: Shared secret for writes (``POST /import``, ``POST /lookup?store=true``); None disables them.
    api_key: str | None
    #: Largest request body on every endpoint but ``/import``.
    max_body_bytes: int
    #: Largest request body on ``POST /import`` (cards and zipped repos).
    max_upload_bytes: int
    #: Processes that run SPARQL queries (each can be killed at its deadline).
    sparql_workers: int
    #: Entries a zip upload may hold.
    zip_max_files: int
    #: Total uncompressed bytes a zip upload may expand to.
    zip_max_bytes: int
    #: Largest uncompressed/compressed ratio of a zip entry (zip-bomb check).
    zip_max_ratio: float
    #: Endpoints a SPARQL ``SERVICE`` may call; empty: federation is off.
    sparql_services: frozenset[str]
    #: Heap bytes a SPARQL worker process may use (0: no cap).
    sparql_memory_bytes: int
    #: Longest SPARQL query text.
    max_query_chars: int
    #: Largest serialized SPARQL result.
    max_result_bytes: int
    #: ``POST /lookup`` requests parsed at the same time.
    lookup_concurrency: int
    #: Origins that browsers may call the API from (``*``: any); empty: no CORS headers.
    cors_origins: tuple[str, ...]

    @property
    def query_timeout(self) -> float:
        """Seconds a SPARQL or Cypher query may run."""
        return self.settings.query_timeout

    @property
    def query_limit(self) -> int:
        """Rows (or triples) a query may return."""
        return self.settings.query_limit

    @classmethod
    def from_settings(cls, settings: Settings) -> ApiConfig:
        """The API's view of the settings."""
        return cls(
            settings=settings,
            api_key=settings.api_key or None,
            max_body_bytes=settings.api_max_body_bytes,
            max_upload_bytes=settings.api_max_upload_bytes,
            sparql_workers=settings.api_sparql_workers,
            zip_max_files=settings.api_zip_max_files,
            zip_max_bytes=settings.api_zip_max_bytes,
            zip_max_ratio=settings.api_zip_max_ratio,
            sparql_services=service_allow_list(settings.api_sparql_services),
            sparql_memory_bytes=settings.api_sparql_memory_bytes,
            max_result_bytes=settings.api_max_result_bytes,
            max_query_chars=settings.api_max_query_chars,
            lookup_concurrency=settings.api_lookup_concurrency,
            cors_origins=tuple(sorted(_words(settings.api_cors_origins))),
        )


__all__ = ["ApiConfig"]

"""Configuration, read once and typed."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_db() -> Path:
    """The per-user embedded store location."""
    return Path(user_data_dir("model-lineage")) / "store"


class Settings(BaseSettings):
    """Every knob, from ``LINEAGE_*`` environment variables or passed in."""

    model_config = SettingsConfigDict(env_prefix="LINEAGE_", extra="ignore")

    db: Path = Field(default_factory=default_db, description="Embedded (Oxigraph) store folder.")
    store: str = Field(default="embedded", description="Store that answers queries.")
    neo4j_uri: str | None = Field(default=None, description="Bolt URI of a Neo4j server.")
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str = "neo4j"
    batch_size: int = Field(default=2000, description="Records written per store transaction.")
    workers: int = Field(default=0, description="Parser processes (0: one per core).")
    max_depth: int = Field(default=50, description="Depth cap of lineage traversals.")
    index: bool = Field(
        default=True,
        description="Keep the lineage index (SQLite) in the embedded store's folder.",
    )
    query_timeout: float = Field(default=10.0, description="Seconds a query may run.")
    query_limit: int = Field(default=10_000, description="Rows a query may return.")
    max_card_bytes: int = Field(default=5_000_000, description="Largest source file read.")
    api_key: str | None = Field(
        default=None, description="Secret for the API's writes; unset disables them."
    )
    api_max_body_bytes: int = Field(
        default=6_000_000, ge=1, description="Largest request body (but uploads)."
    )
    api_max_upload_bytes: int = Field(
        default=64 * 2**20, ge=1, description="Largest POST /import body."
    )
    api_sparql_workers: int = Field(
        default=2, ge=1, description="Processes that run SPARQL queries."
    )
    api_zip_max_files: int = Field(
        default=10_000, ge=1, description="Entries a zip upload may hold."
    )
    api_zip_max_bytes: int = Field(
        default=512 * 2**20, ge=1, description="Bytes a zip upload may expand to."
    )
    api_warm_cache: bool = Field(
        default=True, description="Preload the embedded store's read caches in the API."
    )
    api_refresh_view: bool = Field(
        default=True,
        description="Refresh the consolidated SPARQL view in the API's background, at start "
        "and after each write.",
    )
    api_zip_max_ratio: float = Field(
        default=100.0, gt=1, description="Largest compression ratio of a zip entry."
    )
    api_sparql_services: str = Field(
        default="",
        description="SPARQL endpoints SERVICE may call (space separated); empty: federation off.",
    )
    api_sparql_memory_bytes: int = Field(
        default=2 * 2**30, ge=0, description="Heap a SPARQL worker process may use (0: no cap)."
    )
    api_max_result_bytes: int = Field(
        default=64 * 2**20, ge=1, description="Largest SPARQL result body."
    )
    api_lookup_concurrency: int = Field(
        default=2, ge=1, description="POST /lookup requests parsed at once (more wait briefly)."
    )
    api_cors_origins: str = Field(
        default="", description="Origins allowed by CORS (space separated, or *); empty: off."
    )
    api_max_query_chars: int = Field(
        default=100_000, ge=1, description="Longest SPARQL query the API accepts."
    )
    sparql_query_url: str | None = Field(
        default=None, description="SPARQL Protocol query endpoint of a remote server."
    )
    sparql_update_url: str | None = Field(
        default=None, description="SPARQL Protocol update endpoint (needed for imports)."
    )
    sparql_gsp_url: str | None = Field(
        default=None, description="Graph Store Protocol endpoint (whole-dataset RDF dumps)."
    )
    sparql_user: str | None = Field(default=None, description="User for HTTP basic auth.")
    sparql_password: str | None = Field(default=None, description="Password for basic auth.")
    sparql_digest: bool = Field(
        default=False, description="Send user and password by HTTP Digest (Virtuoso), not Basic."
    )
    sparql_token: str | None = Field(
        default=None, description="Bearer token (instead of user and password)."
    )
    sparql_batch_size: int = Field(
        default=500, ge=1, description="Sources replaced per SPARQL update request."
    )
    sparql_view: bool = Field(
        default=True,
        description="The remote store keeps the consolidated view on the server (SPARQL's "
        "default graph answers each fact once); off: imports cost about half the CPU.",
    )
    sparql_timeout: float = Field(
        default=300.0,
        gt=0,
        description="Seconds an update or a whole-graph read may take (user queries: query_timeout).",
    )
    sparql_retries: int = Field(
        default=3, ge=0, description="Retries of a request after a 5xx or connection error."
    )
    # The local development Neo4j (`lineage neo4j start`, `lineage.neo4j_server.launcher`).
    neo4j_build_dir: Path | None = Field(
        default=None, description="Where the local Neo4j launcher is built (None: user cache)."
    )
    neo4j_java_opts: str = Field(
        default="", description="Extra JVM options for the local Neo4j, space-separated."
    )
    mvn: str = Field(default="mvn", description="Maven executable that builds the local Neo4j.")
    java_home: Path | None = Field(
        default=None,
        # JAVA_HOME is what every Java tool reads; LINEAGE_JAVA_HOME overrides it for us alone.
        validation_alias=AliasChoices("LINEAGE_JAVA_HOME", "JAVA_HOME", "java_home"),
        description="JDK that runs the local Neo4j (None: the java on PATH).",
    )
    neo4j_retry_seconds: float = Field(
        default=120.0,
        ge=0,
        description="Seconds a Neo4j transaction is retried on transient errors.",
    )

"""The Neo4j store: the lineage graph as a property graph, over Bolt.

The mapping lives in `lineage.stores.neo4j.pgmodel`, the statements in `cypher`, the write
transactions in `writes`, the reading of results in `results`. Every statement runs in a
managed transaction (``execute_read``/``execute_write``), which the driver retries on
transient errors — a cluster's leader switch, a lost connection, a deadlock — for up to
``retry_seconds``; what still fails is translated once, in `lineage.stores.neo4j.errors`,
into `StoreUnavailable` or `StoreError`. Writes go in batched ``UNWIND`` statements; reads
give the same answers as the embedded store. ``bolt://``, ``neo4j://`` (routing: clusters)
and ``neo4j+s://`` (Aura, TLS) URIs all work.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from lineage.core.errors import QueryError, StoreError, StoreUnavailable
from lineage.core.graph import Descendants, Edge, Lineage, Node
from lineage.core.ids import key
from lineage.core.records import SourceRecord
from lineage.core.settings import Settings
from lineage.core.traversal import descendants_of_walk, find_cycles, path_between, walk_descendants
from lineage.core.vocab import RELATION_ORDER
from lineage.stores.base import Capability, SourceDigest, SourceImport, import_time_text
from lineage.stores.neo4j import pgmodel, writes
from lineage.stores.neo4j.cypher import (
    ANCESTORS,
    CHILDREN,
    EDGE_RETURN,
    HAS_CHILDREN,
    HAS_CHILDREN_UP,
    IDS,
    LEVEL_DOWN,
    MODELS_TRAINED_ON,
    NODE,
    PARENTS,
    PLACEHOLDER_IDS,
    RECENT_IMPORTS,
    SCHEMA,
    SOURCE_DIGESTS,
    UNRESOLVED_OF,
)
from lineage.stores.neo4j.errors import check_read_only, driver_error, translate_error
from lineage.stores.neo4j.results import edge_from, node_from, plain_value

__all__ = ["Neo4jStore", "check_read_only", "from_settings"]


class Neo4jStore:
    """`LineageStore` on a Neo4j server."""

    name = "neo4j"
    capabilities = frozenset({Capability.CYPHER})

    def __init__(
        self,
        uri: str,
        user: str = "neo4j",
        password: str | None = None,
        database: str = "neo4j",
        max_depth: int = 50,
        query_timeout: float = 10.0,
        retry_seconds: float = 120.0,
    ) -> None:
        import neo4j
        from neo4j import exceptions as nx

        self.uri, self.database, self.max_depth = uri, database, max_depth
        self.query_timeout = query_timeout
        auth = (user, password) if password else None
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=auth,
                max_transaction_retry_time=retry_seconds,
                connection_timeout=10,
                notifications_min_severity="OFF",
            )
            with self._driver.session(database=database) as session:
                # Not retried: a server that does not answer now is reported at once.
                session.run("RETURN 1").consume()
                for statement in SCHEMA:
                    # Schema statements each in their own managed transaction: retried too.
                    session.execute_write(_run_statement, statement)
        except nx.AuthError as exc:
            raise StoreUnavailable(
                f"Neo4j at {uri} refused the credentials for user {user!r}: "
                "check LINEAGE_NEO4J_USER and LINEAGE_NEO4J_PASSWORD"
            ) from exc
        except (nx.ServiceUnavailable, OSError) as exc:
            raise StoreUnavailable(
                f"cannot reach Neo4j at {uri}: is the server running (lineage neo4j start) "
                "and is LINEAGE_NEO4J_URI right?"
            ) from exc
        except nx.ClientError as exc:
            if "DatabaseNotFound" in (exc.code or "") or "database" in str(exc.message).lower():
                raise StoreUnavailable(
                    f"Neo4j at {uri} has no database {database!r}: check LINEAGE_NEO4J_DATABASE"
                ) from exc
            raise StoreError(f"Neo4j at {uri}: {exc.message}") from exc
        except nx.Neo4jError as exc:
            raise StoreError(f"Neo4j at {uri}: {exc.message}") from exc
        except (nx.ConfigurationError, ValueError) as exc:
            raise StoreUnavailable(f"bad Neo4j URI {uri!r}: {exc}") from exc
        except nx.DriverError as exc:
            raise driver_error(exc, f"Neo4j at {uri}") from exc

    # -- plumbing ------------------------------------------------------------

    def _read(self, query: str, **params: Any) -> list[Any]:
        from neo4j import exceptions as nx
        from neo4j import unit_of_work

        @unit_of_work(timeout=self.query_timeout)
        def work(tx: Any) -> list[Any]:
            return list(tx.run(query, params))

        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_read(work)
        except nx.Neo4jError as exc:
            raise translate_error(exc) from exc
        except (nx.DriverError, OSError) as exc:
            raise driver_error(exc, f"lost Neo4j at {self.uri}") from exc

    def _write(self, work: Any) -> Any:
        from neo4j import exceptions as nx

        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(work)
        except nx.Neo4jError as exc:
            raise translate_error(exc) from exc
        except (nx.DriverError, OSError) as exc:
            raise driver_error(exc, f"lost Neo4j at {self.uri} while writing") from exc

    # -- writes --------------------------------------------------------------

    def write(self, records: Sequence[SourceRecord]) -> None:
        if not records:
            return
        rows = writes.source_rows(records)
        self._write(lambda tx: writes.replace_sources(tx, rows))

    def remove_sources(self, sources: Sequence[str]) -> int:
        keys = [key(s) for s in sources]
        result: int = self._write(lambda tx: writes.remove_sources(tx, keys))
        return result

    def clear(self) -> None:
        """Delete every lineage node (tests and ``sync --replace``), in bounded transactions."""
        query = (
            "MATCH (n) WHERE n:Model OR n:Source OR n:Dataset "
            "WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n"
        )
        while self._write(lambda tx: tx.run(query).single()["n"]):
            pass

    # -- reads ---------------------------------------------------------------

    def node(self, model_id: str) -> Node | None:
        rows = self._read(NODE, key=key(model_id))
        return node_from(rows[0]) if rows else None

    def parents(self, model_id: str) -> list[Edge]:
        edges = [edge_from(r) for r in self._read(PARENTS, key=key(model_id))]
        return sorted(edges, key=lambda e: e.parent.casefold())

    def unresolved_of(self, model_id: str) -> list[dict[str, str]]:
        """The model's unresolved references: ``text``, ``reason``, ``kind``, ``source``."""
        out = []
        for r in self._read(UNRESOLVED_OF, key=key(model_id)):
            for text, kind, reason in json.loads(r["unresolved"]):
                out.append({"text": text, "reason": reason, "kind": kind, "source": r["source"]})
        return sorted(out, key=lambda u: (u["source"], u["text"]))

    def children(self, model_id: str, limit: int | None = None) -> list[Edge]:
        query = CHILDREN + (f" LIMIT {int(limit)}" if limit is not None else "")
        edges = [edge_from(r) for r in self._read(query, key=key(model_id))]
        return sorted(edges, key=lambda e: e.child.casefold())

    def ancestors(self, model_id: str, max_depth: int | None = None) -> Lineage:
        depth = self.max_depth if max_depth is None else max_depth
        start = self.node(model_id)
        display = start.id if start else model_id
        result = Lineage(model=display)
        result.nodes[key(display)] = start or Node(display, True)
        if depth <= 0:
            result.truncated = bool(self.parents(model_id))
            return result
        rows = self._read(ANCESTORS.format(inner=depth - 1, ret=EDGE_RETURN), key=key(model_id))
        inside = {key(display)} | {r["child_key"] for r in rows}
        frontier = set()
        for r in rows:
            result.edges.append(edge_from(r))
            if r["parent_key"] not in inside:
                frontier.add(r["parent_key"])
        keys = sorted({r["parent_key"] for r in rows} | {r["child_key"] for r in rows})
        for k in keys:
            if k not in result.nodes:
                n = self.node(k)
                if n is not None:
                    result.nodes[k] = n
        if frontier:
            result.truncated = any(
                r["any"] for r in self._read(HAS_CHILDREN_UP, keys=sorted(frontier))
            )
        result.edges.sort(key=lambda e: (e.child.casefold(), e.parent.casefold()))
        result.cycles = find_cycles(result)
        return result

    def path(self, source: str, target: str, max_depth: int | None = None) -> Lineage:
        return path_between(source, target, lambda m: self.ancestors(m, max_depth))

    def descendants(
        self,
        model_id: str,
        max_depth: int | None = None,
        relations: Sequence[str] | None = None,
        limit: int = 1000,
    ) -> Descendants:
        depth_cap = self.max_depth if max_depth is None else max_depth
        wanted = set(relations) if relations else None
        root = key(model_id)

        def level(frontier: list[str]) -> dict[str, list[tuple[str, str]]]:
            by_parent: dict[str, dict[str, str]] = {}
            for r in self._read(LEVEL_DOWN, keys=frontier):
                rels = [x for x in r["relations"] if wanted is None or x in wanted]
                if rels:
                    best = min(rels, key=RELATION_ORDER.index)
                    by_parent.setdefault(r["parent"], {})[r["child"]] = best
            return {p: sorted(kids.items()) for p, kids in by_parent.items()}

        def has_children(frontier: list[str]) -> bool:
            return any(r["any"] for r in self._read(HAS_CHILDREN, keys=frontier))

        walk = walk_descendants(root, level, has_children, depth_cap, limit)
        wanted_ids = sorted({k for c, p, _ in walk.edges for k in (c, p)})
        ids = {r["key"]: r["id"] for r in self._read(IDS, keys=wanted_ids)} if wanted_ids else {}
        return descendants_of_walk(model_id, walk, lambda k: ids.get(k, k), self.node)

    def iter_model_ids(self, page: int = 5000) -> Iterator[str]:
        last = ""
        while True:
            rows = self._read(
                "MATCH (x:Model) WHERE x.key > $last RETURN x.key AS key, x.id AS id ORDER BY x.key LIMIT $n",
                last=last, n=page,
            )  # fmt: skip
            if not rows:
                return
            for r in rows:
                yield r["id"]
            last = rows[-1]["key"]

    def display_ids(self) -> Iterator[str]:
        return self.iter_model_ids()

    def iter_placeholders(self) -> Iterator[str]:
        """The display ids of the models no source describes, sorted."""
        _, rows, _ = self.cypher(PLACEHOLDER_IDS, {}, 100_000_000)
        yield from sorted(str(r[0]) for r in rows)

    def models_trained_on(self, dataset_id: str) -> list[str]:
        _, rows, _ = self.cypher(MODELS_TRAINED_ON, {"key": dataset_id.casefold()}, 100_000_000)
        return [str(r[0]) for r in rows]

    def iter_nodes(self) -> Iterator[Node]:
        for mid in self.iter_model_ids():
            n = self.node(mid)
            if n is not None:
                yield n

    def iter_edges(self) -> Iterator[Edge]:
        for mid in self.iter_model_ids():
            yield from self.parents(mid)

    def stats(self) -> dict[str, int]:
        row = self._read(
            """
            CALL { MATCH (m:Model) RETURN count(m) AS models }
            CALL { MATCH (m:Model {placeholder: true}) RETURN count(m) AS placeholders }
            CALL { MATCH ()-[r:DERIVED_FROM]->() RETURN count(r) AS edges }
            CALL { MATCH (s:Source) RETURN count(s) AS sources }
            RETURN models, placeholders, edges, sources
            """
        )[0]
        return {k: int(row[k]) for k in ("models", "placeholders", "edges", "sources")}

    def source_digests(self, locations: bool = False, page: int = 50_000) -> Iterator[SourceDigest]:
        """The sources' digests (with ``locations``: every source), in pages along ``Source.key``."""
        last = ""
        while True:
            rows = self._read(SOURCE_DIGESTS, last=last, n=page)
            for r in rows:
                if locations:
                    yield SourceDigest(r["name"], r["digest"], r["location"] or "")
                elif r["digest"] is not None:
                    yield SourceDigest(r["name"], r["digest"])
            if len(rows) < page:
                return
            last = rows[-1]["key"]

    def recent_imports(self, limit: int = 10) -> list[SourceImport]:
        """The sources imports wrote last, newest first (``Source.imported_at`` is indexed)."""
        rows = self._read(RECENT_IMPORTS, n=max(int(limit), 0))
        return [
            SourceImport(r["name"], r["model_id"], import_time_text(r["at"]), r["location"] or "")
            for r in rows
        ]

    def export_records(self) -> list[SourceRecord]:
        """Everything the graph holds, back as source records (for the RDF round trip)."""
        sources = [
            {
                "name": p["name"],
                "kind": p["kind"],
                "location": p["location"],
                "model_id": p["model_id"],
                "describes": p["describes"],
                "digest": p.get("digest"),
                "imported_at": p.get("imported_at"),
                "facts": p,
            }
            for p in (
                r["p"]
                for r in self._read("MATCH (s:Source) RETURN properties(s) AS p ORDER BY s.key")
            )
        ]
        claims = []
        for r in self._read(
            f"MATCH (c:Model)-[r:DERIVED_FROM]->(p:Model) RETURN p.id AS parent, {EDGE_RETURN}"
        ):
            for ev in pgmodel.evidence_of(dict(r)):
                claims.append({
                    "source": ev.source, "parent_id": r["parent"], "kind": ev.kind,
                    "relation": ev.relation, "confidence": ev.confidence,
                    "inferred": ev.inferred, "value": ev.value,
                })  # fmt: skip
        return pgmodel.records_from_rows(sources, claims)

    # -- Cypher for users ----------------------------------------------------

    def cypher(
        self, query: str, params: dict[str, Any] | None = None, limit: int = 10_000
    ) -> tuple[list[str], list[list[Any]], bool]:
        """Run user Cypher read-only with a timeout; returns (columns, rows, truncated).

        One explicit transaction, never retried: a managed read would retry transient
        errors (a transaction over its memory limit is one) for ``retry_seconds``.
        """
        from neo4j import exceptions as nx

        check_read_only(query)

        def work(tx: Any) -> tuple[list[str], list[list[Any]], bool]:
            result = tx.run(query, params or {})
            rows: list[list[Any]] = []
            truncated = False
            for rec in result:
                if len(rows) >= limit:
                    truncated = True
                    break
                rows.append([plain_value(v) for v in rec.values()])
            columns = list(result.keys())
            result.consume()
            return columns, rows, truncated

        try:
            with (
                self._driver.session(database=self.database, default_access_mode="READ") as session,
                session.begin_transaction(timeout=self.query_timeout) as tx,
            ):
                return work(tx)
        except nx.ServiceUnavailable as exc:
            raise StoreUnavailable(f"lost Neo4j at {self.uri}: {exc}") from exc
        except nx.Neo4jError as exc:
            if "OutOfMemory" in (exc.code or ""):  # the user's query is too big, not the server
                raise QueryError(
                    f"the query needs more memory than Neo4j allows a transaction: {exc.message}"
                ) from exc
            raise translate_error(exc) from exc
        except (nx.DriverError, OSError) as exc:
            raise driver_error(exc, f"lost Neo4j at {self.uri}") from exc

    def close(self) -> None:
        self._driver.close()


def _run_statement(tx: Any, statement: str) -> None:
    tx.run(statement).consume()


def from_settings(settings: Settings) -> Neo4jStore:
    """Open the Neo4j store the settings name."""
    if not settings.neo4j_uri:
        raise StoreUnavailable("no Neo4j configured: set LINEAGE_NEO4J_URI (or --neo4j-uri)")
    return Neo4jStore(
        settings.neo4j_uri,
        settings.neo4j_user,
        settings.neo4j_password,
        settings.neo4j_database,
        max_depth=settings.max_depth,
        query_timeout=settings.query_timeout,
        retry_seconds=settings.neo4j_retry_seconds,
    )

"""The Neo4j store: the lineage graph as a property graph, over Bolt.

The mapping lives in `lineage.stores.neo4j.pgmodel`; this module holds the Cypher. Every
statement runs in a managed transaction (``execute_read``/``execute_write``), which the
driver retries on transient errors — a cluster's leader switch, a lost connection, a
deadlock — for up to ``retry_seconds``; what still fails is translated once, in
`_driver_error`, into `StoreUnavailable` or `StoreError`. Writes go in batched ``UNWIND``
statements; reads give the same answers as the embedded store. ``bolt://``,
``neo4j://`` (routing: clusters) and ``neo4j+s://`` (Aura, TLS) URIs all work.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from lineage.core.errors import (
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
    StoreError,
    StoreUnavailable,
)
from lineage.core.graph import Descendants, Edge, Lineage, Node, declared_license, eval_rows
from lineage.core.ids import key
from lineage.core.records import EvalResult, Relation, SourceRecord
from lineage.core.settings import Settings
from lineage.core.traversal import find_cycles, path_between, walk_descendants
from lineage.stores.base import Capability, SourceDigest, SourceImport, import_time_text
from lineage.stores.neo4j import pgmodel
from lineage.stores.neo4j.cypher import (
    ADD_CLAIMS,
    ANCESTORS,
    CHILDREN,
    CREATE_SOURCES,
    DELETE_MODELS,
    DELETE_SOURCES,
    DESCRIBES,
    DROP_CLAIMS,
    DROP_LINKS,
    DROP_TRAINED,
    EDGE_RETURN,
    HAS_CHILDREN,
    HAS_CHILDREN_UP,
    IDS,
    LEVEL_DOWN,
    MENTIONS,
    MERGE_DATASETS,
    MERGE_MODELS,
    MODELS_TRAINED_ON,
    NODE,
    OLD_STATE,
    PARENTS,
    PLACEHOLDER_IDS,
    READ_EVIDENCE,
    RECENT_IMPORTS,
    REFRESH_MODELS,
    SCHEMA,
    SET_MODELS,
    SET_SUMMARY,
    SOURCE_DIGESTS,
    TRAINED_ON,
    UNRESOLVED_OF,
    UPSERT_SOURCES,
)

RELATION_ORDER = [r.value for r in Relation]
_WRITE_CLAUSE = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|LOAD\s+CSV|FOREACH|ALTER|GRANT|DENY|REVOKE"
    r"|START|STOP|TERMINATE|RENAME|IN\s+TRANSACTIONS)\b",
    re.I,
)
_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)


def _node_from(record: Any) -> Node:
    facts = [f for f in record["facts"] if f]

    def values(name: str) -> list[Any]:
        out: set[Any] = set()
        for f in facts:
            v = f.get(name)
            if isinstance(v, list):
                out.update(v)
            elif v is not None:
                out.add(v)
        return sorted(out)

    def weights(i: int) -> list[Any]:
        return sorted({x for row in record["weights"] for x in row[i] or []})

    licenses, names = values("license"), values("license_name")
    lic = licenses[0] if licenses else None
    if names and (lic is None or lic.casefold() == "other"):
        lic = names[0]
    libs, pipes = values("library"), values("pipeline_tag")
    decl = declared_license(
        (f["name"], f.get("license"), f.get("license_name"), f.get("license_link")) for f in facts
    )
    return Node(
        id=record["id"],
        placeholder=bool(record["placeholder"]),
        license=lic,
        datasets=values("datasets"),
        library=libs[0] if libs else None,
        pipeline_tag=pipes[0] if pipes else None,
        languages=values("languages"),
        tags=values("tags"),
        sources=sorted(f["name"] for f in facts),
        declared_license=decl[0],
        license_name=decl[1],
        license_link=decl[2],
        license_source=decl[3],
        evals=[EvalResult(*row) for row in eval_rows(pgmodel.eval_rows_of(facts))],
        formats=weights(0),
        quant_types=weights(1),
        bits=[int(b) for b in weights(2)],
        new_version=min(values("new_version"), default=None),
    )


def _edge_from(record: Any) -> Edge:
    return Edge(record["child"], record["parent"], pgmodel.evidence_of(dict(record)))


def check_read_only(query: str) -> None:
    """Refuse Cypher that writes, before it reaches the server (the read transaction is the backstop)."""
    bare = _STRINGS.sub(" ", query)
    found = _WRITE_CLAUSE.search(bare)
    if found:
        raise ReadOnlyViolation(f"read-only: {found.group(1).upper()} is not allowed here")
    if re.search(r"\bCALL\b", bare, re.I) and not re.search(
        r"\bCALL\s+(db\.(labels|relationshipTypes|propertyKeys|schema\.\w+|indexes|constraints)|dbms\.components)\b",
        bare,
        re.I,
    ):
        raise ReadOnlyViolation("read-only: only read-only schema procedures may be called here")


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
            raise _driver_error(exc, f"Neo4j at {uri}") from exc

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
            raise _translate(exc) from exc
        except (nx.DriverError, OSError) as exc:
            raise _driver_error(exc, f"lost Neo4j at {self.uri}") from exc

    def _write(self, work: Any) -> Any:
        from neo4j import exceptions as nx

        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(work)
        except nx.Neo4jError as exc:
            raise _translate(exc) from exc
        except (nx.DriverError, OSError) as exc:
            raise _driver_error(exc, f"lost Neo4j at {self.uri} while writing") from exc

    # -- writes --------------------------------------------------------------

    def write(self, records: Sequence[SourceRecord]) -> None:
        if not records:
            return
        latest = {key(r.source): r for r in records}
        rows = []
        for rec in latest.values():
            row = pgmodel.record_row(rec)
            props = {
                "key": row["key"], "name": row["name"], "kind": row["kind"],
                "location": row["location"], "model": row["model"], "model_id": row["model_id"],
                "describes": row["describes"], **row["facts"],
            }  # fmt: skip
            if row["digest"]:
                props["digest"] = row["digest"]
            if row["imported_at"]:
                props["imported_at"] = row["imported_at"]
            rows.append({**row, "props": props})
        self._write(lambda tx: self._replace(tx, rows))

    def _replace(self, tx: Any, rows: list[dict[str, Any]]) -> None:
        # Separate simple statements (no Eager operators), flat de-duplicated parameters,
        # and no clean-up work at all for sources that are new.
        refresh: set[str] = set()
        touched_children: set[str] = set()
        existing: set[str] = set()
        for rec in tx.run(OLD_STATE, keys=[r["key"] for r in rows]):
            existing.add(rec["key"])
            touched_children.add(rec["model"])
            refresh.update(rec["mentioned"])
        if existing:
            for statement in (DROP_CLAIMS, DROP_TRAINED, DROP_LINKS):
                tx.run(statement, keys=sorted(existing)).consume()
            props = [{"key": r["key"], "props": r["props"]} for r in rows if r["key"] in existing]
            tx.run(UPSERT_SOURCES, rows=props).consume()
        new = [{"props": r["props"]} for r in rows if r["key"] not in existing]
        if new:
            tx.run(CREATE_SOURCES, rows=new).consume()
        models: dict[str, dict[str, str]] = {}
        for r in rows:
            for m in r["mentions"]:
                if m["key"] not in models or m["id"] < models[m["key"]]["id"]:
                    models[m["key"]] = m
        tx.run(MERGE_MODELS, models=list(models.values())).consume()
        links = [
            {"source": r["key"], "model": m["key"], "id": m["id"]}
            for r in rows
            for m in r["mentions"]
        ]
        tx.run(MENTIONS, links=links).consume()
        described = [
            {"key": r["key"], "model": r["model"], "id": r["model_id"]}
            for r in rows
            if r["describes"]
        ]
        tx.run(DESCRIBES, rows=described).consume()
        datasets = {d["key"]: d for r in rows for d in r["datasets"]}
        if datasets:
            tx.run(MERGE_DATASETS, datasets=list(datasets.values())).consume()
            trained = [
                {"source": r["key"], "model": r["model"], "dataset": d["key"]}
                for r in rows
                for d in r["datasets"]
            ]
            tx.run(TRAINED_ON, links=trained).consume()
        claims = [{**c, "child": r["model"]} for r in rows for c in r["claims"]]
        if claims:
            tx.run(ADD_CLAIMS, claims=claims).consume()
        touched_children.update(r["model"] for r in rows)
        self._summarise(tx, sorted(touched_children))
        if refresh:
            # Only models that lost a mention need their display id and placeholder recomputed.
            self._refresh_models(tx, sorted(refresh))

    def _summarise(self, tx: Any, children: list[str]) -> None:
        rows = []
        for rec in tx.run(READ_EVIDENCE, children=children):
            evidence = pgmodel.evidence_of(dict(rec))
            if evidence:
                summary = pgmodel.summarise(rec["child"], rec["parent"], evidence)
                rows.append(
                    {"child": rec["child_key"], "parent": rec["parent_key"], "summary": summary}
                )
        if rows:
            tx.run(SET_SUMMARY, rows=rows).consume()

    def _refresh_models(self, tx: Any, keys: list[str]) -> None:
        updates, gone = [], []
        for rec in tx.run(REFRESH_MODELS, keys=keys):
            names = [(own, i) for own, i in rec["names"] if i is not None]
            if not names:
                gone.append(rec["k"])
                continue
            display = min((not own, i) for own, i in names)[1]
            updates.append(
                {"key": rec["k"], "id": display, "placeholder": not any(o for o, _ in names)}
            )
        if updates:
            tx.run(SET_MODELS, rows=updates).consume()
        if gone:
            tx.run(DELETE_MODELS, keys=gone).consume()

    def remove_sources(self, sources: Sequence[str]) -> int:
        keys = [key(s) for s in sources]

        def work(tx: Any) -> int:
            present = [
                r["k"]
                for r in tx.run("UNWIND $keys AS k MATCH (s:Source {key: k}) RETURN k", keys=keys)
            ]
            if not present:
                return 0
            touched_children: set[str] = set()
            touched_models: set[str] = set()
            for rec in tx.run(OLD_STATE, keys=present):
                touched_children.add(rec["model"])
                touched_models.update(rec["mentioned"])
            tx.run(DROP_CLAIMS, keys=present).consume()
            tx.run(DROP_TRAINED, keys=present).consume()
            tx.run(DELETE_SOURCES, keys=present).consume()
            self._summarise(tx, sorted(touched_children))
            self._refresh_models(tx, sorted(touched_models))
            return len(present)

        result: int = self._write(work)
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
        return _node_from(rows[0]) if rows else None

    def parents(self, model_id: str) -> list[Edge]:
        edges = [_edge_from(r) for r in self._read(PARENTS, key=key(model_id))]
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
        edges = [_edge_from(r) for r in self._read(query, key=key(model_id))]
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
            result.edges.append(_edge_from(r))
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
        start = self.node(model_id)
        display = start.id if start else model_id

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
        edges = walk.edges
        wanted_ids = sorted({k for c, p, _ in edges for k in (c, p)})
        ids = {r["key"]: r["id"] for r in self._read(IDS, keys=wanted_ids)} if wanted_ids else {}
        listed = [(ids.get(c, c), ids.get(p, p), r) for c, p, r in edges]
        nodes: dict[str, Node] = {}
        for k in wanted_ids:
            n = self.node(k)
            if n is not None:
                nodes[k] = n
        return Descendants(
            model=display, total=sum(walk.counts.values()), counts=walk.counts,
            direct_counts=walk.direct, edges=listed, nodes=nodes, truncated=walk.truncated,
            max_depth_reached=walk.depth,
        )  # fmt: skip

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
                rows.append([_plain(v) for v in rec.values()])
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
            raise _translate(exc) from exc
        except (nx.DriverError, OSError) as exc:
            raise _driver_error(exc, f"lost Neo4j at {self.uri}") from exc

    def close(self) -> None:
        self._driver.close()


def _plain(value: Any) -> Any:
    """Driver values (nodes, relationships, paths) as JSON-friendly data."""
    from neo4j.graph import Node as GNode
    from neo4j.graph import Path, Relationship

    if isinstance(value, GNode):
        return {"labels": sorted(value.labels), "properties": dict(value)}
    if isinstance(value, Relationship):
        return {
            "type": value.type,
            "start": value.start_node["key"] if value.start_node is not None else None,
            "end": value.end_node["key"] if value.end_node is not None else None,
            "properties": dict(value),
        }
    if isinstance(value, Path):
        return {
            "nodes": [_plain(n) for n in value.nodes],
            "relationships": [_plain(r) for r in value.relationships],
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _run_statement(tx: Any, statement: str) -> None:
    tx.run(statement).consume()


def _driver_error(exc: Exception, what: str) -> StoreError:
    """A driver error the managed transaction could not retry away, as one clear error.

    Lost connections (``ServiceUnavailable``, ``SessionExpired``, a commit whose outcome is
    unknown, a socket error) mean the server is gone: `StoreUnavailable`; the rest
    (a driver misuse, a result read twice) is a `StoreError`.
    """
    from neo4j import exceptions as nx

    detail = str(exc).strip() or type(exc).__name__
    if isinstance(exc, nx.IncompleteCommit):
        return StoreUnavailable(
            f"{what}: the connection broke during a commit, whose outcome is unknown "
            f"(writing the same sources again is safe): {detail}"
        )
    if isinstance(exc, (nx.ServiceUnavailable, nx.SessionExpired, OSError)):
        return StoreUnavailable(f"{what}: {detail}")
    return StoreError(f"{what}: {type(exc).__name__}: {detail}")


def _translate(exc: Any) -> Exception:
    code = exc.code or ""
    message = exc.message or str(exc)
    if (
        "AccessMode" in code
        or "ForbiddenDueToTransactionType" in code
        or "not allowed for" in message
    ):
        return ReadOnlyViolation(f"read-only: {message}")
    if "TransactionTimedOut" in code or "Timeout" in code or "terminated" in message.lower():
        return QueryTimeout(f"query stopped at the time limit: {message}")
    if code.startswith("Neo.ClientError.Statement"):
        return QueryError(message)
    return StoreError(f"Neo4j: {message}")


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

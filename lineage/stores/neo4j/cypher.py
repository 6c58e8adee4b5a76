"""The Cypher the Neo4j store runs, in one place (the mapping itself is `lineage.stores.neo4j.pgmodel`).

Write statements each run once per batch, ``UNWIND`` over the batch's rows; they are
kept separate and simple so the planner needs no Eager operators.
"""

from __future__ import annotations

from lineage.stores.neo4j import pgmodel

SCHEMA = [
    "CREATE CONSTRAINT lineage_model_key IF NOT EXISTS FOR (m:Model) REQUIRE m.key IS UNIQUE",
    "CREATE CONSTRAINT lineage_source_key IF NOT EXISTS FOR (s:Source) REQUIRE s.key IS UNIQUE",
    "CREATE CONSTRAINT lineage_dataset_key IF NOT EXISTS FOR (d:Dataset) REQUIRE d.key IS UNIQUE",
    "CREATE INDEX lineage_model_id IF NOT EXISTS FOR (m:Model) ON (m.id)",
    "CREATE INDEX lineage_source_model IF NOT EXISTS FOR (s:Source) ON (s.model)",
    "CREATE INDEX lineage_source_imported IF NOT EXISTS FOR (s:Source) ON (s.imported_at)",
]
EV = pgmodel.EV_PROPS

# -- write statements (each runs once per batch, UNWIND over the batch) ---------

OLD_STATE = """
UNWIND $keys AS k
MATCH (s:Source {key: k})
OPTIONAL MATCH (s)-[m:MENTIONS]->(x:Model)
RETURN k AS key, s.model AS model, collect(x.key) AS mentioned
"""
DROP_CLAIMS = (
    """
UNWIND $keys AS k
MATCH (s:Source {key: k})
MATCH (c:Model {key: s.model})-[r:DERIVED_FROM]->()
WITH r, k, [i IN range(0, size(r.ev_source) - 1) WHERE toLower(r.ev_source[i]) <> k] AS keep
SET """
    + ", ".join(f"r.{p} = [i IN keep | r.{p}[i]]" for p in EV)
    + """
WITH r WHERE size(r.ev_source) = 0
DELETE r
"""
)
DROP_TRAINED = """
UNWIND $keys AS k
MATCH (s:Source {key: k})
MATCH (c:Model {key: s.model})-[t:TRAINED_ON]->()
SET t.sources = [x IN t.sources WHERE x <> k]
WITH t WHERE size(t.sources) = 0
DELETE t
"""
DROP_LINKS = """
UNWIND $keys AS k
MATCH (s:Source {key: k})-[l:MENTIONS|DESCRIBES]->()
DELETE l
"""
UPSERT_SOURCES = """
UNWIND $rows AS row
MERGE (s:Source {key: row.key})
SET s = row.props
"""
CREATE_SOURCES = """
UNWIND $rows AS row
CREATE (s:Source)
SET s = row.props
"""
# Display case without re-reading every mention (a popular base has thousands):
# a placeholder keeps the smallest id it was written with, a described model the
# smallest id its own sources use — the embedded store's rule, kept incrementally.
MERGE_MODELS = """
UNWIND $models AS m
MERGE (x:Model {key: m.key})
ON CREATE SET x.id = m.id, x.placeholder = true
ON MATCH SET x.id = CASE WHEN x.placeholder AND m.id < x.id THEN m.id ELSE x.id END
"""
MENTIONS = """
UNWIND $links AS l
MATCH (s:Source {key: l.source})
MATCH (x:Model {key: l.model})
CREATE (s)-[:MENTIONS {id: l.id}]->(x)
"""
DESCRIBES = """
UNWIND $rows AS row
MATCH (s:Source {key: row.key}), (x:Model {key: row.model})
CREATE (s)-[:DESCRIBES]->(x)
SET x.id = CASE WHEN x.placeholder OR row.id < x.id THEN row.id ELSE x.id END, x.placeholder = false
"""
MERGE_DATASETS = """
UNWIND $datasets AS d
MERGE (ds:Dataset {key: d.key}) ON CREATE SET ds.id = d.id
"""
TRAINED_ON = """
UNWIND $links AS l
MATCH (c:Model {key: l.model})
MATCH (ds:Dataset {key: l.dataset})
MERGE (c)-[t:TRAINED_ON]->(ds) ON CREATE SET t.sources = []
SET t.sources = t.sources + l.source
"""
ADD_CLAIMS = (
    """
UNWIND $claims AS c
MATCH (a:Model {key: c.child}), (b:Model {key: c.parent})
MERGE (a)-[r:DERIVED_FROM]->(b)
ON CREATE SET """
    + ", ".join(f"r.{p} = []" for p in EV)
    + "\nSET "
    + ", ".join(f"r.{p} = r.{p} + c.{p[3:]}" for p in EV)
)
READ_EVIDENCE = """
UNWIND $children AS k
MATCH (a:Model {key: k})-[r:DERIVED_FROM]->(b:Model)
RETURN a.key AS child_key, b.key AS parent_key, a.id AS child, b.id AS parent, """ + ", ".join(
    f"r.{p} AS {p}" for p in EV
)
SET_SUMMARY = """
UNWIND $rows AS row
MATCH (:Model {key: row.child})-[r:DERIVED_FROM]->(:Model {key: row.parent})
SET r += row.summary
"""
REFRESH_MODELS = """
UNWIND $keys AS k
MATCH (x:Model {key: k})
OPTIONAL MATCH (s:Source)-[m:MENTIONS]->(x)
RETURN k, collect([exists((s)-[:DESCRIBES]->(x)), m.id]) AS names
"""
SET_MODELS = """
UNWIND $rows AS row
MATCH (x:Model {key: row.key})
SET x.id = row.id, x.placeholder = row.placeholder
"""
DELETE_MODELS = """
UNWIND $keys AS k
MATCH (x:Model {key: k})
DETACH DELETE x
"""
DELETE_SOURCES = """
UNWIND $keys AS k
MATCH (s:Source {key: k})
DETACH DELETE s
"""

# -- read statements ------------------------------------------------------------

# Weight formats count from every source about the model (a GGUF file is no description).
NODE = """
MATCH (x:Model {key: $key})
OPTIONAL MATCH (s:Source)-[:DESCRIBES]->(x)
WITH x, collect(properties(s)) AS facts
OPTIONAL MATCH (o:Source {model: $key})
WHERE o.formats IS NOT NULL OR o.quant_types IS NOT NULL OR o.bits IS NOT NULL
RETURN x.id AS id, x.placeholder AS placeholder, facts,
       collect([o.formats, o.quant_types, o.bits]) AS weights
"""
UNRESOLVED_OF = """
MATCH (s:Source {model: $key}) WHERE s.unresolved IS NOT NULL
RETURN s.name AS source, s.unresolved AS unresolved
"""
EDGE_RETURN = ", ".join(f"r.{p} AS {p}" for p in EV)
PARENTS = f"""
MATCH (c:Model {{key: $key}})-[r:DERIVED_FROM]->(p:Model)
RETURN c.id AS child, p.id AS parent, {EDGE_RETURN}
"""
CHILDREN = f"""
MATCH (p:Model {{key: $key}})<-[r:DERIVED_FROM]-(c:Model)
RETURN c.id AS child, p.id AS parent, {EDGE_RETURN}
ORDER BY c.key
"""
# Nodes within depth-1 of the model, each once (DISTINCT prunes the repeated
# paths Cypher enumerates through merges); then every edge out of them.
ANCESTORS = """
MATCH (m:Model {{key: $key}})
MATCH (m)-[:DERIVED_FROM*0..{inner}]->(a:Model)
WITH DISTINCT a
MATCH (a)-[r:DERIVED_FROM]->(p:Model)
RETURN a.id AS child, a.key AS child_key, p.id AS parent, p.key AS parent_key, {ret}
"""
LEVEL_DOWN = """
UNWIND $keys AS k
MATCH (p:Model {key: k})<-[r:DERIVED_FROM]-(c:Model)
RETURN k AS parent, c.key AS child, r.ev_relation AS relations
"""
HAS_CHILDREN = """
UNWIND $keys AS k
MATCH (:Model {key: k})<-[:DERIVED_FROM]-()
RETURN count(*) > 0 AS any
"""
IDS = "UNWIND $keys AS k MATCH (x:Model {key: k}) RETURN x.key AS key, x.id AS id"

HAS_CHILDREN_UP = """
UNWIND $keys AS k
MATCH (:Model {key: k})-[:DERIVED_FROM]->()
RETURN count(*) > 0 AS any
"""
SOURCE_DIGESTS = """
MATCH (s:Source) WHERE s.key > $last
RETURN s.key AS key, s.name AS name, s.location AS location, s.digest AS digest
ORDER BY s.key LIMIT $n
"""
RECENT_IMPORTS = """
MATCH (s:Source) WHERE s.imported_at IS NOT NULL
RETURN s.name AS name, s.model_id AS model_id, s.imported_at AS at, s.location AS location
ORDER BY s.imported_at DESC, s.name LIMIT $n
"""
PLACEHOLDER_IDS = "MATCH (x:Model) WHERE x.placeholder RETURN x.id"
MODELS_TRAINED_ON = "MATCH (m:Model)-[:TRAINED_ON]->(:Dataset {key: $key}) RETURN m.key"

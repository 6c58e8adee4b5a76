"""The IRIs of the ontology and of the things in the graph.

This module (with `lineage.rdf.mapping`) is the only place that knows them; the
ontology itself is `ontology/lineage.ttl`.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, unquote

from lineage.core.ids import key
from lineage.core.records import Relation

BASE = "https://w3id.org/model-lineage/"
LIN = BASE + "ns#"
FAIR4ML = "https://w3id.org/fair4ml#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

MODEL_NS = BASE + "model/"
DATASET_NS = BASE + "dataset/"
SOURCE_NS = BASE + "source/"
DERIVATION_NS = BASE + "derivation/"
NODE_NS = BASE + "node/"

PREFIXES = {
    "lin": LIN,
    "fair4ml": FAIR4ML,
    "schema": SCHEMA,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "model": MODEL_NS,
    "dataset": DATASET_NS,
    "source": SOURCE_NS,
}

RELATION_PROPERTY: dict[Relation, str] = {
    Relation.FINETUNE: LIN + "fineTunedFrom",
    Relation.ADAPTER: LIN + "adapterOf",
    Relation.QUANTIZED: LIN + "quantizedFrom",
    Relation.MERGE: LIN + "mergedFrom",
    Relation.DISTILLATION: LIN + "distilledFrom",
    Relation.UNKNOWN: LIN + "derivedFrom",
}
PROPERTY_RELATION: dict[str, Relation] = {v: k for k, v in RELATION_PROPERTY.items()}
# When one edge carries several relations, every engine ranks them in this order (descendant
# counts, a child listed once under its best relation).
RELATION_ORDER: list[str] = [r.value for r in Relation]
RELATION_RANK: dict[str, int] = {r: i for i, r in enumerate(RELATION_ORDER)}
RELATION_OF_PROPERTY: dict[str, str] = {p: r.value for p, r in PROPERTY_RELATION.items()}

# Classes
MLMODEL = FAIR4ML + "MLModel"
DATASET = SCHEMA + "Dataset"
SOURCE = LIN + "Source"
DERIVATION = PROV + "Derivation"
EVALUATION = LIN + "EvaluationResult"
UNRESOLVED = LIN + "UnresolvedReference"

# Properties
TYPE = RDF + "type"
HUB_ID = LIN + "hubId"
DESCRIBED_BY = LIN + "describedBy"
ABOUT = LIN + "about"
QUALIFIED_DERIVATION = PROV + "qualifiedDerivation"
ENTITY = PROV + "entity"
RELATION = LIN + "relation"
EVIDENCE_KIND = LIN + "evidenceKind"
EVIDENCE_VALUE = LIN + "evidenceValue"
CONFIDENCE = LIN + "confidence"
RELATION_INFERRED = LIN + "relationInferred"
PRIMARY_SOURCE = PROV + "hadPrimarySource"
REVISION = LIN + "revision"
SOURCE_NAME = LIN + "sourceName"
SOURCE_KIND = LIN + "sourceKind"
SOURCE_DIGEST = LIN + "sourceDigest"
IMPORTED_AT = PROV + "generatedAtTime"  # when an import wrote the source's graph
LOCATION = PROV + "atLocation"
LICENSE = SCHEMA + "license"
LICENSE_NAME = LIN + "licenseName"
LICENSE_LINK = LIN + "licenseLink"
TRAINED_ON = FAIR4ML + "trainedOn"
IDENTIFIER = SCHEMA + "identifier"
LIBRARY = LIN + "libraryName"
PIPELINE_TAG = LIN + "pipelineTag"
LANGUAGE = SCHEMA + "inLanguage"
KEYWORDS = SCHEMA + "keywords"
NEW_VERSION = LIN + "newVersion"
WEIGHT_FORMAT = LIN + "weightFormat"
QUANT_TYPE = LIN + "quantizationType"
BIT_WIDTH = LIN + "bitWidth"
HAS_EVALUATION = LIN + "evaluation"
EVAL_TASK = LIN + "task"
EVAL_DATASET = LIN + "evaluationDataset"
EVAL_METRIC = LIN + "metric"
EVAL_VALUE = LIN + "value"
HAS_UNRESOLVED = LIN + "unresolvedReference"
UNRESOLVED_VALUE = LIN + "referenceText"
UNRESOLVED_REASON = LIN + "reason"


# What `quote(text, safe=_SAFE)` keeps as it is: a text made of these alone needs no
# encoding (most ids), and `quote` costs more than a model's cached facts do to read.
_SAFE = "/-._~"
_NEEDS_NO_QUOTING = re.compile(r"[A-Za-z0-9/\-._~]*")


def _path(text: str) -> str:
    return text if _NEEDS_NO_QUOTING.fullmatch(text) else quote(text, safe=_SAFE)


def model_iri(model_id: str) -> str:
    """The IRI of a model: its case-insensitive key under the model namespace."""
    return MODEL_NS + _path(key(model_id))


def model_key_from_iri(iri: str) -> str:
    """The matching key of a model IRI (inverse of `model_iri`, up to case)."""
    return unquote(iri[len(MODEL_NS) :])


def dataset_iri(dataset_id: str) -> str:
    """The IRI of a dataset."""
    return DATASET_NS + _path(key(dataset_id))


def source_iri(source: str) -> str:
    """The named graph of a source, ``card:ORG/NAME`` → ``…/source/card/org/name``."""
    kind, _, rest = source.partition(":")
    return SOURCE_NS + _path(kind) + "/" + _path(key(rest))


def source_name_from_iri(iri: str) -> str:
    """Best-effort inverse of `source_iri` (lower-cased)."""
    kind, _, rest = unquote(iri[len(SOURCE_NS) :]).partition("/")
    return f"{kind}:{rest}"


def node_iri(*parts: str) -> str:
    """A stable IRI for a node owned by a source (derivations, evaluations…)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=12).hexdigest()
    return NODE_NS + digest


# The consolidated view (the embedded store's default graph): each fact and each derivation
# once. `VIEW_GRAPH` names it (``default-graph-uri`` maps that name to the default graph) and
# is the subject of its bookkeeping: its state and the models a write left to refresh.
VIEW_GRAPH = BASE + "graph/consolidated"
CONFLICT = LIN + "conflict"
CLAIM_COUNT = LIN + "claimCount"
VIEW_STATE = LIN + "viewState"
PENDING_MODEL = LIN + "pendingModel"


def view_derivation_iri(child_iri: str, parent_iri: str) -> str:
    """The IRI of the view's one derivation of a (child, parent) pair (SPARQL computes it too)."""
    return DERIVATION_NS + hashlib.md5(f"{child_iri} {parent_iri}".encode()).hexdigest()

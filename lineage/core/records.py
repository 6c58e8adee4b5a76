"""Pure records: what importers produce and the RDF mapping consumes.

No I/O, no drivers. An importer turns one source (a card, a repo file, a dump
row) into one `SourceRecord`: the facts about the model it describes and a
list of evidence-tagged lineage claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Relation(StrEnum):
    """How a model was derived from a parent."""

    FINETUNE = "finetune"
    ADAPTER = "adapter"
    QUANTIZED = "quantized"
    MERGE = "merge"
    DISTILLATION = "distillation"
    UNKNOWN = "unknown"


# How the Hub's `base_model:REL:` tags and the card YAML's `base_model_relation` name a relation.
RELATION_NAMES: dict[str, Relation] = {
    "adapter": Relation.ADAPTER,
    "merge": Relation.MERGE,
    "quantized": Relation.QUANTIZED,
    "quantization": Relation.QUANTIZED,
    "finetune": Relation.FINETUNE,
    "finetuned": Relation.FINETUNE,
    "distillation": Relation.DISTILLATION,
}


class EvidenceKind(StrEnum):
    """Which kind of signal a claim was read from."""

    CARD_YAML = "card-yaml"
    CARD_PROSE = "card-prose"
    ADAPTER_CONFIG = "adapter-config"
    MERGEKIT_CONFIG = "mergekit-config"
    CONFIG_JSON = "config-json"
    GGUF = "gguf"
    MODELFILE = "modelfile"
    HUB_API = "hub-api"


# Base confidence of a claim by evidence kind; inferred relations lose a little.
BASE_CONFIDENCE: dict[EvidenceKind, float] = {
    EvidenceKind.CARD_YAML: 0.9,
    EvidenceKind.HUB_API: 0.9,
    EvidenceKind.ADAPTER_CONFIG: 0.95,
    EvidenceKind.MERGEKIT_CONFIG: 0.95,
    EvidenceKind.GGUF: 0.8,
    EvidenceKind.MODELFILE: 0.8,
    EvidenceKind.CARD_PROSE: 0.6,
    EvidenceKind.CONFIG_JSON: 0.4,
}
INFERRED_PENALTY = 0.1


def confidence_for(kind: EvidenceKind, inferred: bool) -> float:
    """The confidence of one claim given its evidence kind."""
    base = BASE_CONFIDENCE[kind]
    return round(base - INFERRED_PENALTY if inferred else base, 3)


def combine_confidence(values: list[float]) -> float:
    """Several independent signals strengthen an edge (noisy-or)."""
    miss = 1.0
    for v in values:
        miss *= 1.0 - v
    return round(1.0 - miss, 3)


@dataclass(frozen=True, slots=True)
class Claim:
    """One piece of evidence that ``child`` derives from ``parent``.

    ``relation_inferred`` is true when the source did not state the relation
    and the importer inferred it from the rest of the card. ``value`` is the
    text the claim was read from (a YAML value, a sentence of prose).
    """

    parent: str
    relation: Relation
    kind: EvidenceKind
    confidence: float
    relation_inferred: bool = False
    value: str | None = None
    revision: str | None = None


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A lineage reference that names no model (a local path, ``None``, a URL)."""

    value: str
    kind: EvidenceKind
    reason: str


@dataclass(frozen=True, slots=True)
class EvalResult:
    """One result from a card's ``model-index``."""

    task: str | None
    dataset: str | None
    metric: str
    value: str


@dataclass(slots=True)
class SourceRecord:
    """Everything one source says about one model.

    ``source`` is the stable name of the source (``card:ORG/NAME`` …), which
    becomes the named graph its triples live in; ``location`` is where it was
    read from (a path or URL), kept as provenance.
    """

    model_id: str
    source: str
    location: str
    source_kind: str = "card"
    claims: list[Claim] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    license: str | None = None
    license_name: str | None = None
    license_link: str | None = None
    datasets: list[str] = field(default_factory=list)
    library: str | None = None
    pipeline_tag: str | None = None
    languages: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    # Weight formats (GGUF, MLX, AWQ…), quantisation types (Q4_K_M, 4bit, w4a16…) and the
    # bit widths they mean, as the source's tags, file names or model id say (`importers.formats`).
    formats: list[str] = field(default_factory=list)
    quant_types: list[str] = field(default_factory=list)
    bits: list[int] = field(default_factory=list)
    new_version: str | None = None
    evals: list[EvalResult] = field(default_factory=list)
    # Whether this source is the model's own description (a card, a dump row)
    # rather than a side file; only own descriptions turn a placeholder into a model.
    describes_model: bool = True
    # Problems worth telling the user that did not stop the source being read; not stored.
    warnings: list[str] = field(default_factory=list)
    # A digest of what the source was read from (the file's bytes, the dump row), stored
    # with it: a re-import of the same bytes skips parsing and writing. None: not known.
    digest: str | None = None
    # When an import wrote the source: UTC, ISO 8601 with milliseconds ("…T07:45:00.123Z"),
    # one value for every source of one import run. None: written outside an import.
    imported_at: str | None = None


@dataclass(frozen=True, slots=True)
class SourceFailure:
    """A source that could not be read, with where and why."""

    location: str
    reason: str

"""The terms and row shapes the parts of the embedded store share."""

from __future__ import annotations

from typing import Any

from pyoxigraph import NamedNode

from lineage.core import vocab as v
from lineage.core.graph import EvalRow, Evidence

# Models whose facts and parents stay cached between writes.
CACHE_MODELS = 200_000
# A placeholder's display id is the smallest spelling among this many mentions:
# a popular base without a card is named in tens of thousands of child graphs.
PLACEHOLDER_MENTIONS = 64

N = {name: NamedNode(getattr(v, name)) for name in (
    "HUB_ID", "DESCRIBED_BY", "QUALIFIED_DERIVATION", "ENTITY",
    "RELATION", "EVIDENCE_KIND", "EVIDENCE_VALUE", "CONFIDENCE", "RELATION_INFERRED",
    "PRIMARY_SOURCE", "SOURCE_NAME", "LOCATION", "LICENSE", "LICENSE_NAME", "TRAINED_ON",
    "IDENTIFIER", "LIBRARY", "PIPELINE_TAG", "LANGUAGE", "KEYWORDS", "DATASET", "NEW_VERSION",
    "HAS_EVALUATION", "HAS_UNRESOLVED", "UNRESOLVED_VALUE", "UNRESOLVED_REASON", "WEIGHT_FORMAT",
    "QUANT_TYPE", "BIT_WIDTH",
)}  # fmt: skip
LICENSE_PREDS = {v.LICENSE: 1, v.LICENSE_NAME: 2, v.LICENSE_LINK: 3}
# A model's facts, as cached: display id, own?, licence, datasets, library,
# pipeline tag, languages, tags, sources, the licence declaration (licence, name,
# link, source), the evaluation results, formats, quantisation types, bit widths, new version.
NodeData = tuple[str, bool, str | None, tuple[str, ...], str | None, str | None,
                 tuple[str, ...], tuple[str, ...], tuple[str, ...],
                 tuple[str | None, str | None, str | None, str | None],
                 tuple[EvalRow, ...], tuple[str, ...], tuple[str, ...], tuple[int, ...],
                 str | None]  # fmt: skip
# A model's parents as the lineage index keeps them: each parent's IRI and evidence.
ParentRows = tuple[tuple[str, tuple[Evidence, ...]], ...]
MODEL_PREFIX = v.MODEL_NS


def value(term: Any) -> str:
    """A term's lexical value."""
    return str(term.value)


def parent_rows_plain(rows: ParentRows) -> tuple[Any, ...]:
    """Parent rows as the lineage index keeps them: each `Evidence` as the tuple of its fields."""
    return tuple(
        (p, tuple((e.kind, e.source, e.relation, e.confidence, e.inferred, e.value, e.location)
                  for e in evs))
        for p, evs in rows
    )  # fmt: skip


def parent_rows_of(rows: tuple[Any, ...]) -> ParentRows:
    """Parent rows as the lineage index returns them, back to IRIs and `Evidence`."""
    return tuple((p, tuple(Evidence(*fields) for fields in evs)) for p, evs in rows)


__all__ = [
    "CACHE_MODELS", "LICENSE_PREDS", "MODEL_PREFIX", "PLACEHOLDER_MENTIONS", "N",
    "NodeData", "ParentRows", "parent_rows_of", "parent_rows_plain", "value",
]  # fmt: skip

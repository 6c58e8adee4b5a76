"""The parents a card's YAML declares: ``base_model`` (or the Hub's ``base_model:REL:ID``
tags), the relation ``base_model_relation`` states, and the prose's base release in place of a
declared tuned sibling of it. `importers.card` settles them against the prose; the Hub-row
reader (`importers.hub_rows`) shares the relation names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from importers.card_bases import base_release_linked
from importers.card_passes import note
from importers.card_signals import Signals
from importers.prose import ProseFindings, Strength, read_prose
from importers.references import reference
from lineage.core.ids import key, parse_reference
from lineage.core.limits import READ_CLAIMS
from lineage.core.records import (
    RELATION_NAMES,
    EvidenceKind,
    Relation,
    SourceRecord,
    Unresolved,
)

_YAML = EvidenceKind.CARD_YAML


@dataclass(frozen=True, slots=True)
class YamlParent:
    """A parent declared in YAML, before its relation is settled."""

    model_id: str
    value: str
    revision: str | None
    relation: Relation | None  # stated by base_model_relation or a Hub tag


def declared_parents(
    meta: dict[str, Any], record: SourceRecord, signals: Signals
) -> list[YamlParent]:
    """Parents from ``base_model`` (or, without it, the Hub's ``base_model:`` tags)."""
    raw = meta.get("base_model")
    if raw is None and not signals.tag_parents:
        return []  # most cards: no parent declared in either place
    stated = stated_relation(meta)
    items: list[tuple[object, str]] = []
    if raw is None or raw == [] or raw == "":
        items = [(ref, tag) for ref, tag in signals.tag_parents]
    elif isinstance(raw, str):
        # "a/b, c/d" in one string: several parents written as one value.
        parts = [p for p in raw.split(",") if p.strip()] if "," in raw else [raw]
        items = [(p, p) for p in parts]
    elif isinstance(raw, list):
        # Bounded before any id is parsed: the cap (lineage.core.limits) reports the rest.
        items = [(item, str(item)) for item in raw[:READ_CLAIMS]]
    else:
        # A number, a mapping, a boolean: kept as evidence, never a parent.
        wrong = parse_reference(raw)
        record.unresolved.append(
            Unresolved(wrong.raw[:200], _YAML, wrong.unresolved or "bad value")
        )
    parents: list[YamlParent] = []
    seen: set[str] = set()
    for item, value in items:
        ref = reference(item)
        ids = [ref.model_id, ref.adapter] if ref.model_id else []
        if not ids:
            reason = ref.unresolved or "not a Hub model id"
            record.unresolved.append(Unresolved(value[:200], _YAML, reason))
        for model_id in ids:
            if model_id is None or key(model_id) in seen:
                continue
            seen.add(key(model_id))
            if key(model_id) == signals.own:
                record.unresolved.append(Unresolved(value, _YAML, "names the card's own model"))
                continue
            # base_model_relation, or the Hub's own base_model:REL:ID tag, states it.
            relation = stated or signals.tag_relations.get(key(model_id))
            revision = ref.revision if model_id == ref.model_id else None
            parents.append(YamlParent(model_id, value, revision, relation))
    return parents


def base_release_stated(
    record: SourceRecord, parents: list[YamlParent], prose: ProseFindings, body: str
) -> tuple[ProseFindings, list[YamlParent]]:
    """The prose's base release in place of a declared tuned sibling of it.

    "base_model: org/x-instruct" while the text says "fine-tuned from [X](…/org/x-base)":
    the YAML copied the family's tuned release, the sentence says what the tuning started
    from (the prose decides; the YAML value is kept as unresolved). A card whose text also
    names the declared release as its source keeps it.
    """
    declared = parents[0].model_id
    base = base_release_linked(body, declared)
    if base is None:
        return prose, parents
    # The card declares a base, so its fine-tuning sentences were not read: read them now.
    full = read_prose(body, record.model_id, fallback=True) if not prose.claims else prose
    names = {key(c.parent) for c in full.claims}
    stated = [
        c
        for c in full.claims
        if key(c.parent) == key(base)
        and c.relation is Relation.FINETUNE
        and c.strength == Strength.STRONG
        and not c.inferred
    ]
    if not stated or key(declared) in names:
        return prose, parents
    reason = f"base_model is a tuned sibling of the base the prose names ({base})"
    note(record, Unresolved(parents[0].value, _YAML, reason))
    kept = [c for c in prose.claims if key(c.parent) != key(base)]
    return replace(prose, claims=[*kept, stated[0]]), []


def stated_relation(meta: Mapping[str, Any]) -> Relation | None:
    """The relation ``base_model_relation`` states (None when the key is absent or empty)."""
    value = meta.get("base_model_relation")
    if value is None:
        return None
    # An unknown value is still a statement: the author said "not one of these".
    return relation_named(value) or Relation.UNKNOWN


def relation_named(value: object) -> Relation | None:
    """The relation a ``base_model_relation`` value or a ``base_model:REL:ID`` tag names."""
    if not isinstance(value, str):
        return None
    return RELATION_NAMES.get(value.strip().casefold().replace("-", "").replace("_", ""))


def declared_keys(parents: list[YamlParent]) -> set[str]:
    """The matching keys of the YAML parents."""
    return {key(p.model_id) for p in parents}

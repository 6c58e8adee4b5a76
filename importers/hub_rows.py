"""Turn one Hub API model-info object into `SourceRecord` rows (pure, no I/O).

A model-info object is what ``GET /api/models/ORG/NAME`` (or a dump line)
holds: ``id``/``modelId``, ``cardData`` (the card's YAML, already parsed; a
JSON string in Parquet dumps), ``baseModels`` (``{"relation": …, "models":
[{"id": …}]}``), ``tags`` (with the Hub's ``base_model:RELATION:ID`` tags),
``library_name``, ``pipeline_tag``… Each becomes one source, ``hub:ORG/NAME``
(`EvidenceKind.HUB_API`), that describes the model. An object may also carry
the full ``card`` text, which the card reader then reads as ``card:ORG/NAME``.

Relations: the card's ``base_model_relation`` and relation tags the card
itself carries (``cardData.tags``) are the author's statements; the Hub's own
relation (``baseModels.relation``, relation tags the Hub adds) is the Hub's
inference from the repo's files, so claims resting on it are marked
inferred. ``downloads``, ``likes`` and ``createdAt`` have no place in the
records yet and are not kept.

Used by `importers.hub_dump` (bulk dumps) and `importers.hub_live` (the live Hub).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from importers.card_yaml import relation_named, stated_relation
from importers.formats import fill as fill_formats
from lineage.core.ids import Reference, dataset_id, key, parse_reference
from lineage.core.limits import READ_CLAIMS
from lineage.core.records import (
    Claim,
    EvidenceKind,
    Relation,
    SourceRecord,
    Unresolved,
    confidence_for,
)

_KIND = EvidenceKind.HUB_API
_BASE_TAG = re.compile(
    r"^base_model:(?:(?P<rel>adapter|finetune|merge|quantized|distillation):)?(?P<ref>.+)$", re.I
)
# Structured tags whose content is kept elsewhere (parents, datasets, licence).
_STRUCTURED_TAG = re.compile(r"^(?:base_model|dataset|license|region):", re.I)
_DISTILL_TAGS = frozenset({"distillation", "distilled", "knowledge-distillation"})
_ADAPTER_TAGS = frozenset({"lora", "qlora", "peft", "adapter"})
_QUANT_TAGS = frozenset(
    {
        "gguf", "ggml", "awq", "gptq", "exl2", "exl3", "mlx", "quantized", "4-bit", "8-bit",
        "4bit", "8bit", "nf4", "fp8", "int4", "int8", "nvfp4", "mxfp4", "bitsandbytes", "hqq",
        "gguf-my-repo", "compressed-tensors",
    }
)  # fmt: skip
# Name tokens of a conversion or quantization: …-GGUF, …-AWQ, …-4bit, …-Q4_K_M, …-nf4.
_QUANT_TOKEN = re.compile(
    r"^(?:gguf|ggml|awq|gptq|exl2|exl3|mlx|nf4|fp8|int4|int8|nvfp4|mxfp4|bnb|"
    r"\d+bits?|\d+bpw|i?q\d+(?:_?k)?(?:_?[a-z]{1,3})?|w\d+a\d+)$",
    re.I,
)
_NAME_SPLIT = re.compile(r"[-_.]")
# A plain ``ORG/NAME`` (no dot in ORG, so no domain or huggingface.co URL): most ids
# in a dump. `reference` returns what `parse_reference` would without its dozen tests.
_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*/[A-Za-z0-9][A-Za-z0-9._\-]*")
_NOT_MODEL_PAGES = ("datasets/", "spaces/", "docs/", "blog/", "papers/", "collections/")
_MAX_TAGS = 64
_MAX_PARENTS = READ_CLAIMS  # the one cap (lineage.core.limits), reported when reached


class RowError(ValueError):
    """A dump row that cannot become a record (no id, not an object)."""


@dataclass(slots=True)
class _Parent:
    model_id: str
    value: str
    revision: str | None = None
    declared: Relation | None = None  # stated by the card
    hub: Relation | None = None  # the Hub's inference


def reference(raw: object) -> Reference:
    """`lineage.core.ids.parse_reference`, with a fast path for plain ``ORG/NAME`` strings."""
    if (
        type(raw) is str
        and _PLAIN_ID.fullmatch(raw)
        and "--" not in raw
        and ".." not in raw
        and raw[-1] not in ".-"
        and not raw.startswith(_NOT_MODEL_PAGES)
    ):
        return Reference(raw=raw, model_id=raw)
    return parse_reference(raw)


def card_data(value: object) -> dict[str, Any]:
    """``cardData`` as a dict: it is a JSON string in Parquet dumps, absent for many rows."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except json.JSONDecodeError:
            return {}
    return value if isinstance(value, dict) else {}


def own_id(info: Mapping[str, Any]) -> str:
    """The row's model id (``id``, or ``modelId`` in older dumps)."""
    raw = info.get("id") or info.get("modelId")
    ref = reference(raw)
    if ref.model_id is None:
        raise RowError(f"row has no usable model id ({raw!r}: {ref.unresolved})")
    return ref.model_id


def record_from_info(info: Mapping[str, Any], location: str) -> SourceRecord:
    """One Hub API model-info object → the ``hub:ORG/NAME`` record. Raises `RowError`."""
    if type(info) is not dict and not isinstance(info, Mapping):
        raise RowError(f"row is a {type(info).__name__}, not an object")
    model_id = own_id(info)
    meta = card_data(info.get("cardData"))
    api_tags = _strings(info.get("tags"))
    card_tags = _strings(meta.get("tags"))
    rec = SourceRecord(
        model_id=model_id, source=f"hub:{model_id}", location=location, source_kind=_KIND.value
    )
    _facts(rec, info, meta, api_tags, card_tags)
    fill_formats(rec, files=_sibling_names(info.get("siblings")))
    parents = _parents(rec, info, meta, api_tags, card_tags)
    if not parents:
        return rec
    tags = {t.casefold() for t in api_tags + card_tags}
    library = str(info.get("library_name") or meta.get("library_name") or "").casefold()
    for p in parents:
        quantized = _looks_quantized(model_id, p.model_id, tags, library)
        relation, inferred = _relation(p, len(parents), tags, library, quantized)
        rec.claims.append(
            Claim(
                parent=p.model_id,
                relation=relation,
                kind=_KIND,
                confidence=confidence_for(_KIND, inferred),
                relation_inferred=inferred,
                value=p.value[:500],
                revision=p.revision,
            )
        )
    return rec


def _sibling_names(siblings: object) -> list[str]:
    """The repo's file names from the Hub's ``siblings`` (``[{"rfilename": …}]``)."""
    if not isinstance(siblings, list):
        return []
    names = (s.get("rfilename") for s in siblings[:10_000] if isinstance(s, dict))
    return [n for n in names if isinstance(n, str)]


def _facts(
    rec: SourceRecord,
    info: Mapping[str, Any],
    meta: dict[str, Any],
    api_tags: list[str],
    card_tags: list[str],
) -> None:
    rec.license = _text(meta.get("license")) or _tag_value(api_tags, "license:")
    rec.license_name = _text(meta.get("license_name"))
    rec.license_link = _text(meta.get("license_link"))
    raw_datasets = meta.get("datasets")
    names = raw_datasets if isinstance(raw_datasets, list) else [raw_datasets]
    if raw_datasets is None:
        names = [
            t.split(":", 1)[1] for t in api_tags if ":" in t and t.casefold().startswith("dataset:")
        ]
    seen: set[str] = set()
    for name in names:
        ds = dataset_id(name)
        if ds and key(ds) not in seen:
            seen.add(key(ds))
            rec.datasets.append(ds)
    rec.library = _text(info.get("library_name")) or _text(meta.get("library_name"))
    rec.pipeline_tag = _text(info.get("pipeline_tag")) or _text(meta.get("pipeline_tag"))
    language = meta.get("language")
    # YAML 1.1 reads Norwegian ("no") as false.
    langs = language if isinstance(language, list) else [language]
    rec.languages = _strings(["no" if x is False else x for x in langs])
    # Every structured tag has a colon: most tags are spared the regex.
    kept = [
        t
        for t in dict.fromkeys(card_tags + api_tags)
        if ":" not in t or not _STRUCTURED_TAG.match(t)
    ]
    rec.tags = kept[:_MAX_TAGS]
    if meta.get("new_version") is not None:
        rec.new_version = reference(meta["new_version"]).model_id


def _parents(
    rec: SourceRecord,
    info: Mapping[str, Any],
    meta: dict[str, Any],
    api_tags: list[str],
    card_tags: list[str],
) -> list[_Parent]:
    """Every declared parent, from the card's base_model, the Hub's baseModels and tags."""
    out: dict[str, _Parent] = {}
    own = key(rec.model_id)

    def add(ref: Reference, value: str, declared: Relation | None, hub: Relation | None) -> None:
        for mid, rev in ((ref.model_id, ref.revision), (ref.adapter, None)):
            if mid is None or len(out) >= _MAX_PARENTS:
                continue
            if key(mid) == own:
                # The reference itself as the value, so `lineage check` can tell it is the model.
                entry = Unresolved(mid, _KIND, "names the model itself")
                if not any(u.reason == entry.reason for u in rec.unresolved):
                    rec.unresolved.append(entry)
                continue
            p = out.setdefault(key(mid), _Parent(mid, value, rev))
            p.declared = p.declared or declared
            p.hub = p.hub or hub

    stated = stated_relation(meta)
    for item, value in _base_model_items(meta.get("base_model")):
        ref = reference(item)
        if ref.model_id is None:
            reason = ref.unresolved or "not a Hub model id"
            rec.unresolved.append(Unresolved(value[:500], _KIND, reason))
            continue
        add(ref, f"cardData.base_model: {value}", stated, None)
    for tag in card_tags:
        if ":" in tag and (m := _BASE_TAG.match(tag)):
            add(reference(m["ref"]), f"cardData.tags: {tag}", relation_named(m["rel"]), None)
    base_models = info.get("baseModels")
    if isinstance(base_models, Mapping):
        hub_rel = relation_named(base_models.get("relation"))
        for entry in base_models.get("models") or []:
            if isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
                value = f"baseModels: {base_models.get('relation')} {entry['id']}"
                add(reference(entry["id"]), value, None, hub_rel)
    for tag in api_tags:
        if ":" in tag and (m := _BASE_TAG.match(tag)):
            add(reference(m["ref"]), f"tags: {tag}", None, relation_named(m["rel"]))
    return list(out.values())


def _relation(
    p: _Parent, n_parents: int, tags: set[str], library: str, quantized: bool
) -> tuple[Relation, bool]:
    """The relation of one parent and whether it was inferred."""
    if p.declared is not None:
        return p.declared, False
    # "finetune" is the Hub's default when a card states nothing; the repo's own
    # signals are more specific (the Hub has no distillation relation at all).
    if p.hub in (None, Relation.FINETUNE) and quantized:
        return Relation.QUANTIZED, True
    if p.hub is Relation.FINETUNE and tags & _DISTILL_TAGS:
        return Relation.DISTILLATION, True
    if p.hub is not None:
        return p.hub, True
    if n_parents > 1:
        return Relation.MERGE, True
    if library == "peft" or tags & _ADAPTER_TAGS:
        return Relation.ADAPTER, True
    if tags & _DISTILL_TAGS:
        return Relation.DISTILLATION, True
    return Relation.FINETUNE, True


def _looks_quantized(model_id: str, parent: str, tags: set[str], library: str) -> bool:
    """Quantization tags, or a quantization token the parent's name lacks (…-GGUF)."""
    if tags & _QUANT_TAGS or library in ("gguf", "mlx"):
        return True
    inherited = {t.casefold() for t in _NAME_SPLIT.split(parent.rsplit("/", 1)[-1])}
    tokens = _NAME_SPLIT.split(model_id.rsplit("/", 1)[-1])
    # "llama-3-8b-bnb-4bit-orpo" fine-tunes a 4-bit base: the token came with the parent.
    return any(_QUANT_TOKEN.match(t) and t.casefold() not in inherited for t in tokens if t)


def _base_model_items(raw: object) -> list[tuple[object, str]]:
    if raw is None or raw == "" or raw == []:
        return []
    if isinstance(raw, str):
        # "a/b, c/d" in one string: several parents written as one value.
        return [(p.strip(), p.strip()) for p in raw.split(",") if p.strip()]
    if isinstance(raw, list):
        return [(item, str(item)) for item in raw]
    return [(raw, str(raw))]


def _text(value: object) -> str | None:
    if type(value) is str:
        return value.strip() or None
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    return str(value).strip() or None


def _strings(value: object) -> list[str]:
    items: Iterable[object] = value if isinstance(value, list) else [value]
    out: dict[str, None] = {}
    for item in items:
        if type(item) is str:
            text = item.strip()
        elif isinstance(item, str | int | float) and not isinstance(item, bool):
            text = str(item).strip()
        else:
            continue
        if text:
            out[text] = None
    return list(out)


def _tag_value(tags: list[str], prefix: str) -> str | None:
    return next((t[len(prefix) :] for t in tags if t.casefold().startswith(prefix)), None)


def records_from_row(row: object, location: str) -> list[SourceRecord]:
    """A dump row's records: the Hub record, plus the card's if the row carries ``card``."""
    if type(row) is not dict and not isinstance(row, Mapping):
        raise RowError(f"row is a {type(row).__name__}, not an object")
    rec = record_from_info(row, location)
    out = [rec]
    card = row.get("card")
    if isinstance(card, str) and card.strip():
        from importers.card import read_card

        out.append(read_card(card, rec.model_id, location))
    return out

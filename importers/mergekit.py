"""Read a mergekit config (``mergekit_config.yml``): the repo is a merge of its inputs.

mergekit saves the config it ran next to the merged weights. Every model it
names is an input of the merge, so each is a ``merge`` parent, stated by the
tool itself:

- ``models[].model`` (linear, TIES, DARE, SLERP with ``models:``…),
- ``slices[].sources[].model`` (passthrough "frankenmerges", SLERP by slices),
- ``base_model`` (the model task vectors are taken against; also an input, except in a
  SLERP merge that does not list it among the two models it interpolates),
- ``experts[].source_model`` (``mergekit-moe``),
- multi-stage files (several YAML documents, each with a ``name:``) refer to
  earlier stages by name; those names are not models and are skipped.

A reference may be ``model+lora``: the LoRA is applied to the model before
merging, so its weights are in the result too. It is recorded as one more
``merge`` parent (the merged model derives from it the way it derives from
every other input); the relation between the LoRA and its model is not
stated by the file and is not recorded. Local paths become `Unresolved`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from importers.adapter_config import repo_file_reference
from importers.base import FileReader
from importers.frontmatter import decode_card, load_yaml
from lineage.core.errors import CardError
from lineage.core.ids import key
from lineage.core.limits import READ_CLAIMS
from lineage.core.records import (
    Claim,
    EvidenceKind,
    Relation,
    SourceRecord,
    Unresolved,
    confidence_for,
)

_KIND = EvidenceKind.MERGEKIT_CONFIG
_DOC_SEPARATOR = re.compile(r"^---[ \t]*$", re.M)
_MAX_REFERENCES = READ_CLAIMS  # the one cap (lineage.core.limits), reported when reached


@dataclass(frozen=True, slots=True)
class _Ref:
    """One model reference and where in the config it was found."""

    raw: object
    where: str


def read_mergekit_config(data: bytes, model_id: str, location: str) -> list[SourceRecord]:
    """Read one mergekit config; returns ``[record]`` with a ``merge`` claim per input."""
    docs = _documents(decode_card(data, location), location)
    record = SourceRecord(
        model_id=model_id,
        source=f"mergekit-config:{model_id}",
        location=location,
        source_kind=_KIND.value,
        describes_model=False,
    )
    stages = {key(str(d["name"])) for d in docs if isinstance(d.get("name"), str)}
    methods = sorted({str(d["merge_method"]) for d in docs if d.get("merge_method")})
    method = "/".join(methods) or "unknown method"
    seen: set[str] = set()
    for ref in _references(docs):
        if isinstance(ref.raw, str) and key(ref.raw.strip()) in stages:
            continue  # an earlier stage of a multi-stage merge, not a model
        for text in _split_plus(ref.raw):
            parsed = repo_file_reference(text)
            if parsed.model_id is None:
                reason = parsed.unresolved or "not a Hub model id"
                entry = Unresolved(str(text)[:500], _KIND, reason)
                if entry not in record.unresolved:
                    record.unresolved.append(entry)
                continue
            k = key(parsed.model_id)
            if k in seen:
                continue
            seen.add(k)
            if k == key(model_id):
                record.unresolved.append(Unresolved(str(text), _KIND, "names the merge's own repo"))
                continue
            record.claims.append(
                Claim(
                    parent=parsed.model_id,
                    relation=Relation.MERGE,
                    kind=_KIND,
                    confidence=confidence_for(_KIND, False),
                    relation_inferred=False,
                    value=f"{ref.where}: {ref.raw} (merge_method {method})"[:500],
                    revision=parsed.revision,
                )
            )
    return [record]


def _documents(text: str, location: str) -> list[dict[str, Any]]:
    """The YAML documents of the file (one, or one per stage)."""
    docs: list[dict[str, Any]] = []
    for part in _DOC_SEPARATOR.split(text.replace("\r\n", "\n")):
        if not part.strip():
            continue
        try:
            docs.append(load_yaml(part, location))
        except CardError as exc:
            # load_yaml words its errors for card front matter.
            raise CardError(location, exc.reason.replace("YAML front matter", "YAML")) from None
    if not docs:
        raise CardError(location, "empty mergekit config")
    if not any(_looks_like_mergekit(d) for d in docs):
        raise CardError(
            location, "not a mergekit config (no models, slices, experts or base_model)"
        )
    return docs


def _looks_like_mergekit(doc: dict[str, Any]) -> bool:
    return any(k in doc for k in ("models", "slices", "experts", "base_model", "merge_method"))


def _references(docs: list[dict[str, Any]]) -> list[_Ref]:
    """Every model reference, base models first (their order is the config's)."""
    refs: list[_Ref] = []
    for doc in docs:
        inputs: list[_Ref] = []
        for entry in _dicts(doc.get("models")):
            inputs.extend(_model_refs(entry.get("model"), "models[].model"))
        for piece in _dicts(doc.get("slices")):
            for source in _dicts(piece.get("sources")):
                inputs.extend(_model_refs(source.get("model"), "slices[].sources[].model"))
        for expert in _dicts(doc.get("experts")):
            inputs.extend(_model_refs(expert.get("source_model"), "experts[].source_model"))
        base = _model_refs(doc.get("base_model"), "base_model")
        if inputs and str(doc.get("merge_method", "")).casefold() == "slerp":
            # SLERP interpolates the models it lists; a base_model that is not one of them
            # only lends the config (TIES and DARE take task vectors against it: an input).
            listed = {str(r.raw).casefold() for r in inputs}
            base = [r for r in base if str(r.raw).casefold() in listed]
        refs.extend(base + inputs)
        if len(refs) > _MAX_REFERENCES:
            break
    return refs[:_MAX_REFERENCES]


def _model_refs(value: object, where: str) -> list[_Ref]:
    """A reference as mergekit accepts it: a string, or a mapping with a path."""
    if value is None:
        return []
    if isinstance(value, dict):
        # The long form: {model: {path: X, revision: R}, lora: {path: Y}}.
        inner = value.get("model", value.get("path"))
        revision = value.get("revision")
        if isinstance(inner, str) and isinstance(revision, str) and "@" not in inner:
            inner = f"{inner}@{revision}"
        out = _model_refs(inner, where)
        lora = value.get("lora")
        if lora is not None:
            out.extend(_model_refs(lora, where + " (lora)"))
        return out
    return [_Ref(value, where)]


def _split_plus(raw: object) -> list[object]:
    """``model+lora`` → both references; anything else → itself."""
    if isinstance(raw, str) and "+" in raw and "://" not in raw:
        return [part for part in raw.split("+", 1) if part.strip()]
    return [raw]


def _dicts(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


READER = FileReader(
    name="mergekit-config",
    patterns=(
        "mergekit_config.yml",
        "mergekit_config.yaml",
        "mergekit_moe_config.yml",
        "mergekit_moe_config.yaml",
    ),
    read=read_mergekit_config,
)

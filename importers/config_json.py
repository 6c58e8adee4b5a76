"""Read a transformers ``config.json``: weak evidence of where the weights came from.

``save_pretrained`` writes ``_name_or_path``: the name or folder the model was
loaded from before it was saved. For a fine-tune saved by the Trainer that is
usually the base model, so it is a hint, never a statement: the claim is
weak (`EvidenceKind.CONFIG_JSON`) and its relation is always inferred:
``quantized`` when the config carries a ``quantization_config`` (AWQ, GPTQ,
bitsandbytes, compressed-tensors exports), ``finetune`` otherwise.

Traps: base models name themselves (ignored); most values are local folders
(``/tmp/tmpk2x``, ``./output``), which are ignored rather than reported,
since a config.json's path is not a lineage statement anyone made; and a
model fine-tuned from a 4-bit copy (``unsloth/…-bnb-4bit``) names that copy.
"""

from __future__ import annotations

from importers.adapter_config import load_json_object, repo_file_reference
from importers.base import FileReader
from lineage.core.ids import key
from lineage.core.records import Claim, EvidenceKind, Relation, SourceRecord, confidence_for

_KIND = EvidenceKind.CONFIG_JSON


def read_config_json(data: bytes, model_id: str, location: str) -> list[SourceRecord]:
    """Read one ``config.json``; returns ``[record]`` with at most one weak claim."""
    config = load_json_object(data, location)
    record = SourceRecord(
        model_id=model_id,
        source=f"config-json:{model_id}",
        location=location,
        source_kind=_KIND.value,
        describes_model=False,
    )
    raw = config.get("_name_or_path")
    if not isinstance(raw, str) or not raw.strip():
        return [record]
    ref = repo_file_reference(raw)
    if ref.model_id is None or key(ref.model_id) == key(model_id):
        return [record]
    if "/" not in ref.model_id and key(ref.model_id) == key(model_id.rsplit("/", 1)[-1]):
        return [record]  # the repo's own name without its namespace
    relation = Relation.QUANTIZED if config.get("quantization_config") else Relation.FINETUNE
    value = f"_name_or_path: {raw}"
    architectures = config.get("architectures")
    if isinstance(architectures, list) and architectures:
        value += " (" + ", ".join(str(a) for a in architectures[:4]) + ")"
    record.claims.append(
        Claim(
            parent=ref.model_id,
            relation=relation,
            kind=_KIND,
            confidence=confidence_for(_KIND, True),
            relation_inferred=True,
            value=value,
            revision=ref.revision,
        )
    )
    return [record]


READER = FileReader(name="config-json", patterns=("config.json",), read=read_config_json)

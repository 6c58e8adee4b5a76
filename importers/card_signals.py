"""What a whole card says about how its model was made, for `importers.card`.

The Hub's ``base_model:REL:ID`` tags, the tag families (adapter, conversion, quantization,
merge, distillation, add-on network, fine-tune), the library, the tokens of the repo's name,
the prose's wording, and usage code that loads the repo itself (as a whole model or as LoRA
weights). `Signals` gathers them once per card; its ``infer`` methods give the relation to a
parent when the card does not state it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from importers.card_passes import controlnet_name
from importers.prose import ProseFindings
from importers.references import reference
from importers.roles import QUANT_NAME_TOKEN, is_conversion_name, name_tokens
from importers.scorer_relation import ADAPTER_TAGS
from lineage.core.ids import key
from lineage.core.records import RELATION_NAMES, Relation, SourceRecord

_HUB_TAG = re.compile(
    r"^base_model:(?:(?P<rel>adapter|finetune|merge|quantized):)?(?P<ref>.+)$", re.I
)
_QUANT_NAME_TOKEN = QUANT_NAME_TOKEN
_NAME_SPLIT = re.compile(r"[-_.]")
# Tags the GGUF-my-repo/GGUF-my-lora spaces write: the repo is a conversion.
_CONVERSION_TAGS = frozenset({"gguf-my-repo", "gguf-my-lora"})
# Weak signals: a GGUF tag or an MLX library also sits on fine-tunes that ship
# quantized files, so a stated "fine-tuned" in the prose outranks them.
# fmt: off
_QUANT_TAGS = frozenset({
    "gguf", "ggml", "awq", "gptq", "exl2", "exl3", "mlx", "onnx", "quantized", "4-bit", "8-bit",
    "4bit", "8bit", "int4", "int8", "fp8", "nvfp4", "mxfp4", "bitsandbytes", "compressed-tensors",
    "llama-cpp", "coreml", "openvino", "litert", "hqq",
})
_QUANT_LIBRARIES = frozenset({
    "gguf", "mlx", "litert-lm", "litert", "onnx", "onnxruntime", "transformers.js", "llama.cpp",
    "coreml", "openvino", "mlc-llm", "exllamav2",
})
# fmt: on
_ADAPTER_TAGS = frozenset({"lora", "qlora", "peft", "adapter", "dora", "lora-adapter"})
# A ControlNet or T2I-Adapter is an add-on network trained beside its frozen base: an adapter
# of it (kept apart from the LoRA signs, which the scorer weighs on their own).
_CONTROLNET_TAGS = frozenset({"controlnet", "t2i-adapter"})
_MERGE_TAGS = frozenset({"merge", "mergekit", "mergekitty", "lazymergekit", "model-merge"})
_DISTILL_TAGS = frozenset({"distillation", "knowledge-distillation", "distilled"})
# Add-on networks trained against a frozen base they plug into (a ControlNet, a T2I or
# IP adapter): the declared base is the one they adapt, whatever else the card converts
# (`Signals.addon_network`, which a "ControlNet" token in the repo's name also sets).
_ADDON_TAGS = _CONTROLNET_TAGS | {"ip-adapter"}
# "finetune" beside "distillation" in one tag list: the data was distilled (a teacher's
# outputs), the declared base fine-tuned on it.
_FINETUNE_TAGS = frozenset({"finetune", "fine-tune", "fine-tuned", "finetuned"})
# Relations the prose states of a training run (what a `quantized_by:` key does not undo).
_MADE_BY_TRAINING = frozenset({Relation.FINETUNE, Relation.DISTILLATION})


# Not frozen: built once per card and never changed, and a frozen class is slower to build.
@dataclass(slots=True)
class Signals:
    """What the whole card says about how the model was made."""

    own: str
    tag_relations: dict[str, Relation]
    tag_parents: tuple[tuple[str, str], ...]
    quant_strong: bool
    # quant_strong from a `quantized_by:` key alone (no quant token, tag or wording): fine-tune
    # authors fill it for the quantizations they publish beside their model.
    quant_by_key: bool
    quant_weak: bool
    adapter: bool
    merge: bool
    distill: bool
    lora_merged: bool
    # An add-on network (`_ADDON_TAGS`, or "ControlNet" in the name; never a conversion's
    # name): its base is what it plugs into, its conversion prose names the checkpoint it
    # repacks, and a ControlNet parent with no relation stated is repacked.
    addon_network: bool

    @classmethod
    def of(
        cls, model_id: str, meta: dict[str, Any], record: SourceRecord, prose: ProseFindings
    ) -> Signals:
        families = tag_families(record.tags)
        name = model_id.rsplit("/", 1)[-1]
        library = (record.library or "").casefold()
        tag_relations: dict[str, Relation] = {}
        tag_parents: list[tuple[str, str]] = []
        for tag in record.tags:
            # Only "base_model:…" can match: its eleventh character is the colon.
            m = _HUB_TAG.match(tag) if tag[10:11] == ":" else None
            if m is None:
                continue
            tag_parents.append((m["ref"], tag))
            parsed = reference(m["ref"])
            if parsed.model_id and m["rel"]:
                tag_relations[key(parsed.model_id)] = RELATION_NAMES[m["rel"].casefold()]
        # An adapter loaded as a plain transformers model was merged into its base.
        adapter_tags = "adapter" in families and library != "transformers"
        adapter = library == "peft" or adapter_tags or adapter_name(name) or prose.adapter_wording
        # "X-Merged", "X-Full" beside adapter signs: the repo holds the adapter folded into
        # its base, full weights (the adapter's own repo is the one without the token).
        lora_merged = prose.lora_merged_wording or (adapter and merged_name(name))
        quant_named = _has_quant_token(name) or "conversion" in families or prose.conversion_wording
        return cls(
            own=key(model_id),
            tag_relations=tag_relations,
            tag_parents=tuple(tag_parents),
            quant_strong=quant_named or "quantized_by" in meta,
            quant_by_key=not quant_named and "quantized_by" in meta,
            quant_weak="quant" in families or library in _QUANT_LIBRARIES,
            adapter=adapter and not lora_merged,
            merge="merge" in families or prose.merge_wording,
            distill=("distill" in families and "finetune" not in families) or prose.distill_wording,
            lora_merged=lora_merged,
            addon_network=(
                ("addon" in families or controlnet_name(name)) and not _has_quant_token(name)
            ),
        )

    def infer(self, n_parents: int, prose_relation: Relation | None) -> Relation:
        """The relation to a YAML parent when the card does not state it."""
        if self.addon_network:
            return Relation.ADAPTER  # a ControlNet's base: what it plugs into
        if self.quant_by_key and prose_relation in _MADE_BY_TRAINING:
            return prose_relation  # "a fine-tune (DPO) of X" beside a `quantized_by:` key
        if self.quant_strong:
            return Relation.QUANTIZED
        if n_parents > 1 or self.merge:
            return Relation.MERGE
        if self.adapter:
            return Relation.ADAPTER
        if prose_relation is not None and prose_relation is not Relation.UNKNOWN:
            return prose_relation
        if self.quant_weak:
            return Relation.QUANTIZED
        if self.distill:
            return Relation.DISTILLATION
        return Relation.FINETUNE

    def infer_for_prose(self) -> Relation:
        """The relation to a prose parent whose sentence names none."""
        if self.quant_strong:
            return Relation.QUANTIZED
        if self.adapter or self.addon_network:
            return Relation.ADAPTER
        if self.merge:
            # "… used X as the base" in a merge card: the merge's base is one of its inputs.
            return Relation.MERGE
        return Relation.FINETUNE


_TAG_FAMILIES = {
    "adapter": _ADAPTER_TAGS,
    "conversion": _CONVERSION_TAGS,
    "quant": _QUANT_TAGS,
    "merge": _MERGE_TAGS,
    "distill": _DISTILL_TAGS,
    "addon": _ADDON_TAGS,
    "finetune": _FINETUNE_TAGS,
}
_RECURRING_TAGS = 64  # longer tag lists seldom recur: not kept


def tag_families(tags: list[str]) -> frozenset[str]:
    """The families (`_TAG_FAMILIES`) a card's tags belong to, in any case."""
    if not tags:
        return frozenset()
    if len(tags) <= _RECURRING_TAGS:
        return _recurring_families(tuple(tags))
    return _families_of(tags)


def _families_of(tags: Iterable[str]) -> frozenset[str]:
    folded = {t.casefold() for t in tags}
    return frozenset(
        name for name, family in _TAG_FAMILIES.items() if not folded.isdisjoint(family)
    )


# A tag list is read once per process: the same lists recur from card to card (a trainer's
# or a converter's tags).
_recurring_families = lru_cache(maxsize=4_096)(_families_of)


def adapter_name(name: str) -> bool:
    """Whether a token of ``name`` is "lora", "qlora" or "adapter" (in any case)."""
    folded = name.casefold()
    if "lora" not in folded and "adapter" not in folded:
        return False  # a token's casefold is part of the name's
    return any(t in ("lora", "qlora", "adapter") for t in name_tokens(name))


def declared_adapter(record: SourceRecord) -> bool:
    """Whether the card's metadata (library, tags) declares an adapter repo."""
    if (record.library or "").casefold() == "peft":
        return True
    return any(t.casefold() in ADAPTER_TAGS for t in record.tags)


def adapter_claimed(prose: ProseFindings) -> bool:
    """Whether the prose calls a parent's relation an adapter ("a QLoRA fine-tune of X")."""
    return any(c.relation is Relation.ADAPTER for c in prose.claims)


# "LlamaForCausalLM.from_pretrained(", "AutoModel.from_pretrained(": a whole model's loader,
# the call's text up to the repo id (read backwards from the id).
_WHOLE_LOADER = re.compile(r"\b(?:Auto\w*|\w+For\w+)\.from_pretrained\(\s*(?:\w+\s*=\s*)?[\"']\Z")
_PEFT_WORDS = ("Peft", "LoraConfig", "adapter_model")


def loads_itself_whole(body: str, model_id: str) -> bool:
    """Whether the card's code loads its own repo as a whole model, and nothing as an adapter.

    ``LlamaForCausalLM.from_pretrained("this/repo")`` with no PeftModel in the card: the
    repo holds full weights. A card that also loads through peft keeps its adapter signs.
    """
    at = body.find(model_id)
    if at < 0 or any(word in body for word in _PEFT_WORDS):
        return False  # most adapter cards: never spell their own id, or load it with peft
    while at >= 0:
        if _WHOLE_LOADER.search(body, max(0, at - 80), at) or _loaded_by_name(body, at):
            return True
        at = body.find(model_id, at + 1)
    return False


# 'model_dir = "this/repo"' (read backwards from the id): the name the code loads it by.
_NAMED_ID = re.compile(r"\b(?P<name>[A-Za-z_]\w*)[ \t]*=[ \t]*[\"']\Z")


def _loaded_by_name(body: str, at: int) -> bool:
    """Whether the id at ``at`` is assigned to a name that a whole model's loader takes
    ('model_dir = "this/repo"', then ``AutoModelForCausalLM.from_pretrained(model_dir``)."""
    named = _NAMED_ID.search(body, max(0, at - 40), at)
    if named is None:
        return False
    loader = rf"\b(?:Auto\w*|\w+For\w+)\.from_pretrained\(\s*{re.escape(named['name'])}\b"
    return re.search(loader, body[at:]) is not None


# "pipe.load_lora_weights(" right before a repo id (read backwards from the id).
_LORA_LOADER = re.compile(r"\.load_lora_weights\(\s*(?:\w+\s*=\s*)?[\"']\Z")


def loads_itself_as_lora(body: str, model_id: str) -> bool:
    """Whether the card's code loads its own repo into a pipeline as LoRA weights."""
    if "load_lora_weights" not in body:
        return False  # most cards
    lower, own = body.lower(), model_id.lower()
    if len(lower) != len(body):
        lower, own = body, model_id  # positions would not line up (rare letters)
    at = lower.find(own)
    while at >= 0:
        if _LORA_LOADER.search(body, max(0, at - 60), at):
            return True
        at = lower.find(own, at + 1)
    return False


def merged_name(name: str) -> bool:
    """Whether a token of ``name`` is "merged" or "full" (in any case)."""
    folded = name.casefold()
    if "merged" not in folded and "full" not in folded:
        return False
    return any(t in ("merged", "full") for t in name_tokens(name))


def _has_quant_token(name: str) -> bool:
    """Whether a token of ``name`` (split at ``-_.``) is a conversion token.

    One search over the name (`is_conversion_name`); a name with a line break goes token
    by token, where ``$`` may also match before a token's final ``\n``.
    """
    if "\n" not in name:
        return is_conversion_name(name)
    return any(_QUANT_NAME_TOKEN.match(t) for t in _NAME_SPLIT.split(name) if t)

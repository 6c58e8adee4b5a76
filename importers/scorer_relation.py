"""How a card derives from a parent the reference scorer found, by the kind of evidence.

`importers.scorer` decides *whether* a reference is a parent; this module decides the
relation. The most specific evidence at hand wins:

1. the YAML: ``duplicated_from`` names the repo this one is a copy of (the same weights);
2. the names: a conversion card (``X-GGUF``) naming a repo with its own stem converted it;
3. the words at the reference (its sentence, the link's text, the lead-in of its list,
   its section heading): delta or XOR weights applied (a repack of that repo), a teacher
   or a distillation, a merge, a conversion;
4. the card's kind: a merge or a conversion by its tags, library and wording; a merge by
   its own name (``…Mix``, ``…-slerp``) or its opening sentence ("a mix of A and B"). An
   adapter card whose adapter is only a name or a word is a fine-tune of this parent
   when the parent's name carries the same adapter token (the family's name, not this
   step's) or when the card links quantizations of itself (an adapter is not quantized;
   full weights are).

``None`` leaves the relation to the card reader, which infers it from the card's kind.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from importers.roles import name_tokens
from lineage.core.ids import key, parse_reference
from lineage.core.records import Relation

if TYPE_CHECKING:
    from importers.scorer import Candidate, CardContext

# Tags and a library that declare an adapter repo (not a name, not a word in the text).
ADAPTER_TAGS = frozenset({"lora", "qlora", "peft", "adapter", "dora", "lora-adapter"})
_ADAPTER_TOKENS = frozenset({"lora", "qlora", "dora", "adapter"})
# Name tokens of a merge: "…-slerp", "…-merge", "SomethingMix" ("merged" is left out: a
# LoRA merged into its base is a fine-tune).
_MERGE_TOKENS = frozenset({"merge", "slerp", "ties", "dare", "passthrough", "frankenmerge"})
_LEAD = 800  # the card's opening: its title and the sentence that says what it is
# "A mix of A and B", "an experimental blend of …" — not "trained on a mix of datasets".
_LEAD_MIX = re.compile(
    r"(?<!\bon )(?<!\bupon )\ban?[ \t]+(?:[\w-]+[ \t]+){0,2}?(?:mix|blend)[ \t]+of\b"
    r"(?![^\n]{0,60}\b(?:data|datasets?|corpus|corpora|instructions|tasks|sources|colou?rs)\b)",
    re.I,
)


def relation_of(
    cand: Candidate, context: CardContext, own_id: str = "", body: str = ""
) -> Relation | None:
    """The relation to a scorer-found parent (None: the card's kind decides)."""
    feats = cand.features
    if copy_of(context.copied_from, cand.model_id):
        return Relation.QUANTIZED
    if context.quantized and (feats.get("same-stem") or feats.get("stem-prefix-of-own")):
        return Relation.QUANTIZED
    words = cand.relation_words
    if "repack" in words:
        return Relation.QUANTIZED  # "merged the delta weights of X with the original"
    if "distill" in words:
        return Relation.DISTILLATION
    if "merge" in words or context.merge:
        return Relation.MERGE
    if context.quantized or "converted" in words:
        return Relation.QUANTIZED
    own = set(name_tokens(own_id.rpartition("/")[2]))
    theirs = set(name_tokens(cand.model_id.rpartition("/")[2]))
    if _merge_named(own - theirs) or _LEAD_MIX.search(body, 0, _LEAD):
        return Relation.MERGE
    if context.adapter and not _declared_adapter(context):
        family = bool(own & theirs & _ADAPTER_TOKENS)
        if family or feats.get("card-links-own-conversions"):
            return Relation.FINETUNE
    return None


def merge_cue(own_id: str, body: str) -> bool:
    """Whether the card's name or its opening sentence calls it a merge."""
    own = name_tokens(own_id.rpartition("/")[2])
    return _merge_named(set(own)) or _LEAD_MIX.search(body, 0, _LEAD) is not None


def _merge_named(tokens: set[str]) -> bool:
    return any(t in _MERGE_TOKENS or t.endswith("mix") for t in tokens)


def copy_of(copied_from: object, model_id: str) -> bool:
    """Whether ``duplicated_from`` (as the YAML wrote it) names ``model_id``."""
    if not isinstance(copied_from, str):
        return False
    named = parse_reference(copied_from).model_id
    return named is not None and key(named) == key(model_id)


def _declared_adapter(context: CardContext) -> bool:
    """Whether the card's metadata (library, tags) declares an adapter repo."""
    if (context.library or "").casefold() == "peft":
        return True
    return any(t.casefold() in ADAPTER_TAGS for t in context.tags)

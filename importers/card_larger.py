"""A tuned model's start named at a larger size than the model: no start, for `importers.card`.

A fine-tune or an adapter keeps its base's size ("X-7B" is tuned from a 7B model); a card
that says its 7B model is "based on [Y-13B](…)" speaks of where the idea or the data came
from (a predecessor, a larger sibling whose recipe it follows), not of the weights it
tuned. (A relation stated, "a fine-tune of Y-13B", is left to the card's word.) Only a teacher (a distillation), a pruned or cut model and a merge's layers may come
from a larger one: cards that speak of distilling, pruning, shearing or merging are left
alone, and so are claims whose relation says merge, teacher or conversion.
"""

from __future__ import annotations

from dataclasses import replace

from importers.card_names import params_in_name
from importers.card_passes import note
from importers.prose import ProseClaim, ProseFindings
from importers.prose_scope import sizes
from lineage.core.records import EvidenceKind, Relation, SourceRecord, Unresolved

# Words of a card whose model may be smaller than what it came from.
_SHRINK_WORDS = ("distil", "prun", "shear", "erge", "teacher", "compress", "layer")
_TUNED = (None, Relation.FINETUNE, Relation.ADAPTER)


def larger_start(claim: ProseClaim, model_id: str) -> bool:
    """Whether a claim whose relation the card does not state ("based on [Y-13B](…)", the
    scorer's pick), or states as tuning only by inference, names a model larger than this
    one (one size each)."""
    if claim.relation not in _TUNED or claim.conversion:
        return False
    if claim.relation is not None and not claim.inferred:
        return False  # "a fine-tune of X-13B" stated: left to the card's word
    own, theirs = sizes(model_id), sizes(claim.parent)
    if len(own) != 1 or len(theirs) != 1 or own == theirs:
        return False
    mine = params_in_name(model_id.rsplit("/", 1)[-1].casefold())
    return 0 < mine < params_in_name(claim.parent.rsplit("/", 1)[-1].casefold())


def without_larger_starts(
    record: SourceRecord, findings: ProseFindings, body: str
) -> ProseFindings:
    """The findings without a tuned start larger than this model (`larger_start`), on a card
    that speaks of no distillation, pruning nor merging."""
    if not sizes(record.model_id):
        return findings  # most cards: no size in the model's name
    dropped = [c for c in findings.claims if larger_start(c, record.model_id)]
    if not dropped:
        return findings
    lower = body.lower()
    if any(w in lower for w in _SHRINK_WORDS):
        return findings  # a teacher, a pruned or a merged model may be the smaller
    for c in dropped:
        why = "a model larger than this one: a fine-tune keeps its start's size"
        note(record, Unresolved(c.parent, EvidenceKind.CARD_PROSE, why))
    return replace(findings, claims=[c for c in findings.claims if c not in dropped])

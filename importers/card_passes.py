"""The card reader's post-passes: steps that look at a whole card's claims again.

`importers.card` gathers claims from the YAML, the prose readers, the merge lists and the
scorer; a post-pass then judges them against each other and against the card's text, and
drops, moves or re-labels what another claim or the card contradicts. They run in this order:

1. on the prose findings, before the scorer: `others_lineage` (weak sentences about other
   models), `stage_of_base` (a stated base that a named stage extends), `other_size` (a
   recipe rerun at another size);
2. while the claims are chosen: `spoken_teacher` (a teacher named as spoken is a parent);
3. on the written claims: `control_network_copies` (ControlNet cards only), then
   `same_name_copies`, then `dedupe`;
4. last, `add_copy` (the repo ``duplicated_from`` names).

Each notes what it drops in the record's unresolved entries (`note`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from importers.card_bases import base_of_own_named, base_version_named, named_stage
from importers.card_items import header_cell, told_in_other_models_item
from importers.card_names import drop_shortened, larger_twin, recipe_at_other_size, smaller_twin
from importers.card_subjects import drop_others_lineage, own_name_head
from importers.prose import ProseClaim, ProseFindings, Strength
from importers.prose_bare import short_for
from importers.prose_scope import sizes
from importers.references import reference
from importers.roles import name_tokens
from lineage.core.ids import key
from lineage.core.records import (
    Claim,
    EvidenceKind,
    Relation,
    SourceRecord,
    Unresolved,
    confidence_for,
)

_YAML = EvidenceKind.CARD_YAML
_PROSE = EvidenceKind.CARD_PROSE


def note(record: SourceRecord, entry: Unresolved) -> None:
    if entry not in record.unresolved:
        record.unresolved.append(entry)


def others_lineage(
    record: SourceRecord, findings: ProseFindings, body: str, declared: bool
) -> ProseFindings:
    """The findings without weak claims read from sentences about other models
    (`importers.card_subjects`): a sibling's, a predecessor's or the base version's base.

    A tuned card ("-chat", "-instruct") whose parents are all read from weak sentences and
    that names its own base version's id gets that base as a weak claim first.
    """
    claims = findings.claims
    weak = [c for c in claims if c.strength == Strength.WEAK] if claims else []
    if not declared and weak and len(weak) == len(claims):
        base = base_version_named(body, record.model_id)
        if base is not None and key(base.parent) not in {key(c.parent) for c in claims}:
            claims = [*claims, base]
            weak.append(base)
    if not weak and all("/" in c.parent for c in claims):
        return findings  # most cards: no weak claim, no bare name
    kept, dropped = drop_others_lineage(claims, body, record.model_id)
    for parent, reason in dropped:
        note(record, Unresolved(parent, _PROSE, reason))
    kept, shortened = drop_shortened(kept)
    for parent in shortened:
        note(record, Unresolved(parent, _PROSE, "a shortened name of another claimed parent"))
    changed = dropped or shortened or claims is not findings.claims
    return replace(findings, claims=kept) if changed else findings


def others_items(record: SourceRecord, findings: ProseFindings, body: str) -> ProseFindings:
    """The findings without claims read from list items headed by another model
    ("* [X](…) (part 2): the result of merging A and B"): X's lineage, not this model's."""
    if not findings.claims or "\n" not in body:
        return findings
    dropped = [c for c in findings.claims if told_in_other_models_item(body, c, record.model_id)]
    if not dropped:
        return findings  # most cards
    for c in dropped:
        note(record, Unresolved(c.parent, _PROSE, "told of another model a list item names"))
    return replace(findings, claims=[c for c in findings.claims if c not in dropped])


def base_of_own(
    record: SourceRecord, findings: ProseFindings, body: str, declared: bool
) -> ProseFindings:
    """A card that names no parent but "the base model of <this model>, X": X."""
    if declared or findings.claims:
        return findings
    base = base_of_own_named(body, record.model_id)
    return replace(findings, claims=[base]) if base is not None else findings


def stage_of_base(record: SourceRecord, findings: ProseFindings, body: str) -> ProseFindings:
    """A stated base ("the base model is X") that a stage named after it extends: the stage.

    Only a label sentence without a relation is judged ("the base model is X"): an explicit
    "fine-tuned from X" about this model is never moved to another.
    """
    claims = findings.claims
    if len(claims) != 1 or claims[0].strength != Strength.LABEL or claims[0].relation:
        return findings  # most cards
    stage = named_stage(body, claims[0], record.model_id)
    if stage is None:
        return findings
    reason = f"the base of {stage}, the stage this model was tuned from"
    note(record, Unresolved(claims[0].parent, _PROSE, reason))
    snippet = f"the resulting model called {stage}"
    return replace(findings, claims=[ProseClaim(stage, None, Strength.LABEL, snippet)])


def other_size(record: SourceRecord, findings: ProseFindings) -> ProseFindings:
    """The findings without "This is [X](…) trained …" where X is of another size
    (`importers.card_names.recipe_at_other_size`): X's recipe, not this model's start; and
    without this model's name at a larger size (`importers.card_names.larger_twin`), nor
    a fine-tune's or conversion's start of this model's family at a smaller size
    (`importers.card_names.smaller_twin`)."""
    if not findings.claims or not sizes(record.model_id):
        return findings  # each of the three tests needs a size in this model's name
    dropped = [c for c in findings.claims if recipe_at_other_size(c, record.model_id)]
    twins = [
        c
        for c in findings.claims
        if c not in dropped
        and (larger_twin(c, record.model_id) or smaller_twin(c, record.model_id))
    ]
    if not dropped and not twins:
        return findings  # most cards
    for c in dropped:
        note(record, Unresolved(c.parent, _PROSE, "a model of another size whose recipe it reran"))
    for c in twins:
        note(record, Unresolved(c.parent, _PROSE, "this model's family at another size: a sibling"))
    dropped += twins
    return replace(findings, claims=[c for c in findings.claims if c not in dropped])


def spoken_teacher(c: ProseClaim, claims: list[ProseClaim]) -> bool:
    """A teacher named as spoken ("using stable-diffusion v1-5 as the teacher"): a parent of
    its own beside the student's start, unless it is a shorter name of another claim."""
    return (
        c.relation is Relation.DISTILLATION
        and not c.inferred
        and " " in c.parent
        and "/" not in c.parent
        and not short_for(c.parent.replace(" ", "-"), {o.parent for o in claims if o is not c})
    )


def controlnet_name(name: str) -> bool:
    """Whether a token of ``name`` is "controlnet" (in any case)."""
    if "controlnet" not in name.casefold():
        return False
    return "controlnet" in name_tokens(name)


def control_network_copies(claims: list[Claim]) -> list[Claim]:
    """A ControlNet card's parent that is itself a ControlNet, with no relation stated: its
    weights repacked (converted, extracted as differences, bundled), not an adapter of it."""
    return [
        replace(c, relation=Relation.QUANTIZED)
        if c.relation_inferred
        and c.relation in (Relation.ADAPTER, Relation.FINETUNE)
        and controlnet_name(c.parent.rsplit("/", 1)[-1])
        else c
        for c in claims
    ]


def same_name_copies(claims: list[Claim], model_id: str) -> list[Claim]:
    """Claims on a parent of the card's own repo name under another org, as repacks.

    "unsloth/X" declaring "org/X", "mirror/X" reading "original model: org/X": a repo that
    keeps its parent's name is a copy (a re-upload, a patched or converted copy), not a
    fine-tune. Only a relation inferred as the default fine-tune is changed.
    """
    name = model_id.rsplit("/", 1)[-1].casefold()
    if "/" not in model_id or not any(
        c.relation_inferred and c.relation is Relation.FINETUNE for c in claims
    ):
        return claims  # most cards
    return [
        replace(c, relation=Relation.QUANTIZED)
        if c.relation_inferred
        and c.relation is Relation.FINETUNE
        and "/" in c.parent
        and c.parent.rsplit("/", 1)[-1].casefold() == name
        and key(c.parent) != key(model_id)
        else c
        for c in claims
    ]


def dedupe(claims: Iterable[Claim]) -> list[Claim]:
    """One claim per (parent, evidence kind); the first, most explicit, wins."""
    out: dict[tuple[str, EvidenceKind], Claim] = {}
    for claim in claims:
        slot = (key(claim.parent), claim.kind)
        held = out.get(slot)
        if held is None or (held.relation_inferred and not claim.relation_inferred):
            out[slot] = claim
    return list(out.values())


def add_copy(record: SourceRecord, value: object) -> None:
    """The repo ``duplicated_from`` names: the Hub's copy of it (the same weights).

    The Hub writes it when a repo is duplicated; a value naming this repo itself says
    nothing. The declaration replaces a prose claim on the same repo.
    """
    if not isinstance(value, str):
        return
    ref = reference(value)
    if ref.model_id is None:
        note(record, Unresolved(value[:200], _YAML, ref.unresolved or "not a Hub model id"))
        return
    copied = key(ref.model_id)
    if copied == key(record.model_id):
        return
    kept = [c for c in record.claims if key(c.parent) != copied or c.kind is _YAML]
    if any(key(c.parent) == copied for c in kept):
        record.claims = kept  # base_model declares it too: that declaration stands
        return
    claim = Claim(
        ref.model_id,
        Relation.QUANTIZED,
        _YAML,
        confidence_for(_YAML, False),
        False,
        value,
        ref.revision,
    )
    record.claims = [*kept, claim]


def own_name_then_base(record: SourceRecord, findings: ProseFindings, body: str) -> ProseFindings:
    """The findings with "This is X trained on … (Y)" on a card named X-Y read as Y
    (`importers.card_subjects.own_name_head`): X is this model, Y its base."""
    if not findings.claims:
        return findings  # most cards
    claims = list(findings.claims)
    changed = False
    for i, c in enumerate(claims):
        base = own_name_head(body, c, record.model_id)
        if base is None or key(base) in {key(o.parent) for o in claims}:
            continue
        note(record, Unresolved(c.parent, _PROSE, "the card's own name before its base's"))
        claims[i], changed = replace(c, parent=base), True
    return replace(findings, claims=claims) if changed else findings


def column_titles(record: SourceRecord, findings: ProseFindings, body: str) -> ProseFindings:
    """The findings without names read off a table's header row
    (`importers.card_items.header_cell`)."""
    dropped = [c for c in findings.claims if header_cell(body, c)]
    if not dropped:
        return findings  # most cards
    for c in dropped:
        note(record, Unresolved(c.parent, _PROSE, "a column title of a table"))
    return replace(findings, claims=[c for c in findings.claims if c not in dropped])

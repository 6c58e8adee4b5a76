"""What prose reading finds (claims, findings) and how a card's claims are ranked and thinned."""

from __future__ import annotations

from dataclasses import dataclass, field

from importers.prose_names import _FAMILIES, _FAMILY_VERSION, name_tokens
from importers.prose_phrases import Strength
from lineage.core.ids import key
from lineage.core.records import Relation, Unresolved


@dataclass(frozen=True, slots=True)
class ProseClaim:
    """A parent named in prose; ``relation`` is ``None`` when the phrase names none."""

    parent: str
    relation: Relation | None
    strength: Strength
    snippet: str
    inferred: bool = False
    conversion: bool = False
    revision: str | None = None


@dataclass(slots=True)
class ProseFindings:
    """Everything the prose says about lineage, plus card-level wording signals."""

    claims: list[ProseClaim] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    adapter_wording: bool = False
    merge_wording: bool = False
    distill_wording: bool = False
    lora_merged_wording: bool = False
    conversion_wording: bool = False
    # The words "merg…" or "lora" occur: hand-made merge lists are worth looking for.
    merge_or_lora_words: bool = False
    # The card's fenced code blocks (fence lines included, joined by newlines) when its whole
    # body was cleaned, else None: rules looking for words in code search only this.
    code: str | None = field(default=None, compare=False, repr=False)
    # The phrase needles the prose holds (`importers.prose_needles`): rules that need one of
    # them skip a card without it, no search of their own.
    needles: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


def _without_vaguer(claims: list[ProseClaim]) -> list[ProseClaim]:
    """Drop a family's name ("LLaMA") when another claim names a model of it ("LLaMA 7B"),
    and a family's version written bare ("Llama-3") when another claim, as strong, names a
    Hub model whose name holds it ("meta-llama/Meta-Llama-3-8B")."""
    if len(claims) > 1:
        claims = _without_bare_versions(claims)
    families = [c for c in claims if key(c.parent) in _FAMILIES]
    if not families:
        return claims
    names = [key(c.parent).rsplit("/", 1)[-1] for c in claims]
    vaguer = {
        key(f.parent)
        for f in families
        if any(n != key(f.parent) and n.startswith(key(f.parent)) for n in names)
    }
    return [c for c in claims if key(c.parent) not in vaguer]


def _without_bare_versions(claims: list[ProseClaim]) -> list[ProseClaim]:
    ids = [
        (c.strength, name_tokens(c.parent.rsplit("/", 1)[-1]), c.relation)
        for c in claims
        if "/" in c.parent
    ]
    if not ids:
        return claims

    def vaguer(c: ProseClaim) -> bool:
        if "/" in c.parent or not _FAMILY_VERSION.fullmatch(c.parent.replace("-", "", 1)):
            return False
        mine = name_tokens(c.parent)
        n = len(mine)
        return any(
            strength >= c.strength
            # ("Initialized from Qwen2, … merged with Qwen2-7B-Instruct": two stages, two
            # parents; the stated relations tell them apart.)
            and not _other_stage(c, relation)
            and any(theirs[i : i + n] == mine for i in range(len(theirs) - n + 1))
            for strength, theirs, relation in ids
        )

    return [c for c in claims if not vaguer(c)]


def _other_stage(bare: ProseClaim, relation: Relation | None) -> bool:
    """Whether a bare family version and an id are named for different stated steps (a
    fine-tune's start, a merge partner)."""
    return (
        not bare.inferred
        and bare.relation is not None
        and relation is not None
        and bare.relation is not relation
    )


def _best_per_parent(claims: list[tuple[int, ProseClaim]]) -> list[ProseClaim]:
    """One claim per parent: the strongest phrase, then a stated relation, then text order.

    Several phrases can match one sentence ("fine-tuned version of" is also a
    "version of"); they are one piece of evidence, not two.
    """
    ranked = sorted(claims, key=lambda pc: (-pc[1].strength, pc[1].inferred, pc[0]))
    best: dict[str, tuple[int, ProseClaim]] = {}
    for pos, claim in ranked:
        best.setdefault(key(claim.parent), (pos, claim))
    return [c for _, c in sorted(best.values(), key=lambda pc: (-pc[1].strength, pc[0]))]

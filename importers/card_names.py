"""How the names a card claims relate to each other and to the card's own, for `importers.card`.

A name's tokens (`tokens`), a bare name that a longer claimed name spells out (a shortened
name: `drop_shortened`), a family named beside one of its members (`family_of`), and a
recipe run again at another size than the card's (`recipe_at_other_size`).
"""

from __future__ import annotations

import re

from importers.prose import ProseClaim, Strength
from importers.prose_names import name_words
from importers.prose_scope import sizes
from lineage.core.records import Relation


def tokens(name: str) -> list[str]:
    """A model name's lower-case tokens (the org left out)."""
    return name_words(name.rsplit("/", 1)[-1])


def runs_in(part: list[str], whole: list[str]) -> bool:
    """Whether ``part`` occurs as a contiguous run of ``whole``."""
    n = len(part)
    return n > 0 and any(whole[i : i + n] == part for i in range(len(whole) - n + 1))


def _linked(claim: ProseClaim) -> bool:
    """Whether the claim's snippet links its parent's Hub page: an org-less repo such as
    ``gpt2`` is a model of its own, not a shortened name."""
    page = claim.parent.casefold()
    snippet = claim.snippet.casefold()
    return f"huggingface.co/{page}" in snippet or f"hf.co/{page}" in snippet


def _begins(theirs: list[str], mine: list[str]) -> bool:
    """Whether the name ``theirs`` goes on past the words ``mine``, which it begins with, the
    words written together or apart ("StableDiffusion 1.5" after "Stable Diffusion",
    "Llama-2-7b" after "Llama2")."""
    if len(theirs) > len(mine) and theirs[: len(mine)] == mine:
        return True
    joined, at = "".join(mine), 0
    for n, word in enumerate(theirs[:-1], 1):
        at += len(word)
        if at >= len(joined):
            return at == len(joined) and "".join(theirs[:n]) == joined
    return False


_SIZE_TOKEN = re.compile(r"\d+(?:x\d+)?[bmk]", re.I)


def _without_sizes(words: list[str]) -> list[str]:
    """A name's tokens without its size tokens ("13b", "8x7b")."""
    return [w for w in words if not _SIZE_TOKEN.fullmatch(w)]


def drop_shortened(claims: list[ProseClaim]) -> tuple[list[ProseClaim], list[str]]:
    """Of "on top of a Mistral-7B" and "Finetuned from: Mistral-7B-Base", keep the second.

    A name written without an org whose tokens begin a longer name the card also claims
    (with the same relation, no merge) is that model, shortened. Returns the kept claims
    and the shortened names dropped.
    """
    shorts = [c for c in claims if "/" not in c.parent and not _linked(c)]
    if not shorts or len(claims) < 2:
        return claims, []  # most cards: every claim names an org
    fulls = [(c, tokens(c.parent)) for c in claims if c.relation is not Relation.MERGE]
    merged = [tokens(c.parent) for c in claims if c.relation is Relation.MERGE and "/" in c.parent]
    dropped: list[str] = []
    for short in shorts:
        mine = tokens(short.parent)
        if short.relation is Relation.MERGE:
            # A recipe's "Lark-v0.2" beside the linked input "ORG/Lark-13b-v0.2": the same
            # name with only its size left out (not "Lark-7B" beside "ORG/Lark-7B-chat").
            if any(_without_sizes(theirs) == mine != theirs for theirs in merged):
                dropped.append(short.parent)
            continue
        for full, theirs in fulls:
            if (
                full is not short
                and (short.relation is None or full.relation in (None, short.relation))
                and _begins(theirs, mine)
            ):
                dropped.append(short.parent)
                break
    if not dropped:
        return claims, []
    return [c for c in claims if c.parent not in dropped], dropped


def family_of(claim: ProseClaim, parent: str) -> bool:
    """Whether a weak claim names, without an org, the family of which ``parent`` is a member
    ("based on LLaMA-2" beside a table's "Llama-2-7B" for this card's row): the member says
    which model of the family it is."""
    if claim.strength != Strength.WEAK or "/" in claim.parent:
        return False
    mine, theirs = tokens(claim.parent), tokens(parent)
    return len(theirs) > len(mine) and theirs[: len(mine)] == mine


# "This is [X-13b](…) trained with …" on a 30B card: X's recipe run again at another size.
_THIS_IS_SNIPPET = re.compile(r"this\s+(?:model\s+)?is\s", re.I)
_SCORER_MARK = "[scorer "  # `importers.scorer.MARK`: a claim the scorer made


def recipe_at_other_size(claim: ProseClaim, model_id: str) -> bool:
    """Whether "This is [X](…) trained …" names a model of another size than this card's.

    A tuned model keeps its base's size: a card of a 30B model that calls itself "[X-13b]
    trained with a subset of the data" ran X's recipe again on another base.
    """
    snippet = claim.snippet
    if snippet.startswith(_SCORER_MARK):
        # The scorer's pick, its snippet the line from the link's sentence on: "This is
        # [X](…) trained against Y" read by the weights is X's recipe all the same.
        snippet = snippet[snippet.find("] ") + 2 :]
        if claim.relation not in (None, Relation.FINETUNE):
            return False
    elif claim.relation is not Relation.FINETUNE:
        return False
    if not _THIS_IS_SNIPPET.match(snippet):
        return False
    own, theirs = sizes(model_id), sizes(claim.parent)
    return bool(own) and bool(theirs) and own.isdisjoint(theirs)


# A size token in a name ("13b", "350m", "8x7b"), as `importers.prose_scope.sizes` reads them.
_SIZE_IN_NAME = re.compile(r"(?<![a-z0-9.])(?:(\d+)x)?(\d+(?:\.\d+)?)([bm])(?![a-z0-9])")


def larger_twin(claim: ProseClaim, model_id: str) -> bool:
    """Whether the parent is this model's name at a larger size ("X-13b" on the X-7b card).

    A fine-tune or a merge keeps its base's size or grows it (a frankenmerge), so a larger
    twin is a sibling the card links (a family table, the recipe's other size), never what
    it was made from; only a teacher may be larger (distillation is left alone).
    """
    if claim.relation is Relation.DISTILLATION:
        return False
    own, theirs = sizes(model_id), sizes(claim.parent)
    if len(own) != 1 or len(theirs) != 1 or own == theirs:
        return False
    own_name = model_id.rsplit("/", 1)[-1].casefold()
    their_name = claim.parent.rsplit("/", 1)[-1].casefold()
    if _SIZE_IN_NAME.sub("#", own_name) != _SIZE_IN_NAME.sub("#", their_name):
        return False
    return params_in_name(their_name) > params_in_name(own_name)


def smaller_twin(claim: ProseClaim, model_id: str) -> bool:
    """Whether the parent is this model's family at a smaller size ("X-7b-hf" on the card of
    "X-13b-chat", a base "based on X-7B" on the card of "X-13B-Base").

    A fine-tune, an adapter or a conversion keeps its base's size: a smaller model of the
    same family is the series' earlier or smaller release (a predecessor, a copied line of
    the smaller card), not the start. Merges may grow (a frankenmerge stacks layers), a
    teacher may be of any size, and an expert mixture ("8x7b") is left alone; a size within
    half again of this one's ("6.9b" under "7b", a block expansion "8b" of "7b") stays.
    """
    if claim.relation in (Relation.MERGE, Relation.DISTILLATION):
        return False
    own, theirs = sizes(model_id), sizes(claim.parent)
    if len(own) != 1 or len(theirs) != 1 or own == theirs:
        return False
    own_name = model_id.rsplit("/", 1)[-1].casefold()
    their_name = claim.parent.rsplit("/", 1)[-1].casefold()
    own_words = [w for w in name_words(own_name) if w not in own]
    their_words = [w for w in name_words(their_name) if w not in theirs]
    if not own_words or not their_words or own_words[0] != their_words[0]:
        return False  # another family ("Lark-2-7b" under "Heron-13b")
    mine = params_in_name(own_name)
    if "x" in next(iter(own)) or mine == 0.0:
        return False
    return params_in_name(their_name) * 1.5 <= mine


def params_in_name(name: str) -> float:
    """The parameter count a name's one size token states (8x7b: 56e9)."""
    m = _SIZE_IN_NAME.search(name)
    if m is None:
        return 0.0
    experts = int(m[1]) if m[1] else 1
    return experts * float(m[2]) * (1e9 if m[3] == "b" else 1e6)

"""Which model a lineage sentence or a card's text speaks of, for `importers.card`.

A card often retells the lineage of models around it: the base version it was tuned from
("the base model is built on Y"), an older or sibling release ("our 1.0 was built on Y",
"we released X-15B, based on Y"). The phrase readers see "based on Y"; these checks see
whose sentence it is. Only weak claims ("based on", "built on") are judged: an explicit
"fine-tuned from Y" about this model is never dropped here (`drop_others_lineage`).

Beside them: "like its predecessor, X does …" (X is this model), "This is X trained on …
(Y)" on the card of X-Y (X is this model's name, Y its base: `own_name_head`), and a card
whose text is the start model's own (`text_of_start_model`).
"""

from __future__ import annotations

import re

from importers.card_bases import NAMED_BASE, WEAK_RELATIONS, own_base_version
from importers.card_names import runs_in, tokens
from importers.prose import ProseClaim, Strength
from lineage.core.ids import key
from lineage.core.records import Relation

# The end of the sentence before a claim: a full stop and a space, a blank line, a bullet.
_SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)|\n[ \t]*\n|\n[ \t]*[-*+|#]")
# "NAME is built …", "NAME was trained …", "NAME, …": the sentence's subject, up to the claim.
_SUBJECT = re.compile(
    r"(?P<name>[A-Za-z][\w.-]*\d[\w.-]*)[\s*_`]*(?:\([^)]*\)\s*)?"
    r"(?:is|was|were|are|has been|had been)\s+(?:[a-z]+\s+){0,3}\Z"
)
# "we released X-15B based on Y": the name right before the phrase.
_NAME_BEFORE = re.compile(r"(?P<name>[A-Za-z][\w.-]*\d[\w.-]*)[\s*_`,]*(?:model\s+)?\Z")
# "We released **X-7B**, which was trained on Y": the release the relative clause is about.
_WHICH_BEFORE = re.compile(
    r"(?P<name>[A-Za-z][\w.-]*\d[\w.-]*)[\s*_`]*,[ \t]*(?:which|that|who)[ \t]+"
    r"(?:is|was|were|are|has[ \t]+been|had[ \t]+been)[ \t]+(?:[a-z]+[ \t]+){0,2}\Z"
)
# "Note that X-medium supports 200 languages, and is based on Y": the sentence's first
# subject, carried over "and" to the claim.
_AND_IS_BEFORE = re.compile(
    r"\A\s*(?:(?:note|also|however)[ \t]+that[ \t]+)?(?:the[ \t]+)?[*_`]*"
    r"(?P<name>[A-Za-z][\w.-]*\d[\w.-]*)[*_`]*[ \t]+[^.\n]{0,160}?,?[ \t]+and[ \t]+"
    r"(?:is|was|are|were)[ \t]+(?:[a-z]+[ \t]+){0,2}\Z",
    re.I,
)
# "基于Y的代码模型X": the model built on Y follows the phrase.
_ZH_NAME_AFTER = re.compile(r"\s*的\s*[\u4e00-\u9fff]{0,6}\s*(?P<name>[A-Za-z][\w.-]*\d[\w.-]*)")
# "applications based on X", "products built on X": things made from X, not this model.
_THINGS_BEFORE = re.compile(
    r"\b(?:applications?|apps?|products?|services?|projects?|tools?|solutions?|systems?|"
    r"demos?|plugins?)[ \t]+\Z",
    re.I,
)
# "This implementation is based on [TTS](…), [VITS](…) and [X](…)": code bases (software the
# code was written from), not the weights the model was made from.
_CODE_BEFORE = re.compile(
    r"\b(?:implementation|code[ \t]?base|code|library|framework|toolkit|scripts?)[ \t]+"
    r"(?:is|was|are|were)[ \t]+(?:(?:largely|heavily|mainly|partly|partially)[ \t]+)?\Z",
    re.I,
)

# "We plan on releasing … a potential 1B version based on Y", "a future release built on Y":
# a model not made yet; "The model architecture is based on Y": the design, not the weights.
_NOT_MADE_BEFORE = re.compile(
    r"\b(?:potential|possible|planned|upcoming|future|hypothetical)[ \t]+(?:[\w.-]+[ \t]+){0,3}"
    r"(?:versions?|models?|releases?|variants?|iterations?)[ \t]+\Z|"
    r"\b(?:we|i)[ \t]+(?:plan|intend|hope|aim)[ \t]+(?:on|to)[ \t][^.\n]{0,160}\Z|"
    r"\barch\w{0,6}tures?[ \t]+(?:is|was|are|were)[ \t]+(?:(?:largely|mainly|also)[ \t]+)?\Z",
    re.I,
)


def _other_model(name: str, model_id: str, parent: str) -> bool:
    """Whether ``name`` names a model that is neither this card's nor the claimed parent."""
    mine = tokens(name)
    if not any(any(ch.isdigit() for ch in t) for t in mine):
        return False  # "Stable-Diffusion" style words: too vague to be another release
    if _own_name_versioned(mine, tokens(model_id)):
        return False
    return not (runs_in(mine, tokens(model_id)) or runs_in(mine, tokens(parent)))


# A version's tokens: "v0", "16" of "-v0.16", "v2" of "_v2".
_VERSION_TOKEN = re.compile(r"v?\d+")


def _own_name_versioned(mine: list[str], own: list[str]) -> bool:
    """Whether a name is the card's own name with a version after it ("X-20B-v0.16" on the card
    of "X-20B"): the release the card documents, spoken with its revision."""
    n = len(own)
    return (
        n > 0
        and len(mine) > n
        and mine[:n] == own
        and all(_VERSION_TOKEN.fullmatch(t) for t in mine[n:])
        and mine[n][0] == "v"
    )


def _sentence_start(body: str, at: int) -> int:
    left = max(0, at - 300)
    for m in _SENTENCE_END.finditer(body, left, at):
        left = m.end()
    return left


def _places(body: str, snippet: str) -> list[int]:
    """Where the claim's snippet is written: verbatim, or else with the markup the snippet
    leaves out ("trained on **X**" for "trained on X")."""
    out, start = [], 0
    while (at := body.find(snippet, start)) >= 0:
        out.append(at)
        start = at + 1
    if out or ("*" not in body and "`" not in body and "_" not in body):
        return out
    pattern = r"[*_`]*\s+[*_`]*".join(map(re.escape, snippet.split()))
    return [m.start() for m in re.finditer(pattern, body)]


def others_statement(body: str, claim: ProseClaim, model_id: str) -> bool:
    """Whether every place the claim was read from is a sentence about another model.

    "ChatQA-1.0 is built on Y", "we released X-15B based on Y", "基于Y的模型X": the
    subject (or the model named right beside the phrase) is a release other than this
    card's; "applications based on Y" are things made from Y, "this implementation is
    based on Y" names code Y. A sentence whose subject
    is this model, or none, keeps the claim.
    """
    snippet = claim.snippet
    if not snippet or len(snippet) < 6:
        return False
    found = False
    for at in _places(body, snippet):
        found = True
        before = body[_sentence_start(body, at) : at]
        if _THINGS_BEFORE.search(before) or _CODE_BEFORE.search(before):
            continue
        if _NOT_MADE_BEFORE.search(before):
            continue
        subject = (
            _SUBJECT.search(before)
            or _NAME_BEFORE.search(before)
            or _WHICH_BEFORE.search(before)
            or (_AND_IS_BEFORE.search(before) if " and " in before else None)
        )
        after = _ZH_NAME_AFTER.match(body, at + len(snippet))
        names = [m["name"] for m in (subject, after) if m is not None]
        if not any(_other_model(n.strip(".-_"), model_id, claim.parent) for n in names):
            return False
    return found


# "Just like its predecessor, X operates …": X is the subject of the main clause (this
# model), not the predecessor, when a verb follows it.
_PREDECESSOR = re.compile(r"\bpredecessors?\s*,", re.I)
_VERB_AFTER = re.compile(
    r"[ \t]+(?:is|was|has|have|operates|serves|remains|runs|uses|works|comes|offers|"
    r"provides|supports|keeps|retains)\b",
    re.I,
)


def subject_after_predecessor(body: str, claim: ProseClaim) -> bool:
    """Whether "its predecessor, X" is "like its predecessor, X does …": X is the subject."""
    if claim.relation is not Relation.UNKNOWN or not _PREDECESSOR.search(claim.snippet):
        return False
    at = body.find(claim.snippet)
    return at >= 0 and _VERB_AFTER.match(body, at + len(claim.snippet)) is not None


def drop_others_lineage(
    claims: list[ProseClaim], body: str, model_id: str
) -> tuple[list[ProseClaim], list[tuple[str, str]]]:
    """The claims left once weak sentences about other models are set aside.

    Returns the kept claims and (parent, reason) for each one dropped. A tuned card
    that names its own base version ("X-chat is built on X-base") keeps that one: the
    other weak bases it names are the base version's own lineage (grand-parents).
    """
    dropped: dict[str, str] = {}
    for c in claims:
        if c.strength == Strength.WEAK and subject_after_predecessor(body, c):
            dropped[key(c.parent)] = "the subject after 'like its predecessor,'"
    if dropped:
        claims = [c for c in claims if key(c.parent) not in dropped]
    weak = [c for c in claims if c.strength == Strength.WEAK and c.relation in WEAK_RELATIONS]
    if not weak:
        return claims, list(dropped.items())
    stated = [c for c in claims if own_base_version(c.parent, model_id)]
    bases = {key(c.parent) for c in stated}
    # Only named (not stated) beside the claims: it outranks the family's other releases
    # (same org), not another org's model the card calls its base.
    named_only = all(c.snippet.startswith(NAMED_BASE) for c in stated)
    org = key(model_id.split("/", 1)[0]) if "/" in model_id else None
    if bases:
        for c in weak:
            if key(c.parent) in bases:
                continue
            if named_only and ("/" not in c.parent or key(c.parent.split("/", 1)[0]) != org):
                continue
            dropped[key(c.parent)] = "a base of the card's own base version"
    for c in weak:
        if key(c.parent) in dropped or key(c.parent) in bases:
            continue  # the base version is this card's parent whoever the sentence names
        if others_statement(body, c, model_id):
            dropped[key(c.parent)] = "a sentence about another model's base"
    if not dropped:
        return claims, []
    kept = [c for c in claims if key(c.parent) not in dropped or c not in weak]
    return kept, list(dropped.items())


# "This is the X model with 48 layers": the text presents itself as X.
_THIS_IS = re.compile(
    r"\bThis is the (?P<name>[A-Za-z][\w .-]{1,60}?) model\b(?P<rest>[^.\n]{0,60})"
)
# "This is the X model fine-tuned on …": X is what the card's model was made from.
_MADE_FROM = re.compile(r"tun|train|adapt|distil|merg|quanti|convert|on top|based|from", re.I)
TRAINING_COMMAND = "[training-command]"


def text_of_start_model(body: str, parent: str) -> bool:
    """Whether the card's text presents itself as the model its training command starts from.

    A card copied from X's (a model repo uploaded with X's README) keeps X's "This is the X
    model …" and X's recipe for fine-tuning X: the command says how to tune X, not what
    this repo was made from. "This is the X model fine-tuned on …" names X as the source.
    """
    if "This is the" not in body:
        return False  # most cards
    theirs = tokens(parent)
    for m in _THIS_IS.finditer(body):
        if tokens(m.group("name")) == theirs and not _MADE_FROM.search(m.group("rest")):
            return True
    return False


_THIS_IS_NAME = re.compile(r"this\s+is\s+", re.I)
_NAME_IN_SENTENCE = re.compile(r"[A-Za-z][\w.-]*\d[\w.-]*")


def own_name_head(body: str, claim: ProseClaim, model_id: str) -> str | None:
    """The base a "This is X trained on … (Y)" sentence names when the card is called X-Y.

    Authors name a tune after themselves and its base ("Heron-v3-Kestrel-7B"); "This is
    Heron-v3 trained on the Kestrel release (Kestrel-7B)" names this model first and its
    base after. Returns Y as written when the card's name is X's tokens then Y's, and Y
    is written later in the same sentence; None otherwise (X itself may be the base).
    """
    if "/" in claim.parent or not _THIS_IS_NAME.match(claim.snippet):
        return None
    mine, own = tokens(claim.parent), tokens(model_id)
    if not mine or len(own) <= len(mine) or own[: len(mine)] != mine:
        return None
    rest = own[len(mine) :]
    at = body.find(claim.snippet)
    if at < 0:
        return None
    end = _SENTENCE_END.search(body, at + len(claim.snippet))
    sentence = body[at + len(claim.snippet) : end.start() if end else at + 400]
    for m in _NAME_IN_SENTENCE.finditer(sentence):
        name = m.group(0).rstrip(".-_")
        if tokens(name) == rest:
            return name
    return None

"""The card's own base version and the stages around it, for `importers.card`.

A tuned card ("X-7B-chat") often names the pretrained release of its family ("X-7B-base"):
that release is its parent, whether stated or only named (`own_base_version`,
`base_version_named`, `base_release_linked`, `base_of_own_named`). A declared base that the
prose's stated stage extends is a grand-parent (`ancestor_of_stated`), and so is a stated
base that a stage the card names afterwards was built on (`named_stage`).
"""

from __future__ import annotations

import re

from importers.card_names import runs_in, tokens
from importers.markdown_tables import pipe_led
from importers.prose import ProseClaim, Strength
from lineage.core.ids import key
from lineage.core.records import Relation

# Name tokens that mark a tuned release of a family ("X-7B-chat", "X-instruct-gamma-7b").
_TUNED = frozenset(
    {"chat", "instruct", "instruction", "inst", "it", "sft", "dpo", "ppo", "rlhf", "orpo"}
)
_TUNED_IN_NAME = re.compile(
    r"(?:^|[-_.])(?:chat|instruct|instruction|inst|it|sft|dpo|ppo|rlhf|orpo)(?=$|[-_.])", re.I
)
# Name tokens that mark the pretrained release the tuned ones are built on.
_BASE = frozenset({"base", "pretrained", "pt"})
# The relations of the weak claims judged here and in `importers.card_subjects`.
WEAK_RELATIONS = (None, Relation.FINETUNE)
# The snippet mark of a base version the card only names (`base_version_named`).
NAMED_BASE = "[base-version-named]"


def own_base_version(parent: str, model_id: str) -> bool:
    """Whether ``parent`` is the pretrained release of the tuned model ``model_id``.

    Same org; the names agree once the tuned tokens of the card's name ("chat",
    "instruct") and the base tokens of the parent's ("base") are left out:
    ``org/x-vl-7b-base`` for ``org/x-vl-7b-chat``, ``org/x-7b-hf`` for ``org/x-7b-instruct-hf``.
    """
    if "/" not in parent or "/" not in model_id:
        return False
    if key(parent.split("/", 1)[0]) != key(model_id.split("/", 1)[0]):
        return False
    own, theirs = tokens(model_id), tokens(parent)
    if _TUNED.isdisjoint(own) or not _TUNED.isdisjoint(theirs):
        return False
    stem = [t for t in own if t not in _TUNED]
    if _BASE.isdisjoint(theirs):
        return theirs == stem  # "org/x-7b-hf" for "org/x-7b-instruct-hf"
    return stem == [t for t in theirs if t not in _BASE]


_ORG_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")  # ASCII: "ORG/X和Y" ends at 和
_CODE_FENCE = "```"


def org_ids(body: str, org: str) -> list[tuple[int, str]]:
    """Where ``body`` writes ``org/NAME`` (plainly or in a Hub URL), and the ids, cheaply:
    a string search for the org (as the card's id spells it) instead of every mention."""
    out: list[tuple[int, str]] = []
    needle = org + "/"
    at = body.find(needle)
    while at >= 0:
        start, at = at, body.find(needle, at + 1)
        before = body[start - 1] if start > 0 else " "
        if (before.isascii() and before.isalnum()) or before in "-_.":
            continue  # "my-org/…" is another org ("参数ORG/…": Chinese runs words together)
        name = _ORG_NAME.match(body, start + len(needle))
        if name is not None:
            out.append((start, f"{org}/{name.group(0).rstrip('.-')}"))
    return out


def _in_code(body: str, at: int) -> bool:
    """Whether ``at`` sits inside a fenced code block (an odd number of fences before it)."""
    return body.count(_CODE_FENCE, 0, at) % 2 == 1


def base_version_named(body: str, model_id: str) -> ProseClaim | None:
    """A weak claim for the tuned card's own base version when its text names the id.

    "X-13B-Chat …; the pre-trained model is at [X-13B-Base](…)": the tuning started from
    it. Rows of tables are left out (a table of scores or of the family's releases lists
    the base beside its siblings, which says nothing of what this one was tuned from).
    """
    org, _, name = model_id.partition("/")
    if not name or not _TUNED_IN_NAME.search(name) or org + "/" not in body:
        return None  # most cards are no tuned release, or never spell their org's ids
    own = model_id.casefold()
    for at, parent in org_ids(body, org):
        if parent.casefold() == own or not own_base_version(parent, model_id):
            continue  # (the card's own id recurs in its usage code)
        if _in_code(body, at):
            continue
        line_start = body.rfind("\n", 0, at) + 1
        if not pipe_led(body[line_start:at]):
            snippet = f"{NAMED_BASE} {model_id} is the tuned version of {parent}"
            return ProseClaim(parent, None, Strength.WEAK, snippet, inferred=True)
    return None


def ancestor_of_stated(yaml_base: str, claims: list[ProseClaim], model_id: str) -> str | None:
    """The prose parent that a declared base is an ancestor of, if any.

    "base_model: org/x-3b" with "The model is based on org/x-3b-sft-v2" on the card of
    org/x-3b-ppo: the prose names the stage this card was tuned from; the declared base
    is that stage's own base (a grand-parent, copied from the family's first card).
    """
    org = yaml_base.partition("/")[0].casefold() + "/" if "/" in yaml_base else ""
    if not org or yaml_base[len(org) :][:3].casefold() != model_id.partition("/")[2][:3].casefold():
        return None  # most cards: the name is no later stage of the declared base's
    if not any(c.parent[: len(org)].casefold() == org for c in claims):
        return None
    base = tokens(yaml_base)
    own = tokens(model_id)
    if own[: len(base)] != base or len(own) <= len(base):
        return None
    for c in claims:
        if "/" not in c.parent or c.relation not in WEAK_RELATIONS or c.conversion:
            continue
        theirs = tokens(c.parent)
        if (
            c.parent[: len(org)].casefold() == org
            and len(theirs) > len(base)
            and theirs[: len(base)] == base
            and key(c.parent) != key(model_id)
        ):
            return c.parent
    return None


def base_release_linked(body: str, yaml_base: str) -> str | None:
    """The pretrained release of a declared tuned base that the card's text spells, if any.

    "base_model: org/x-24b-instruct" with "fine-tuned from [X](…/org/x-24b-base)": the
    YAML copied the family's tuned release; the text names the one the tuning started
    from. Only the candidate is found here: `importers.card` keeps it when an explicit
    fine-tuning sentence names it.
    """
    org, _, name = yaml_base.partition("/")
    if not name or not _TUNED_IN_NAME.search(name) or org + "/" not in body:
        return None  # most declared bases are no tuned release, or never spelled in full
    own = yaml_base.casefold()
    for at, parent in org_ids(body, org):
        own_base = parent.casefold() != own and own_base_version(parent, yaml_base)
        if own_base and not _in_code(body, at):
            return parent
    return None


# "… further trained on paraphrases. The resulting model, called `Y`, …": a named stage.
_RESULTING = re.compile(
    r"\b[Tt]he resulting model,?\s+(?:is\s+|was\s+)?(?:called|named)\s+[`*\"']*"
    r"(?P<name>[A-Za-z][\w.-]*[\w])"
)
# How far after the base statement the stage may be named (a paragraph or two).
_STAGE_SPAN = 2000


def named_stage(body: str, claim: ProseClaim, model_id: str) -> str | None:
    """The name of the stage built on a stated base, when the card names one after it.

    "The base model is X. It was further trained by others on paraphrases. The resulting
    model called `Y` …; building on it we fine-tuned …": X is the base of Y, the card's
    parent (X a grand-parent). A resulting model that is the card's own (its name) leaves X.
    """
    at = body.find(claim.snippet)
    if at < 0:
        return None
    end = at + len(claim.snippet)
    window = body[end : end + _STAGE_SPAN]
    if "resulting model" not in window:
        return None  # most cards
    heading = re.search(r"\n#", window)
    m = _RESULTING.search(window, 0, heading.start() if heading else len(window))
    if m is None:
        return None
    name = m.group("name").rstrip(".")
    mine, theirs = tokens(name), tokens(model_id)
    if not mine or runs_in(mine, theirs) or runs_in(theirs, mine):
        return None  # "the resulting model, called <this card's model>"
    if key(name) == key(claim.parent):
        return None
    return name


# "The base model of X-6B, X-6B-Base, was trained on …": the card's own name, then its base
# in apposition.
_BASE_OF_OWN = re.compile(
    r"\bbase[ \t]+model[ \t]+of[ \t]+(?:the[ \t]+)?(?P<own>[A-Za-z][\w.-]*[A-Za-z0-9])[*_`]*"
    r"[ \t]*,[ \t]*(?:the[ \t]+)?[*_`]*(?P<name>[A-Za-z][\w.-]*\d[\w.-]*[A-Za-z0-9])[*_`]*[ \t]*[,(]",
    re.I,
)


def base_of_own_named(body: str, model_id: str) -> ProseClaim | None:
    """The base the card names in apposition after "the base model of <this model>"."""
    if "ase model of" not in body:
        return None  # most cards
    own = key(model_id.rsplit("/", 1)[-1])
    for m in _BASE_OF_OWN.finditer(body):
        if key(m["own"]) == own and key(m["name"]) != own:
            return ProseClaim(m["name"], None, Strength.LABEL, " ".join(m.group(0).split()))
    return None

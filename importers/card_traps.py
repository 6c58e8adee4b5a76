"""Weak lineage sentences that speak of another model than the card's, for `importers.card`.

A card often retells the lineage of models around it: the base version it was tuned from
("the base model is built on Y"), an older or sibling release ("our 1.0 was built on Y",
"we released X-15B, based on Y"). The phrase readers see "based on Y"; these checks see
whose sentence it is. Only weak claims ("based on", "built on") are judged: an explicit
"fine-tuned from Y" about this model is never dropped here.

Beside them, the card-level shapes that make a named model no parent or a different one:
a tuned card's own base version (named, or stated beside its base's base), a bare name
that a longer claimed name spells out, a declared base that the prose's stated stage
extends (a grand-parent), and the step outputs of a multi-step merge recipe.
"""

from __future__ import annotations

import re

from importers.markdown_tables import is_rule, pipe_led
from importers.prose import ProseClaim, Strength
from importers.prose_names import name_words
from importers.prose_scope import sizes
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
# "基于Y的代码模型X": the model built on Y follows the phrase.
_ZH_NAME_AFTER = re.compile(r"\s*的\s*[\u4e00-\u9fff]{0,6}\s*(?P<name>[A-Za-z][\w.-]*\d[\w.-]*)")
_WEAK_RELATIONS = (None, Relation.FINETUNE)
# The snippet mark of a base version the card only names (`base_version_named`).
NAMED_BASE = "[base-version-named]"
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


def tokens(name: str) -> list[str]:
    """A model name's lower-case tokens (the org left out)."""
    return name_words(name.rsplit("/", 1)[-1])


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


def _runs_in(part: list[str], whole: list[str]) -> bool:
    """Whether ``part`` occurs as a contiguous run of ``whole``."""
    n = len(part)
    return n > 0 and any(whole[i : i + n] == part for i in range(len(whole) - n + 1))


def _other_model(name: str, model_id: str, parent: str) -> bool:
    """Whether ``name`` names a model that is neither this card's nor the claimed parent."""
    mine = tokens(name)
    if not any(any(ch.isdigit() for ch in t) for t in mine):
        return False  # "Stable-Diffusion" style words: too vague to be another release
    if _own_name_versioned(mine, tokens(model_id)):
        return False
    return not (_runs_in(mine, tokens(model_id)) or _runs_in(mine, tokens(parent)))


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
            _SUBJECT.search(before) or _NAME_BEFORE.search(before) or _WHICH_BEFORE.search(before)
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
    weak = [c for c in claims if c.strength == Strength.WEAK and c.relation in _WEAK_RELATIONS]
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


# A heading, then (after at most a few short lines) a fenced block that holds a merge
# recipe: the heading names the model that step produces.
_STEP = re.compile(
    r"^#{1,6}[ \t]*(?P<name>[^\n#]{2,120}?)[ \t]*\n(?:(?![ \t]*(?:#|```))[^\n]{0,200}\n){0,4}?"
    r"[ \t]*```[^\n]*\n"
    r"(?P<block>(?:(?!```)[^\n]*\n){1,200}?)[ \t]*```",
    re.M,
)
_RECIPE_WORDS = re.compile(r"^[ \t]*(?:merge_method|models|slices)[ \t]*:", re.M)


def recipe_steps(body: str) -> frozenset[str]:
    """The names of the models a multi-step recipe in the card produces on the way.

    A card that pastes two or more mergekit configs under headings ("### Step-1",
    "### Step-2", then the final one) names each step's output by its heading; a later
    step that merges "org/Step-1" uses an intermediate. Empty for one-step recipes.
    """
    if body.count("merge_method") < 2:
        return frozenset()  # one config at most: no steps
    names = set()
    for m in _STEP.finditer(body):
        if _RECIPE_WORDS.search(m["block"]):
            names.add(m["name"].strip("*_` \t").rsplit("/", 1)[-1].casefold())
    return frozenset(names) if len(names) >= 2 else frozenset()


def intermediate(parent: str, steps: frozenset[str]) -> bool:
    """Whether ``parent`` is one of the recipe's own step outputs (`recipe_steps`)."""
    return bool(steps) and parent.rsplit("/", 1)[-1].casefold() in steps


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
        if "/" not in c.parent or c.relation not in _WEAK_RELATIONS or c.conversion:
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
    if not mine or _runs_in(mine, theirs) or _runs_in(theirs, mine):
        return None  # "the resulting model, called <this card's model>"
    if key(name) == key(claim.parent):
        return None
    return name


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


# "This is [X-13b](…) trained with …" on a 30B card: X's recipe run again at another size.
_THIS_IS_SNIPPET = re.compile(r"this\s+(?:model\s+)?is\s", re.I)


def recipe_at_other_size(claim: ProseClaim, model_id: str) -> bool:
    """Whether "This is [X](…) trained …" names a model of another size than this card's.

    A tuned model keeps its base's size: a card of a 30B model that calls itself "[X-13b]
    trained with a subset of the data" ran X's recipe again on another base.
    """
    if not _THIS_IS_SNIPPET.match(claim.snippet) or claim.relation is not Relation.FINETUNE:
        return False
    own, theirs = sizes(model_id), sizes(claim.parent)
    return bool(own) and bool(theirs) and own.isdisjoint(theirs)


# "Update: <link>", "This repo has moved to <link>", "Moved: <link>": the link is where
# the same model now lives (a new home or its next release), not what it was made from.
_MOVED_TO = re.compile(
    r"(?:^[ \t>*_]*(?:update[sd]?|moved)"
    r"[ \t*_]*[:：]|\b(?:has|have|was|were|been|is|are)[ \t]+(?:now[ \t]+)?(?:moved|migrated|"
    r"relocated|transferred)[ \t]+(?:to|into)\b|\bmoved[ \t]+to\b)"
    r"[ \t*_]*(?:(?:the|a|our|this|new|here)[ \t]+){0,3}"
    r"(?:\[[^\]\n]{0,200}\]\()?(?:https?://(?:www\.)?(?:huggingface\.co|hf\.co)/)"
    r"(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)",
    re.I | re.M,
)


_MOVED_WORDS = ("pdate", "PDATE", "oved", "OVED", "igrated", "elocated", "ransferred")


def moved_to(body: str) -> frozenset[str]:
    """The keys of Hub repos the card says the model moved to ("Update: <link>")."""
    if not any(word in body for word in _MOVED_WORDS):
        return frozenset()  # most cards: no pointer to a new home
    return frozenset(key(m["id"].rstrip(".")) for m in _MOVED_TO.finditer(body))


def family_of(claim: ProseClaim, parent: str) -> bool:
    """Whether a weak claim names, without an org, the family of which ``parent`` is a member
    ("based on LLaMA-2" beside a table's "Llama-2-7B" for this card's row): the member says
    which model of the family it is."""
    if claim.strength != Strength.WEAK or "/" in claim.parent:
        return False
    mine, theirs = tokens(claim.parent), tokens(parent)
    return len(theirs) > len(mine) and theirs[: len(mine)] == mine


# "Some users report that [this model](hub link) can be used as a base for the conversion":
# a stand-in the reader may use for the weights the card needs, said with a "can", not what
# the model was made from.
_STAND_IN = re.compile(
    r"(?:huggingface\.co|hf\.co)/(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)/?\)?"
    r"[ \t]*(?:\([^()\n]{0,60}\)[ \t]*)?(?:[\w,'’-]+[ \t]+){0,3}?"
    r"(?:can|could|may|might)[ \t]+(?:also[ \t]+)?be[ \t]+used[ \t]+(?:instead\b|as[ \t]+"
    r"(?:a|an|the)[ \t]+(?:base|substitute|replacement|alternative|starting[ \t]+point|source)\b)",
    re.I,
)


_STAND_IN_TAIL = re.compile(
    r"be used[ \t]+(?:instead\b|as[ \t]+(?:a|an|the)[ \t]+(?:base|substitute|replacement|"
    r"alternative|starting[ \t]+point|source)\b)",
    re.I,
)


def stand_ins(body: str) -> frozenset[str]:
    """The keys of Hub repos the card offers as stand-ins ("[X](…) can be used as a base for
    the conversion"): an alternative the reader may use, never this model's parent."""
    found: set[str] = set()
    at = body.find("be used")
    while at >= 0:  # (most cards: none, or a "can be used for …" of their own)
        if _STAND_IN_TAIL.match(body, at):
            window = body[max(0, at - 300) : at + 80]
            found.update(key(m["id"].rstrip(".")) for m in _STAND_IN.finditer(window))
        at = body.find("be used", at + 7)
    return frozenset(found)


# "This is a retraining of <link> with a filtered dataset": the same recipe run again from
# the linked model's own start, a sibling of it, not a model made from it.
_RETRAINING_OF = re.compile(
    r"\bre-?train(?:ing)?[ \t]+of[ \t]+(?:the[ \t]+)?(?:\[[^\]\n]{0,200}\]\()?"
    r"(?:https?://(?:www\.)?(?:huggingface\.co|hf\.co)/)?"
    r"`?(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)",
    re.I,
)


def retrained(body: str) -> frozenset[str]:
    """The keys of Hub repos the card calls itself a retraining of (no parent: a sibling)."""
    if "etrain" not in body and "ETRAIN" not in body:
        return frozenset()  # most cards
    return frozenset(key(m["id"].rstrip(".")) for m in _RETRAINING_OF.finditer(body))


# "It is recommended to use with VAE (…): <link>", "Recommended VAE: [X](…)", "use the VAE
# from [X](…)": an image model's companion decoder, loaded beside it, not what it was made from.
_VAE_ADVICE = re.compile(
    r"\b(?:(?:recommend(?:ed)?|use[ds]?|using|with|load)[ \t]+(?:\w+[ \t]+){0,3}?"
    r"(?:the[ \t]+|a[ \t]+|this[ \t]+)?VAE\b|VAE[ \t]*(?:\([^()\n]{0,80}\))?[ \t]*[:：])"
    r"(?P<rest>[^\n]{0,240})",
    re.I,
)
_HUB_ID_IN_LINE = re.compile(
    r"(?:huggingface\.co|hf\.co)/(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9])"
)


def companion_vaes(body: str) -> frozenset[str]:
    """The keys of Hub repos the card recommends loading as the VAE beside this model."""
    if "VAE" not in body and "vae" not in body:
        return frozenset()  # most cards
    return frozenset(
        key(h["id"])
        for m in _VAE_ADVICE.finditer(body)
        for h in _HUB_ID_IN_LINE.finditer(m["rest"])
    )


# "based on [Ann Lee's work](<hub link>)", "inspired by [the authors' approach](…)": a link
# whose text names a piece of work (a method, an idea), which the card builds on, not weights.
_CREDITED_WORK = re.compile(
    r"\b(?:(?:based|built|builds|building)[ \t]+(?:up)?on|inspired[ \t]+by|follows|extends)"
    r"[ \t]+(?:the[ \t]+)?\[(?P<text>[^\]/\n]{0,120}\b(?:work|research|approach|method|"
    r"methodology|idea|paper|article|tutorial|notebook|recipe|implementation)s?)\]\("
    r"(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/"
    r"(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9])",
    re.I,
)


def credited_works(body: str) -> frozenset[str]:
    """The keys of Hub repos the card links as a piece of work it builds on ("based on
    [Ann Lee's work](…)"): the method is credited, not the weights at the link."""
    if "](" not in body:
        return frozenset()
    return frozenset(key(m["id"]) for m in _CREDITED_WORK.finditer(body))


# The mark of a claim read from a mergekit recipe pasted in the card (`importers.roles`).
_IN_CARD_RECIPE = "[mergekit-in-card]"


def local_recipe_name(claim: ProseClaim, kept: list[ProseClaim]) -> bool:
    """Whether ``claim`` is a name without an org from a recipe pasted in the card while the
    card's text links two merge inputs or more by their Hub ids: the recipe ran on local
    copies ("model: Orca2flat", a flattened copy of a linked input), which the links name."""
    if "/" in claim.parent or not claim.snippet.startswith(_IN_CARD_RECIPE):
        return False
    linked = [
        c
        for c in kept
        if "/" in c.parent and c.relation is Relation.MERGE and c.strength >= Strength.LABEL
    ]
    return len(linked) >= 2


# A list item headed by another model, its lineage told after a colon: "* [X](…) (part 2):
# made by merging A and B", "- X-70b-v2 (unreleased): a merge of …". What follows the colon
# is X's own making; A and B are grand-parents of a card that uses X.
_MODEL_ITEM = re.compile(
    r"^[ \t]*[-*+][ \t]+(?:\*\*|__)?(?:\[[^\]\n]{1,120}\]\((?:https?://)?(?:www\.)?"
    r"(?:huggingface\.co|hf\.co)/(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*?)/?\)"
    r"|(?P<name>[A-Za-z][\w.-]*\d[\w.-]*[A-Za-z0-9]))(?:\*\*|__)?"
    r"[ \t]*(?:\((?P<tag>[^)\n]{0,80})\)[ \t]*)?:[ \t]*(?P<told>[^\n]*)",
    re.M,
)


def in_other_models_item(body: str, at: int, model_id: str, parent: str) -> bool:
    """Whether ``at`` is in the description after the colon of a list item headed by another
    model than the card's and ``parent``."""
    item = _MODEL_ITEM.match(body, body.rfind("\n", 0, at) + 1)
    if item is None or not item.start("told") <= at < item.end("told"):
        return False
    head = key(item["id"] or item["name"])
    return head not in (key(model_id), key(parent), key(model_id.rsplit("/", 1)[-1]))


def told_in_other_models_item(body: str, claim: ProseClaim, model_id: str) -> bool:
    """Whether every place the claim was read from is the description after the colon of a
    list item headed by another model than the card's and the claimed one."""
    snippet = claim.snippet
    if not snippet or len(snippet) < 6 or ":" not in body:
        return False
    start, found = 0, False
    while (at := body.find(snippet, start)) >= 0:
        found, start = True, at + 1
        if not in_other_models_item(body, at, model_id, claim.parent):
            return False
    return found


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


# "Finally, I merged Component 1 and Component 2 …": labels the list items carry. (The
# snippet's mark: the items name the inputs as their author calls them, kept without an org.)
LABELLED_ITEMS = "[labelled-items]"
_LABEL = r"[A-Z][a-z]{2,12}[ \t](?:\d{1,2}|[A-Z])"
_LABELS_MERGED = re.compile(
    rf"\bmerg(?:ed|ing|e)[ \t]+(?:the[ \t]+)?(?P<a>{_LABEL})[ \t]+(?:and|with)[ \t]+(?:the[ \t]+)?"
    rf"(?P<b>{_LABEL})\b"
)


def labelled_items_merged(body: str, model_id: str) -> list[ProseClaim]:
    """The models heading list items whose labels a merge sentence names: "* [X](…)
    (Component 2): …", "* Y (Component 1, unreleased): …", "I merged Component 1 and
    Component 2 to make this model"."""
    said = _LABELS_MERGED.search(body)
    if said is None:
        return []
    labels = {said["a"].casefold(), said["b"].casefold()}
    if len(labels) != 2:
        return []
    heads: dict[str, str] = {}
    for item in _MODEL_ITEM.finditer(body):
        tag = (item["tag"] or "").split(",", 1)[0].strip().casefold()
        if tag in labels and tag not in heads:
            heads[tag] = item["id"] or item["name"]
    if len(heads) != 2 or any(key(h) == key(model_id) for h in heads.values()):
        return []
    snippet = f"{LABELLED_ITEMS} " + " ".join(said.group(0).split())
    return [ProseClaim(h, Relation.MERGE, Strength.STRONG, snippet) for h in heads.values()]


_HUB_LINKED = re.compile(
    r"(?:huggingface\.co|hf\.co)/(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9])"
)


def told_only_in_items(body: str, model_id: str) -> set[str]:
    """The keys of the ids linked only in what list items headed by another model tell
    ("* [X](…) (part 2): a merge of [A](…) and [B](…)"): X's inputs, never this model's."""
    if ":" not in body or "huggingface.co/" not in body:
        return set()
    told: dict[str, int] = {}
    for item in _MODEL_ITEM.finditer(body):
        head = key(item["id"] or item["name"])
        if head == key(model_id) or head == key(model_id.rsplit("/", 1)[-1]):
            continue
        for m in _HUB_LINKED.finditer(item["told"]):
            told[key(m["id"])] = told.get(key(m["id"]), 0) + 1
    lower = body.casefold()
    return {k for k, n in told.items() if lower.count(k) <= 2 * n}  # a link's text may say it


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


def header_cell(body: str, claim: ProseClaim) -> bool:
    """Whether the claim reads "Base model | X" off a table's header row: X is the next
    column's title ("| Base Model | Base-32k Model |" over a rule row), not a value."""
    if "|" not in claim.snippet:
        return False
    # (The snippet's spaces are collapsed; the table pads its cells.)
    found = re.search(r"[ \t]+".join(map(re.escape, claim.snippet.split())), body)
    if found is None:
        return False
    end = body.find("\n", found.end())
    if end < 0:
        return False
    nxt = body.find("\n", end + 1)
    rule = body[end + 1 : nxt if nxt >= 0 else len(body)]
    return is_rule(rule)

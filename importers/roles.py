"""The role of each model reference in a card: parent (with relation), child, or mention.

`importers.prose` reads parents right after lineage phrases. Some lineage is
stated by the card's *shape* instead, and these rules read it from the
references `importers.references` lists:

* ``mergekit-in-card``: a mergekit YAML recipe pasted in a code block
  (``merge_method`` plus ``model:`` lines) names the merge inputs;
* ``conversion-name``: a conversion repo (``X-GGUF``, ``X-AWQ``, ``X-4bit``)
  that names a repo called ``X`` (or ``ORG-X``) names its source;
* ``peft-code``: an adapter card whose usage code loads a base model with
  ``from_pretrained`` and then ``PeftModel.from_pretrained`` names its base;
* ``chat-of-base``: ``ORG/X-chat`` naming ``ORG/X-base`` or ``ORG/X`` (same org,
  the tuning token replaced by "base", or left out in a card that speaks of its "base
  model") names the model it was tuned from.

And one guard: `is_child` — a repo named like the card plus conversion tokens
(``ORG/THIS-GGUF``) is a quantization *of* the card, never its parent.

Each claim's snippet starts with the rule's name, so every decision can be
traced to the rule and the text that made it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from importers.prose import ProseClaim, Strength
from importers.prose_names import LEGACY_ROOT

# (re-exported: the card readers and scorers import the one name splitter from here)
from importers.prose_names import name_tokens as name_tokens
from importers.references import code_blocks, mentions, named, reference
from importers.training_start import training_starts
from lineage.core.ids import key
from lineage.core.records import Relation

# Tokens of a repo name that mark a format conversion or quantization
# (…-GGUF, …-AWQ, …-4bit, …-Q4_K_M, …-NVFP4, …-mlx, …-ONNX).
QUANT_NAME_TOKEN = re.compile(
    r"^(?:gguf|ggml|awq|gptq|exl2|exl3|mlx|onnx|nvfp4|mxfp4|fp8|fp4|f16|fp16|bf16|int4|int8|"
    r"w4a16|w8a8|w4a4|bnb|hqq|coreml|openvino|litert|tflite|quantized|\d+bits?|\d+bpw|"
    r"i?q\d+(?:k|ks|km|kl|xs|xxs|s|m|l)?|q\d+k[a-z]*)$",
    re.I,
)
# The same tokens anywhere in a name, in one search.
_QUANT_IN_NAME = re.compile(
    r"(?:^|[-_.])(?:" + QUANT_NAME_TOKEN.pattern[4:-2] + r")(?=$|[-_.])", re.I
)
# llama.cpp quant types written with underscores: Q4_K_M, Q8_0, IQ3_XXS.
_LLAMA_CPP_TYPE = re.compile(r"(?<![A-Za-z0-9])i?q\d(?:_[a-z0-9]{1,3}){1,2}(?![A-Za-z0-9])", re.I)
_MERGEKIT_MODEL = re.compile(
    r"^[ \t]*(?:-[ \t]*)?(?P<field>model|base_model|source_model)[ \t]*:[ \t]*[\"']?"
    r"(?P<ref>[^\s\"'#]+)",
    re.M,
)
_RECIPE_WORDS = ("merge_method", "source_model", "layer_slices")
_SLERP = re.compile(r"^[ \t]*merge_method[ \t]*:[ \t]*[\"']?slerp\b", re.M | re.I)
_FROM_PRETRAINED = re.compile(
    r"(?P<call>\w+)\.from_pretrained\(\s*(?:[\w.]+\s*,\s*)?[\"'](?P<ref>[^\"']+)[\"']"
)
# A section whose list or table is the merge's inputs ("### Models Merged", "## Experts").
# Its words are looked for before the line-anchored search (a card with such a heading
# says "merge" or "expert" somewhere).
_LINE_HASH = re.compile(r"\n[ \t]*#")
_MERGE_HEADING = re.compile(
    r"[ \t]*#{1,6}[ \t]*(?:the[ \t]+)?(?:models[ \t]+merged|merged[ \t]+models|source[ \t]+models|"
    r"merge[ \t]+(?:inputs|ingredients|components)|ingredients|component[ \t]+models|experts|"
    r"models[ \t]+used(?:[ \t]+in[ \t]+(?:the[ \t]+|this[ \t]+)?merge)?)[ \t:]*$",
    re.I | re.M,
)
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]", re.M)
_ITEM = re.compile(r"^[ \t]*(?:[*+-]|\d+\.|\|)[ \t]*(?P<item>[^\n]*)$", re.M)
# Training commands: the flag names the weights training starts from.
_TRAIN_FLAG = re.compile(
    r"--(?:model_name_or_path|base_model|pretrained_model_name_or_path|base_model_name_or_path)"
    r"[ \t=]+[\"']?(?P<ref>[^\s\"'\\]+)"
    # The same argument in pasted training hyperparameters: a JSON key or a YAML line
    # ('"model_name_or_path": "X"', "model_name_or_path: X"); not a Python assignment,
    # which is usage code loading a model.
    r"|(?:^[ \t]*|[\"'])(?:model_name_or_path|pretrained_model_name_or_path)[\"']?[ \t]*:"
    r"[ \t]*[\"']?(?P<key_ref>[^\s\"',\\]+)",
    re.M,
)
_CHAT_TOKENS = frozenset({"chat", "instruct", "it", "sft", "dpo", "rlhf", "orpo"})
# The same tokens in an ASCII name, in one search (casefold is lower case there; other
# names, where casefold may make ASCII of other letters, are split into tokens).
_CHAT_IN_NAME = re.compile(
    r"(?:^|[-_.])(?:" + "|".join(sorted(_CHAT_TOKENS)) + r")(?=[-_.]|\Z)", re.I
)
_SNIPPET = 200


def is_conversion_name(name: str) -> bool:
    """Whether a repo name carries a conversion token (…-GGUF, …-4bit, …-Q4_K_M)."""
    if len(name) <= _NAME_MAX:
        return _recurring_conversion_name(name)
    return _QUANT_IN_NAME.search(name) is not None


# A card's own name and its parents' are asked about several times per card (and a
# base's name on each of its children's cards): each answer is kept. Hub names are
# at most 96 characters.
_NAME_MAX = 128


@lru_cache(maxsize=16_384)
def _recurring_conversion_name(name: str) -> bool:
    return _QUANT_IN_NAME.search(name) is not None


def _stem(name: str) -> tuple[str, ...]:
    """A name without its conversion tokens, wherever they stand."""
    return tuple(
        t for t in name_tokens(_LLAMA_CPP_TYPE.sub("", name)) if not QUANT_NAME_TOKEN.match(t)
    )


def is_child(candidate: str, own_id: str) -> bool:
    """Whether ``candidate`` is named as a conversion of the card's own model."""
    own_name = own_id.rsplit("/", 1)[-1]
    name = candidate.rsplit("/", 1)[-1]
    if is_conversion_name(own_name) or not is_conversion_name(name):
        return False
    return _stem(name) == tuple(name_tokens(own_name))


def links_own_conversions(body: str, model_id: str) -> bool:
    """Whether the card links conversions of its own repo (``ORG/THIS-GPTQ``, ``THIS-GGUF``).

    Quantizers convert full weights, never an adapter: a card with adapter signs that
    links its own quantizations holds the adapter merged into its base.
    """
    own_name = model_id.rsplit("/", 1)[-1]
    if own_name.casefold() not in body.casefold():
        return False
    return any(is_child(m.model_id, model_id) for m in mentions(body))


def role_claims(
    body: str,
    model_id: str,
    *,
    weak: bool = True,
    erge: bool | None = None,
    code: str | None = None,
) -> list[ProseClaim]:
    """Parents stated by the card's shape (see the module docstring), strongest first.

    ``weak=False`` skips the rules whose claims only count when nothing else names a
    parent (conversion names, PEFT code, chat siblings, training commands): the card
    reader passes it when the YAML or the prose already name one. ``erge``: whether
    ``body`` holds "erge" (merge, Merged), when the caller has looked already. ``code``:
    text holding each of ``body``'s code blocks, when known (`ProseFindings.code`).
    """
    own = key(model_id)
    claims: list[ProseClaim] = []
    # Recipes and merge-input sections live in cards that say "merge" or "expert".
    if ("erge" in body if erge is None else erge) or "xpert" in body:
        if "merge_method" in body or "source_model" in body or "layer_slices:" in body:
            claims += _mergekit_in_card(body, own)
        if heads := _merge_headings(body):
            claims += _merge_section(body, own, heads)
    elif "layer_slices:" in body:
        # The early mergekit layer-slice recipe: cards pasting it often never say "merge".
        claims += _mergekit_in_card(body, own)
    if not weak:
        return claims
    # Each flag holds one of these two (a table's "---" does not): the regex only runs on them.
    claims += _training_command(body, own, code)
    own_name = model_id.rsplit("/", 1)[-1]
    # "-fp16"/"-bf16" also end the names of original full-precision releases.
    if is_conversion_name(own_name.casefold().replace("fp16", "").replace("bf16", "")):
        claims += _conversion_name(body, model_id)
    if "PeftModel" in body and "from_pretrained" in body:
        claims += _peft_code(body, own)
    if "/" in model_id and _names_chat_tuning(own_name) and "base" in (lower := body.lower()):
        claims += _chat_of_base(body, model_id, name_tokens(own_name), "base model" in lower)
    return claims


def _names_chat_tuning(name: str) -> bool:
    """Whether a token of ``name`` says chat or instruction tuning (…-chat, …-it, …-DPO)."""
    if name.isascii():
        return _CHAT_IN_NAME.search(name) is not None
    return not _CHAT_TOKENS.isdisjoint(name_tokens(name))


def _merge_headings(body: str) -> list[re.Match[str]]:
    """The merge-input headings: only line starts with "#" are tried (found fast)."""
    starts = [0] if body.lstrip(" \t").startswith("#") else []
    starts += [m.end() - 1 for m in _LINE_HASH.finditer(body)]
    return [h for at in starts if (h := _MERGE_HEADING.match(body, at))]


def _claim(
    parent: str, relation: Relation, strength: Strength, rule: str, text: str, inferred: bool
) -> ProseClaim:
    snippet = f"[{rule}] " + " ".join(text.split())
    return ProseClaim(parent, relation, strength, snippet[:_SNIPPET], inferred=inferred)


def _folder_names(body: str) -> dict[str, str]:
    """The card's Hub ids (outside code) by the local folder name a download gives them:
    ``ORG_NAME`` for ``ORG/NAME``, lower-cased."""
    return {
        key(m.model_id.replace("/", "_", 1)): m.model_id
        for m in mentions(body)
        if not m.in_code and "_" not in m.model_id.split("/", 1)[0]
    }


def _mergekit_in_card(body: str, own: str) -> list[ProseClaim]:
    out: list[ProseClaim] = []
    seen: set[str] = set()
    folders: dict[str, str] | None = None
    for block in code_blocks(body):
        if not any(word in block for word in _RECIPE_WORDS):
            continue  # a mergekit (mergekit-moe, early layer_slices) recipe, not any YAML
        found = list(_MERGEKIT_MODEL.finditer(block))
        refs = {m.start(): m["ref"] for m in found}
        if any("/" not in r and "_" in r for r in refs.values()):
            # A recipe run on local downloads ("ORG_NAME" folders) while the card's text
            # names the same models by their Hub ids: the ids are the inputs, and a folder
            # name the text does not spell is a local copy, no reference.
            folders = _folder_names(body) if folders is None else folders
            local = {at: folders.get(key(r)) for at, r in refs.items() if "/" not in r}
            if any(local.values()):
                refs = {at: local.get(at, r) for at, r in refs.items() if local.get(at, r)}
                found = [m for m in found if m.start() in refs]
        # SLERP interpolates the two models it lists; its base_model, when it is not one
        # of them, only lends the config (TIES/DARE take task vectors against it: an input).
        slerped = (
            {key(refs[m.start()]) for m in found if m["field"] != "base_model"}
            if _SLERP.search(block)
            else None
        )
        for m in found:
            if m["ref"].count("/") > 1 and "huggingface.co" not in m["ref"]:
                continue  # a local path ("previous/model/path"), not ORG/NAME
            if slerped and m["field"] == "base_model" and key(refs[m.start()]) not in slerped:
                continue
            ref = reference(refs[m.start()])
            for parent in (ref.model_id, ref.adapter):
                if parent is None or key(parent) in seen or key(parent) == own:
                    continue
                seen.add(key(parent))
                line = m.group(0).strip()
                out.append(
                    _claim(parent, Relation.MERGE, Strength.STRONG, "mergekit-in-card", line, False)
                )
    return out


def _conversion_name(body: str, model_id: str) -> list[ProseClaim]:
    own = key(model_id)
    own_name = model_id.rpartition("/")[2]
    stem = _stem(own_name)
    if not stem:
        return []
    # "ORG_NAME-GGUF" and "ORG-NAME-GGUF" repos spell the source's org into the name.
    found: dict[str, str] = {}
    for mention in named(body, {stem}):
        if key(mention.model_id) != own:
            found.setdefault(key(mention.model_id), mention.model_id)
    if len(found) != 1:
        return []
    parent = next(iter(found.values()))
    text = f"{model_id} is named as a conversion of {parent}"
    # LABEL, not STRONG: a name is no statement, so a declared YAML parent wins.
    return [_claim(parent, Relation.QUANTIZED, Strength.LABEL, "conversion-name", text, True)]


def _peft_code(body: str, own: str) -> list[ProseClaim]:
    bases: dict[str, str] = {}
    adapters: set[str] = set()
    line = ""
    for block in code_blocks(body):
        for m in _FROM_PRETRAINED.finditer(block):
            ref = reference(m["ref"])
            if ref.model_id is None or "/" not in ref.model_id or key(ref.model_id) == own:
                continue
            if m["call"] == "PeftModel":
                adapters.add(key(ref.model_id))
                continue  # the adapter itself, perhaps under another name
            bases.setdefault(key(ref.model_id), ref.model_id)
            line = m.group(0)
    if len(bases) != 1:
        return []
    if adapters and adapters <= _linked_outside_code(body):
        # The code loads another repo's adapter, one the card's text lists as a repo of its
        # own (a family table's "X-LoRA" row): the usage of a sibling, not this card's base.
        return []
    parent = next(iter(bases.values()))
    return [_claim(parent, Relation.ADAPTER, Strength.WEAK, "peft-code", line, True)]


def _linked_outside_code(body: str) -> set[str]:
    """The Hub ids the card's text (not its code) writes."""
    return {key(m.model_id) for m in mentions(body) if not m.in_code}


def _chat_of_base(
    body: str, model_id: str, tokens: list[str], base_model: bool
) -> list[ProseClaim]:
    org = model_id.split("/", 1)[0].casefold()
    wanted: set[tuple[str, ...]] = set()
    for i, t in enumerate(tokens):
        if t in _CHAT_TOKENS:
            wanted.add((*tokens[:i], "base", *tokens[i + 1 :]))
            if base_model and len(tokens) > 2:
                # "X-7b-instruct-hf" beside "X-7b-hf" in a card that speaks of "the base
                # model": the same release without the tuning step (a name of one token
                # left, "X", may be the family, not a model).
                wanted.add((*tokens[:i], *tokens[i + 1 :]))
    if not wanted:
        return []
    for mention in named(body, wanted):
        c_org, _, c_name = mention.model_id.partition("/")
        if c_org.casefold() == org and tuple(name_tokens(c_name)) in wanted and not mention.in_code:
            text = f"{model_id} is the tuned sibling of {mention.model_id}"
            return [
                _claim(
                    mention.model_id, Relation.FINETUNE, Strength.WEAK, "chat-of-base", text, True
                )
            ]
    return []


def _merge_section(body: str, own: str, heads: list[re.Match[str]]) -> list[ProseClaim]:
    """References on the list items or table rows right under the merge-inputs headings
    ``heads`` (`_merge_headings` of ``body``)."""
    out: list[ProseClaim] = []
    seen: set[str] = set()
    for head in heads:
        nxt = _HEADING.search(body, head.end())
        section = body[head.end() : nxt.start() if nxt else len(body)]
        for item in _ITEM.finditer(section):
            refs = [m for m in mentions(item["item"]) if not m.in_code]
            if not refs:
                continue
            parent = refs[0].model_id  # the first reference on a row names the input
            if key(parent) in seen or key(parent) == own:
                continue
            seen.add(key(parent))
            line = f"{head.group(0).strip()} … {item.group(0).strip()}"
            out.append(
                _claim(parent, Relation.MERGE, Strength.STRONG, "merge-section", line, False)
            )
    return out


def _training_command(body: str, own: str, code: str | None = None) -> list[ProseClaim]:
    """The weights a training command in the card starts from (only when it names one)."""
    found: list[tuple[str, str]] = []
    # Each flag holds one of these two (a table's "---" does not): the regex only runs on them.
    if "_name_or_path" in body or "--base_model" in body:
        found += [(m["ref"] or m["key_ref"], m.group(0)) for m in _TRAIN_FLAG.finditer(body)]
    if "```" in body:
        found += training_starts(body, code)
    bases: dict[str, str] = {}
    line = ""
    for raw, text in found:
        ref = reference(raw)
        if ref.model_id is None or key(ref.model_id) == own:
            continue
        if "/" not in ref.model_id and (
            not LEGACY_ROOT.fullmatch(ref.model_id) or key(ref.model_id) == own.rsplit("/")[-1]
        ):
            # A local folder (the Hub's repos without an org are a fixed set), or this
            # model under its name from before the org moved it ("google-bert/X" and "X").
            continue

        bases.setdefault(key(ref.model_id), ref.model_id)
        line = text
    if len(bases) != 1:
        return []
    parent = next(iter(bases.values()))
    return [_claim(parent, Relation.FINETUNE, Strength.WEAK, "training-command", line, True)]


def without_disjoint_recipe(stated: list[ProseClaim], roles: list[ProseClaim]) -> list[ProseClaim]:
    """``roles`` without a pasted recipe's inputs when the card's merge sentence names others.

    "Merge A and B using slerp" above a mergekit config that lists C and D: the sentence
    says what this model is; a config sharing none of its inputs was copied from another
    merge. A config that shares one input with the sentence stays (it adds the rest).
    """
    if len(stated) < 2 or not roles:
        return roles  # most cards: fewer than two inputs said, or no recipe to drop
    said = {
        key(c.parent)
        for c in stated
        if c.relation is Relation.MERGE
        and not c.inferred
        and c.strength is Strength.STRONG
        and "/" in c.parent
    }
    recipe = {key(c.parent) for c in roles if c.snippet.startswith("[mergekit-in-card]")}
    if len(said) < 2 or not recipe or not said.isdisjoint(recipe):
        return roles
    return [c for c in roles if not c.snippet.startswith("[mergekit-in-card]")]


# Tokens that name a model's weights at another precision (the same model, another file set).
_PRECISION = re.compile(r"[-_.](?:bf16|fp16|fp32|f16|f32|float16|bfloat16)(?=$|[-_.])", re.I)


def precision_twins(claims: list[ProseClaim], body: str) -> set[str]:
    """The keys of parents that are another precision's copy of a parent the card links.

    A pasted recipe's ``ORG/X`` beside a linked list item ``ORG/X-bf16`` (or the other way
    round) names one model twice: the one the card links outside code stays.
    """
    if len(claims) < 2:
        return set()  # most cards: a twin needs two claims
    groups: dict[str, set[str]] = {}
    for c in claims:
        org, _, name = c.parent.rpartition("/")
        if org:
            groups.setdefault(f"{org}/{_PRECISION.sub('', name)}".casefold(), set()).add(
                key(c.parent)
            )
    twins = [g for g in groups.values() if len(g) > 1]
    if not twins:
        return set()
    linked = {key(m.model_id) for m in mentions(body) if m.form == "url" and not m.in_code}
    dropped: set[str] = set()
    for group in twins:
        kept = group & linked
        if len(kept) == 1:
            dropped |= group - kept
    return dropped

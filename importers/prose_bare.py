"""Bare names (no org) a lineage phrase may introduce beyond the model-like ones.

The convention the readers follow (the shared labels), a rule of kinds:

- A parent the card names without an org is recorded as the card writes it (the spelling
  span, trimmed of markup, "the" and "model"), family and version names included, when a
  lineage phrase says the model was built on it: "fine-tuned from LLaMA", "initialized from
  Qwen2", "initialized with pegasus-XSUM", "trained by fine-tuning LLaMA on …", "on the base
  model CodeLlama-34b-Python", a label ("Base Model ⏎ X", "Student model: X"), the inputs of
  a recipe in the card ("model: Sacr-Etheria-55b").
- When the card also writes the name as ``ORG/NAME`` the id stands for it
  (`importers.prose_refs._Resolver._owners`, `written_with_org`, `short_for`): one parent
  is never counted twice.
- A mixture of unpublished experts "based on Gemma" has the family as its base (a fine-tune).
- No parent: a family named as a design ("the Llama-2 architecture", "identical to Llama2",
  "LLaMA-style"), in a comparison ("unlike Llama2", "than"), for a licence, a tokenizer, a
  judge, a reward model or a rival's base ("the judge, fine-tuned from Llama3"), and two
  families joined by a slash ("LLaMA/Vicuna"). After a weak phrase ("based on") a cased name
  or a Chinese or Japanese "基于Llama2" is left alone (`vague_bare`).

This module says which written names count: `importers.prose_names._model_like` takes a
name with a size or version joined by a hyphen or a dot ("Mistral-7B", "Qwen2.5-7B");
here a family with its version glued on ("Llama2", "Qwen1.5") and a hyphenated name
whose capitals mark it as a proper name ("pegasus-XSUM", "BERT-Multilingual-Cased"), and
the traps around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from importers.prose_names import (
    _CLOSED_MODEL,
    _ENCODER_FAMILIES,
    _FAMILIES,
    _bare_like,
    _family_version,
    _model_like,
    name_tokens,
)
from importers.prose_phrases import Strength
from lineage.core.records import Relation

# Two words or more joined by hyphens, one of them written with two capitals in a row
# ("XSUM", "BERT", "RoBERTa"): an acronym-led name, not a compound of plain words.
_CASED_HYPHENED = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+")
_TWO_CAPITALS = re.compile(r"[A-Z]{2}")
# Hyphenated words that describe a method, a format or a style, not a model
# ("LoRA-tuned", "GPTQ-quantized", "BERT-based", "DPO-trained", "SOTA-level").
_DESCRIPTIVE_PARTS = frozenset(
    """based style like tuned trained finetuned quantized quantised aligned only aware free
    level specific friendly compatible format type size sized scale powered
    driven enhanced optimized optimised distilled merged pruned initialized inspired
    generated annotated labeled labelled derived oriented focused centric ready""".split()  # noqa: SIM905
)
# Method, format and task acronyms that lead a hyphenated word without naming a model.
_NOT_MODEL_LEADS = frozenset(
    """lora qlora dora peft dpo sft rlhf orpo kto ppo grpo gguf ggml gptq awq exl2 bnb fp16
    bf16 fp32 int4 int8 moe cot nlp nlu llm llms ner qa rag api gpu tpu cpu sota""".split()  # noqa: SIM905
)


def cased_name(name: str) -> bool:
    """A hyphenated name written with an acronym's capitals ("pegasus-XSUM", "XLM-RoBERTa").

    No digit is needed: such names carry none ("BERT-Multilingual-Cased"). Method and
    format words ("LoRA-tuned", "DPO-trained", "GGUF-ready") and hosted models are left out.
    """
    if _CASED_HYPHENED.fullmatch(name) is None or _TWO_CAPITALS.search(name) is None:
        return False
    parts = name.casefold().split("-")
    if parts[0] in _NOT_MODEL_LEADS or not _DESCRIPTIVE_PARTS.isdisjoint(parts):
        return False
    return _CLOSED_MODEL.match(name) is None


def named_bare(name: str) -> bool:
    """Whether a bare word after a lineage phrase names a model in a way `_model_like`
    misses: a family's name with its version ("Llama2") or a cased hyphenated name."""
    return _family_version(name) or cased_name(name)


def named_bare_at(text: str, ref: re.Match[str]) -> bool:
    """`named_bare` for the bare reference ``ref`` of ``text``; a name glued to a bracket
    ("XLM-RoBERTa(base)") is written with more than the word, so it is left alone."""
    name = ref["bare"].rstrip(".-")
    return named_bare(name) and not text.startswith("(", ref.end())


def vague_bare(name: str, english: bool) -> bool:
    """A name only `named_bare` accepts, left alone after a weak phrase ("based on"): a cased
    name, and a family with its version after a Chinese or Japanese "based on" ("基于Llama2",
    "Llama2をベースに"), which in a family's shared card names the project's base, not the
    card's own (an English "based on Llama2" is read like "based on Llama")."""
    if not named_bare(name) or _bare_like(name):
        return False
    return not (english and _family_version(name))


# "an architecture identical to Llama2", "the same structure as Qwen2": the design, named
# just before the phrase that introduced the name.
_DESIGN_BEFORE = re.compile(
    r"\b(?:architecture|structure|design|layout|modell?ing code)\b[^.\n]{0,40}\Z", re.I
)


def design_before(text: str, pos: int) -> bool:
    """Whether the words just before ``pos`` (same sentence) speak of a design."""
    return _DESIGN_BEFORE.search(text, max(0, pos - 60), pos) is not None


# "based on the Ziya-LLaMA model": the word "model" after the name says it names weights
# (not "the X model architecture").
_MODEL_AFTER = re.compile(
    r"[ \t]+model\b(?![ \t]+(?:architecture|structure|design|family|series|code|card|licen))",
    re.I,
)


def model_after(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is followed by the word "model" (as weights)."""
    return _MODEL_AFTER.match(text, end) is not None


def families_pair(org: str, name: str) -> bool:
    """Two families' names joined by a slash ("LLaMA/Vicuna", either one), not an ORG/NAME."""
    return org.casefold() in _FAMILIES and name.casefold() in _FAMILIES


# Words of a sentence about another model's making: a judge, a reward model, a rival.
_OTHER_ROLE = re.compile(
    r"\b(?:judge|grader|evaluator|critic|reward[ \t]+model|teacher|baseline|rival|compar\w*|"
    r"against|than|versus|vs\.?|tokeni[sz]er|classifier)\b",
    re.I,
)
# "This reward model is based on X": the role is this model's own.
_THIS_BEFORE = re.compile(r"\bthis[ \t]+(?:[\w-]+[ \t]+){0,2}\Z", re.I)
_SENTENCE_START = re.compile(r"[.!?](?:\s|$)|\n[ \t]*\n|\n[ \t]*[#*|-]")


def another_role_before(text: str, start: int) -> bool:
    """Whether the sentence before ``start`` speaks of another model's role ("graded by a
    judge obtained by fine-tuning X"): X made that model, not this one."""
    left = max(0, start - 200)
    for end in _SENTENCE_START.finditer(text, left, start):
        left = end.end()
    return any(
        _THIS_BEFORE.search(text, max(left, m.start() - 30), m.start()) is None
        for m in _OTHER_ROLE.finditer(text, left, start)
    )


def short_for(name: str, others: Iterable[str]) -> bool:
    """Whether a bare ``name`` is a shorter spelling of another parent's id the card gives
    ("Noromaid-13B" in a recipe, "ORG/Noromaid-13b-v0.1.1" in a link): every word of it
    is in that id's name."""
    mine = set(name_tokens(name))
    return bool(mine) and any(
        "/" in other and mine <= set(name_tokens(other.rsplit("/", 1)[1])) for other in others
    )


# "a fine-tune of Ada Lovelace's and Alan Turing's model [X](…)": the authors' names, each
# with its possessive, then perhaps "model", before the link that names the weights ("Ann
# and Bo's [X](…)": two authors sharing one possessive; "O'Neil's": an apostrophe in a name).
_OWNERS_BEFORE_LINK = re.compile(
    r"(?:[A-Z][\w.-]*(?:['’][A-Za-z][\w-]*)?(?:[ \t]+[A-Z][\w.-]*){0,2}(?:[ \t]+(?:and|&)[ \t]+[A-Z][\w.-]*)?"
    r"['’]s[ \t]+(?:and[ \t]+)?){1,3}"
    r"(?:(?:original|pretrained|pre-trained|base)[ \t]+)?(?:model[ \t]+)?(?=\[)"
)


def owners_before_link(text: str, pos: int) -> re.Match[str] | None:
    """The owners' names with their possessives at ``pos``, up to the link after them."""
    return _OWNERS_BEFORE_LINK.match(text, pos)


def written_with_org(name: str, body: str) -> bool:
    """Whether the card writes ``name`` (or a longer name starting with it) after an org
    ("wren/Song-34B" for a recipe's "Song"): the id, read elsewhere, stands for it."""
    # (Not a folder of a local path, "/home/me/models/Song-34B": "models" is no org.)
    pattern = (
        r"(?:(?<=huggingface\.co/)|(?<=hf\.co/)|(?<![\w./-]))"
        rf"[A-Za-z0-9][\w.-]*/{re.escape(name)}(?![A-Za-z0-9])"
    )
    return re.search(pattern, body, re.I) is not None


def written_with_other_org(name: str, body: str, model_id: str) -> bool:
    """Whether the card writes ``name`` (or a longer name) after an org anywhere but in its
    own id ("ORG/Name-x-v1" on the card of ORG/Name-x-v1 says nothing of "Name")."""
    if not written_with_org(name, body):
        return False
    rest = re.sub(re.escape(model_id), " ", body, flags=re.I)
    return written_with_org(name, rest)


def listed_name(name: str) -> bool:
    """A bare name that may follow another in "a merge of A and B": model-like ("Qwen2-7B")
    or a family with its version ("Qwen2")."""
    return _model_like(name) or _family_version(name)


# "the RoBERTa large model", "BERT base": a size after the family names one release of it,
# which the card names more fully elsewhere (a link, a legacy id).
_SIZE_AFTER = re.compile(
    r"[ \t]*[-_]?(?:base|large|small|tiny|mini|medium|xl|xxl|xlarge|xxlarge|uncased|cased)\b",
    re.I,
)
# "the text decoder was initialized from RoBERTa": a part of a composite model, not the whole.
_PART_BEFORE = re.compile(
    r"\b(?:encoders?|decoders?|layers?|heads?|embeddings?)\b[^.\n]{0,60}\Z", re.I
)


def encoder_family_vague(
    text: str, name: str, ref: re.Match[str], relation: Relation | None, strength: Strength
) -> bool:
    """Whether an encoder family named alone (`_ENCODER_FAMILIES`: "BERT", "RoBERTa") is no
    parent: encoder cards say "based on BERT" of the design and the pretraining recipe, so
    only an explicit making ("initialized from BERT", "a fine-tuned version of PEGASUS",
    a "Parent Model: BERT" label) counts, of the whole model, with no size after the name
    (the release is named elsewhere) and not as the teacher of a distilled family."""
    if name.strip("` ").casefold() not in _ENCODER_FAMILIES:
        return False
    if _SIZE_AFTER.match(text, ref.end()) or relation is Relation.DISTILLATION:
        return True
    if relation is None:
        return strength < Strength.LABEL  # a weak "based on", below a "Parent Model:" label
    return _PART_BEFORE.search(text, max(0, ref.start() - 80), ref.start()) is not None

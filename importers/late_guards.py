"""Two last checks on a card's claimed parents, after every rule and spelling pass has run.

* `without_vaguer_families`: a family's bare name ("a fine-tuned BERT model") claimed beside
  a claim that names one checkpoint of that family ("this model is a *bert-base-cased* model
  that was fine-tuned on …"): the family name adds no parent, the checkpoint is the one.
  (`importers.prose_claims` thins the same way inside one phrase pass; claims found by later
  passes are thinned here.) A name of another family that starts with the same letters
  ("BERTweet", "bertin-base") is not a member: the family's name must be followed by a
  separator.
* `without_architecture_bases`: a card that calls itself a model pre-trained "using the X
  (model) architecture" ("Pretrained model on Java code using the t5 base model
  architecture") says what shape its weights have; a claim "based on the `X-base` model" of
  the same family is that shape, not a checkpoint it started from. A claim whose own words
  say it was tuned or initialised from the model is kept.

* `without_non_models`: a claimed "parent" that is a software stack ("built on top of
  JAX/Flax": both halves name frameworks) or a data set written bare ("merged with
  [SQuAD2.0](…)", "ImageNet-1k"); and a bare name written with "-based" glued to it
  ("mT5-based model fine-tuned on …") is the name without it.

All are pure: findings (and text) in, findings out; cards without the cue words return at
the first test.
"""

from __future__ import annotations

import re
from dataclasses import replace

from importers.prose_claims import ProseClaim, ProseFindings
from importers.prose_names import _FAMILIES, name_tokens
from importers.scorer_bare import _DATA_LEADS
from lineage.core.ids import key

_SEPARATORS = "-_. "

# "Pretrained model on English text using the t5 base model architecture": the subject is
# this card's model, pre-trained (not tuned) with a named shape.
_PRETRAINED_WITH_ARCHITECTURE = re.compile(
    r"\bpre-?trained[ \t]+(?:\w+[ \t]+)?on[ \t]+[^.\n]{0,120}?\busing[ \t]+(?:the[ \t]+|an?[ \t]+)?"
    r"[`*_]*(?P<name>[A-Za-z][\w.-]{0,40})[`*_]*(?:[ \t]+[\w.-]{1,20}){0,2}?[ \t]+"
    r"(?:model[ \t]+)?architecture\b",
    re.I,
)
# The words of a claim that say it was a starting checkpoint after all.
_STARTED_FROM = re.compile(
    r"fine-?tun|finetun|initiali[sz]|warm-?start|continu\w*[ \t]+(?:pre-?)?train|"
    r"trained[ \t]+(?:on[ \t]+top|from)|further[ \t]+(?:pre-?)?train|checkpoint",
    re.I,
)


def without_vaguer_families(findings: ProseFindings) -> ProseFindings:
    """The findings without a family's bare name when another claim names a member."""
    claims = findings.claims
    if len(claims) < 2:
        return findings
    families = {key(c.parent) for c in claims if "/" not in c.parent and key(c.parent) in _FAMILIES}
    if not families:
        return findings
    names = [key(c.parent).rsplit("/", 1)[-1] for c in claims]
    vaguer = {
        f
        for f in families
        if any(
            n != f and n.startswith(f) and n[len(f) : len(f) + 1] in tuple(_SEPARATORS)
            for n in names
        )
    }
    if not vaguer:
        return findings
    return replace(findings, claims=[c for c in claims if key(c.parent) not in vaguer])


def without_architecture_bases(findings: ProseFindings, body: str) -> ProseFindings:
    """The findings without "based on X" claims of a card pre-trained with X's architecture."""
    claims = findings.claims
    if not claims or "architecture" not in body or "rained" not in body:
        return findings
    shapes = {
        first
        for m in _PRETRAINED_WITH_ARCHITECTURE.finditer(body)
        if (first := _first_token(m["name"]))
    }
    if not shapes:
        return findings
    kept = [c for c in claims if not _a_shape(c, shapes)]
    if len(kept) == len(claims):
        return findings
    return replace(findings, claims=kept)


def _a_shape(claim: ProseClaim, shapes: set[str]) -> bool:
    if _STARTED_FROM.search(claim.snippet):
        return False
    return _first_token(claim.parent.rsplit("/", 1)[-1]) in shapes


def _first_token(name: str) -> str:
    tokens = name_tokens(name)
    return tokens[0] if tokens else ""


# Software a card is built with, never a model: "JAX/Flax", "PyTorch/XLA".
_FRAMEWORKS = frozenset(
    """jax flax pytorch torch tensorflow tf keras onnx xla transformers huggingface optax
    haiku trax mesh-tensorflow""".split()  # noqa: SIM905
)
_BASED_END = re.compile(r"[-_ ]based\Z", re.I)


def without_non_models(findings: ProseFindings) -> ProseFindings:
    """The findings without frameworks and bare data-set names, "-based" cut off bare names."""
    claims = findings.claims
    if not claims:
        return findings
    kept: list[ProseClaim] = []
    changed = False
    for c in claims:
        org, _, name = c.parent.casefold().rpartition("/")
        if org in _FRAMEWORKS and name in _FRAMEWORKS:
            changed = True
            continue  # "built on top of JAX/Flax"
        if not org and name.rstrip("0123456789.v") in _DATA_LEADS:
            changed = True
            continue  # "merged with [SQuAD2.0](…)": a data set
        if not org and (m := _BASED_END.search(c.parent)) and m.start() > 1:
            c = replace(c, parent=c.parent[: m.start()])
            changed = True
        kept.append(c)
    if not changed:
        return findings
    unique: dict[str, ProseClaim] = {}
    for c in kept:
        unique.setdefault(key(c.parent), c)
    return replace(findings, claims=list(unique.values()))

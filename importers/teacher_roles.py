"""Distillation teachers stated in two more ways than `importers.stated_roles` reads.

* "a large but slow model (like our original [X](…)) acts as a teacher", "X acts / acted as
  the teacher": the model that plays the teacher's part, named right before the verb or in a
  parenthesis that gives an example of it ("like", "such as", "e.g.", "namely");
* "we trained a [X](…) model as (the) student": the student's start, relation ``finetune``;
* "intermediate layer distillation …, which resulted in [ORG/Y](…)" on a distillation line:
  Y, the stage before this model, is its start (relation ``finetune``; a Hub link or id only);
* "the card of X's distilled 1.3B variant": the owner of a distilled variant;
* "distillation of a compact model from the X model": the model the distillation draws from
  (not a bare "distilled from X", which names the maker of a data set as often as a teacher).

``X`` is a Hub id, a Hub link (its id), a link to a page elsewhere or a plain name (its text),
kept as written; a plain name has a model's shape (a letter and a digit, "Heron-7B"), or is
one capitalised word with a second capital followed by "model" ("the LingMess model"). Not a
sentence that compares, nor a teacher that made data ("X acts as a teacher to label …").
Read only on lines holding "teacher" or "distil". Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from lineage.core.ids import key, parse_reference
from lineage.core.records import Relation

TEACHER_ROLE = "[teacher-role]"
_SNIPPET = 200

_LINK = r"\[(?P<text>[^\]\n]{1,80})\]\((?P<url>[^)\s]{1,200})\)"
_PLAIN = r"[`*_]*(?P<name>[A-Za-z][\w.+/-]{0,80}[\w+])[`*_]*"
_NAME = rf"(?:{_LINK}|{_PLAIN})"
_ACTS = r"(?:acts?|acted|acting|serves?|served|serving)[ \t]+as[ \t]+(?:the[ \t]+|a[ \t]+|our[ \t]+)?teachers?\b"
# "(like our original X) acts as a teacher": the example in a parenthesis before the verb.
_EXAMPLE_ACTS = re.compile(
    r"\((?:like|such[ \t]+as|e\.g\.,?|namely|i\.e\.,?)[ \t]+(?:our[ \t]+|the[ \t]+)?"
    rf"(?:original[ \t]+)?{_NAME}[ \t]*\)[ \t]+{_ACTS}",
    re.I,
)
_NAME_ACTS = re.compile(rf"(?<![\w/.\]-]){_NAME}[ \t]+{_ACTS}", re.I)
_DISTIL_FROM = re.compile(
    r"\bdistill?(?:ation|ing)[ \t]+of[ \t]+(?:an?|the)[ \t]+(?:[\w-]+[ \t]+){0,3}?"
    r"(?:model|student|network)[ \t]+from[ \t]+(?:the[ \t]+|our[ \t]+)?"
    rf"{_NAME}(?P<model>[ \t]+model\b)?",
    re.I,
)
# "trained a [X](…) model as (the) student": the student's start, a fine-tune of X.
_AS_STUDENT = re.compile(
    rf"(?<![\w/.\]-]){_NAME}(?:[ \t]+model)?[ \t]+as[ \t]+(?:the[ \t]+|a[ \t]+|our[ \t]+)?"
    r"student\b",
    re.I,
)
# "the card of Heron-200's distilled 1.3B variant": the teacher as the owner of the variant.
_DISTILLED_VARIANT = re.compile(
    rf"(?<![\w/.\]-]){_PLAIN}'s[ \t]+distill?ed[ \t]+(?:[\w.-]+[ \t]+)?(?:variant|version|model)\b",
    re.I,
)
# "we performed intermediate layer distillation …, which resulted in [ORG/Y](…)": the stage
# before this model's, its start (relation finetune); a Hub link or id only.
_RESULTED_IN = re.compile(
    r"\b(?:which[ \t]+resulted|resulting)[ \t]+in[ \t]+(?:the[ \t]+)?"
    r"(?:\[[^\]\n]{1,80}\]\((?P<url>https?://(?:www\.)?(?:huggingface\.co|hf\.co)/[^)\s]{1,200})\)"
    r"|`?(?P<id>[A-Za-z0-9][\w.-]{0,60}/[A-Za-z0-9][\w.-]{0,100}[\w])`?)",
    re.I,
)
_SHAPE = re.compile(r"[A-Za-z].*\d|\d.*[A-Za-z]")
# One capitalised word with a second capital inside ("LingMess"), named as a model.
_CAMEL = re.compile(r"[A-Z][a-z]+[A-Z][A-Za-z]*")
_RIVAL = re.compile(r"\b(?:than|versus|vs|compar\w*|outperform\w*|judge\w*)\b", re.I)
_MAKES_DATA = re.compile(
    r"[ \t]+(?:to|for)[ \t]+(?:generat|label|annotat|synthe|writ|creat|produc|scor|judg)", re.I
)
_SENTENCE_END = re.compile(r"[.!?](?:[ \t]|$)")


def teacher_role_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The teachers a card names in the two ways of the module."""
    found: dict[str, ProseClaim] = {}
    own = key(model_id)
    rules: list[tuple[str, tuple[re.Pattern[str], ...]]] = []
    if "teacher" in body:
        rules.append(("teacher", (_EXAMPLE_ACTS, _NAME_ACTS)))
    if "student" in body:
        rules.append(("student", (_AS_STUDENT,)))
    if "istil" in body:
        rules.append(("istil", (_DISTIL_FROM, _DISTILLED_VARIANT, _RESULTED_IN)))
    for word, patterns in rules:
        for start, end in lines_holding(body, word):
            for pattern in patterns:
                for m in pattern.finditer(body, start, end):
                    begin = max(
                        (s.end() for s in _SENTENCE_END.finditer(body, start, m.start())),
                        default=start,
                    )
                    stop = _SENTENCE_END.search(body, m.end(), end)
                    if _RIVAL.search(body, begin, stop.start() if stop else end):
                        continue
                    if _MAKES_DATA.match(body, m.end()):
                        continue
                    parent = _parent(m)
                    if parent is None or key(parent) == own:
                        continue
                    snippet = f"{TEACHER_ROLE} {' '.join(m.group(0).split())}"[:_SNIPPET]
                    start_of = pattern is _AS_STUDENT or pattern is _RESULTED_IN
                    relation = Relation.FINETUNE if start_of else Relation.DISTILLATION
                    found.setdefault(
                        key(parent), ProseClaim(parent, relation, Strength.STRONG, snippet)
                    )
    return list(found.values())


def _parent(m: re.Match[str]) -> str | None:
    """The model the match names: a Hub link's id, a link's text, an id or a shaped name."""
    if m.groupdict().get("url"):
        url = m["url"]
        if "huggingface.co/" in url or "hf.co/" in url:
            return parse_reference(url).model_id  # (a data set, a Space: none)
        text = m["text"].strip("*_` ")
        return text if _SHAPE.search(text) and " " not in text else None
    if m.groupdict().get("id"):
        return parse_reference(m["id"]).model_id
    name = m["name"].rstrip(".")
    if "/" in name:
        return parse_reference(name).model_id if name.count("/") == 1 else None
    if _SHAPE.search(name):
        return name
    named_model = "model" in m.groupdict() and m["model"]
    return name if named_model and _CAMEL.fullmatch(name) else None


# "… with X as the teacher, which resulted in Y": X taught the earlier stage Y.
_STAGE_TEACHER = re.compile(
    rf"\bwith[ \t]+(?:the[ \t]+)?{_PLAIN}[ \t]+as[ \t]+(?:the[ \t]+|a[ \t]+)?teacher(?:[ \t]+model)?"
    r"[ \t]*,?[ \t]*(?:which[ \t]+resulted|resulting)[ \t]+in\b",
    re.I,
)


def stage_teachers(body: str) -> frozenset[str]:
    """The keys of teachers the card says taught an earlier stage ("with X as the teacher
    which resulted in [Y](…)"): Y's grand-parent, not this model's teacher."""
    if "esult" not in body or "teacher" not in body:
        return frozenset()
    return frozenset(
        key(m["name"])
        for start, end in lines_holding(body, "teacher")
        for m in _STAGE_TEACHER.finditer(body, start, end)
    )


def taught_stage(claim: ProseClaim, stage: frozenset[str]) -> bool:
    """Whether ``claim`` names, as a teacher, one of the ``stage`` teachers (by its id or its
    name after the org)."""
    if claim.relation is not Relation.DISTILLATION:
        return False
    return key(claim.parent) in stage or key(claim.parent.rsplit("/", 1)[-1]) in stage

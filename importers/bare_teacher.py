"""A distillation's teacher named bare in a sentence that gives it the teacher's role.

"In distillation we use the original Heron-base (without fine-tuning) as the teacher", "As
teacher model, we used the original `wren-B-16`": the name that the verb of use takes, with
the role "as (the) teacher" after it or before the sentence's subject. The name has a model's
shape (a hyphen or a digit: "Heron-base", "wren-B-16"; not "a large model", "GPT"), kept as
written (the shared convention for bare names), relation ``distillation``, read as a labelled
statement (a teacher stands beside the student's start, never instead of it).

Not a teacher that made the data ("as the teacher to generate / label / annotate …", a sentence
that speaks of data or a data set), a judge, nor a sentence that compares. Read only on the
lines holding "teacher". Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from lineage.core.records import Relation

BARE_TEACHER = "[bare-teacher]"
_SNIPPET = 200

_NAME = r"[`*_]*(?P<name>[A-Za-z][\w.]*(?:-[\w.]+)+|[A-Za-z]+\d[\w.]*)[`*_]*"
_USE = r"(?:use[sd]?|using|employ(?:s|ed)?|t(?:ake|ook))"
_USED_AS = re.compile(
    rf"\b{_USE}[ \t]+(?:the[ \t]+)?(?:original[ \t]+)?{_NAME}"
    r"(?:[ \t]+\([^()\n]{1,60}\)|[ \t]+without[ \t]+[\w-]+)?[ \t]+as[ \t]+"
    r"(?:the[ \t]+|a[ \t]+|its[ \t]+|our[ \t]+)?teacher\b(?:[ \t]+model)?",
    re.I,
)
_AS_TEACHER_FIRST = re.compile(
    r"\bas[ \t]+(?:the[ \t]+|a[ \t]+)?teacher(?:[ \t]+model)?[ \t]*,[ \t]*we[ \t]+"
    rf"{_USE}[ \t]+(?:the[ \t]+)?(?:original[ \t]+)?{_NAME}",
    re.I,
)
# The teacher as a maker of data (before it in its sentence, or "as the teacher to generate
# …" right after it), a judge, or a rival: no parent.
_NOT_TEACHER = re.compile(
    r"\b(?:generat\w*|label\w*|annotat\w*|synthe\w*|data(?:set)?s?|judge\w*|compar\w*|than)\b",
    re.I,
)
_MAKES_DATA = re.compile(
    r"[ \t]+(?:to|for)[ \t]+(?:generat|label|annotat|synthe|writ|creat|produc|scor|judg)", re.I
)
_RIVAL = re.compile(r"\b(?:judge\w*|compar\w*|than|versus|vs)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?](?:[ \t]|$)")


def bare_teacher_claims(body: str) -> list[ProseClaim]:
    """Teachers named bare in a teacher-role sentence (see the module)."""
    found: dict[str, ProseClaim] = {}
    for start, end in lines_holding(body, "teacher"):
        for pattern in (_USED_AS, _AS_TEACHER_FIRST):
            for m in pattern.finditer(body, start, end):
                stop = _SENTENCE_END.search(body, m.end(), end)
                sentence_end = stop.start() if stop else end
                begin = max(
                    (s.end() for s in _SENTENCE_END.finditer(body, start, m.start())), default=start
                )
                if (
                    _NOT_TEACHER.search(body, begin, m.start())
                    or _MAKES_DATA.match(body, m.end())
                    or _RIVAL.search(body, begin, sentence_end)
                ):
                    continue
                name = m["name"].rstrip(".")
                snippet = f"{BARE_TEACHER} {' '.join(m.group(0).split())}"[:_SNIPPET]
                found.setdefault(
                    name.casefold(),
                    ProseClaim(name, Relation.DISTILLATION, Strength.LABEL, snippet),
                )
    return list(found.values())

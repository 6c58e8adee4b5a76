"""A Hub model link as the object of a tuning verb: the model the authors started from.

The phrase rules (`importers.prose`) read a parent right after "fine-tuned from" or "a
fine-tuned version of". Authors as often say what *they* did to the model, the link
being the verb's object:

* first person: "We fine-tune the [X](https://huggingface.co/ORG/X) model …", "I further
  trained [X](…) on …", "we continued pre-training [X](…)";
* passive, the link behind an article and an adjective: "The model was fine-tuned on a
  pretrained [X](…)", "finetuned from the original [X](…)".

The link must be a Hub model page (not a dataset, a space or a paper), and the sentence
must not turn it into a yardstick ("… as a baseline", "for comparison") or another
subject's work ("you can fine-tune [X](…)" has no first person). Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from lineage.core.ids import key
from lineage.core.records import Relation

_SNIPPET = 200
RULE = "[tuned-link]"
# A Hub model link in markdown, its text on one line ("[`ORG/X`](https://hf.co/ORG/X)").
_LINK = (
    r"\[[^\]\n]{1,160}\]\(<?(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/"
    r"(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)/?>?\)"
)
_ARTICLE = r"(?:(?:the|a|an|our)[ \t]+)?"
_ADJECTIVE = r"(?:(?:pre-?trained|base|original|released|public)[ \t]+)?"
_TUNE = r"(?:fine[- ]?tun(?:e|ed|es|ing)|finetun(?:e|ed|es|ing))"
# "we fine-tune the [X](…)", "I further trained [X](…)", "we continued pretraining [X](…)".
_FIRST_PERSON = re.compile(
    r"(?:we|i)[ \t]+(?:(?:have|then|further|also|first|additionally|subsequently)[ \t]+)*"
    rf"(?:{_TUNE}|(?:further[ \t]+)?(?:trained|train)[ \t]+further|further[- ]train(?:ed)?|"
    r"continued?[ \t]+(?:the[ \t]+)?(?:pre-?)?training(?:[ \t]+(?:of|on|from))?)[ \t]+"
    rf"{_ARTICLE}{_ADJECTIVE}{_LINK}",
    re.I,
)
# "fine-tuned on a pretrained [X](…)", "finetuned from the original [X](…)": an article and
# an adjective between the verb and the link (the bare "fine-tuned on [X](…)" is a phrase rule's).
_PASSIVE = re.compile(
    rf"{_TUNE}[ \t]+(?:on|from|upon)[ \t]+(?:the|a|an)[ \t]+"
    rf"(?:pre-?trained|base|original)[ \t]+{_LINK}",
    re.I,
)
# Where a match may start: the lower-cased words each pattern opens with.
_FIRST_NEEDLES = ("we ", "i ")
_VERB_NEEDLES = ("fine", "finetun", "train")
_PASSIVE_NEEDLES = ("pretrained [", "pre-trained [", "base [", "original [")
# The rest of the sentence makes the model a yardstick, a tool or this model's child, not a start.
_OTHER_ROLE = re.compile(
    r"baseline|comparison|\bcompare|as[ \t]+(?:a|an|the|our)[ \t]+(?:reference|judge|reward|critic|"
    r"classifier|filter|scorer)|(?:from|on[ \t]+top[ \t]+of)[ \t]+this[ \t]+model",
    re.I,
)
# The word right after the link names a part, not the model: "the [X](…) tokenizer".
_PART = re.compile(
    r"[ \t]*(?:'s[ \t]+)?(?:tokenizer|vocab|architecture|embeddings?|text[ \t]+encoder|vae|"
    r"template|prompt)",
    re.I,
)
_NOT_MODELS = frozenset({"datasets", "spaces", "docs", "blog", "papers", "collections"})
_SENTENCE_END = re.compile(r"[.!?](?:\s|\Z)|\n\s*\n")


def tuned_link_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The Hub models a sentence says the authors tuned (the link the verb's object)."""
    if "huggingface.co/" not in body and "hf.co/" not in body:
        return []  # most cards link no Hub page
    if "une" not in body and "rain" not in body:
        return []
    lower = body.lower()
    if not any(n in lower for n in _VERB_NEEDLES):
        return []
    starts: list[tuple[int, re.Pattern[str]]] = []
    for needle in _PASSIVE_NEEDLES:
        at = lower.find(needle)
        while at >= 0:
            # The verb is at most "finetuned from the" (a few words) before the adjective.
            line = lower.rfind("\n", 0, at) + 1
            for verb in ("fine", "finetun"):
                v = lower.rfind(verb, max(line, at - 40), at)
                if v >= 0:
                    starts.append((v, _PASSIVE))
                    break
            at = lower.find(needle, at + 1)
    for needle in _FIRST_NEEDLES:
        at = lower.find(needle)
        while at >= 0:
            if (at == 0 or not lower[at - 1].isalnum()) and any(
                v in lower[at : at + 60] for v in _VERB_NEEDLES
            ):
                starts.append((at, _FIRST_PERSON))
            at = lower.find(needle, at + 1)
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    for at, pattern in sorted(starts, key=lambda s: s[0]):
        m = pattern.match(body, at)
        if m is None:
            continue
        parent = m["id"]
        if parent.split("/", 1)[0].casefold() in _NOT_MODELS or key(parent) == own:
            continue
        end = _SENTENCE_END.search(body, m.end())
        rest = body[m.end() : end.start() if end else len(body)]
        if _OTHER_ROLE.search(rest) or _PART.match(rest) or _yardstick_lead(body, at):
            continue
        snippet = f"{RULE} {' '.join(m.group(0).split())}"[:_SNIPPET]
        claim = ProseClaim(parent, Relation.FINETUNE, Strength.STRONG, snippet)
        found.setdefault(key(parent), claim)
    return list(found.values())


# A sentence opened as a yardstick ("As a baseline, we fine-tuned [X](…)", "For comparison
# we also trained [X](…)"): the tuned model is a point of comparison, not this one's start.
_YARDSTICK_LEAD = re.compile(r"baseline|comparison|\bcompar(?:e|ed|ing)\b|ablation", re.I)


def _yardstick_lead(body: str, at: int) -> bool:
    """Whether the sentence before a tuning verb at ``at`` makes its object a yardstick."""
    line = body.rfind("\n", 0, at) + 1
    head = body[max(line, at - 120) : at]
    ends = list(_SENTENCE_END.finditer(head))
    if ends:
        head = head[ends[-1].end() :]
    return _YARDSTICK_LEAD.search(head) is not None

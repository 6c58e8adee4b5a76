"""This model's start named with its org (or, once, bare) in five sentences the phrase reader passes by.

* "Wren-7b is a fine-tuning of ORG/X", "this model was a full fine-tuning of [X](hub link)":
  the noun "fine-tuning" after "is / was a";
* "The Acme Wren V0.5 7B model is derived from [ORG/X](…)": the phrase reader's subject test
  refuses a subject that spells the card's own id in pieces (its org, its name's parts); read
  here with a subject made only of those pieces and a few plain words ("the", "this", "model");
* "The Wren-X model was initialized using the `Heron2` checkpoints" (here a name with a letter
  and a digit, the Hub id of a repo of that name the card links, else kept as written; or an id
  or a link), with the same test of the subject;
* "… the "ORG/X" model … [link](…). We used this model as a starting point and fine-tuned
  it …": the one Hub model a card names in the sentence before (or the same sentence as)
  "used this model as a starting point / the base / the initialization";
* "We use the pretrained [ORG/X](hub link) model." (a section on pre-training, the fine-tuning
  told in the next one): first person, "use(d) the pretrained / pre-trained", a Hub link or
  id, "model" perhaps, then the sentence's end or "and (we) fine-tune(d) …". Not "we use the
  pretrained X to / for / as …" (a tool, a teacher, a scorer), nor "a pretrained VAE".

``X`` is a Hub id ``ORG/NAME`` or a Hub link; relation ``finetune``. Not the card's own id, a
data set or a Space. Read only on lines holding "tuning of", "derived from", "this model as" or "the pre(-)trained".
Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from lineage.core.ids import key, parse_reference
from lineage.core.records import Relation

ORG_START = "[org-start]"
_SNIPPET = 200

_HUB = r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/"
_REF = (
    rf"(?:\[[^\]\n]{{1,120}}\]\((?P<url>{_HUB}[^)\s]{{1,200}})\)"
    r"|[`*\"']*(?P<id>[A-Za-z0-9][\w.-]{0,60}/[A-Za-z0-9][\w.-]{0,100}[\w])[`*\"']*(?![\w/]))"
)
_TUNING_OF = re.compile(
    r"\b(?:is|was)[ \t]+(?:a|an|the)[ \t]+(?:[\w-]+[ \t]+){0,2}?fine[ -]?tuning[ \t]+of[ \t]+"
    rf"(?:the[ \t]+)?{_REF}",
    re.I,
)
# "The Wren-X model was initialized using the `Heron2` checkpoints": an id, a link or a name
# with a letter and a digit (kept as written).
_INITIALIZED_USING = re.compile(
    rf"\b(?:(?:is|was|has[ \t]+been)[ \t]+)?initiali[sz]ed[ \t]+using[ \t]+(?:the[ \t]+)?(?:{_REF}|[`*]*(?P<bare>[A-Za-z][\w.-]{{0,40}}"
    r"[\w])[`*]*[ \t]+(?:checkpoints?|weights|model)\b)",
    re.I,
)
_DERIVED = re.compile(rf"\b(?:is|was)[ \t]+derived[ \t]+from[ \t]+(?:the[ \t]+)?{_REF}", re.I)
_THIS_AS_START = re.compile(
    r"\bused[ \t]+(?:this|that|the)[ \t]+model[ \t]+as[ \t]+(?:a|the|our)[ \t]+"
    r"(?:starting[ \t]+point|base(?:[ \t]+model)?|initiali[sz]ation)\b",
    re.I,
)
_HUB_ID = re.compile(
    rf"{_HUB}(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[\w])"
    r"|(?<![\w/.:-])[\"'`](?P<q>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[\w])[\"'`]"
)
_SHAPE = re.compile(r"[A-Za-z].*\d|\d.*[A-Za-z]")
_SENTENCE_END = re.compile(r"[.!?](?:[ \t]|$)|\n[ \t]*\n")
_PLAIN = frozenset({"the", "this", "our", "a", "an", "model", "new", "final", "it"})
_NOT_MODELS = frozenset({"datasets", "spaces", "papers", "docs", "blog", "collections"})
_BEFORE = 400
_USE_PRETRAINED = re.compile(
    r"(?:^|(?<=[.!?][ \t])|(?<=[.!?][ \t]{2}))[ \t]*(?:we|i)[ \t]+(?:use|used)[ \t]+the[ \t]+"
    rf"pre-?trained[ \t]+{_REF}(?:[ \t]+(?:model|checkpoint))?"
    r"(?=[ \t]*(?:\.(?:[ \t]|$)|$)|[ \t]*,?[ \t]+and[ \t]+(?:we[ \t]+)?(?:fine[ -]?tun|further[ \t]+train|train))",
    re.I | re.M,
)


def org_start_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The starts named in the module's four sentences."""
    found: dict[str, ProseClaim] = {}
    own = key(model_id)
    pieces = _pieces(model_id)
    rules = (
        ("tuning of", _TUNING_OF),
        ("derived from", _DERIVED),
        ("ed using", _INITIALIZED_USING),
    )
    for word, pattern in rules:
        if word not in body:
            continue
        for start, end in lines_holding(body, word):
            for m in pattern.finditer(body, start, end):
                if not _own_subject(body, start, m.start(), pieces):
                    continue
                bare = m.groupdict().get("bare")
                if bare:
                    parent = _linked_as(body, bare) if _SHAPE.search(bare) else None
                else:
                    parent = _ref(m["url"] or m["id"])
                if parent is not None and key(parent) != own:
                    _add(found, parent, m.group(0))
    if "the pretrained" in body or "the pre-trained" in body:
        for word in ("the pretrained", "the pre-trained"):
            for start, end in lines_holding(body, word):
                for m in _USE_PRETRAINED.finditer(body, start, end):
                    parent = _ref(m["url"] or m["id"])
                    if parent is not None and key(parent) != own:
                        _add(found, parent, m.group(0))
    if "this model as" in body or "that model as" in body or "the model as" in body:
        for start, end in lines_holding(body, "model as"):
            for m in _THIS_AS_START.finditer(body, start, end):
                parent = _named_before(body, m.start(), own)
                if parent is not None:
                    _add(found, parent, m.group(0))
    return list(found.values())


def _add(found: dict[str, ProseClaim], parent: str, text: str) -> None:
    snippet = f"{ORG_START} {' '.join(text.split())}"[:_SNIPPET]
    found.setdefault(key(parent), ProseClaim(parent, Relation.FINETUNE, Strength.STRONG, snippet))


def _linked_as(body: str, name: str) -> str:
    """The Hub id of a repo the card links whose name is ``name`` ("…/google/heron2" for
    "Heron2"), else ``name`` as written."""
    found = re.search(rf"{_HUB}(?P<id>[A-Za-z0-9][\w.-]*/{re.escape(name)})(?![\w.-])", body, re.I)
    return found["id"] if found else name


def _ref(value: str | None) -> str | None:
    """The Hub model a link or an id names (not a data set, a Space)."""
    if not value:
        return None
    if value.split("/", 1)[0].casefold() in _NOT_MODELS:
        return None
    ref = parse_reference(value)
    return ref.model_id


def _pieces(model_id: str) -> frozenset[str]:
    """The lower-cased parts of the card's id: its org, its name, their hyphenated words."""
    org, _, name = model_id.casefold().partition("/")
    return frozenset({org, name, *re.split(r"[-_ ]+", org), *re.split(r"[-_ ]+", name)})


def _own_subject(body: str, line_start: int, at: int, pieces: frozenset[str]) -> bool:
    """Whether the sentence before ``at`` is made of the card's own id's parts and plain words
    ("The Acme Wren V0.5 7B model", "Wren-7b", "This model")."""
    begin = max(
        (s.end() for s in _SENTENCE_END.finditer(body, max(line_start, at - 200), at)),
        default=max(line_start, at - 200),
    )
    words = [w.strip("*_`()[]{}:,;'\"#>").casefold() for w in body[begin:at].split()]
    words = [w for w in words if w]
    if not words or len(words) > 8:
        return False
    for w in words:
        if w in _PLAIN or w in pieces:
            continue
        if all(p in pieces for p in re.split(r"[-_]+", w) if p):
            continue
        return False
    return True


def _named_before(body: str, at: int, own: str) -> str | None:
    """The one Hub model the text names in the sentence before ``at`` or in ``at``'s own."""
    ends = [s.end() for s in _SENTENCE_END.finditer(body, max(0, at - _BEFORE), at)]
    if not ends:
        return None
    begin = ends[-2] if len(ends) > 1 else max(0, at - _BEFORE)
    if body.find("\n\n", begin, at) >= 0:
        begin = body.rfind("\n\n", begin, at)
    named = {
        key(p): p
        for m in _HUB_ID.finditer(body, begin, at)
        if (p := _ref(m["id"] or m["q"])) is not None and key(p) != own
    }
    return next(iter(named.values())) if len(named) == 1 else None

"""A port's original linked as such: "[Original Weights](hub link)" on a line of its own, or
"… copied from the original Heron model card that you can find [here](hub link)".

A repo that repacks another one (the Diffusers layout of a checkpoint, the Transformers port of
an original repo, the ``-hf`` copy) often names its source only by such a link. The linked repo
is the port's parent, relation ``quantized`` (a conversion), when:

* the link's text is "(the) original weights / model / checkpoint(s) / repo(sitory)" and the
  link stands alone on its line (a bullet or a label at most; mid-sentence, "first released
  in this repository, [original weights](…)", it is a family's boilerplate), or the link's
  text is "here" / "this link" / "there" after "original … model card / weights / checkpoint"
  in its sentence;
* the linked repo's name begins with the same word as the card's own name ("wren-diffusion"
  and "wren-diffusion-v2", "wren-1.5-13b-hf" and "wren-v1.5-13b"): a port keeps its
  original's name; another family's link is an architecture or a comparison. Nor a link to
  another size ("-7b-hf" linking "-v1.5-13b": a card copied from its sibling's).

On a card that says it was converted, a "Source(s): [Hugging Face](hub link)" label line names
the source too, when the source's name is in the repo's own ("coreml-Heron" for "acme/Heron").

Read only on a card that claims no parent otherwise (the card reader's last resort), and only
on lines holding "riginal" (or "ource"). Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from importers.references import HUB_LINK_TARGET
from lineage.core.ids import key, parse_reference
from lineage.core.records import Relation

RULE = "[original-link]"
_SNIPPET = 200

_HUB_LINK = HUB_LINK_TARGET
_ALONE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*)?\[(?:the[ \t]+)?original[ \t]+"
    r"(?:model[ \t]+)?(?:weights|model|checkpoints?|repo(?:sitory)?)\]"
    rf"{_HUB_LINK}(?:\*\*)?[ \t]*\.?[ \t]*$",
    re.I | re.M,
)
_HERE = re.compile(
    r"\boriginal[ \t]+(?:[\w.-]+[ \t]+){0,3}?(?:model[ \t]+card|weights|checkpoints?)\b"
    rf"[^.\n\[]{{0,60}}\[(?:here|this[ \t]+link|there)\]{_HUB_LINK}",
    re.I,
)
# "Source(s): [Hugging Face](hub link) - [elsewhere](…)": a converted repo's source, labelled.
_SOURCE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*)?sources?(?:\(s\))?(?:\*\*)?[ \t]*:[ \t]*(?:\*\*)?"
    rf"\[[^\]\n]{{1,80}}\]{_HUB_LINK}",
    re.I | re.M,
)
_NOT_MODELS = frozenset({"datasets", "spaces", "papers", "docs", "blog", "collections"})
_SIZE = re.compile(r"(?<![a-z0-9.])(\d+(?:\.\d+)?[bm])(?![a-z0-9])")
_FIRST_WORD = re.compile(r"[a-z]+\d*|\d+")


def original_link_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The original a port links as such (see the module)."""
    found: dict[str, ProseClaim] = {}
    if "onvert" in body and "ource" in body:
        _sources(body, model_id, found)
    if "riginal" not in body:
        return list(found.values()) if len(found) == 1 else []
    own = key(model_id)
    own_first = _first_word(model_id.rsplit("/", 1)[-1])
    for start, end in lines_holding(body, "riginal"):
        for pattern in (_ALONE, _HERE):
            for m in pattern.finditer(body, start, end):
                path = m["url"].split(".co/", 1)[1]
                if path.split("/", 1)[0].casefold() in _NOT_MODELS:
                    continue
                parent = parse_reference(m["url"]).model_id
                if parent is None or key(parent) == own:
                    continue
                if not own_first or _first_word(parent.rsplit("/", 1)[-1]) != own_first:
                    continue
                if _sizes(parent) and _sizes(model_id) and _sizes(parent) != _sizes(model_id):
                    continue  # another size's card, copied
                snippet = f"{RULE} {' '.join(m.group(0).split())}"[:_SNIPPET]
                found.setdefault(
                    key(parent),
                    ProseClaim(
                        parent, Relation.QUANTIZED, Strength.LABEL, snippet, conversion=True
                    ),
                )
    return list(found.values()) if len(found) == 1 else []


def _sources(body: str, model_id: str, found: dict[str, ProseClaim]) -> None:
    """A converted card's "Source(s): [..](hub link)" line, when the source's name is in the
    repo's own name ("coreml-Heron" for "acme/Heron")."""
    own = key(model_id)
    own_name = key(model_id.rsplit("/", 1)[-1])
    for start, end in lines_holding(body, "ource"):
        m = _SOURCE.match(body, start, end)
        if m is None:
            continue
        parent = parse_reference(m["url"]).model_id
        if parent is None or key(parent) == own:
            continue
        name = key(parent.rsplit("/", 1)[-1])
        if len(name) < 3 or name not in own_name:
            continue
        snippet = f"{RULE} {' '.join(m.group(0).split())}"[:_SNIPPET]
        found.setdefault(
            key(parent),
            ProseClaim(parent, Relation.QUANTIZED, Strength.LABEL, snippet, conversion=True),
        )


def _sizes(model_id: str) -> frozenset[str]:
    """The parameter counts a repo name spells ("13b", "0.5b", "350m")."""
    return frozenset(_SIZE.findall(model_id.rsplit("/", 1)[-1].casefold()))


def _first_word(name: str) -> str:
    """The first word of a repo name, lower-cased ("llava" of "llava-v1.5-13b")."""
    m = _FIRST_WORD.match(name.casefold())
    return m.group(0) if m else ""

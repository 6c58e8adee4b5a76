"""Bare names (no org) in kinds of statement the phrase readers do not take.

Read only when no phrase of the card named a parent (as the fallback phrases are), each
kind gated by a substring test of words it needs, so a card without them pays one test:

- a training label whose value is a model's name with a size, a version or an acronym's
  capitals: "- Model used: Lark 7B", "Base model used: Lark-13B", "Pretrained model:
  Lark-2", "Base Model: 600M Heron Sigma", "**Model type:** AcmeAI 7B", or one ``ORG/NAME``
  or Hub URL and nothing else ("- Pretrained model used: lark-lab/lark-base"). Not a value
  of plain words ("Model type: decoder-only transformer"), a bare size, a link (read by the
  phrase readers), a hosted model, the card's own name.

The name is kept as written (the shared convention for names the card gives no Hub id);
`importers.card_resolve` lets an id the card writes for it stand in.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_names import _CLOSED_MODEL, name_words
from importers.prose_phrases import Strength
from importers.prose_scan import line_starts_matching
from lineage.core.ids import key, parse_reference
from lineage.core.records import Relation

# Labels a training section writes its start under; "model type" only with a sized value.
_LABEL_NEEDLES = ("model used", "pretrained model", "pre-trained model", "model type", "base model")
_LABEL = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+|\d+\.[ \t]+)?(?:\*\*|__)?"
    r"(?P<label>(?:base )?model used|pre-?trained model(?: used)?|base model|model type)"
    r"[ \t]*(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?[ \t]*(?P<value>[^\n]{1,60}?)"
    r"[ \t]*(?:\*\*|__)?[ \t]*\.?[ \t]*$",
    re.I | re.M,
)
# A size ("7B", "600M", "1.3b", "8x7B") or a version ("v2", "2.1") as one word of a name.
_SIZE = re.compile(r"(?:\d+x)?\d+(?:\.\d+)?[bBmM]")
_VERSION = re.compile(r"[vV]?\d+(?:\.\d+)*")
# Lower-case words a name may hold ("Lark 2 chat").
_NAME_TAILS = frozenset({"chat", "instruct", "base", "hf", "large", "small", "medium"})
_TWO_CAPITALS = re.compile(r"[A-Z]{2}|[a-z][A-Z]")


def bare_kind_claims(text: str, lower: str, model_id: str) -> list[tuple[int, ProseClaim]]:
    """Claims (with their positions) of the kinds above in a card's cleaned prose."""
    own = key(model_id.rsplit("/", 1)[-1])
    out: list[tuple[int, ProseClaim]] = []
    if any(n in lower for n in _LABEL_NEEDLES):
        # A label line holds one of the needles (its label, spelled with single spaces): only
        # such lines are tried, each at its start.
        for m in line_starts_matching(_LABEL, text, lower, _LABEL_NEEDLES):
            sized_only = m["label"].casefold().startswith("model type")
            name = (None if sized_only else _hub_value(m["value"])) or _label_value(
                m["value"], sized_only
            )
            if name and key(name) != own and key(name.replace(" ", "-")) != own:
                relation = None if "used" in m["label"].casefold() else Relation.FINETUNE
                out.append((m.start("value"), _claim(name, relation, m[0].strip())))
    return out


def _claim(
    name: str, relation: Relation | None, snippet: str, strength: Strength = Strength.LABEL
) -> ProseClaim:
    return ProseClaim(
        name, relation or Relation.FINETUNE, strength, snippet, inferred=relation is None
    )


def _hub_value(value: str) -> str | None:
    """A label's value that is one ``ORG/NAME`` or Hub URL and nothing else: its id."""
    value = value.strip("*_` \t")
    if "/" not in value or any(c in value for c in " []()<>|"):
        return None
    return parse_reference(value).model_id if "/" in value.split("://")[-1] else None


def _label_value(value: str, sized_only: bool) -> str | None:
    """The model's name a label's value is, as written, or None (plain words, an id, a link)."""
    value = value.strip("*_` \t")
    if not value or any(c in value for c in "/[]()<>|:") or _CLOSED_MODEL.match(value):
        return None
    words = value.split()
    if len(words) > 4:
        return None
    tokens = name_words(value)
    sized = any(_SIZE.fullmatch(t) for t in tokens)
    if not any(c.isalpha() for c in value.replace(" ", "")) or all(
        _SIZE.fullmatch(w) or _VERSION.fullmatch(w) for w in words
    ):
        return None
    for w in words:
        if not (
            _SIZE.fullmatch(w)
            or _VERSION.fullmatch(w)
            or w.casefold() in _NAME_TAILS
            or any(c.isdigit() for c in w)
            or w[0].isupper()
        ):
            return None  # a plain lower-case word: a description, no name
    if sized:
        return value
    if sized_only:
        return None
    versioned = any(_VERSION.fullmatch(t) for t in tokens[1:]) or any(
        ch.isdigit() for ch in tokens[0]
    )
    return value if versioned or _TWO_CAPITALS.search(value) else None

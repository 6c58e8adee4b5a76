"""Bare names (no org) in statements whose subject is this model.

Read where `importers.prose_tuned_names` is (only when no phrase named a parent), each kind
behind a substring test of the words it needs, and each looking at a few lines only:

- the object of a making said of this model: "As (the) base (model), we used (the latest)
  (Acme's) kite-chat (model)", and "We fine-tuned a multilingual (language) model (mHERON)
  on …" (a kind of model, its name in brackets). Not a hosted model, a plain word or a
  method, the card's own name, a comparison or a baseline on the line.

The name is kept as written (the shared convention for names the card gives no Hub id); the
claims are the weakest word on the start, as `importers.prose_tuned_names`'s are (its mark).
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_names import _CLOSED_MODEL, _FAMILIES
from importers.prose_phrases import Strength
from importers.prose_scan import line_matches
from importers.prose_tuned_names import _RIVAL, MARK
from lineage.core.ids import key
from lineage.core.records import Relation

_SNIPPET = 200
_TWO_CAPITALS = re.compile(r"[A-Z].*[A-Z]|[a-z][A-Z]")
_PLAIN = frozenset(
    "model models a an the this our my base large small fine-tuned finetuned transformer "  # noqa: SIM905
    "sentiment classifier classification ner qa summarization translation text image "
    "lora qlora dora peft dpo sft rlhf orpo".split()
)

# ---- the model this one was made from, named as the object of the making
# A name as prose writes it, perhaps with a size word after it ("Heron Large", "kite-chat").
_OBJECT = (
    r"(?P<name>[A-Za-z][A-Za-z0-9.]*(?:-[A-Za-z0-9.]+)*(?:[ \t]+(?:[Bb]ase|[Ll]arge|[Ss]mall))?)"
)
# "As base model, we used the latest Acme's kite-chat model."
_AS_BASE_WE_USED = re.compile(
    r"\b[Aa]s[ \t]+(?:the[ \t]+|our[ \t]+|a[ \t]+)?base(?:[ \t]+model)?[ \t]*,?[ \t]+(?:[Ww]e|I)[ \t]+"
    r"(?:have[ \t]+)?(?:used|use|chose|choose|took|selected|picked)[ \t]+(?:the[ \t]+)?"
    r"(?:(?:latest|original|newest|pre-?trained)[ \t]+)?(?:[A-Z][\w.-]*'s[ \t]+)?"
    rf"{_OBJECT}(?:[ \t]+model)?(?=[ \t]*[.,;]|[ \t]+(?:model|for|as|and|with)\b)",
)
# "We fine-tuned a multilingual language model (Wren-M) on …": a kind of model, its name
# in brackets.
_TUNED_A_KIND = re.compile(
    r"\b(?:[Ww]e|I)[ \t]+(?:have[ \t]+)?(?:fine[ \t-]?tuned|finetuned)[ \t]+an?[ \t]+"
    r"(?:[a-z][a-z-]*[ \t]+){0,3}model[ \t]+\((?P<name>[A-Za-z][A-Za-z0-9.-]*)\)"
    r"(?=[ \t]+(?:on|for|with|using)\b)",
)


def subject_name_claims(text: str, lower: str, model_id: str) -> list[tuple[int, ProseClaim]]:
    """Claims (with their positions) of the kinds above in a card's cleaned prose."""
    own = key(model_id.rsplit("/", 1)[-1])
    out: list[tuple[int, ProseClaim]] = []
    if "base" in lower and ("as base" in lower or "as the base" in lower or "as our base" in lower):
        for m in line_matches(_AS_BASE_WE_USED, text, lower, "base"):
            out += _object_claim(m, own)
    if "tuned a" in lower and "model (" in lower:
        for m in line_matches(_TUNED_A_KIND, text, lower, "model ("):
            out += _object_claim(m, own)
    return out


def _object_claim(m: re.Match[str], own: str) -> list[tuple[int, ProseClaim]]:
    """The claim for the object of a making, when it is a model's name (not a plain word,
    a hosted model or the card's own name) and the sentence compares nothing."""
    name = " ".join(m["name"].split())
    head = name.split()[0]
    if key(name) == own or key(name.replace(" ", "-")) == own or _CLOSED_MODEL.match(head):
        return []
    if _method(head) or not (
        "-" in head
        or _TWO_CAPITALS.search(head)
        or any(c.isdigit() for c in head)
        or head.casefold() in _FAMILIES
    ):
        return []
    line = m.string[m.string.rfind("\n", 0, m.start()) + 1 : m.end()]
    if _RIVAL.search(line):
        return []
    return [(m.start("name"), _claim(name, m[0]))]


def _method(head: str) -> bool:
    """A plain word or a method's name ("LoRA-Tuned", "DPO"), no model's."""
    parts = head.casefold().split("-")
    return head.casefold() in _PLAIN or parts[0] in _PLAIN or parts[-1].endswith("tuned")


def _claim(name: str, snippet: str) -> ProseClaim:
    return ProseClaim(
        name, Relation.FINETUNE, Strength.WEAK, (MARK + " ".join(snippet.split()))[:_SNIPPET]
    )

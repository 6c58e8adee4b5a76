"""The base of an image model's embedding, LoRA or hypernetwork, named bare.

Textual-inversion embeddings, LoRAs and hypernetworks of Stable Diffusion checkpoints name
the checkpoint they were trained on without a Hub id, in two kinds of statement:

- the training checkpoint: "trained with the *v2.1 768 ema pruned* model", "trained … on an
  Owl-v2-based model", "trained using the Heron 1.5 checkpoint" (a name with a digit, the
  noun "model" or "checkpoint" after it; not "trained on 512px images", "the same model",
  "the base model");
- the release it is made for, right after the kind of file: "Textual Inversion Embedding by
  Someone for SD 2.x", "a LoRA for Stable Diffusion 1.5", "Hypernetwork for SDXL" (the
  family Stable Diffusion with its release; a model recommended for use is no base). Read
  only when no training checkpoint is named (the checkpoint is the more exact telling).

Read only on a card that speaks of an embedding, LoRA or hypernetwork of an image model (its
words "embedding", "lora" or "hypernetwork" and the family's or the web UI's), only when
nothing else names a parent; names kept as written (the shared convention for bare names),
a weak claim, relation ``adapter``. Not in a sentence that compares or likens, nor in a
link's text ("[Download our embedding for SD 2.x](…)": another repo pointed to). Pure: text in,
claims out.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from lineage.core.records import Relation

IMAGE_ADAPTER_BASE = "[image-adapter-base]"
_SNIPPET = 200

# The kind of file (one of them must be in the card's lower-cased text).
_KINDS = ("embedding", "lora", "hypernetwork")
# An image model's card: the family's words, the web UI's or the method's (textual inversion).
_IMAGE_WORDS = (
    "stable diffusion",
    "stable-diffusion",
    "sdxl",
    "sd 1",
    "sd 2",
    "automatic1111",
    "textual inversion",
    "textual-inversion",
)

# "trained (…) with/on/using the v2.1 768 ema pruned model", "on an Owl-v2-based model".
_TRAINED_ON = re.compile(
    r"\btrained\b[^.\n]{0,80}?\b(?:on|with|using|from)[ \t]+(?:an?|the)[ \t]+[*_`]*"
    r"(?P<name>[\w][\w. +-]{0,40}?)[*_`]*(?:[ \t]*-?[ \t]*based)?[ \t]+(?:model|checkpoint)\b",
    re.I,
)
# "Embedding (by Someone) for SD 2.x", "a LoRA for Stable Diffusion 1.5", "for SDXL".
_SD_RELEASE = r"(?:SD|Stable[ -]Diffusion)[ -]?(?:XL\b|v?\d(?:\.(?:\d+|x))?(?![\w.]))|SDXL\b"
_MADE_FOR = re.compile(
    r"\b(?:embedding|lora|hypernetwork)s?\b(?:[ \t]+by[ \t]+[\w.-]+)?[ \t]+for[ \t]+"
    rf"(?:the[ \t]+)?(?P<name>{_SD_RELEASE})",
    re.I,
)
# A sentence that compares or likens names no base.
_COMPARES = re.compile(r"\b(?:compar\w*|than|versus|vs\.?|similar|like)\b", re.I)
# A name is one with a digit ("Owl-v2", "v2.1 768 ema pruned"); not a size of images.
_IMAGE_SIZE = re.compile(r"\d+[ \t]*(?:x[ \t]*\d+|px)\b", re.I)


def _in_link_text(body: str, start: int, m: re.Match[str]) -> bool:
    """Whether the match stands in a link's text ("[Download the embedding for SD 2.x](…)":
    another repo's file, pointed to)."""
    opened = body.rfind("[", start, m.start())
    return (
        opened >= 0
        and "]" not in body[opened : m.start()]
        and "](" in body[m.end() : m.end() + 200]
    )


def image_adapter_claims(body: str) -> list[ProseClaim]:
    """The bare base an image embedding's, LoRA's or hypernetwork's card names (see the
    module); nothing on any other card."""
    lower = body.lower()
    if not any(k in lower for k in _KINDS) or not any(w in lower for w in _IMAGE_WORDS):
        return []  # most cards: no pattern is run
    for needle, pattern in (("trained", _TRAINED_ON), (" for ", _MADE_FOR)):
        for start, end in lines_holding(lower, needle):
            for m in pattern.finditer(body, start, end):
                name = " ".join(m["name"].split()).strip(" .-")
                if not any(ch.isdigit() for ch in name) or _IMAGE_SIZE.search(name):
                    continue
                if _COMPARES.search(body, start, m.start()) or _in_link_text(body, start, m):
                    continue
                snippet = f"{IMAGE_ADAPTER_BASE} {' '.join(m.group(0).split())}"[:_SNIPPET]
                return [ProseClaim(name, Relation.ADAPTER, Strength.WEAK, snippet)]
    return []

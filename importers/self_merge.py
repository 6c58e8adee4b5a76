"""A model merged with itself: "interleaving the layers of [X](…) with itself", "a
frankenmerge of ORG/X with itself", "a [X](…) self-merge", "a self-merge of [X](…)".

The one model a passthrough self-merge stacks is its only input. The reference must
stand right before "with itself" / "self-merge" or right after "self-merge of"; not the
card's own id, and not in a sentence that only likens a method ("inspired by [Y](…), which
interleaves a model with itself": no reference stands at the words). Pure: text in,
claims out.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from lineage.core.ids import key
from lineage.core.records import Relation

RULE = "[self-merge]"
_SNIPPET = 200
_REF = (
    r"(?:\[[^\]\n]{1,160}\]\(<?(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/"
    r"(?P<{g}l>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)/?>?\)"
    r"|(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/(?P<{g}u>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9])"
    r"|(?<![\w./@:-])(?P<{g}i>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9]))"
)
_MARKUP = r"[*_`\s]{0,6}"
_BEFORE = re.compile(
    _MARKUP
    + _REF.replace("{g}", "a")
    + _MARKUP
    + r"[ \t]+(?:with[ \t]+itself\b|self[- ]merged?\b)",
    re.I,
)
_AFTER = re.compile(
    r"\bself[- ]merge[ \t]+of[ \t]+(?:the[ \t]+)?" + _MARKUP + _REF.replace("{g}", "b"), re.I
)
# A method likened, not this model's recipe.
_LIKENED = re.compile(r"inspired|\blike\b|similar|same (?:method|way|recipe)|unlike|compar", re.I)
_NOT_MODELS = frozenset({"datasets", "spaces", "docs", "blog", "papers", "collections"})
_SENTENCE_END = re.compile(r"[.!?](?:\s|\Z)|\n")


def self_merge_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The model a self-merge sentence stacks on itself (see the module's docstring)."""
    # Each of the words holds "elf": one search on most cards instead of three.
    if "elf" not in body or (
        "itself" not in body and "elf-merge" not in body and "elf merge" not in body
    ):
        return []  # most cards: no pattern is run
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    for pattern, group in ((_BEFORE, "a"), (_AFTER, "b")):
        for m in pattern.finditer(body):
            ref = m[group + "l"] or m[group + "u"] or m[group + "i"]
            if ref.split("/", 1)[0].casefold() in _NOT_MODELS or key(ref) == own:
                continue
            start = sentence_start(body, m.start())
            if _LIKENED.search(body, start, m.start() + 1) or _LIKENED.search(m[0]):
                continue
            snippet = f"{RULE} {' '.join(m[0].split())}"[:_SNIPPET]
            found.setdefault(key(ref), ProseClaim(ref, Relation.MERGE, Strength.STRONG, snippet))
    return list(found.values()) if len(found) == 1 else []


def sentence_start(body: str, at: int) -> int:
    """Where the sentence holding ``at`` begins (looking back at most 300 characters)."""
    starts = [m.end() for m in _SENTENCE_END.finditer(body, max(0, at - 300), at)]
    return starts[-1] if starts else max(0, at - 300)

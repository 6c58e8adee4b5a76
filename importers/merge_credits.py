"""Merge inputs a merge card credits by their Hub links, in two kinds of statement the
phrase readers leave:

* `composed_link_claims`: linked models a sentence says the model is built of with a verb
  of composition, "powered by", "augmented by / with", "enhanced by / with", "infused
  with", "boosted by" ("Its core is powered by [Ash](…/acme/ash-7b), further augmented by
  [Wren](…/acme/wren-7b) and a lightly distilled [Oak LoRA](…/kin/oak-lora)"): every Hub
  model link from the verb to the sentence's end.
* `reference_line_claims`: reference lines "Name; URL" / "Name - URL" (one Hub model page
  each, notes in brackets between them) under a lead-in line that ends with a colon and
  speaks of merging, itself or the line before it ("All models merged into this one
  include the following:").

Not datasets, Spaces or files; not a sentence that compares, thanks or speaks of
quantizations, demos, formats, "our other model" or a draft model (speculative decoding),
nor a lead-in pointing to other merges ("Try my newer merge:"); not the card's own id; not in code. Read only on cards
that say "erge" (`importers.card`). Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from importers.references import code_spans
from importers.self_merge import sentence_start
from lineage.core.ids import key
from lineage.core.records import Relation

COMPOSED_LINKS = "[composed-links]"
REFERENCE_LINES = "[merge-reference-lines]"
_SNIPPET = 200

# A Hub model page in a link's target or written out (no dataset, Space or file in a repo).
_HUB = r"(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/"
_ID = r"(?!datasets/|spaces/)(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9])"
_LINK = re.compile(rf"\]\(<?{_HUB}{_ID}/?(?:#[^)\s]*)?>?\)")

# Each verb's stem before "ed by [" / "ed with [" (the needles the card is searched for).
_STEMS = ("power", "augment", "enhanc", "infus", "boost")
_NEEDLES = ("ed by [", "ed with [")
_NOT_INPUTS = re.compile(
    r"compar|outperform|\bthan\b|\bvs\.?|versus|similar|\blike\b|thank|credit|quantiz|"
    r"\bgguf\b|\bdemo\b|\bspace\b|\bapp\b|inference|endpoint|dataset|prompt|format|tokeniz|"
    r"judge|evaluat|\bother[ \t]+models?\b|draft[ \t]+model|speculative",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


def composed_link_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The linked models a "powered by / augmented by" sentence names (see the module)."""
    hits = [at for n in _NEEDLES for at in _needle_hits(body, n)]
    if not hits:
        return []  # most cards: no pattern is run
    own = _own_keys(model_id)
    spans = code_spans(body)
    found: dict[str, ProseClaim] = {}
    read_to = -1  # the end of the sentence read last: its later verbs add nothing
    for at in sorted(hits):
        if at < read_to or any(a <= at < b for a, b in spans):
            continue
        first = sentence_start(body, at)
        m_end = _SENTENCE_END.search(body, at)
        stop = read_to = m_end.start() if m_end else len(body)
        if _NOT_INPUTS.search(_plain(body[first:stop])):
            continue
        snippet = f"{COMPOSED_LINKS} {' '.join(body[first:stop].split())}"[:_SNIPPET]
        for m in _LINK.finditer(body, at, stop):
            _add(found, m["id"], own, snippet)
    return list(found.values())


def _needle_hits(body: str, needle: str) -> list[int]:
    out: list[int] = []
    at = body.find(needle)
    while at >= 0:
        if body.endswith(_STEMS, 0, at):
            out.append(at)
        at = body.find(needle, at + 1)
    return out


# "Name; URL", "Name - URL", "* Name – <URL>": one Hub model page, nothing after it.
_REFERENCE = re.compile(
    rf"^[ \t]*(?:[*+-][ \t]+)?(?P<name>[^\s;|\[\]()<>:][^\n;|\[\]()<>]{{0,60}}?)[ \t]*"
    rf"(?:;|[ \t][-–—])[ \t]*<?{_HUB}{_ID}/?>?[ \t]*$",
    re.M,
)
_REFERENCE_NEEDLES = ("; http", "; hf.co", "; huggingface.co", " - http", " – http", " — http")
# Names that label a child or a file, not an input ("GGUF - https://…").
_NOT_NAMES = re.compile(
    r"gguf|gptq|awq|exl2|\bmlx\b|quant|\bbits?\b|\bbpw\b|onnx|version|original|base|demo|"
    r"space|dataset|paper|github|discord|\bkofi\b|patreon",
    re.I,
)
_MERGE_WORDS = re.compile(r"merg|blend|\bmix|ensemble|ingredient", re.I)
# A lead-in pointing to other merges ("Try my newer merge:", "Check out the latest …").
_LEAD_NOT = re.compile(
    r"quantiz|\bgguf\b|compar|\bother\b|previous|thank|dataset|newer|\blatest\b|"
    r"check[ \t]+out|\btry\b",
    re.I,
)
_LOOK_BACK = 12  # lines between the lead-in and a reference line (notes, other references)


def reference_line_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The Hub ids of reference lines under a merge lead-in (see the module's docstring)."""
    starts = sorted({a for n in _REFERENCE_NEEDLES for a, _ in lines_holding(body, n)})
    if not starts:
        return []  # most cards: no pattern is run
    own = _own_keys(model_id)
    spans = code_spans(body)
    found: dict[str, ProseClaim] = {}
    for at in starts:
        m = _REFERENCE.match(body, at, _line_end(body, at))
        if m is None or _NOT_NAMES.search(m["name"]) or any(a <= at < b for a, b in spans):
            continue
        lead = _lead_in(body, at)
        if lead is None:
            continue
        snippet = f"{REFERENCE_LINES} {lead} {m.group(0).strip()}"[:_SNIPPET]
        _add(found, m["id"], own, snippet)
    return list(found.values())


def _line_end(body: str, at: int) -> int:
    end = body.find("\n", at)
    return end if end >= 0 else len(body)


def _lead_in(body: str, at: int) -> str | None:
    """The lead-in of the reference line starting at ``at``: the first line above it that is
    no blank, no bracketed note and no other reference line; when it ends with a colon and
    it or the line before it speaks of merging (and neither of other things), else None."""
    end = at - 1
    for _ in range(_LOOK_BACK):
        if end < 0:
            return None
        start = body.rfind("\n", 0, end) + 1
        text = body[start:end].strip()
        if not text or (text.startswith("[") and text.endswith("]")):
            end = start - 1
            continue
        if _REFERENCE.match(body, start, end):
            end = start - 1
            continue
        if not text.endswith(":"):
            return None
        before = body[body.rfind("\n", 0, max(0, start - 1)) + 1 : max(0, start - 1)].strip()
        words = f"{before} {text}"
        if not _MERGE_WORDS.search(words) or _LEAD_NOT.search(words):
            return None
        return text
    return None


def _add(found: dict[str, ProseClaim], ref: str, own: set[str], snippet: str) -> None:
    k = key(ref)
    if k in own or key(ref.rsplit("/", 1)[-1]) in own or k in found:
        return
    found[k] = ProseClaim(ref, Relation.MERGE, Strength.STRONG, snippet)


def _plain(text: str) -> str:
    """``text`` without its links' targets (a URL's words are no words of the sentence)."""
    return re.sub(r"\]\([^)\s]*\)", "]", text)


def _own_keys(model_id: str) -> set[str]:
    return {key(model_id), key(model_id.rsplit("/", 1)[-1])}

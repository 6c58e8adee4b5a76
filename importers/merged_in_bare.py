"""Merge inputs the verb "merged" puts into this model, named as the author calls them
(often in lower case): the object between "merged" and "in" / "into it" ("and merged
holodeck in for better stories", "I also merged limarp back into it"), and the subject of
"has / with X merged (back) into it" ("this one has 30% of Wren-L2 merged back into it"),
and the name a line opens with when it is "merged in at" a weight ("Wren-L2 merged in at a
~25% weight at the end").

The verb's grammar decides, not the name's shape: one to three words, the first no
determiner, pronoun or common noun ("merged the weights in", "merged it into",
"merged everything in", "merged the lora into the base" name nothing). "into" only
with this model as its object ("it", "this", "this model", "the model", "the mix");
"in" only at the end of its clause ("in for …", "in, …", "in."), not "in the style of".
Not a sentence that compares, likens or speaks of quantizations; not in code; not the
card's own name. Names are kept as written (the shared convention for names the card
gives no Hub id). Pure: text in, claims out.
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

MERGED_IN_BARE = "[merged-in-bare]"
_SNIPPET = 200

_WORD = r"[A-Za-z0-9][\w.'+-]*"
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{0,2}}?"
# This model as the object of "into"; "in" ending its clause.
_INTO = r"into[ \t]+(?:it|this(?:[ \t]+(?:one|model|merge))?|the[ \t]+(?:model|mix|merge))\b"
_IN = r"in(?=[ \t]*(?:[.,;:!?)]|$|\n|[ \t]+(?:for|to|as|and|again|too|once|at|with)\b))"
_MERGED_IN = re.compile(
    rf"\bmerged[ \t]+(?P<obj>{_NAME})[ \t]+(?:back[ \t]+)?(?:{_INTO}|{_IN})"
    rf"|\b(?:has|have|had|with)[ \t]+(?:(?:about|some|a[ \t]+bit[ \t]+of|\d+(?:\.\d+)?[ \t]*%"
    rf"[ \t]+of)[ \t]+)?(?P<subj>{_NAME})[ \t]+merged[ \t]+(?:back[ \t]+)?{_INTO}"
)
# A line that opens with the name merged in at a weight: "Wren-L2 merged in at a ~25% weight".
_LEAD_IN_AT = re.compile(
    rf"[ \t]*(?:[*+-][ \t]+)?(?P<lead>{_NAME})[ \t]+(?:(?:was|is)[ \t]+)?merged[ \t]+"
    r"(?:back[ \t]+)?in[ \t]+at[ \t]+(?:a[ \t]+|about[ \t]+)?~?[ \t]*(?:0?\.\d|\d{1,3}[ \t]*%)"
)
# First words that name no model.
_NOT_FIRST = frozenset(
    """the a an it its them this that these those my our your their his her some all both
    each every everything something anything nothing more most other others several
    weights weight layers layer lora loras qlora adapter adapters model models merge merges
    back together successfully again also then just only finally later everything's
    is was were be been being has have had in into with and or but to of for by at on
    i we you he she they one two three""".split()  # noqa: SIM905
)
# A version or a size alone names no model the card can be linked to ("v2", "1.5", "7B").
_VERSION_ONLY = re.compile(r"[vV]?\d+(?:\.\d+)*[bBmM]?")
_NOT_INPUTS = re.compile(
    r"compar|\bthan\b|\bvs\.?|versus|similar|\blike\b|unlike|quantiz|\bgguf\b|\bcan\b|"
    r"\bcould\b|\bwould\b|\bshould\b|\bif\b|\bhow\b|tutorial|guide",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


def merged_in_bare_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The names "merged X in" / "has X merged back into it" puts into this model."""
    lines = list(lines_holding(body, "merged "))
    if not lines:
        return []
    own = {key(model_id), key(model_id.rsplit("/", 1)[-1])}
    spans: list[tuple[int, int]] | None = None
    found: dict[str, ProseClaim] = {}
    for start, end in lines:
        if " in" not in body[start:end]:
            continue  # neither "in" nor "into" on the line: no pattern is run
        lead = _LEAD_IN_AT.match(body, start, end)
        for m in [lead] if lead else _MERGED_IN.finditer(body, start, end):
            said = m["lead"] if m.re is _LEAD_IN_AT else m["obj"] or m["subj"]
            name = " ".join(said.split()).rstrip(".'-")
            if not name or name.split()[0].casefold() in _NOT_FIRST or key(name) in own:
                continue
            if any(w.casefold() in _NOT_FIRST for w in name.split()[1:]):
                continue  # "merged Wren and Oak in": a list, not one name
            if _VERSION_ONLY.fullmatch(name):
                continue  # "merged v2 back into it": this model's own earlier version
            if spans is None:
                spans = code_spans(body)
            if any(a <= m.start() < b for a, b in spans):
                continue
            first = sentence_start(body, m.start())
            stop_m = _SENTENCE_END.search(body, m.end())
            stop = stop_m.start() if stop_m else len(body)
            if _NOT_INPUTS.search(body, first, stop):
                continue
            fuller = _fuller_spellings(body, name)
            if len(fuller) > 1:
                continue  # "MythX" on a card writing MythX-L2-13b and MythX-13b: which one?
            name = fuller.pop() if fuller else name
            snippet = f"{MERGED_IN_BARE} {' '.join(body[first:stop].split())}"[:_SNIPPET]
            found.setdefault(key(name), ProseClaim(name, Relation.MERGE, Strength.STRONG, snippet))
    return list(found.values())


def _fuller_spellings(body: str, name: str) -> set[str]:
    """The longer names the card writes that start with ``name`` and a hyphen and end in a
    size or version ("Wren-L2-13b" for "Wren"), by their keys."""
    pattern = rf"(?<![\w/.-]){re.escape(name)}-[\w.-]*\d[\w.]*(?![\w/-])"
    found = {
        key(m.group(0).rstrip(".")): m.group(0).rstrip(".")
        for m in re.finditer(pattern, body, re.I)
    }
    return set(found.values())

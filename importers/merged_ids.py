"""A line that opens with Hub ids set in bold or code, joined as a list, before the verb
"merged" (a method's name may stand between): "**orgA/Wren-34B** and **orgB/Lark-34B** ties
merged with mergekit", "`orgA/Wren-7B`, `orgB/Lark-7B` and `orgC/Owl-7B` were merged …".

Each id of the list is an input of this merge. Ids only, each marked (the marks say where the
list's names end); not a line that says they can, could, will or were not merged, nor one in
a sentence that compares, likens or speaks of quantizations. Read only on lines holding
" merged" that open with a mark. Pure: text in, claims out.
"""

from __future__ import annotations

import re

from importers.prose_claims import ProseClaim
from importers.prose_phrases import Strength
from importers.prose_scan import lines_holding
from lineage.core.ids import key
from lineage.core.records import Relation

RULE = "[merged-ids]"
_SNIPPET = 200
_ID = r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9]"
_MARKED = rf"(?:\*\*{_ID}\*\*|__{_ID}__|`{_ID}`|\*{_ID}\*)"
_SEP = r"[ \t]*(?:,[ \t]*(?:and[ \t]+|&[ \t]*)?|&|[ \t]and[ \t]|\+)[ \t]*"
_LINE = re.compile(
    rf"[ \t]*(?:[-*+][ \t]+)?(?P<items>{_MARKED}(?:{_SEP}{_MARKED})+)[ \t]+"
    r"(?:(?:were|are|was|got)[ \t]+)?(?P<how>(?:[A-Za-z][\w-]*[ \t]+){0,2}?)merged\b"
)
_ITEM = re.compile(_ID)
_NOT_MERGED = re.compile(
    r"\b(?:can|could|will|would|should|may|might|not|never|be|been|once|later)\b", re.I
)
_NOT_INPUTS = re.compile(
    r"compar|\blike\b|similar|unlike|\bthan\b|\bvs\b|versus|quantiz|\bgguf\b|inspired", re.I
)


def merged_id_claims(body: str, model_id: str) -> list[ProseClaim]:
    """The marked Hub ids a line lists before "merged" (see the module)."""
    own = key(model_id)
    found: dict[str, ProseClaim] = {}
    for start, end in lines_holding(body, " merged"):
        head = body[start : start + 12].lstrip(" \t-+")
        if not head.startswith(("*", "`", "_")):
            continue  # most lines: no mark opens them
        m = _LINE.match(body, start, end)
        if not m or _NOT_MERGED.search(m["how"]) or _NOT_INPUTS.search(body, start, end):
            continue
        snippet = f"{RULE} {' '.join(body[start:end].split())}"[:_SNIPPET]
        for item in _ITEM.finditer(m["items"]):
            parent = item.group(0)
            if key(parent) != own and key(parent) not in found:
                found[key(parent)] = ProseClaim(parent, Relation.MERGE, Strength.STRONG, snippet)
    return list(found.values())

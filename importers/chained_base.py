"""A base named as the grandparent in a chain: "The Heron model is trained from Lark with
synthetic data, and the fast model is further fine-tuned from it."

The sentence names two steps: Heron made from Lark, then this model made from "it" (Heron).
A claim for the first step's source (Lark) is this model's grandparent: the claim is moved to
the first step's model, kept as written ("Heron"). Read only when a claim names the source
and the card says "from it" (a plain substring test first); the first step must be "The X
model is/was trained/fine-tuned/initialised from Y", the second, in the same sentence,
"and the (…) model is/was (further) fine-tuned/trained/distilled from it".
"""

from __future__ import annotations

import re
from dataclasses import replace

from importers.prose_claims import ProseClaim, ProseFindings
from lineage.core.ids import key

MARK = "[chained-base] "
_NAME = r"[A-Z][\w.+-]*(?:[ \t]+[A-Z0-9][\w.+-]*){0,3}"
_MADE = r"(?:fine[ \t-]?tuned|finetuned|trained|initiali[sz]ed|distilled|derived)"
_CHAIN = re.compile(
    rf"\b[Tt]he[ \t]+(?P<base>{_NAME})[ \t]+model[ \t]+(?:is|was)[ \t]+{_MADE}[ \t]+from[ \t]+"
    rf"(?:the[ \t]+)?(?P<source>{_NAME})(?:[ \t]+model)?[^.,;\n]{{0,80}},?[ \t]+and[ \t]+"
    rf"(?:the|this)[ \t]+(?:[\w-]+[ \t]+){{0,2}}?model[ \t]+(?:is|was)[ \t]+"
    rf"(?:further[ \t]+|then[ \t]+)?{_MADE}[ \t]+from[ \t]+it\b"
)


def chained_base(findings: ProseFindings, body: str) -> ProseFindings:
    """The claims with a grandparent of a "from it" chain moved to the chain's middle model."""
    if "from it" not in body:
        return findings
    moves: dict[str, tuple[str, str]] = {}
    for line_start, line_end in _lines_with(body, "from it"):
        for m in _CHAIN.finditer(body, line_start, line_end):
            if key(m["base"].replace(" ", "-")) != key(m["source"].replace(" ", "-")):
                moves[key(m["source"].replace(" ", "-"))] = (m["base"], m[0])
    if not moves:
        return findings
    out: list[ProseClaim] = []
    for c in findings.claims:
        k = key(c.parent.replace(" ", "-"))
        if "/" not in c.parent and k in moves:
            base, said = moves[k]
            out.append(replace(c, parent=base, snippet=(MARK + " ".join(said.split()))[:200]))
        else:
            out.append(c)
    return replace(findings, claims=out)


def _lines_with(text: str, needle: str) -> list[tuple[int, int]]:
    """The (start, end) of each line holding ``needle``, once each."""
    out: list[tuple[int, int]] = []
    at = text.find(needle)
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if not out or out[-1][0] != start:
            out.append((start, end))
        at = text.find(needle, end)
    return out

"""Lineage told in a section about the base: "## Base model description", "## About the
original model". The section describes the model this one starts from; what it says that
model was made from ("a distilled version of Y") is the base's own lineage, a grand-parent.

A claim read under such a heading is dropped only when another claim is read outside
such sections (the card names its own start elsewhere): a card whose only lineage is under
the heading keeps it. Pure: findings and text in, findings out.
"""

from __future__ import annotations

import re
from dataclasses import replace

from importers.prose import ProseClaim, ProseFindings

# A heading that describes the base: a description noun after "base model", or "about the
# base model". ("## Base model" alone heads the line that names the base: not matched.)
_BASE_HEADING = re.compile(
    r"#{1,6}[ \t]*[*_]{0,2}[ \t]*(?:about[ \t]+(?:the[ \t]+)?)?"
    r"(?:base|original|parent|underlying)[ \t]+model(?:'s)?"
    r"(?P<noun>[ \t]+(?:description|details|info(?:rmation)?|overview|summary))?[ \t:*_]*$",
    re.I,
)
# A card must hold one of these before any claim's heading is looked up.
_GATE = ("ase model", "ase Model", "riginal model", "riginal Model", "arent model", "nderlying")


def base_section_lineage(findings: ProseFindings, body: str) -> ProseFindings:
    """The findings without the claims read in a section that describes the base."""
    if len(findings.claims) < 2 or not any(g in body for g in _GATE):
        return findings  # most cards
    under = [c for c in findings.claims if _under_base_heading(body, c)]
    if not under or len(under) == len(findings.claims):
        return findings
    held = {c.parent.lower() for c in findings.claims if c not in under}
    dropped = [c for c in under if c.parent.lower() not in held]
    if not dropped:
        return findings
    return replace(findings, claims=[c for c in findings.claims if c not in dropped])


def _under_base_heading(body: str, claim: ProseClaim) -> bool:
    at = body.find(claim.snippet)
    if at < 0:
        return False
    start = body.rfind("\n#", 0, at)
    if start < 0:
        return False
    end = body.find("\n", start + 1)
    heading = _BASE_HEADING.fullmatch(body[start + 1 : end].strip())
    if heading is None:
        return False
    return heading["noun"] is not None or heading.group(0).lower().lstrip("#* _").startswith(
        "about"
    )

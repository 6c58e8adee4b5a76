"""A Hub copy's card: the text of the repo ``duplicated_from`` names, copied with its weights.

The Hub writes ``duplicated_from: X`` when a repo is duplicated; the card then is X's own
(it names X as itself: ``model_id = "X"``, links to X's files). What that text says X was
made from ("initialized with the weights of Y") is X's lineage, a grand-parent of the
copy, not this repo's. Only when the YAML declares no ``base_model`` (a declared base is
the author's own word) and the text spells X's id (the copied card's own words).

Pure: record, value and text in; the record's prose claims filtered.
"""

from __future__ import annotations

from importers.references import reference
from lineage.core.ids import key
from lineage.core.records import EvidenceKind, SourceRecord, Unresolved

_PROSE = EvidenceKind.CARD_PROSE
_WHY = "named in the text of the card this repo copies (duplicated_from): the original's lineage"


def without_copied_lineage(record: SourceRecord, value: object, body: str) -> None:
    """Drop the prose parents of a duplicated repo whose card is its original's text."""
    if not isinstance(value, str) or not any(c.kind is _PROSE for c in record.claims):
        return
    if any(c.kind is not _PROSE for c in record.claims):
        return  # base_model declared: the author's word stands beside the copied text
    original = reference(value).model_id
    if original is None or key(original) == key(record.model_id):
        return
    if original.lower() not in body.lower():
        return  # the text is not the original's own (it never names it)
    kept = []
    for c in record.claims:
        if c.kind is _PROSE and key(c.parent) != key(original):
            record.unresolved.append(Unresolved(c.parent, _PROSE, _WHY))
        else:
            kept.append(c)
    record.claims = kept

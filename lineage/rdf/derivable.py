"""What a source says that another statement of its graph already says: not written.

Each stored quad costs the embedded loader ≈ 13 µs (docs/benchmarks.md). A Hub tag that
restates a typed fact of the same source (its library, pipeline tag, a language,
``license:…``, ``dataset:…``, ``base_model:[RELATION:]…``) and a source kind that its name
already gives (``card:…`` is a card) are left out; docs/vocabulary.md gives the queries
that ask for them, and `lineage.rdf.reverse` reads the kind back.
"""

from __future__ import annotations

from lineage.core.records import SourceRecord

# A source name's prefix and the kind it implies, where they differ (``hub:ORG/NAME`` is a
# Hub API row); any other prefix is its own kind.
PREFIX_KIND = {"hub": "hub-api"}


def implied_kind(source: str) -> str:
    """The source kind a source name implies: its prefix, or the kind `PREFIX_KIND` names."""
    prefix = source.partition(":")[0]
    return PREFIX_KIND.get(prefix, prefix)


def restated_tags(rec: SourceRecord) -> set[str]:
    """The tags that would restate a typed fact of the record, spelled as the Hub spells them."""
    said = {t for t in (rec.library, rec.pipeline_tag) if t}
    said.update(rec.languages)
    if rec.license:
        said.add("license:" + rec.license)
    said.update(["dataset:" + ds for ds in rec.datasets])
    for c in rec.claims:
        said.add("base_model:" + c.parent)
        said.add(f"base_model:{c.relation.value}:{c.parent}")
    return said


def own_tags(rec: SourceRecord) -> list[str]:
    """The record's tags that no typed fact of the same record restates (exact text)."""
    tags = rec.tags
    if not tags:
        return tags
    said = {t for t in (rec.library, rec.pipeline_tag) if t}
    said.update(rec.languages)
    # Structured tags are rare: most records skip building their spellings.
    if any(":" in t for t in tags):
        said = restated_tags(rec)
    return [t for t in tags if t not in said]


__all__ = ["PREFIX_KIND", "implied_kind", "own_tags", "restated_tags"]

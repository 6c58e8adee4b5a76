"""What an import did: one summary shape for every kind of source, for people and machines."""

from __future__ import annotations

from dataclasses import dataclass, field

from lineage.core.records import SourceFailure


@dataclass(slots=True)
class ImportSummary:
    """What an import did, for people and for machines."""

    files_read: int = 0
    sources: int = 0
    models: set[str] = field(default_factory=set)
    edges: int = 0
    unresolved: int = 0
    failures: list[SourceFailure] = field(default_factory=list)
    warnings: list[SourceFailure] = field(default_factory=list)
    seconds: float = 0.0
    # Models counted without keeping their ids (dumps: the set would grow with the dump).
    models_counted: int = 0
    # Sources by what the import did to them (`lineage.ingest.incremental`): written and
    # not stored before, written over a stored one, skipped as stored, removed (--prune).
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "files_read": self.files_read,
            "sources": self.sources,
            "models": len(self.models) + self.models_counted,
            "edges": self.edges,
            "unresolved": self.unresolved,
            "errors": [{"path": f.location, "reason": f.reason} for f in self.failures],
            "warnings": [{"path": w.location, "reason": w.reason} for w in self.warnings],
            "seconds": round(self.seconds, 3),
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "removed": self.removed,
        }

    def changes(self) -> str:
        """``N new, N changed, N unchanged, N removed`` (sources), for people."""
        return (
            f"{self.new:,} new, {self.changed:,} changed, {self.unchanged:,} unchanged, "
            f"{self.removed:,} removed"
        )


@dataclass(slots=True)
class DumpSummary(ImportSummary):
    """`ImportSummary` of a dump import; ``rows`` counts rows read, good or bad.

    No set of model ids is kept (it would grow with the dump): ``models`` in
    the JSON is the number of good rows.
    """

    rows: int = 0

    def to_json(self) -> dict[str, object]:
        data = ImportSummary.to_json(self)
        data["rows"] = self.rows
        data["models"] = self.rows - len(self.failures)
        return data


def merge(into: ImportSummary, other: ImportSummary) -> None:
    """Add another summary's counts and messages to ``into``."""
    into.files_read += other.files_read
    into.sources += other.sources
    into.models |= other.models
    into.models_counted += other.models_counted
    into.edges += other.edges
    into.unresolved += other.unresolved
    into.failures.extend(other.failures)
    into.warnings.extend(other.warnings)
    into.seconds += other.seconds
    into.new += other.new
    into.changed += other.changed
    into.unchanged += other.unchanged
    into.removed += other.removed


__all__ = ["DumpSummary", "ImportSummary", "merge"]

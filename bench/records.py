"""Synthetic Hub models as source records (their ground truth, as a card would state it).

Store benchmarks use these to measure writing and querying without measuring parsing.
"""

from __future__ import annotations

from collections.abc import Iterator

from bench.synth import generate
from lineage.core.records import Claim, EvidenceKind, Relation, SourceRecord, confidence_for


def synth_records(n_models: int, seed: int = 7) -> Iterator[SourceRecord]:
    """One card record per synthetic model."""
    for m in generate(n_models, seed):
        claims = [
            Claim(
                parent=p.id,
                relation=Relation(p.relation),
                kind=EvidenceKind.CARD_YAML,
                confidence=confidence_for(EvidenceKind.CARD_YAML, False),
            )
            for p in m.parents
        ]
        yield SourceRecord(
            model_id=m.id,
            source=f"card:{m.id}",
            location=f"synthetic/{m.id}/README.md",
            claims=claims,
            license=m.license,
            license_name=m.license_name,
            datasets=list(m.datasets),
            library=m.library_name,
            pipeline_tag=m.pipeline_tag,
            tags=m.tags[:8],
        )

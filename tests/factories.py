"""Tiny hand-built records for store and query tests."""

from __future__ import annotations

from lineage.core.records import (
    Claim,
    EvidenceKind,
    Relation,
    SourceRecord,
    Unresolved,
    confidence_for,
)


def claim(
    parent: str,
    relation: str = "finetune",
    kind: str = "card-yaml",
    inferred: bool = False,
    value: str | None = None,
) -> Claim:
    ek = EvidenceKind(kind)
    return Claim(
        parent=parent,
        relation=Relation(relation),
        kind=ek,
        confidence=confidence_for(ek, inferred),
        relation_inferred=inferred,
        value=value,
    )


def rec(
    model: str,
    *claims: Claim,
    source: str | None = None,
    license: str | None = None,
    datasets: list[str] | None = None,
    describes: bool = True,
    unresolved: list[Unresolved] | None = None,
) -> SourceRecord:
    return SourceRecord(
        model_id=model,
        source=source or f"card:{model}",
        location=f"/cards/{model}/README.md",
        claims=list(claims),
        license=license,
        datasets=datasets or [],
        describes_model=describes,
        unresolved=unresolved or [],
    )


def family() -> list[SourceRecord]:
    """A small DeepSeek-like family with a merge, a cycle-free DAG and a placeholder."""
    return [
        rec("org/Base", license="mit"),
        rec("org/Chat", claim("org/Base"), license="mit"),
        rec("org/Reasoner", claim("org/Base"), license="mit"),
        rec("other/Small", license="apache-2.0"),
        rec(
            "org/Distill-Small",
            claim("org/Reasoner", "distillation", "card-prose"),
            claim("other/Small"),
            license="mit",
            datasets=["org/reasoning-traces"],
        ),
        rec("q/Distill-Small-GGUF", claim("org/Distill-Small", "quantized", inferred=True)),
        rec("q2/Distill-Small-GGUF", claim("ORG/distill-small", "quantized")),
        rec("a/lora", claim("org/Distill-Small", "adapter")),
        rec("m/merge", claim("org/Distill-Small", "merge"), claim("org/Chat", "merge")),
        rec("p/child-of-ghost", claim("ghost/Unknown-Base")),
    ]

"""Tiny hand-built records for store and query tests."""

from __future__ import annotations

import random

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


def random_batch(rng: random.Random, models: list[str]) -> list[SourceRecord]:
    """One to three records about random ``models``: random parents, relations, kinds,
    sources (a config file does not describe its model), licences and dataset spellings."""
    kinds = ["card-yaml", "card-prose", "hub-api", "config-json"]
    relations = ["finetune", "adapter", "quantized", "merge"]
    batch = []
    for _ in range(rng.randint(1, 3)):
        child = rng.choice(models)
        parents = rng.sample([m for m in models if m != child], rng.randint(0, 2))
        claims = [claim(p, rng.choice(relations), rng.choice(kinds), rng.random() < 0.3)
                  for p in parents]  # fmt: skip
        source = rng.choice([f"card:{child}", f"hub:{child}", f"config:{child}/config.json"])
        batch.append(rec(child, *claims, source=source, license=rng.choice(["mit", None]),
                         datasets=rng.sample(["a/d", "b/d", "A/D"], rng.randint(0, 2)),
                         describes=not source.startswith("config")))  # fmt: skip
    return batch

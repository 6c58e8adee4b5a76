"""Why does the graph say that CHILD derives from PARENT? Every piece of evidence, both ways.

`explain` gathers, over the store protocol only: the claims for the edge (each with its
source, kind, relation, confidence, whether inferred, the text it was read from and where),
the claims that name another relation for the same pair (conflicts), the child's other
parents per source, the child's unresolved references that look like the parent, the
parent's ``new_version`` pointing at the child, a reversed edge (a cycle) and the fused
verdict the store computes (relation of the strongest claim, noisy-or confidence, conflict).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from lineage.core.graph import Edge, Evidence, Node
from lineage.core.ids import key
from lineage.stores.base import LineageStore, require_node

# What each kind of evidence is, in one line (shown beside each claim).
RULES: dict[str, str] = {
    "card-yaml": "named in the card's YAML front matter (base_model and its relation)",
    "card-prose": "read from a sentence of the card's prose",
    "adapter-config": "the base model of a PEFT adapter_config.json",
    "mergekit-config": "an input model of a mergekit configuration",
    "config-json": "config.json's _name_or_path (relation inferred)",
    "gguf": "a GGUF header's general.* metadata",
    "modelfile": "the FROM line of an Ollama Modelfile",
    "hub-api": "the Hub's model info (cardData.base_model)",
}
# "field: text" as readers write a claim's value (``_name_or_path: org/x (LlamaForCausalLM)``).
_FIELD = re.compile(r"^([A-Za-z_][\w.\-\[\]]{0,60}): (.+)$", re.S)
_SEGMENTS = re.compile(r"[/\\]+")


@dataclass(slots=True)
class Explanation:
    """Everything the graph holds for and against ``child`` deriving from ``parent``."""

    child: Node
    parent: Node
    edge: Edge | None
    other_parents: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    unresolved: list[dict[str, str]] = field(default_factory=list)
    new_version: bool = False
    reversed_edge: Edge | None = None

    @property
    def conflicts(self) -> list[Evidence]:
        """Claims for this pair whose relation differs from the fused relation."""
        if self.edge is None:
            return []
        return [e for e in self.edge.evidence if e.relation != self.edge.relation]

    def verdict(self) -> dict[str, Any]:
        """The fused edge as the store computes it (``related`` false when no claim exists)."""
        if self.edge is None:
            return {"related": False, "relation": None, "confidence": 0.0, "conflict": False}
        return {
            "related": True,
            "relation": self.edge.relation,
            "confidence": self.edge.confidence,
            "inferred": self.edge.inferred,
            "conflict": self.edge.conflict,
            "claims": len(self.edge.evidence),
            "cycle": self.reversed_edge is not None,
        }

    def to_json(self) -> dict[str, Any]:
        evidence = self.edge.to_json()["evidence"] if self.edge else []
        return {
            "child": self.child.id,
            "parent": self.parent.id,
            "verdict": self.verdict(),
            "for": [_claim_json(e) for e in evidence],
            "against": {
                "conflicts": [_claim_json(e.to_json()) for e in self.conflicts],
                "other_parents": self.other_parents,
                "unresolved": self.unresolved,
                "parent_new_version": self.parent.new_version if self.new_version else None,
                "reversed": self.reversed_edge.to_json() if self.reversed_edge else None,
            },
        }


def _claim_json(ev: dict[str, Any]) -> dict[str, Any]:
    """A claim as JSON, with the rule of its evidence kind and its value split into field/text."""
    out = dict(ev)
    out["rule"] = RULES.get(ev["kind"], ev["kind"])
    value = ev.get("value")
    if value:
        m = _FIELD.match(value)
        if m:
            out["field"], out["text"] = m.group(1), m.group(2)
    return out


def looks_like(text: str, parent_id: str) -> str | None:
    """Why an unresolved reference looks like the parent (None: it does not).

    A local path that names the model (``…/models--ORG--NAME/…``, ``…/ORG/NAME``) or ends
    in the model's name.
    """
    t = text.casefold()
    k = key(parent_id)
    org, _, name = k.rpartition("/")
    if org and f"models--{org}--{name}" in t:
        return "a Hugging Face cache folder of the parent"
    if org and k in t:
        return "names the parent's id"
    segments = [s for s in _SEGMENTS.split(t.rstrip("/\\")) if s]
    if segments and segments[-1] == name:
        return "a path ending in the parent's name"
    return None


def explain(store: LineageStore, child_id: str, parent_id: str) -> Explanation:
    """Every piece of evidence for and against ``child_id`` deriving from ``parent_id``."""
    child = require_node(store, child_id)
    parent = require_node(store, parent_id)
    pk, ck = key(parent.id), key(child.id)
    edge = None
    others: dict[str, list[dict[str, str]]] = defaultdict(list)
    for e in store.parents(child.id):
        if key(e.parent) == pk:
            edge = e
            continue
        for ev in e.evidence:
            others[ev.source].append({"parent": e.parent, "relation": ev.relation, "kind": ev.kind})
    unresolved = []
    for ref in store.unresolved_of(child.id):
        why = looks_like(ref["text"], parent.id)
        if why is not None:
            unresolved.append({**ref, "why": why})
    reversed_edge = next((e for e in store.parents(parent.id) if key(e.parent) == ck), None)
    return Explanation(
        child=child,
        parent=parent,
        edge=edge,
        other_parents={s: others[s] for s in sorted(others)},
        unresolved=unresolved,
        new_version=parent.new_version is not None and key(parent.new_version) == ck,
        reversed_edge=reversed_edge,
    )


__all__ = ["RULES", "Explanation", "explain", "looks_like"]

"""Records of the synthetic Hub: one model, its declared parents, its ground truth."""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from bench.synth_card import render_readme

Evidence = Literal["yaml", "tags", "prose"]


@dataclass(frozen=True, slots=True)
class Parent:
    """One true lineage edge from a model to a parent.

    ``evidence`` says where the card states it: the YAML ``base_model`` field,
    only a ``base_model:RELATION:ID`` tag, or only a sentence of prose (Trainer
    cards). ``dangling`` parents have no card of their own; ``cycle`` edges are
    part of a declared cycle (A declares B and B declares A, or A declares A).
    """

    id: str
    relation: str
    evidence: Evidence = "yaml"
    dangling: bool = False
    cycle: bool = False


class Edge(NamedTuple):
    """A ground-truth edge: ``child`` derives from ``parent`` by ``relation``."""

    child: str
    parent: str
    relation: str


@dataclass(slots=True)
class SynthModel:
    """One synthetic Hub model: its Hub API view, its card, and its ground truth.

    The ground truth is ``id``, ``parents``, ``datasets``, ``license`` and
    ``license_name`` (what the card declares, with ids in display case).
    ``card_data`` is exactly what ``yaml.safe_load`` returns for the card's
    front matter, so reference forms (URLs, ``@revision``, odd case) are kept
    there as written. ``kind`` is ``standalone``, ``base`` or the relation to
    the first parent; ``family`` is the id of the base the model descends from.
    """

    id: str
    author: str
    kind: str
    family: str | None
    parents: tuple[Parent, ...]
    datasets: tuple[str, ...]
    license: str | None
    license_name: str | None
    card_data: dict[str, Any]
    tags: list[str]
    library_name: str | None
    pipeline_tag: str | None
    downloads: int
    likes: int
    created_at: int
    base_models: dict[str, Any] | None
    body_seed: int

    @property
    def created_iso(self) -> str:
        """``createdAt`` as the Hub writes it (UTC, milliseconds, ``Z``)."""
        return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(self.created_at))

    def hub_info(self) -> dict[str, Any]:
        """The Hub API model-info object for this model (one JSONL line)."""
        return {
            "id": self.id,
            "modelId": self.id,
            "author": self.author,
            "cardData": self.card_data,
            "tags": self.tags,
            "library_name": self.library_name,
            "pipeline_tag": self.pipeline_tag,
            "downloads": self.downloads,
            "likes": self.likes,
            "createdAt": self.created_iso,
            "baseModels": self.base_models,
        }

    def readme(self) -> str:
        """The full README.md: YAML front matter and a prose body.

        Rendering is a pure function of the record (the style choices come
        from ``body_seed``), so calling it or not never changes other output.
        """
        return render_readme(self)


def truth_edges(
    models: Iterable[SynthModel], evidence: Collection[Evidence] | None = None
) -> list[Edge]:
    """All ground-truth edges of ``models``, optionally only those of some evidence kinds.

    Use ``evidence={"yaml", "tags"}`` for what a reader of the Hub API or of the
    YAML alone can find; prose-only edges are in card bodies only.
    """
    return [
        Edge(m.id, p.id, p.relation)
        for m in models
        for p in m.parents
        if evidence is None or p.evidence in evidence
    ]

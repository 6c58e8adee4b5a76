"""The model-lineage vocabulary (OWL) and its SHACL shapes, shipped with the package."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
ONTOLOGY = HERE / "lineage.ttl"
SHAPES = HERE / "shapes.ttl"

__all__ = ["ONTOLOGY", "SHAPES"]

"""JSON Schemas (draft 2020-12) of the JSON graph exports, as documented in docs/exports.md."""

from __future__ import annotations

from typing import Any

_STRINGS = {"type": "array", "items": {"type": "string"}}
_EVIDENCE = {
    "type": "object",
    "required": ["kind", "source", "relation", "confidence", "inferred"],
    "properties": {
        "kind": {"type": "string"},
        "source": {"type": "string"},
        "relation": {"type": "string"},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "inferred": {"type": "boolean"},
        "value": {"type": "string"},
        "location": {"type": "string"},
    },
    "additionalProperties": False,
}
NODE: dict[str, Any] = {
    "type": "object",
    "required": ["id", "label", "kind", "placeholder", "license", "datasets", "depth"],
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "label": {"type": "string"},
        "kind": {"enum": ["model", "dataset", "group"]},
        "placeholder": {"type": "boolean"},
        "license": {"type": ["string", "null"]},
        "datasets": _STRINGS,
        "depth": {"type": ["integer", "null"]},
        "count": {"type": "integer", "minimum": 1},
        "relation": {"type": "string"},
        "parent": {"type": "string"},
    },
    "if": {"properties": {"kind": {"const": "group"}}},
    "then": {"required": ["count", "relation", "parent"]},
    "additionalProperties": False,
}
EDGE: dict[str, Any] = {
    "type": "object",
    "required": [
        "source", "target", "relation", "confidence", "evidence_kinds", "sources",
        "inferred", "conflict", "evidence",
    ],
    "properties": {
        "id": {"type": "string"},
        "source": {"type": "string", "description": "the parent"},
        "target": {"type": "string", "description": "the derived model (or group)"},
        "relation": {"type": "string"},
        "confidence": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
        "evidence_kinds": _STRINGS,
        "sources": _STRINGS,
        "inferred": {"type": "boolean"},
        "conflict": {"type": "boolean"},
        "evidence": {"type": "array", "items": _EVIDENCE},
        "count": {"type": "integer", "minimum": 1},
    },
    "additionalProperties": False,
}  # fmt: skip
_GRAPH_META = {
    "type": "object",
    "required": ["name", "root"],
    "properties": {"name": {"type": "string"}, "root": {"type": ["string", "null"]}},
}

NODE_LINK: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "model-lineage node-link graph (D3, networkx node_link_graph with edges='links')",
    "type": "object",
    "required": ["directed", "multigraph", "graph", "nodes", "links"],
    "properties": {
        "directed": {"const": True},
        "multigraph": {"const": False},
        "graph": _GRAPH_META,
        "nodes": {"type": "array", "items": NODE},
        "links": {"type": "array", "items": EDGE},
    },
    "additionalProperties": False,
}

_CLASSES = {"type": "string"}
CYTOSCAPE: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "model-lineage Cytoscape.js elements JSON (cy.json(), Cytoscape .cyjs)",
    "type": "object",
    "required": ["format_version", "generated_by", "data", "elements"],
    "properties": {
        "format_version": {"const": "1.0"},
        "generated_by": {"type": "string"},
        "target_cytoscapejs_version": {"type": "string"},
        "data": _GRAPH_META,
        "elements": {
            "type": "object",
            "required": ["nodes", "edges"],
            "properties": {
                "nodes": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["data", "classes"],
                        "properties": {"data": NODE, "classes": _CLASSES},
                        "additionalProperties": False,
                    },
                },
                "edges": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["data", "classes"],
                        "properties": {
                            "data": {**EDGE, "required": [*EDGE["required"], "id"]},
                            "classes": _CLASSES,
                        },
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}

SCHEMAS: dict[str, dict[str, Any]] = {"nodelink": NODE_LINK, "cytoscape": CYTOSCAPE}

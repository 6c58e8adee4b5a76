"""What the driver returns, as our types: model nodes, lineage edges, plain JSON values."""

from __future__ import annotations

from typing import Any

from lineage.core.graph import Edge, Node, declared_license, eval_rows
from lineage.core.records import EvalResult
from lineage.stores.neo4j import pgmodel


def node_from(record: Any) -> Node:
    facts = [f for f in record["facts"] if f]

    def values(name: str) -> list[Any]:
        out: set[Any] = set()
        for f in facts:
            v = f.get(name)
            if isinstance(v, list):
                out.update(v)
            elif v is not None:
                out.add(v)
        return sorted(out)

    def weights(i: int) -> list[Any]:
        return sorted({x for row in record["weights"] for x in row[i] or []})

    licenses, names = values("license"), values("license_name")
    lic = licenses[0] if licenses else None
    if names and (lic is None or lic.casefold() == "other"):
        lic = names[0]
    libs, pipes = values("library"), values("pipeline_tag")
    decl = declared_license(
        (f["name"], f.get("license"), f.get("license_name"), f.get("license_link")) for f in facts
    )
    return Node(
        id=record["id"],
        placeholder=bool(record["placeholder"]),
        license=lic,
        datasets=values("datasets"),
        library=libs[0] if libs else None,
        pipeline_tag=pipes[0] if pipes else None,
        languages=values("languages"),
        tags=values("tags"),
        sources=sorted(f["name"] for f in facts),
        declared_license=decl[0],
        license_name=decl[1],
        license_link=decl[2],
        license_source=decl[3],
        evals=[EvalResult(*row) for row in eval_rows(pgmodel.eval_rows_of(facts))],
        formats=weights(0),
        quant_types=weights(1),
        bits=[int(b) for b in weights(2)],
        new_version=min(values("new_version"), default=None),
    )


def edge_from(record: Any) -> Edge:
    return Edge(record["child"], record["parent"], pgmodel.evidence_of(dict(record)))


def plain_value(value: Any) -> Any:
    """Driver values (nodes, relationships, paths) as JSON-friendly data."""
    from neo4j.graph import Node as GNode
    from neo4j.graph import Path, Relationship

    if isinstance(value, GNode):
        return {"labels": sorted(value.labels), "properties": dict(value)}
    if isinstance(value, Relationship):
        return {
            "type": value.type,
            "start": value.start_node["key"] if value.start_node is not None else None,
            "end": value.end_node["key"] if value.end_node is not None else None,
            "properties": dict(value),
        }
    if isinstance(value, Path):
        return {
            "nodes": [plain_value(n) for n in value.nodes],
            "relationships": [plain_value(r) for r in value.relationships],
        }
    if isinstance(value, list):
        return [plain_value(v) for v in value]
    if isinstance(value, dict):
        return {k: plain_value(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value

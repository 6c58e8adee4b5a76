"""The graph where Python users live: networkx and rdflib.

networkx is a dependency; rdflib is the optional extra ``model-lineage[rdflib]``, imported
only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from lineage.core.errors import UsageError
from lineage.core.graph import Edge, Node

if TYPE_CHECKING:
    import rdflib


def node_attributes(node: Node) -> dict[str, Any]:
    """A node's attributes: ``id``, ``placeholder``, ``license``, ``datasets`` and the rest."""
    return node.to_json(full=True)


def edge_attributes(edge: Edge) -> dict[str, Any]:
    """An edge's attributes: the fused relation and confidence, every piece of evidence."""
    data = edge.to_json()
    del data["child"], data["parent"]
    return data


def to_networkx(nodes: Iterable[Node], edges: Iterable[Edge]) -> nx.DiGraph:
    """A DiGraph keyed by display id, edges child → parent (the direction of derivation)."""
    graph: nx.DiGraph = nx.DiGraph()
    names: dict[str, str] = {}  # key → the node's display id, which edges may spell otherwise
    for node in nodes:
        names[node.id.casefold()] = node.id
        graph.add_node(node.id, **node_attributes(node))
    for edge in edges:
        ends = []
        for end in (edge.child, edge.parent):
            name = names.setdefault(end.casefold(), end)
            if name not in graph:
                graph.add_node(name, id=name, placeholder=True, license=None, datasets=[])
            ends.append(name)
        graph.add_edge(ends[0], ends[1], **edge_attributes(edge))
    return graph


def to_rdflib(nquads: bytes) -> rdflib.Dataset:
    """An in-memory `rdflib.Dataset` of N-Quads: one named graph per source."""
    try:
        import rdflib
    except ImportError:
        raise UsageError("to_rdflib needs rdflib: pip install 'model-lineage[rdflib]'") from None
    # The union of the source graphs is the default graph, as for `lineage sparql`.
    dataset = rdflib.Dataset(default_union=True)
    if nquads:
        dataset.parse(data=nquads, format="nquads")
    return dataset

"""GraphML (yEd, Gephi, networkx, igraph) and GEXF (Gephi), both streamed."""

from __future__ import annotations

import re
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from lineage.exporters.base import (
    EDGE_FIELDS,
    NODE_FIELDS,
    RELATION_STYLE,
    Chunks,
    FunctionExporter,
    GraphView,
    Scalar,
    edge_id,
    edge_values,
    node_values,
    scalar_text,
)
from lineage.query.selection import GraphNode

# XML 1.0 forbids most control characters even when escaped.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _attr(value: Scalar) -> str:
    return quoteattr(_BAD_XML.sub("\ufffd", scalar_text(value)))


def _text(value: Scalar) -> str:
    return escape(_BAD_XML.sub("\ufffd", scalar_text(value)))


def write_graphml(view: GraphView, out: IO[bytes]) -> None:
    """GraphML with typed ``<key>`` declarations; edges point parent → child."""
    w = Chunks(out)
    w.add(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
        ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for name, typ in NODE_FIELDS:
        w.add(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{typ}"/>\n')
    for name, typ in EDGE_FIELDS:
        w.add(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{typ}"/>\n')
    w.add(f'  <graph id="lineage" edgedefault="directed">\n    <desc>{_text(view.title)}</desc>\n')
    for node in view.nodes:
        data = "".join(f'<data key="n_{k}">{_text(v)}</data>' for k, v in node_values(node).items())
        w.add(f"    <node id={_attr(node.id)}>{data}</node>\n")
    for i, edge in enumerate(view.edges):
        data = "".join(f'<data key="e_{k}">{_text(v)}</data>' for k, v in edge_values(edge).items())
        w.add(
            f'    <edge id="{edge_id(i)}" source={_attr(edge.parent)} target={_attr(edge.child)}>'
            f"{data}</edge>\n"
        )
    w.add("  </graph>\n</graphml>\n")
    w.flush()


_GEXF_TYPES = {"string": "string", "boolean": "boolean", "int": "integer", "double": "double"}
_NODE_COLOURS = {
    "model": "#f6f8fa",
    "placeholder": "#d0d7de",
    "group": "#ddf4ff",
    "dataset": "#fff8c5",
}


def _rgb(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f'r="{r}" g="{g}" b="{b}"'


def _node_colour(node: GraphNode) -> str:
    if node.kind == "model":
        return _NODE_COLOURS["placeholder" if node.placeholder else "model"]
    return _NODE_COLOURS[node.kind]


def _attvalues(prefix: str, values: dict[str, Scalar]) -> str:
    inner = "".join(f'<attvalue for="{prefix}_{k}" value={_attr(v)}/>' for k, v in values.items())
    return f"<attvalues>{inner}</attvalues>"


def write_gexf(view: GraphView, out: IO[bytes]) -> None:
    """GEXF 1.2 with typed attributes and relation colours (``viz:color``)."""
    w = Chunks(out)
    w.add(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"'
        ' version="1.2">\n'
        f"  <meta><creator>model-lineage</creator><description>{_text(view.title)}"
        "</description></meta>\n"
        '  <graph defaultedgetype="directed" mode="static">\n'
    )
    for cls, prefix, fields in (("node", "n", NODE_FIELDS), ("edge", "e", EDGE_FIELDS)):
        w.add(f'    <attributes class="{cls}">\n')
        for name, typ in fields:
            w.add(
                f'      <attribute id="{prefix}_{name}" title="{name}"'
                f' type="{_GEXF_TYPES[typ]}"/>\n'
            )
        w.add("    </attributes>\n")
    w.add("    <nodes>\n")
    for node in view.nodes:
        w.add(
            f"      <node id={_attr(node.id)} label={_attr(node.label)}>"
            f"{_attvalues('n', node_values(node))}<viz:color {_rgb(_node_colour(node))}/></node>\n"
        )
    w.add("    </nodes>\n    <edges>\n")
    for i, edge in enumerate(view.edges):
        colour = RELATION_STYLE.get(edge.relation, RELATION_STYLE["unknown"])[0]
        w.add(
            f'      <edge id="{edge_id(i)}" source={_attr(edge.parent)} target={_attr(edge.child)}'
            f" label={_attr(edge.relation)}>{_attvalues('e', edge_values(edge))}"
            f"<viz:color {_rgb(colour)}/></edge>\n"
        )
    w.add("    </edges>\n  </graph>\n</gexf>\n")
    w.flush()


EXPORTERS = [
    FunctionExporter(
        "graphml", "application/graphml+xml", "graphml",
        "GraphML: yEd, Gephi, Cytoscape, networkx, igraph", write_graphml,
    ),
    FunctionExporter(
        "gexf", "application/gexf+xml", "gexf", "GEXF 1.2: Gephi, networkx", write_gexf,
    ),
]  # fmt: skip

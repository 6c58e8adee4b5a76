"""Lineage results that draw themselves in Jupyter: an inline SVG, no Graphviz.

The layout is the web explorer's (``lineage/web/static/layout.js``) turned on its side:
layers by longest path from the roots (roots at the top, each model below its parents),
long edges through virtual points, barycentric sweeps against crossings, then each layer
packed and nudged toward its neighbours.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from itertools import pairwise
from typing import Self
from xml.sax.saxutils import escape, quoteattr

from lineage.core.graph import Descendants, Lineage

# Colours of the explorer (lineage/web/static/explorer.css), per relation.
COLOURS = {
    "finetune": "#1f6feb",
    "adapter": "#8250df",
    "quantized": "#1a7f37",
    "merge": "#bc4c00",
    "distillation": "#cf222e",
    "unknown": "#6e7781",
}
DASHES = {"adapter": "2 4", "quantized": "7 4", "distillation": "10 3 2 3", "unknown": "1 3"}
CHAR_W = 7.0  # average advance of 12px DejaVu Sans, enough to size a box
BOX_H = 26.0
PAD_X = 8.0
GAP_X = 16.0
GAP_Y = 56.0
SWEEPS = 6
MARGIN = 10.0
LEGEND_W = 110.0
LEGEND_H = 24.0


@dataclass(frozen=True, slots=True)
class DrawEdge:
    """An edge to draw: ``parent`` above, ``child`` below."""

    child: str
    parent: str
    relation: str
    title: str = ""
    conflict: bool = False


def rank(ids: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Layer of each id (``(parent, child)`` edges): longest path from the roots, cycle-safe."""
    parents: dict[str, list[str]] = {i: [] for i in ids}
    children: dict[str, list[str]] = {i: [] for i in ids}
    for p, c in edges:
        children[p].append(c)
        parents[c].append(p)
    unplaced = {i: len(parents[i]) for i in ids}
    r = dict.fromkeys(ids, 0)
    done: set[str] = set()
    ready = [i for i in ids if unplaced[i] == 0]
    while len(done) < len(ids):
        if not ready:
            # A cycle (bad cards make them): break it where the fewest parents are unplaced.
            ready = [min((i for i in ids if i not in done), key=lambda i: unplaced[i])]
        following: list[str] = []
        for i in ready:
            if i in done:
                continue
            done.add(i)
            for c in children[i]:
                if c in done:
                    continue  # the back edge of a cycle
                r[c] = max(r[c], r[i] + 1)
                unplaced[c] -= 1
                if unplaced[c] == 0:
                    following.append(c)
        ready = following
    for i in ids:
        if not parents[i] and children[i]:
            r[i] = min(r[c] for c in children[i]) - 1  # a root sits just above its nearest child
    low = min([0, *r.values()])
    return {i: v - low for i, v in r.items()}


@dataclass(slots=True)
class Layout:
    """Box centres and sizes, edge routes (lists of points), and the drawing's size."""

    x: dict[str, float]
    y: dict[str, float]
    width: dict[str, float]
    routes: list[list[tuple[float, float]]]
    size: tuple[float, float]


def layout(ids: Sequence[str], edges: Sequence[tuple[str, str]]) -> Layout:
    """Place ``ids`` (``(parent, child)`` edges): parents above, one row per layer."""
    r = rank(ids, edges)
    rows: list[list[str]] = [[] for _ in range(max(r.values(), default=-1) + 1)]
    for i in ids:
        rows[r[i]].append(i)
    width = {i: len(i) * CHAR_W + 2 * PAD_X for i in ids}
    up: dict[str, list[str]] = {i: [] for i in ids}
    down: dict[str, list[str]] = {i: [] for i in ids}
    chains: list[list[str]] = []
    for n, (p, c) in enumerate(edges):
        span = r[c] - r[p]
        chain = [p]
        for k in range(1, span):
            v = f"\0v{n}:{k}"  # a virtual point where a long edge crosses a layer
            rows[r[p] + k].append(v)
            r[v] = r[p] + k
            width[v] = 0.0
            up[v], down[v] = [], []
            chain.append(v)
        chain.append(c)
        if span > 0:
            for a, b in pairwise(chain):
                down[a].append(b)
                up[b].append(a)
        chains.append(chain)

    index: dict[str, int] = {}
    for row in rows:
        index.update((v, k) for k, v in enumerate(row))

    def bary(v: str, nbrs: dict[str, list[str]]) -> float:
        ns = nbrs[v]
        return sum(index[n] for n in ns) / len(ns) if ns else float(index[v])

    for sweep in range(SWEEPS):
        order = range(1, len(rows)) if sweep % 2 == 0 else range(len(rows) - 2, -1, -1)
        nbrs = up if sweep % 2 == 0 else down
        for layer in order:
            rows[layer].sort(key=lambda v, nb=nbrs: (bary(v, nb), index[v]))  # type: ignore[misc]
            index.update((v, k) for k, v in enumerate(rows[layer]))

    x: dict[str, float] = {}
    for row in rows:
        left = 0.0
        for v in row:
            x[v] = left + width[v] / 2
            left += width[v] + GAP_X

    def place(row: list[str], nbrs: dict[str, list[str]]) -> None:
        if not row:
            return
        want = [sum(x[n] for n in nbrs[v]) / len(nbrs[v]) if nbrs[v] else x[v] for v in row]
        got: list[float] = []
        for k, v in enumerate(row):
            prev = got[k - 1] + width[row[k - 1]] / 2 + GAP_X + width[v] / 2 if k else -1e18
            got.append(max(want[k], prev))
        # Packing only pushes right; shift back so the row sits around what it wanted.
        shift = sum(g - w for g, w in zip(got, want, strict=True)) / len(row)
        for v, g in zip(row, got, strict=True):
            x[v] = g - shift

    for sweep in range(4):
        if sweep % 2 == 0:
            for row in rows[1:]:
                place(row, up)
        else:
            for row in reversed(rows[:-1]):
                place(row, down)

    low = min((x[v] - width[v] / 2 for v in x), default=0.0)
    high = max((x[v] + width[v] / 2 for v in x), default=0.0)
    xs = {v: cx - low + MARGIN for v, cx in x.items()}
    ys = {v: MARGIN + BOX_H / 2 + r[v] * (BOX_H + GAP_Y) for v in xs}
    routes = []
    for chain in chains:
        first, last = chain[0], chain[-1]
        below = ys[last] >= ys[first]
        pts = [(xs[first], ys[first] + (BOX_H / 2 if below else -BOX_H / 2))]
        pts.extend((xs[v], ys[v]) for v in chain[1:-1])
        pts.append((xs[last], ys[last] - (BOX_H / 2 if below else -BOX_H / 2)))
        routes.append(pts)
    size = (high - low + 2 * MARGIN, len(rows) * (BOX_H + GAP_Y) - GAP_Y + 2 * MARGIN)
    return Layout(
        {i: xs[i] for i in ids}, {i: ys[i] for i in ids}, width, routes, (max(size[0], 0), size[1])
    )


def _rel(edge: DrawEdge) -> str:
    return edge.relation if edge.relation in COLOURS else "unknown"


def _d(points: list[tuple[float, float]]) -> str:
    return "M " + " L ".join(f"{px:.1f} {py:.1f}" for px, py in points)


def render_svg(
    nodes: Iterable[tuple[str, bool]], edges: Sequence[DrawEdge], focus: str | None = None
) -> str:
    """An SVG document of ``nodes`` (``(id, placeholder)``) and ``edges``; ``focus`` framed."""
    ids: dict[str, str] = {}  # key → display id
    shown: dict[str, bool] = {}  # key → placeholder
    for node_id, placeholder in nodes:
        ids.setdefault(node_id.casefold(), node_id)
        shown.setdefault(node_id.casefold(), placeholder)
    for e in edges:
        for end in (e.parent, e.child):
            ids.setdefault(end.casefold(), end)
            shown.setdefault(end.casefold(), False)
    pairs = [(e.parent.casefold(), e.child.casefold()) for e in edges]
    box = layout(list(ids), pairs)
    used = [rel for rel in COLOURS if any(_rel(e) == rel for e in edges)]
    legend = LEGEND_W * len(used)
    w, h = max(box.size[0], legend + 2 * MARGIN), box.size[1] + (LEGEND_H if used else 0)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0f}" height="{h:.0f}" '
        f'viewBox="0 0 {w:.0f} {h:.0f}" font-family="DejaVu Sans, Verdana, sans-serif">',
        "<defs>",
    ]
    for rel, colour in COLOURS.items():
        out.append(
            f'<marker id="arrow-{rel}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{colour}"/></marker>'
        )
    out.append("</defs>")
    for e, route in zip(edges, box.routes, strict=True):
        rel = _rel(e)
        dash = f' stroke-dasharray="{DASHES[rel]}"' if rel in DASHES else ""
        thick = 2.6 if rel == "merge" else 1.4
        title = e.title or f"{e.child} ← {e.parent}: {e.relation}"
        out.append(
            f'<path class="edge rel-{rel}" d="{_d(route)}" fill="none" stroke="{COLOURS[rel]}" '
            f'stroke-width="{thick}"{dash} marker-end="url(#arrow-{rel})">'
            f"<title>{escape(title)}</title></path>"
        )
        if e.conflict:
            mx, my = route[len(route) // 2]
            out.append(
                f'<circle class="conflict" cx="{mx:.1f}" cy="{my:.1f}" r="7" fill="#cf222e">'
                "<title>conflict: the sources declare different relations</title></circle>"
            )
    for key, node_id in ids.items():
        cx, cy, bw = box.x[key], box.y[key], box.width[key]
        placeholder = shown[key]
        is_focus = focus is not None and key == focus.casefold()
        fill = "#fff8c5" if is_focus else "#ffffff"
        stroke = "#1f2328" if is_focus else "#57606a"
        dash = ' stroke-dasharray="4 3"' if placeholder else ""
        note = " (placeholder: no source describes it)" if placeholder else ""
        out.append(
            f'<g class="node"><title>{escape(node_id + note)}</title>'
            f'<rect x="{cx - bw / 2:.1f}" y="{cy - BOX_H / 2:.1f}" width="{bw:.1f}" '
            f'height="{BOX_H:.0f}" rx="4" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{2.5 if is_focus else 1.2}"{dash}/>'
            f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" font-size="12" '
            f'fill="#1f2328" data-id={quoteattr(node_id)}>{escape(node_id)}</text></g>'
        )
    for k, rel in enumerate(used):  # a key of the relations drawn, under the drawing
        lx, ly = MARGIN + k * LEGEND_W, h - LEGEND_H / 2
        dash = f' stroke-dasharray="{DASHES[rel]}"' if rel in DASHES else ""
        out.append(
            f'<g class="key"><line x1="{lx:.1f}" y1="{ly:.1f}" x2="{lx + 24:.1f}" y2="{ly:.1f}" '
            f'stroke="{COLOURS[rel]}" stroke-width="2"{dash}/><text x="{lx + 30:.1f}" '
            f'y="{ly + 4:.1f}" font-size="11" fill="#57606a">{rel}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)


def lineage_svg(result: Lineage) -> str:
    """The SVG of an ancestors walk or a path: roots at the top, the model at the bottom."""
    edges = [
        DrawEdge(
            e.child,
            e.parent,
            e.relation,
            f"{e.child} ← {e.parent}: {e.relation}, confidence {e.confidence:.2f}"
            + (" (inferred)" if e.inferred else "")
            + "".join(f"\n· {ev.kind} in {ev.source}" for ev in e.evidence),
            e.conflict,
        )
        for e in result.edges
    ]
    nodes = [(n.id, n.placeholder) for n in result.nodes.values()]
    return render_svg(nodes, edges, result.model)


def descendants_svg(result: Descendants) -> str:
    """The SVG of the listed descendant edges: the model at the top."""
    edges = [DrawEdge(c, p, r) for c, p, r in result.edges]
    nodes = [(n.id, n.placeholder) for n in result.nodes.values()]
    if all(i.casefold() != result.model.casefold() for i, _ in nodes):
        nodes.insert(0, (result.model, False))
    return render_svg(nodes, edges, result.model)


def _same(a: object, b: object) -> bool:
    # A view equals the plain result it was made from (dataclass equality wants one class).
    return all(getattr(a, f.name) == getattr(b, f.name) for f in fields(a))  # type: ignore[arg-type]


@dataclass(slots=True, eq=False)
class LineageView(Lineage):
    """A `Lineage` that draws itself in Jupyter (``_repr_svg_``)."""

    @classmethod
    def of(cls, result: Lineage) -> Self:
        return cls(**{f.name: getattr(result, f.name) for f in fields(result)})

    def __eq__(self, other: object) -> bool:
        return _same(self, other) if isinstance(other, Lineage) else NotImplemented

    def svg(self) -> str:
        return lineage_svg(self)

    def _repr_svg_(self) -> str:
        return self.svg()


@dataclass(slots=True, eq=False)
class DescendantsView(Descendants):
    """A `Descendants` that draws its listed edges in Jupyter (``_repr_svg_``)."""

    @classmethod
    def of(cls, result: Descendants) -> Self:
        return cls(**{f.name: getattr(result, f.name) for f in fields(result)})

    def __eq__(self, other: object) -> bool:
        return _same(self, other) if isinstance(other, Descendants) else NotImplemented

    def svg(self) -> str:
        return descendants_svg(self)

    def _repr_svg_(self) -> str:
        return self.svg()

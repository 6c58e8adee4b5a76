"""Store-independent lineage algorithms: ancestors, paths, cycles.

They work on any store through two primitives, ``parents`` and ``node``, so
an engine that cannot do better natively gets correct, cycle-safe, depth-capped
traversals for free.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from lineage.core.graph import Descendants, Edge, Lineage, Node

if TYPE_CHECKING:
    import networkx as nx

ParentsFn = Callable[[str], list[Edge]]
NodeFn = Callable[[str], Node | None]

MAX_CYCLES_REPORTED = 20


def _placeholder(model_id: str) -> Node:
    return Node(id=model_id, placeholder=True)


def ancestors_by_bfs(model_id: str, parents: ParentsFn, node: NodeFn, max_depth: int) -> Lineage:
    """Every ancestor of ``model_id`` up to the roots (all paths), visiting each model once."""
    start = node(model_id)
    display = start.id if start else model_id
    result = Lineage(model=display)
    result.nodes[display.casefold()] = start or _placeholder(display)
    queue: deque[tuple[str, int]] = deque([(display, 0)])
    expanded: set[str] = set()
    while queue:
        current, depth = queue.popleft()
        k = current.casefold()
        if k in expanded:
            continue
        expanded.add(k)
        edges = parents(current)
        if depth >= max_depth:
            if edges:
                result.truncated = True
            continue
        for edge in edges:
            result.edges.append(edge)
            pk = edge.parent.casefold()
            if pk not in result.nodes:
                result.nodes[pk] = node(edge.parent) or _placeholder(edge.parent)
            if pk not in expanded:
                queue.append((edge.parent, depth + 1))
    result.cycles = find_cycles(result)
    return result


def has_cycle(edges: Sequence[tuple[str, str]]) -> bool:
    """Whether the directed edges hold a cycle (Kahn's algorithm: linear, no graph object)."""
    succ: dict[str, list[str]] = {}
    indegree: Counter[str] = Counter()
    for a, b in edges:
        succ.setdefault(a, []).append(b)
        indegree[b] += 1
        indegree.setdefault(a, 0)
    ready = [n for n, d in indegree.items() if d == 0]
    removed = 0
    while ready:
        n = ready.pop()
        removed += 1
        for m in succ.get(n, ()):
            indegree[m] -= 1
            if indegree[m] == 0:
                ready.append(m)
    return removed < len(indegree)


def find_cycles(lineage: Lineage) -> list[list[str]]:
    """Simple cycles among the lineage's edges (bad cards make them), a few at most."""
    if not has_cycle([(e.child.casefold(), e.parent.casefold()) for e in lineage.edges]):
        return []  # the common case, without building a networkx graph
    import networkx as nx  # imported when needed: it costs a CLI run 0.18 s to load

    g: nx.DiGraph = nx.DiGraph()
    g.add_edges_from((e.child, e.parent) for e in lineage.edges)
    return [list(c) for c in islice(nx.simple_cycles(g), MAX_CYCLES_REPORTED)]


def _restrict(lineage: Lineage, sources: set[str], target: str) -> tuple[list[Edge], set[str]]:
    """Edges of ``lineage`` that lie on some path from ``sources`` to ``target``."""
    import networkx as nx

    g: nx.DiGraph = nx.DiGraph()
    for e in lineage.edges:
        g.add_edge(e.child.casefold(), e.parent.casefold())
    t = target.casefold()
    if t not in g:
        return [], set()
    reaches_target = nx.ancestors(g, t) | {t}
    reachable: set[str] = set()
    for s in sources:
        if s in g:
            reachable |= nx.descendants(g, s) | {s}
    keep = reaches_target & reachable
    edges = [e for e in lineage.edges if e.child.casefold() in keep and e.parent.casefold() in keep]
    return edges, keep


def path_between(
    source: str,
    target: str,
    ancestors: Callable[[str], Lineage],
) -> Lineage:
    """How two models are related: one derives from the other, or both from a common ancestor.

    The result holds every edge on every shortest-enough path (all paths inside
    the ancestor sets), so merges and distillations show all their routes.
    """
    up_s = ancestors(source)
    result = Lineage(model=up_s.model, truncated=up_s.truncated)
    s, t = source.casefold(), target.casefold()
    if t in up_s.nodes:
        edges, keep = _restrict(up_s, {s}, t)
        result.edges = edges
        result.nodes = {k: n for k, n in up_s.nodes.items() if k in keep}
        return result
    up_t = ancestors(target)
    result.truncated |= up_t.truncated
    if s in up_t.nodes:
        edges, keep = _restrict(up_t, {t}, s)
        result.edges = edges
        result.nodes = {k: n for k, n in up_t.nodes.items() if k in keep}
        return result
    common = set(up_s.nodes) & set(up_t.nodes)
    if not common:
        result.nodes = {k: n for k, n in up_s.nodes.items() if k == s}
        result.nodes.update({k: n for k, n in up_t.nodes.items() if k == t})
        return result
    # Nearest common ancestors: those with no other common ancestor below them.
    import networkx as nx

    g: nx.DiGraph = nx.DiGraph()
    for e in up_s.edges + up_t.edges:
        g.add_edge(e.child.casefold(), e.parent.casefold())
    nearest = {c for c in common if not ((nx.ancestors(g, c) - {c}) & common)}
    joined: list[Edge] = []
    kept: set[str] = set()
    for c in sorted(nearest):
        for lin, start in ((up_s, s), (up_t, t)):
            part, nodes = _restrict(lin, {start}, c)
            joined.extend(part)
            kept |= nodes
    seen: set[tuple[str, str]] = set()
    for e in joined:
        ek = (e.child.casefold(), e.parent.casefold())
        if ek not in seen:
            seen.add(ek)
            result.edges.append(e)
    all_nodes = {**up_t.nodes, **up_s.nodes}
    result.nodes = {k: all_nodes[k] for k in kept}
    return result


# A store's answer for one level of a descendant walk: for each parent in the
# frontier, its children in key order, each once, with the relation to count it under.
LevelFn = Callable[[list[str]], Mapping[str, Sequence[tuple[str, str]]]]


@dataclass(slots=True)
class Walk:
    """What a breadth-first descendant walk found (ids as the store keys them)."""

    counts: Counter[str] = field(default_factory=Counter)
    direct: Counter[str] = field(default_factory=Counter)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    truncated: bool = False
    depth: int = 0


def walk_descendants(
    root: str,
    level: LevelFn,
    has_children: Callable[[list[str]], bool],
    max_depth: int,
    limit: int,
) -> Walk:
    """Count everything below ``root`` per relation, each model once (cycle-safe).

    A model is counted under the relation of the edge that first reached it; the
    edge list stops at ``limit`` (counts stay complete). Both stores walk with
    this one function, so their answers cannot drift.
    """
    walk = Walk()
    seen, frontier = {root}, [root]
    # Locals, not attributes: this loop visits every edge of families of 50,000.
    edges, counts, mark = walk.edges, walk.counts, seen.add
    while frontier:
        if walk.depth >= max_depth:
            walk.truncated = has_children(frontier)
            break
        walk.depth += 1
        children = level(frontier)
        nxt: list[str] = []
        add = nxt.append
        for parent in frontier:
            kids = children.get(parent)
            if not kids:
                continue
            room = limit - len(edges)
            if room > 0:
                edges.extend((child, parent, rel) for child, rel in kids[:room])
            if room < len(kids):
                walk.truncated = True
            for child, rel in kids:
                if child not in seen:
                    mark(child)
                    counts[rel] += 1
                    add(child)
        if walk.depth == 1:
            walk.direct.update(counts)
        frontier = nxt
    if not walk.counts:
        walk.depth = 0
    return walk


def descendants_of_walk(
    model_id: str, walk: Walk, name: Callable[[str], str], node: NodeFn
) -> Descendants:
    """The walk told in display ids: its edges, the models they meet, the counts.

    ``name`` turns a store id into a display id; ``node`` reads a model by display
    id (a model no store holds is shown as a placeholder). Every engine ends its
    descendant walk with this, so their answers cannot drift.
    """
    start = node(model_id)
    listed = [(name(c), name(p), r) for c, p, r in walk.edges]
    nodes: dict[str, Node] = {}
    for mid in sorted({m for c, p, _ in listed for m in (c, p)}, key=str.casefold):
        nodes[mid.casefold()] = node(mid) or _placeholder(mid)
    return Descendants(
        model=start.id if start else model_id,
        total=sum(walk.counts.values()),
        counts=walk.counts,
        direct_counts=walk.direct,
        edges=listed,
        nodes=nodes,
        truncated=walk.truncated,
        max_depth_reached=walk.depth,
    )

"""Selecting the part of the graph to show or export, and folding large fan-outs.

A selection starts at a root model and walks up (ancestors), down (descendants)
or both, a few levels deep, optionally following only some relations. Its result
is a `Subgraph` of `GraphNode`s and `GraphEdge`s: the small view objects every
exporter and the web explorer render.

Large families stay readable by *grouping*: when one parent has more than
``threshold`` leaf children of one relation (a base with 1,284 GGUF
quantizations), those children become one group node, unless ``expand_all``.
Only leaves fold (children with no other edge in the selection), so a group
never hides structure: a quantization that was fine-tuned further stays visible.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from lineage.core.errors import NotFound, UsageError
from lineage.core.graph import Edge, Evidence, Node
from lineage.core.records import Relation
from lineage.stores.base import LineageStore, require_node

Direction = Literal["up", "down", "both"]
DIRECTIONS: tuple[Direction, ...] = ("up", "down", "both")
RELATIONS = tuple(r.value for r in Relation)
DEFAULT_GROUP_THRESHOLD = 50
# Edges a downward walk lists before it stops (counts stay complete); a cap so a
# careless request cannot pull a Hub-scale family into memory.
DEFAULT_MAX_EDGES = 100_000
TRAINED_ON = "trained-on"
DATASET_PREFIX = "dataset:"
GROUP_PREFIX = "group:"

_PLURAL = {
    "finetune": "fine-tunes",
    "adapter": "adapters",
    "quantized": "quantizations",
    "merge": "merges",
    "distillation": "distillations",
    "unknown": "derivatives",
}


@dataclass(frozen=True, slots=True)
class GraphNode:
    """A node as exporters and the explorer draw it: a model, a dataset or a group."""

    id: str
    kind: Literal["model", "dataset", "group"]
    label: str
    placeholder: bool = False
    license: str | None = None
    datasets: tuple[str, ...] = ()
    depth: int | None = None  # hops from the root: negative above it, positive below
    count: int | None = None  # group: how many children it stands for
    relation: str | None = None  # group: the relation of those children
    parent: str | None = None  # group: the model they derive from


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """``child`` derives from ``parent`` (drawn parent → child), with the evidence."""

    parent: str
    child: str
    relation: str
    confidence: float | None = None
    evidence: tuple[Evidence, ...] = ()
    inferred: bool = False
    conflict: bool = False
    count: int | None = None  # edge into a group: how many children it stands for

    @property
    def evidence_kinds(self) -> tuple[str, ...]:
        """Distinct evidence kinds, sorted."""
        return tuple(sorted({e.kind for e in self.evidence}))

    @property
    def sources(self) -> tuple[str, ...]:
        """Distinct sources that made the claim, sorted."""
        return tuple(sorted({e.source for e in self.evidence}))


@dataclass(frozen=True, slots=True)
class SelectionSpec:
    """What to select. ``root=None`` means the whole graph."""

    root: str | None = None
    up: int = 0
    down: int = 0
    relations: tuple[str, ...] = ()
    expand_all: bool = False
    threshold: int = DEFAULT_GROUP_THRESHOLD
    expand: frozenset[str] = frozenset()  # group ids to show unfolded
    datasets: bool = True  # add dataset nodes and trained-on edges
    max_edges: int = DEFAULT_MAX_EDGES

    @classmethod
    def build(
        cls,
        root: str | None,
        direction: str = "both",
        depth: int = 50,
        relations: Iterable[str] = (),
        **options: object,
    ) -> SelectionSpec:
        """A spec from the CLI/HTTP vocabulary (``direction`` + one ``depth``), validated."""
        if direction not in DIRECTIONS:
            raise UsageError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
        if depth < 0:
            raise UsageError("depth must be zero or more")
        rels = tuple(dict.fromkeys(relations))
        unknown = [r for r in rels if r not in RELATIONS]
        if unknown:
            raise UsageError(f"unknown relation {unknown[0]!r}; choose from {', '.join(RELATIONS)}")
        up = depth if direction in ("up", "both") else 0
        down = depth if direction in ("down", "both") else 0
        return cls(root=root, up=up, down=down, relations=rels, **options)  # type: ignore[arg-type]


@dataclass(slots=True)
class Group:
    """Children of one parent and one relation, folded into one node."""

    id: str
    parent: str
    relation: str
    members: list[str]
    # The member edges the walk already read (with evidence), by member key.
    edges: dict[str, GraphEdge] = field(default_factory=dict)


@dataclass(slots=True)
class Subgraph:
    """A selection's result. ``models`` keeps the full facts (the RDF export needs them)."""

    root: str
    nodes: dict[str, GraphNode] = field(default_factory=dict)
    edges: list[GraphEdge] = field(default_factory=list)
    models: dict[str, Node] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)  # descendants per relation
    truncated: bool = False
    down: int = 0  # levels walked down (less than asked when a budget cut it)


def group_id(parent: str, relation: str) -> str:
    """The id of the group of ``parent``'s children by ``relation``."""
    return f"{GROUP_PREFIX}{parent}:{relation}"


def group_label(count: int, relation: str) -> str:
    """'1,284 quantizations'."""
    return f"{count:,} {_PLURAL.get(relation, relation)}"


def model_node(node: Node, depth: int | None = None) -> GraphNode:
    """The view of a model."""
    return GraphNode(
        id=node.id,
        kind="model",
        label=node.id,
        placeholder=node.placeholder,
        license=node.license,
        datasets=tuple(node.datasets),
        depth=depth,
    )


def dataset_node(dataset: str) -> GraphNode:
    """The view of a dataset (its id is prefixed: a dataset may share a model's name)."""
    return GraphNode(id=DATASET_PREFIX + dataset, kind="dataset", label=dataset)


def edge_view(edge: Edge) -> GraphEdge:
    """The view of a derivation edge, evidence strongest first."""
    # Same order as `Edge.to_json`: declared first, then confidence; the rest breaks ties.
    ranked = sorted(
        edge.evidence,
        key=lambda e: (not e.inferred, e.confidence, e.relation, e.kind, e.source),
        reverse=True,
    )
    return GraphEdge(
        parent=edge.parent,
        child=edge.child,
        relation=edge.relation,
        confidence=edge.confidence,
        evidence=tuple(ranked),
        inferred=edge.inferred,
        conflict=edge.conflict,
    )


def dataset_edges(node: Node) -> list[GraphEdge]:
    """``node`` was trained on each of its datasets (drawn dataset → model)."""
    return [GraphEdge(DATASET_PREFIX + d, node.id, TRAINED_ON) for d in node.datasets]


@dataclass(slots=True)
class _Walk:
    """The structure found so far: who is where, and the edges (keyed child, parent)."""

    names: dict[str, str]  # key → display id
    depth: dict[str, int]
    edges: dict[tuple[str, str], GraphEdge] = field(default_factory=dict)
    level: dict[tuple[str, str], int] = field(default_factory=dict)  # downward edges only
    facts: dict[str, Node] = field(default_factory=dict)


def select(store: LineageStore, spec: SelectionSpec, budget: int | None = None) -> Subgraph:
    """Walk the graph around ``spec.root`` and fold large fan-outs into groups.

    With a ``budget``, the walk down stops at the deepest level (at least one)
    whose drawing has at most ``budget`` nodes: the explorer stays fast on
    families of thousands, and the user goes deeper by focusing a descendant.
    """
    if spec.root is None:
        raise UsageError("a selection needs a root model")
    root = require_node(store, spec.root)
    rk = root.id.casefold()
    walk = _Walk(names={rk: root.id}, depth={rk: 0}, facts={rk: root})
    sub = Subgraph(root=root.id)
    if spec.up > 0:
        sub.truncated |= _walk_up(store, spec, walk)
    if spec.down > 0:
        _walk_down(store, spec, walk, sub, budget)
    folded = set() if spec.expand_all else _fold(spec, walk, sub)
    for k, name in walk.names.items():
        if k in folded:
            continue
        node = walk.facts.get(k) or store.node(name) or Node(id=name, placeholder=True)
        sub.models[k] = node
        sub.nodes[k] = model_node(node, walk.depth[k])
    sub.edges = [e for (ck, _), e in walk.edges.items() if ck not in folded]
    for grp in sub.groups.values():
        sub.nodes[grp.id.casefold()] = GraphNode(
            id=grp.id,
            kind="group",
            label=group_label(len(grp.members), grp.relation),
            depth=walk.depth[grp.parent.casefold()] + 1,
            count=len(grp.members),
            relation=grp.relation,
            parent=grp.parent,
        )
        sub.edges.append(GraphEdge(grp.parent, grp.id, grp.relation, count=len(grp.members)))
    if spec.datasets:
        _add_datasets(sub)
    return sub


def _walk_up(store: LineageStore, spec: SelectionSpec, walk: _Walk) -> bool:
    """Ancestors, breadth-first from the root, so a relation filter drops what it disconnects."""
    rk = next(iter(walk.names))
    lineage = store.ancestors(walk.names[rk], spec.up)
    by_child: dict[str, list[Edge]] = defaultdict(list)
    for e in lineage.edges:
        if not spec.relations or e.relation in spec.relations:
            by_child[e.child.casefold()].append(e)
    queue: deque[str] = deque([rk])
    while queue:
        ck = queue.popleft()
        for e in by_child.get(ck, []):
            pk = e.parent.casefold()
            walk.edges.setdefault((ck, pk), edge_view(e))
            if pk not in walk.depth:
                walk.depth[pk] = walk.depth[ck] - 1
                walk.names[pk] = e.parent
                walk.facts[pk] = lineage.nodes.get(pk) or Node(id=e.parent, placeholder=True)
                queue.append(pk)
    return lineage.truncated


def _walk_down(
    store: LineageStore, spec: SelectionSpec, walk: _Walk, sub: Subgraph, budget: int | None
) -> None:
    """Descendants level by level through ``children`` (one call per parent: each edge
    arrives with its evidence, and a parent with 50,000 children is read once)."""
    frontier = [next(iter(walk.names))]
    level = 0
    while frontier and level < spec.down:
        level += 1
        found: list[str] = []
        for pk in frontier:
            for e in store.children(walk.names[pk]):
                if spec.relations and e.relation not in spec.relations:
                    continue
                key = (e.child.casefold(), pk)
                if key in walk.edges:
                    continue
                if len(walk.level) >= spec.max_edges:
                    sub.truncated = True
                    break
                walk.edges[key] = edge_view(e)
                walk.level[key] = level
                if key[0] not in walk.depth:
                    walk.depth[key[0]] = level
                    walk.names[key[0]] = e.child
                    found.append(key[0])
        if budget is not None and level > 1 and _drawn(spec, walk) > budget:
            _cut(walk, level)
            level -= 1
            break
        frontier = found
    sub.down = level
    first: dict[str, str] = {}  # each descendant counted once, by the edge that found it
    for key, _ in sorted(walk.level.items(), key=lambda item: item[1]):
        first.setdefault(key[0], walk.edges[key].relation)
    sub.counts = Counter(first.values())


def _cut(walk: _Walk, level: int) -> None:
    """Forget what the walk found at ``level`` (over budget)."""
    for key in [k for k, lvl in walk.level.items() if lvl == level]:
        del walk.edges[key], walk.level[key]
    for k in [k for k, d in walk.depth.items() if d == level]:
        del walk.depth[k], walk.names[k]


def _drawn(spec: SelectionSpec, walk: _Walk) -> int:
    """How many nodes the current walk would draw."""
    if spec.expand_all:
        return len(walk.names)
    scratch = Subgraph(root="")
    folded = _fold(spec, walk, scratch)
    return len(walk.names) - len(folded) + len(scratch.groups)


def _fold(spec: SelectionSpec, walk: _Walk, sub: Subgraph) -> set[str]:
    """Choose the groups (into ``sub.groups``); returns the keys of the models folded."""
    degree: Counter[str] = Counter()
    for ck, pk in walk.edges:
        degree[ck] += 1
        degree[pk] += 1
    leaves: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (ck, pk), edge in walk.edges.items():
        # Only descendants that are leaves of the selection fold: nothing hides behind a group.
        if walk.depth[ck] > 0 and walk.depth[ck] > walk.depth[pk] and degree[ck] == 1:
            leaves[(pk, edge.relation)].append(ck)
    folded: set[str] = set()
    for (pk, rel), members in sorted(leaves.items()):
        parent = walk.names[pk]
        gid = group_id(parent, rel)
        if len(members) <= spec.threshold or gid.casefold() in spec.expand:
            continue
        members.sort(key=lambda m: walk.names[m].casefold())
        sub.groups[gid] = Group(
            gid,
            parent,
            rel,
            [walk.names[m] for m in members],
            {m: walk.edges[(m, pk)] for m in members},
        )
        folded.update(members)
    return folded


def _add_datasets(sub: Subgraph) -> None:
    for node in list(sub.models.values()):
        for d in node.datasets:
            sub.nodes.setdefault((DATASET_PREFIX + d).casefold(), dataset_node(d))
        sub.edges.extend(dataset_edges(node))


def group_members(
    store: LineageStore, sub: Subgraph, gid: str, offset: int = 0, limit: int = 100
) -> tuple[list[GraphNode], list[GraphEdge], int]:
    """One page of a group's members, with their edges to the group's parent, and the total."""
    grp = next((g for g in sub.groups.values() if g.id.casefold() == gid.casefold()), None)
    if grp is None:
        raise NotFound(f"no group {gid!r} in this view")
    start = max(offset, 0)
    page = grp.members[start : start + max(limit, 0)]
    parent = sub.nodes.get(grp.parent.casefold())
    depth = (parent.depth or 0) + 1 if parent else None
    nodes = [model_node(store.node(m) or Node(id=m, placeholder=True), depth) for m in page]
    return nodes, [grp.edges[m.casefold()] for m in page], len(grp.members)

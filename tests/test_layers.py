"""The import graph follows the layers of docs/architecture.md: no circles, nothing upward.

Read from the source with `ast`, so a new upward import or a new circle fails here before it
is a habit. Imports inside functions and under ``TYPE_CHECKING`` count for layering (they are
still dependencies) but not for circles (they do not run when the module is imported).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

REPO = Path(__file__).resolve().parent.parent

# Each room and the rooms it may import from (itself included).
CORE = {"core"}
ALLOWED: dict[str, set[str]] = {
    "core": CORE,
    "importers": CORE | {"importers"},
    "rdf": CORE | {"rdf"},
    "neo4j_server": CORE | {"neo4j_server"},
    "sparql_server": CORE | {"sparql_server"},
    "stores": CORE | {"rdf", "stores"},
    "ingest": CORE | {"rdf", "importers", "stores", "ingest"},
    "query": CORE | {"rdf", "stores", "query"},
    "exporters": CORE | {"rdf", "stores", "query", "exporters"},
    "library": CORE | {"rdf", "importers", "stores", "ingest", "query", "exporters", "library"},
}
_BELOW_SURFACES = set(ALLOWED)
ALLOWED["api"] = _BELOW_SURFACES | {"api", "web"}
ALLOWED["web"] = _BELOW_SURFACES | {"api", "web"}
ALLOWED["cli"] = _BELOW_SURFACES | {"api", "web", "cli", "neo4j_server"}
ALLOWED["top"] = set(ALLOWED)


def room_of(module: str) -> str | None:
    """The room a module of ours lives in (None: not ours)."""
    parts = module.split(".")
    if parts[0] == "importers":
        return "importers"
    if parts[0] != "lineage":
        return None
    if len(parts) == 1 or parts[1] in {"__main__", "__init__"}:
        return "top"
    return parts[1] if parts[1] in ALLOWED else None


def modules() -> Iterator[tuple[str, Path]]:
    for package in ("lineage", "importers"):
        for path in sorted((REPO / package).rglob("*.py")):
            rel = path.relative_to(REPO).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts.pop()
            yield ".".join(parts), path


def imports_of(module: str, path: Path) -> Iterator[tuple[str, bool]]:
    """``(imported module, at top level)`` for every import of ours in one file."""
    tree = ast.parse(path.read_text(), str(path))
    is_package = path.name == "__init__.py"
    # Imports under `if TYPE_CHECKING:` are not run, so they make no circle.
    top_level = {id(n) for n in tree.body}
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        for name in names:
            if room_of(name) is not None:
                yield name, id(node) in top_level


def known(name: str, ours: set[str]) -> str | None:
    """The module of ours an imported name refers to (a module, or a name in one)."""
    while name and name not in ours:
        name = name.rpartition(".")[0]
    return name or None


def test_no_room_imports_from_a_room_above_it() -> None:
    ours = dict(modules())
    assert len(ours) > 60, "the walk found too few modules: is the layout where the test looks?"
    wrong = []
    for module, path in ours.items():
        room = room_of(module)
        assert room is not None, f"{module} lives in no room of the architecture"
        for name, _ in imports_of(module, path):
            target = known(name, set(ours))
            if target is None:
                continue
            other = room_of(target)
            if other is not None and other not in ALLOWED[room]:
                wrong.append(f"{module} ({room}) imports {target} ({other})")
    assert not wrong, "imports against the layers:\n" + "\n".join(sorted(set(wrong)))


def test_no_import_circles_at_module_level() -> None:
    ours = dict(modules())
    graph: nx.DiGraph = nx.DiGraph()
    for module, path in ours.items():
        graph.add_node(module)
        for name, top in imports_of(module, path):
            target = known(name, set(ours))
            # A package importing its own submodules (to register them) is not a circle.
            if top and target and target != module and not target.startswith(module + "."):
                graph.add_edge(module, target)
    cycles = sorted(sorted(c) for c in nx.simple_cycles(graph) if len(c) > 1)
    assert not cycles, f"import circles: {cycles[:5]}"


@pytest.mark.parametrize(
    ("module", "name", "room_ok"),
    [
        ("importers.card", "lineage.core.records", True),
        ("importers.card", "lineage.stores.base", False),
        ("lineage.core.graph", "lineage.query.reports", False),
        ("lineage.cli.graph", "lineage.query.reports", True),
    ],
)
def test_the_rules_themselves(module: str, name: str, room_ok: bool) -> None:
    room, other = room_of(module), room_of(name)
    assert room is not None and other is not None
    assert (other in ALLOWED[room]) is room_ok

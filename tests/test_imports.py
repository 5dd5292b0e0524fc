"""The project's import graph: one-way layers and no circle, imports inside functions counted.

Read from the source with ``ast``, so an import inside a function or under ``TYPE_CHECKING``
counts like one at the top: a circle that only closes at run time is still a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("transcripts", "embeddings", "server", "web")
# Data flows one way: a package may import only those before it.
LAYERS = {
    "transcripts": set(),
    "embeddings": {"transcripts"},
    "server": {"transcripts", "embeddings", "web"},  # web: the pages it serves, as files
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules ``name`` imports.

    A package's own ``__init__`` running before its submodules is how Python loads them, not
    an import of the submodule's making, so it is no edge.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # ``from pkg import mod`` imports the module; ``from pkg import name``, the package
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            if target in known:
                found.add(target)
    found.discard(name)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of the graph, as the modules along it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_graph_sees_imports_inside_functions() -> None:
    graph = _graph()
    assert "embeddings" in graph["server.services"]  # ``from embeddings import ...`` in open()
    assert "server.wire" in graph["server.cli.ask"]  # inside run_ask


def test_no_import_circle_among_the_projects_modules() -> None:
    graph = _graph()
    assert len(graph) > 50
    cycle = _cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_one() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_layers_import_only_downwards() -> None:
    for name, targets in _graph().items():
        top = name.split(".")[0]
        if top not in LAYERS:
            continue
        allowed = LAYERS[top] | {top}
        wrong = sorted(t for t in targets if t.split(".")[0] not in allowed)
        assert not wrong, f"{name} imports {wrong}: {top} may import only {sorted(allowed)}"

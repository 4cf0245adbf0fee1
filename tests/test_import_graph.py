"""The import graph of `ceremony/` has no cycle, and the foundation imports nothing above it.

Built from the source (AST), so a lazy import inside a function counts as much as one at
the top of a module: either way the lower module cannot be understood or loaded without
the higher one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ceremony"

# The bottom layer: it may import only itself and the standard library or third parties.
FOUNDATION = {
    "ceremony.store", "ceremony.crypto", "ceremony.config", "ceremony.migrations", "ceremony.ledger",
    "ceremony.errors", "ceremony.texts", "ceremony.clock",
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module `name` refers to (a name imported from a package may be a submodule)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every ceremony module `module` imports, at module level or inside a function."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from package import name`: the submodule if `name` is one, else the package
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for name in names:
            target = _resolve(name, modules) if name.startswith("ceremony") else None
            if target and target != module:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    """{module: the ceremony modules it imports}."""
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_package_has_no_import_cycle():
    cycles = _cycles(import_graph())
    if cycles:
        pytest.fail("import cycles: " + "; ".join(" <-> ".join(c) for c in cycles))


def test_the_foundation_imports_nothing_above_it():
    graph = import_graph()
    upward = {
        module: sorted(t for t in graph[module] if t not in FOUNDATION and not t.startswith("ceremony.texts"))
        for module in sorted(FOUNDATION)
    }
    upward = {module: targets for module, targets in upward.items() if targets}
    if upward:
        pytest.fail(f"the foundation imports modules above it: {upward}")


def test_the_graph_sees_lazy_imports():
    """The check itself: an import inside a function is an edge like any other."""
    graph = import_graph()
    assert "ceremony.totp" in graph["ceremony.cli.core"]  # imported inside a command handler
    assert "ceremony.ui.server.cookies" in graph["ceremony.ui.server.signin"]  # from a package, a submodule

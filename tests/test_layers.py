"""The layers of the package: imports point down only, and no module imports itself back.

Every import in every module of hncc counts, at module level or inside a function, and inside
`if TYPE_CHECKING:` too (a type-only import is still a dependency a reader has to follow). The
layers, bottom up:

    domain  <  data  <  queries  <  render, edit, importer  <  api  <  cli

A module may import its own layer and the layers below. render, edit and importer sit side by
side and do not import each other, with one exception, listed in SIDEWAYS with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "hncc"

LAYERS = {
    "hncc": 0,  # hncc/__init__.py: the version only
    "hncc.domain": 1,
    "hncc.data": 2,
    "hncc.queries": 3,
    "hncc.render": 4,
    "hncc.edit": 4,
    "hncc.importer": 4,
    "hncc.api": 5,
    "hncc.cli": 6,
    "hncc.__main__": 7,
}

# Imports between the side-by-side packages, each with why it is right.
SIDEWAYS = {
    # `hncc import --output` writes the draft with the same atomic write as every edit of a file
    # people keep by hand: a half-written draft is never left behind.
    ("hncc.importer.writer", "hncc.edit.atomic"),
    # A draft is written in `hncc fmt`'s layout: what the reviewer commits stays as fmt leaves it.
    ("hncc.importer.writer", "hncc.edit.fmt"),
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _target(name: str) -> str | None:
    """The hncc module that `name` (a module, or a name inside one) is, or None if not hncc's."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str, path: Path) -> set[str]:
    """The hncc modules that `module` imports, anywhere in its code.

    `from hncc.data import cache` imports the module hncc.data.cache; `from hncc.data.loader
    import load` the module hncc.data.loader.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(_target(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: hncc does not use them, but count them if it ever does
                package = module if path.name == "__init__.py" else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            for alias in node.names:
                name = f"{base}.{alias.name}"
                found.add(name if name in MODULES else _target(base))
    return {target for target in found if target is not None and target != module}


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _layer_of(module: str) -> tuple[str, int]:
    """The layer a module belongs to: its longest prefix in LAYERS."""
    name = module
    while name not in LAYERS:
        name = name.rpartition(".")[0]
    return name, LAYERS[name]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles in `graph` (Tarjan's strongly connected components of two or more)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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


def test_layers__every_module_belongs_to_a_layer():
    assert all(_layer_of(module) for module in MODULES)
    assert {"hncc.domain.text", "hncc.data.loader", "hncc.api", "hncc.cli.common"} <= set(MODULES)


def test_layers__no_import_cycles():
    assert _cycles(GRAPH) == []


def test_layers__imports_point_down_or_within_their_layer():
    wrong = []
    for module, targets in GRAPH.items():
        package, level = _layer_of(module)
        for target in sorted(targets):
            target_package, target_level = _layer_of(target)
            upward = target_level > level
            sideways = target_level == level and target_package != package
            if (upward or sideways) and (module, target) not in SIDEWAYS:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_layers__every_sideways_exception_is_still_needed():
    assert all(target in GRAPH[module] for module, target in SIDEWAYS)


@pytest.mark.parametrize("graph, cycles", [
    ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_layers__cycle_finder_finds_cycles(graph, cycles):
    assert _cycles(graph) == cycles


def test_layers__function_level_and_type_checking_imports_count():
    source = PACKAGE / "data" / "loader.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    nested = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
              for inner in ast.walk(node) if isinstance(inner, ast.ImportFrom)]
    assert nested, "the loader imports the parser inside a function"
    assert "hncc.data.parsing" in GRAPH["hncc.data.loader"]
    assert "hncc.data.model" in GRAPH["hncc.data.loader"]  # under TYPE_CHECKING

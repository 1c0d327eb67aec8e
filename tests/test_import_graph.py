"""The package's modules import each other without a cycle.

The graph is read from the source (AST), not from a running interpreter, so that every edge is
seen: imports at module level, and imports deferred into a function (a cycle hidden that way
still ties two stages together, and fails at run time as soon as someone moves the import up).
Imports under `if TYPE_CHECKING:` are left out: they never run. Importing `a.b.c` also runs the
`__init__` of `a.b`, so that is an edge too — except towards the importer's own packages, which
Python has already started when it reaches the importer.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from pathlib import Path

from tests.conftest import REPO

PACKAGE = "truss_secret_lint"

KNOWN_CYCLES: tuple[frozenset[str], ...] = ()
"""Cycles through deferred imports that other work removes; a cycle inside one of these sets is
tolerated, any other fails. Delete an entry once its cycle is gone."""


def _module_files() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its `__init__.py`)."""
    found = {}
    for path in sorted((REPO / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_names(
    body: Sequence[ast.stmt], modules: dict[str, Path], *, deferred: bool
) -> Iterator[str]:
    """Dotted names of what `body` imports; `deferred` also walks into functions."""
    for statement in body:
        if isinstance(statement, ast.Import):
            yield from (alias.name for alias in statement.names)
        elif isinstance(statement, ast.ImportFrom):
            assert statement.level == 0 and statement.module, "relative import"
            for alias in statement.names:
                submodule = f"{statement.module}.{alias.name}"
                yield submodule if submodule in modules else statement.module
        elif isinstance(statement, ast.If) and _is_type_checking(statement.test):
            yield from _imported_names(statement.orelse, modules, deferred=deferred)
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and not deferred:
            continue
        else:
            for child in ast.iter_child_nodes(statement):
                if isinstance(child, ast.stmt):
                    yield from _imported_names([child], modules, deferred=deferred)
                elif isinstance(child, ast.ExceptHandler | ast.match_case):
                    yield from _imported_names(child.body, modules, deferred=deferred)


def import_graph(*, deferred: bool) -> dict[str, set[str]]:
    """Module → the package's modules that importing it runs (see the module docstring)."""
    modules = _module_files()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        edges: set[str] = set()
        for target in _imported_names(tree.body, modules, deferred=deferred):
            if target not in modules:
                continue
            edges.add(target)
            parts = target.split(".")
            for length in range(2, len(parts)):
                package = ".".join(parts[:length])
                if not (name == package or name.startswith(package + ".")):
                    edges.add(package)
        edges.discard(name)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(frozenset(component))
    return found


def test_the_walk_sees_module_level_and_deferred_imports_but_not_type_checking_ones() -> None:
    source = (
        "import p.a\n"
        "from p.b import thing\n"
        "from p import c\n"
        "if TYPE_CHECKING:\n    from p import d\nelse:\n    import p.e\n"
        "try:\n    import p.f\nexcept ImportError:\n    import p.g\n"
        "class K:\n    import p.h\n"
        "def later():\n    import p.i\n"
    )
    modules = {f"p.{name}": Path() for name in "abcdefghi"}
    body = ast.parse(source).body
    module_level = set(_imported_names(body, modules, deferred=False))
    assert module_level == {"p.a", "p.b", "p.c", "p.e", "p.f", "p.g", "p.h"}
    assert set(_imported_names(body, modules, deferred=True)) == module_level | {"p.i"}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset("abc")]
    assert cycles({"a": {"b"}, "b": set(), "c": {"c"}}) == []


def test_no_import_cycle_at_module_level() -> None:
    found = cycles(import_graph(deferred=False))
    assert not found, [sorted(c) for c in found]


def test_no_import_cycle_through_deferred_imports() -> None:
    found = cycles(import_graph(deferred=True))
    unexplained = [c for c in found if not any(c <= known for known in KNOWN_CYCLES)]
    assert not unexplained, [sorted(c) for c in unexplained]


def test_the_root_package_holds_only_pipeline_stages() -> None:
    """CONTRIBUTING's tree: the root keeps the stages and what they share (at most 12 modules);
    everything else lives in the subpackage of its stage."""
    root = sorted(p.name for p in (REPO / PACKAGE).glob("*.py"))
    assert len(root) <= 12, root
    documented = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for name in root:
        if name not in ("__init__.py", "__main__.py"):
            assert f"\n  {name} " in documented, f"{name} is missing from CONTRIBUTING's tree"
    for package in (REPO / PACKAGE).iterdir():
        if (package / "__init__.py").is_file():
            assert f"\n  {package.name}/ " in documented, f"{package.name}/ is not in the tree"

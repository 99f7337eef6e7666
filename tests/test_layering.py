"""The house rules of CONVENTIONS.md, enforced by scanning imports."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_ALLOWED = ("desktop/views/", "desktop/devices/printers/")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def _sources(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


def test_scanner_sees_the_tree() -> None:
    assert len(_sources("desktop")) > 20
    assert "PySide6" in _imports(ROOT / "desktop/views/main_window.py")  # the scan does find Qt where it is


def test_pyside6_only_in_views_and_the_print_bridge() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in _sources("desktop", "central")
        if "PySide6" in _imports(p) and not str(p.relative_to(ROOT)).startswith(QT_ALLOWED)
    ]
    assert offenders == [], f"PySide6 imported outside desktop/views/: {offenders}"


def test_views_never_import_sqlalchemy() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in _sources("desktop/views") if "sqlalchemy" in _imports(p)]
    assert offenders == [], f"views import sqlalchemy: {offenders}"


def test_rules_import_the_standard_library_only() -> None:
    allowed = set(sys.stdlib_module_names) | {"desktop", "__future__"}
    offenders = {
        str(p.relative_to(ROOT)): sorted(_imports(p) - allowed)
        for p in _sources("desktop/rules")
        if _imports(p) - allowed
    }
    assert offenders == {}


def test_desktop_never_imports_central() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in _sources("desktop") if "central" in _imports(p)]
    assert offenders == []


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_graph(folder: str) -> dict[str, set[str]]:
    """Which modules of the folder each module imports, at module level or inside a function."""
    modules = {_module_name(p): p for p in _sources(folder)}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_inside_desktop() -> None:
    """CONVENTIONS 16: import the sibling module, not the package's face; pass values, not a façade."""
    assert _cycles(_module_graph("desktop")) == []

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

"""DESIGN.md: the counter never imports the central store; sync and central import no Qt."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _top_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_desktop_never_imports_central() -> None:
    files = sorted((ROOT / "desktop").rglob("*.py"))
    assert len(files) > 20
    offenders = [str(p.relative_to(ROOT)) for p in files if "central" in _top_imports(p)]
    assert offenders == []


def test_sync_and_central_import_no_qt() -> None:
    files = sorted((ROOT / "desktop" / "sync").rglob("*.py")) + sorted((ROOT / "central").rglob("*.py"))
    assert any(p.name == "worker.py" for p in files)
    assert [str(p) for p in files if "PySide6" in _top_imports(p)] == []

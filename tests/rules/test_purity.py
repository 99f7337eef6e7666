"""desktop/rules imports the standard library and itself only, and reads no clock."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "desktop" / "rules"


def test_rules_import_only_stdlib_and_themselves() -> None:
    for path in RULES.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or name.startswith("desktop.rules"), (path.name, name)


def test_rules_read_no_clock() -> None:
    for path in RULES.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in ("date.today(", "datetime.now(", "datetime.utcnow(", "time.time("):
            assert call not in text, (path.name, call)

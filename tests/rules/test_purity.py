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
                allowed = name.startswith("desktop.rules") or name in _STDLIB_ONLY_HELPERS
                assert top in sys.stdlib_module_names or allowed, (path.name, name)


# The rules' messages go through gettext (desktop.i18n), which reads its catalogs through desktop.resources:
# both are stdlib-only themselves, so the rules stay stdlib-only through them.
_STDLIB_ONLY_HELPERS = ("desktop.i18n", "desktop")


def test_the_message_helpers_the_rules_import_are_stdlib_only() -> None:
    root = RULES.parent
    for path in (root / "i18n.py", root / "resources" / "__init__.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] if node.module != "desktop" else [f"desktop.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in sys.stdlib_module_names or name == "desktop.resources", (path.name, name)


def test_rules_read_no_clock() -> None:
    for path in RULES.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in ("date.today(", "datetime.now(", "datetime.utcnow(", "time.time("):
            assert call not in text, (path.name, call)

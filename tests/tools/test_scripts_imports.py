"""The project's scripts (tools/, bench/) still name what the application has: a moved function breaks them silently.

Most of their imports of `desktop` and `central` are inside functions (each script imports Qt or the store only when
it runs), so nothing fails until someone runs the script: `tools/screenshots_day.py` and `tools/screenshots_en.py`
asked `desktop.views.app` for `install_counter_seat` for weeks after it moved to `desktop.views.station_login`.
Each `from desktop… import name` / `from central… import name` of every script is resolved here, without running it.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted([*(ROOT / "tools").glob("*.py"), *(ROOT / "bench").glob("*.py")])
PACKAGES = ("desktop", "central")


def project_imports(source: str) -> list[tuple[int, str, str | None]]:
    """(line, module, name) of each import of the project's packages; name None for `import module`."""
    out: list[tuple[int, str, str | None]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in PACKAGES:
                out.extend((node.lineno, node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            out.extend((node.lineno, a.name, None) for a in node.names if a.name.split(".")[0] in PACKAGES)
    return out


def unresolved(imports: list[tuple[int, str, str | None]]) -> list[str]:
    """What of `imports` this tree does not have, as `line: from module import name`."""
    missing = []
    for line, module_name, name in imports:
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            missing.append(f"{line}: {module_name} ({exc})")
            continue
        if name is None or name == "*" or hasattr(module, name):
            continue
        try:  # `from package import submodule`
            importlib.import_module(f"{module_name}.{name}")
        except ImportError:
            missing.append(f"{line}: from {module_name} import {name}")
    return missing


def test_the_check_sees_a_moved_name() -> None:
    source = (
        "def shoot():\n"
        "    from desktop.views.app import build_main_window, install_counter_seat\n"
        "    from desktop.views import station_login\n"
        "    import desktop.no_such_module\n"
    )
    assert unresolved(project_imports(source)) == [
        "2: from desktop.views.app import install_counter_seat",
        "4: desktop.no_such_module (No module named 'desktop.no_such_module')",
    ]


def test_scripts_are_found() -> None:
    names = {p.name for p in SCRIPTS}
    assert {"screenshots_day.py", "screenshots_en.py", "search.py", "startup.py"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_script_imports_resolve(script: Path) -> None:
    assert unresolved(project_imports(script.read_text(encoding="utf-8"))) == []


BENCHES = sorted(p for p in (ROOT / "bench").glob("*.py"))


@pytest.mark.slow  # a Python process each
@pytest.mark.parametrize("script", BENCHES, ids=lambda p: p.name)
def test_each_benchmark_loads_in_a_fresh_process(script: Path) -> None:
    """What a benchmark imports at its top (its own kits through `sys.path`, the tests' kits they borrow) is there:
    `make bench` stopped at `bench/central_apply.py` for sessions after `centralkit` borrowed `tests/processkit.py`.
    Each script is loaded as `make bench` runs it (its folder first on the path), its `main` not called."""
    import subprocess
    import sys

    load = (
        "import importlib.util, sys\n"
        f"sys.path.insert(0, {str(script.parent)!r})\n"
        f"spec = importlib.util.spec_from_file_location({script.stem!r}, {str(script)!r})\n"
        "module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", load], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]

"""Shipped resources: the package's folder read without importlib.resources gives importlib.resources' answer."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

import pytest

from desktop import resources

SHIPPED = [
    ("theme.qss",),
    ("elections.json",),
    ("cards", "icao_states.json"),
    ("i18n", "guichet_en.qm"),
    ("locale", "en", "LC_MESSAGES", "guichet.mo"),
    ("receipts", "fonts", "DejaVuSans.ttf"),
    ("absent.txt",),
]


def test_the_folder_is_importlib_resources_answer() -> None:
    assert resources._FOLDER is not None  # a source tree or a wheel: Python's own file loader
    native = importlib.resources.files(resources.__name__)
    assert type(native) is type(resources._FOLDER) and native == resources._FOLDER
    for parts in SHIPPED:
        node = native
        for part in parts:
            node = node / part
        assert resources.resource(*parts) == node
        if node.is_file():
            with importlib.resources.as_file(node) as real:
                assert resources.path(*parts) == real
        if parts[-1].endswith((".qss", ".json")):
            assert resources.read_text(*parts) == node.read_text(encoding="utf-8")


def test_another_loader_goes_through_importlib_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    on_disk = resources.read_text("theme.qss")
    monkeypatch.setattr(resources, "_FOLDER", None)
    resources.path.cache_clear()
    try:
        assert resources.read_text("theme.qss") == on_disk
        assert resources.path("theme.qss") == Path(str(importlib.resources.files(resources.__name__) / "theme.qss"))
        assert resources.font_file("absent.ttf") is None
    finally:
        resources.path.cache_clear()


def test_a_frozen_loader_is_not_taken_for_a_file_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    class Frozen:  # e.g. PyInstaller's importer: its own resource reader answers
        path = "/nowhere/desktop/resources/__init__.pyc"

    monkeypatch.setattr(resources.__spec__, "loader", Frozen())
    assert resources._on_disk() is None


def test_no_module_finds_its_files_beside_its_own_source() -> None:
    """What the application reads at run time is found through importlib.resources (a wheel, the .deb's bundle, a
    zip: wherever the package is), never from a module's `__file__` (the migrations' folder was, until session 37).
    The log's own record names its source file, which is not a read."""
    import ast

    root = Path(resources.__file__).resolve().parents[2]
    allowed = {Path("desktop/logs.py")}
    found = []
    for folder in ("desktop", "central"):
        for source in sorted((root / folder).rglob("*.py")):
            relative = source.relative_to(root)
            tree = ast.parse(source.read_text(encoding="utf-8"))
            if relative not in allowed and any(
                isinstance(node, ast.Name) and node.id == "__file__" for node in ast.walk(tree)
            ):
                found.append(str(relative))
    assert found == []


def test_the_migration_scripts_are_the_package_s_resource() -> None:
    from desktop.models import migrate

    scripts = importlib.resources.files("desktop.models") / "migrations"
    assert Path(migrate._scripts()) == Path(str(scripts))
    assert (scripts / "env.py").is_file()

"""tools/i18n_qt.py: the .ts files follow the code, drift and missing translations fail, the .qm compile."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_qt", ROOT / "tools" / "i18n_qt.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_qt"] = module
    spec.loader.exec_module(module)
    return module


i18n_qt = _tool()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the screens and their .ts files, to change without touching the checkout."""
    shutil.copytree(ROOT / "desktop" / "views", tmp_path / "desktop" / "views")
    shutil.copytree(ROOT / "desktop" / "resources" / "i18n", tmp_path / "desktop" / "resources" / "i18n")
    return tmp_path


@pytest.mark.slow  # runs pyside6-lupdate / lrelease
def test_the_ts_files_are_up_to_date_and_complete() -> None:
    """What CI runs: a string added to the screens without its .ts entry and English translation fails here."""
    assert i18n_qt.main(["check"]) == 0


@pytest.mark.slow  # runs pyside6-lupdate / lrelease
def test_a_new_screen_string_is_drift(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tree / "desktop" / "views" / "pages.py"
    page.write_text(page.read_text(encoding="utf-8") + '\n\ndef _new(w):\n    return w.tr("Un texte nouveau")\n')
    assert i18n_qt.main(["check", "--root", str(tree)]) == 1
    assert "pas à jour" in capsys.readouterr().err


@pytest.mark.slow  # runs pyside6-lupdate / lrelease
def test_a_committed_qm_behind_its_ts_fails(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The .qm is committed (a wheel from a clean clone ships it): a translation changed without compiling is said."""
    ts = tree / "desktop" / "resources" / "i18n" / "guichet_en.ts"
    assert i18n_qt.main(["check", "--root", str(tree)]) == 0
    ts.write_text(
        ts.read_text(encoding="utf-8").replace(
            "<translation>Lock (Ctrl+L)</translation>", "<translation>Lock</translation>"
        ),
        encoding="utf-8",
    )
    assert i18n_qt.main(["check", "--root", str(tree)]) == 1
    assert "guichet_en.qm n'est pas compilé depuis guichet_en.ts" in capsys.readouterr().err
    assert i18n_qt.main(["compile", "--root", str(tree)]) == 0
    assert i18n_qt.main(["check", "--root", str(tree)]) == 0


@pytest.mark.slow  # runs pyside6-lupdate / lrelease
def test_an_unfinished_english_translation_fails(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ts = tree / "desktop" / "resources" / "i18n" / "guichet_en.ts"
    ts.write_text(
        ts.read_text(encoding="utf-8").replace(
            "<translation>Lock (Ctrl+L)</translation>", '<translation type="unfinished"></translation>'
        ),
        encoding="utf-8",
    )
    assert i18n_qt.main(["check", "--root", str(tree)]) == 1
    assert "'Verrouiller (Ctrl+L)' : non traduit" in capsys.readouterr().err


def test_a_plural_needs_both_forms() -> None:
    ts = i18n_qt.ts_path(ROOT, "en")
    assert i18n_qt.gaps(ts, "en") == []
    text = ts.read_text(encoding="utf-8")
    assert text.count('numerus="yes"') >= 10  # counts are real plural forms, not « acte(s) »


@pytest.mark.slow  # runs pyside6-lupdate / lrelease
def test_update_then_compile_gives_loadable_catalogs(tree: Path) -> None:
    from PySide6.QtCore import QTranslator

    assert i18n_qt.main(["update", "--root", str(tree)]) == 0
    assert i18n_qt.main(["compile", "--root", str(tree)]) == 0
    for language in ("en", "fr"):
        qm = tree / "desktop" / "resources" / "i18n" / f"guichet_{language}.qm"
        translator = QTranslator()
        assert translator.load(str(qm)) and not translator.isEmpty()
    english = QTranslator()
    english.load(str(tree / "desktop" / "resources" / "i18n" / "guichet_en.qm"))
    assert english.translate("HeaderBar", "Verrouiller (Ctrl+L)") == "Lock (Ctrl+L)"  # views/header.py

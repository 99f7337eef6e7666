"""The shipped fonts: the screens' faces before the window's first frame, the oblique one (printing only) after it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtWidgets import QApplication

from desktop.views import theme


class _Recorder:
    added: ClassVar[list[str]] = []

    @staticmethod
    def addApplicationFont(path: str) -> int:
        _Recorder.added.append(Path(path).name)
        return 0


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch, qtbot: object) -> Iterator[QApplication]:
    """The application, its fonts added recorded instead of loaded; its font, style sheet and palette put back."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet, palette = app.font(), app.styleSheet(), app.palette()
    _Recorder.added = []
    monkeypatch.setattr(theme, "QFontDatabase", _Recorder)
    monkeypatch.setattr(theme._Os, "fonts_added", ())
    try:
        yield app
    finally:
        app.setFont(font)
        app.setStyleSheet(sheet)
        app.setPalette(palette)


def test_the_first_frame_adds_only_the_fonts_the_screens_draw_with(recorded: QApplication) -> None:
    theme.apply_theme(recorded, theme="clair", first_frame=True)
    assert _Recorder.added == ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"]
    theme.add_fonts(theme.LATER_FONTS)  # views/start.run, right after the frame
    theme.apply_theme(recorded, theme="clair", text_scale_percent=150)  # a zoom adds none again
    assert _Recorder.added == ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"]


def test_a_theme_applied_outside_the_start_adds_every_font(recorded: QApplication) -> None:
    theme.apply_theme(recorded, theme="clair")
    assert _Recorder.added == ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"]


def test_no_screen_draws_italics() -> None:
    """What lets the oblique face wait until after the first frame: no view nor style rule asks for it."""
    from importlib import resources as stdlib_resources

    import desktop.views

    views = stdlib_resources.files(desktop.views)
    sources = [p.read_text(encoding="utf-8") for p in Path(str(views)).rglob("*.py")]
    sources.append(theme.resources.read_text("theme.qss"))
    marks = ("setItalic", "StyleItalic", "StyleOblique", "font-style", "<i>", "<em>")
    found = [m for text in sources for m in marks if m in text]
    assert found == []

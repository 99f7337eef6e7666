"""The main window's own texts follow a text size changed while it is open (Ctrl+plus / Ctrl+minus)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QFontInfo
from pytestqt.qtbot import QtBot

from desktop.settings import load_settings
from desktop.views.app import build_main_window
from desktop.views.kit.zoom import TextZoom
from desktop.views.loading import ContextHolder
from desktop.views.widgets import USER_ROLE


def test_the_navigations_group_headings_follow_the_text_size(
    qtbot: QtBot, tmp_path: Path, themed: Callable[..., None]
) -> None:
    """« PROCURATIONS », « POSTE »: a fixed 9 pt, they stayed 12 px when Ctrl+plus made every other text 30 px
    (RGAA 10.4: the text grows to 200 %, all of it); a fifth smaller than the sections' names at every size."""
    themed(100)
    settings = load_settings(config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path / "data")
    win = build_main_window(settings, ContextHolder())
    qtbot.addWidget(win)
    win.resize(1366, 900)
    win.show()
    qtbot.waitExposed(win)
    heading, section = win.nav.item(0), win.nav.item(1)
    assert heading.text() == "PROCURATIONS" and section.data(USER_ROLE) == "etablir"

    def sizes() -> tuple[int, int]:
        return QFontInfo(heading.font()).pixelSize(), QFontInfo(win.nav.font()).pixelSize()

    assert sizes() == (12, 15)
    zoom = TextZoom(win, 100)
    for _ in range(10):
        zoom.change(10)
    assert sizes() == (24, 30)
    zoom.change(-20)
    assert sizes() == (22, 27)
    zoom.change(0)
    assert sizes() == (12, 15)


def test_headings_built_at_200_percent_are_twice_as_big(
    qtbot: QtBot, tmp_path: Path, themed: Callable[..., None]
) -> None:
    themed(200)
    settings = load_settings(config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path / "data")
    win = build_main_window(settings, ContextHolder())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert QFontInfo(win.nav.item(0).font()).pixelSize() == 24

"""The navigation gives way to a small window: at 200 % text its 460 px took 45 % of a 1024 px window and every
screen beside it scrolled sideways (tests/views/test_fit_sweep.py); now a share of the window, its names wrap."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from pytestqt.qtbot import QtBot

from desktop.settings import load_settings
from desktop.views.app import build_main_window
from desktop.views.kit.zoom import TextZoom
from desktop.views.loading import ContextHolder
from desktop.views.main_window import MainWindow

SHARE = 0.3  # of the window, at most (NavList.SHARE)


def _window(qtbot: QtBot, tmp_path: Path, width: int, height: int, kind: str = "commissariat") -> MainWindow:
    settings = load_settings(
        config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path / "data", station_kind=kind
    )
    win = build_main_window(settings, ContextHolder())
    qtbot.addWidget(win)
    win.resize(width, height)
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(20)
    return win


def _names_cut(win: MainWindow) -> list[str]:
    """The sections whose name does not fit its row (cut on the right or below)."""
    nav = win.nav
    cut = []
    for row in range(nav.count()):
        item = nav.item(row)
        rect = nav.visualItemRect(item)
        metrics = QFontMetrics(item.font()) if item in nav.headings else nav.fontMetrics()
        room = (
            min(rect.width(), nav.viewport().width()) - 2 * 16 - 4 - 8
        )  # theme.qss: 16 px of padding a side, the 4 px rule, Qt's margins
        box = metrics.boundingRect(QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap.value, item.text())
        if box.height() > rect.height() or any(metrics.horizontalAdvance(w) > room for w in item.text().split()):
            cut.append(item.text())
    return cut


@pytest.mark.parametrize("kind", ["commissariat", "consulat"])
@pytest.mark.parametrize(("width", "height"), [(1024, 600), (1366, 768)])
def test_at_200_percent_the_navigation_takes_a_share_of_the_window_and_its_names_wrap(
    qtbot: QtBot,
    tmp_path: Path,
    themed: Callable[..., None],
    width: int,
    height: int,
    kind: str,
) -> None:
    """« Renouvellements », a consulate's, is the longest word: the navigation is never narrower than it."""
    themed(200)
    win = _window(qtbot, tmp_path, width, height, kind)
    assert win.nav.width() <= max(round(width * SHARE), win.nav.least_width())  # type: ignore[attr-defined]
    assert not _names_cut(win)
    assert win.nav.horizontalScrollBar().maximum() == 0  # nor scrolls sideways


def test_at_100_percent_the_navigation_keeps_its_width_and_follows_the_text_size(
    qtbot: QtBot, tmp_path: Path, themed: Callable[..., None]
) -> None:
    themed(100)
    win = _window(qtbot, tmp_path, 1024, 600)
    styled = win.nav.width()
    assert 230 <= styled <= 232  # theme.qss's 230 px and its border
    zoom = TextZoom(win, 100)
    for _ in range(10):
        zoom.change(10)
    qtbot.wait(20)
    assert win.nav.width() == max(round(1024 * SHARE), win.nav.least_width()) < 400  # type: ignore[attr-defined]
    win.resize(1800, 1000)
    qtbot.wait(20)
    assert win.nav.width() > 2 * 230 - 2 and win.nav.width() > round(1800 * SHARE) - 100
    zoom.change(0)
    qtbot.wait(20)
    assert win.nav.width() == styled

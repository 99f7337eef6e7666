"""A window closed and deleted while its screens are still being built, one per turn of the event loop after the
first (app.fill_main_window), ends the building: the turns left touched the deleted window (RuntimeError in a
timer's callback, an agent's window closed at start-up; seen once the tests deleted their windows between tests)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot
from shiboken6 import isValid
from test_accessibility import _context, _window


def test_a_window_deleted_while_its_screens_are_built_stops_building_them(qtbot: QtBot, tmp_path: Path) -> None:
    ctx = _context(tmp_path, "consulat")
    try:
        win = _window(qtbot, ctx)  # "ready": the first screen built, the others queued one a turn
        win.close()
        win.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert not isValid(win)
        qtbot.wait(200)  # the turns that were queued: pytest-qt fails the test if one of them raises
    finally:
        ctx.close()

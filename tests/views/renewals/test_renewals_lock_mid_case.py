"""The agent locks the station in the middle of a renewal: nothing typed is lost, and the keyboard is back where it
was once unlocked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.context import AppContext
from desktop.demo.agents import DEMO_PASSWORD
from desktop.views.renewals import RenewalsPage

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def consulate(tmp_path: Path) -> Iterator[AppContext]:
    """The demo's consulate, its first agent (a chef de poste consulaire) at the counter."""
    from test_accessibility import _context

    ctx = _context(tmp_path, "consulat")
    yield ctx
    ctx.close()


def test_unlocking_gives_the_keyboard_back_to_the_field_the_agent_left(qtbot: QtBot, consulate: AppContext) -> None:
    """Ctrl+L in the new passport case's « Prénoms », then the password: the form was there as typed, but the focus
    nowhere (a keyboard-only agent's next key went to no field, and Tab started again from the window's header)
    (day audit, consular agent)."""
    from test_counter_seat import _seated_with

    window, counter = _seated_with(qtbot, consulate)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.show_section("renouvellements", focus_page=True)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), RenewalsPage), timeout=10000)
    page = window.stack.currentWidget()
    assert isinstance(page, RenewalsPage)
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=10000)
    form = page.passport.form
    QTest.keySequence(page, "Alt+N")
    QTest.keyClicks(form.last_name, "Lefevre")
    QTest.keyClick(form.last_name, Qt.Key.Key_Tab)
    QTest.keyClicks(form.given_names, "Hel")
    assert form.given_names.hasFocus()

    QTest.keyClick(form.given_names, Qt.Key.Key_L, CTRL)
    assert counter.lock.is_locked and QApplication.focusWidget() is counter.lock.password_edit
    QTest.keyClicks(counter.lock.password_edit, DEMO_PASSWORD)
    QTest.keyClick(counter.lock.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not counter.lock.is_locked, timeout=10000)

    assert (form.last_name.text(), form.given_names.text()) == ("Lefevre", "Hel")
    assert QApplication.focusWidget() is form.given_names
    QTest.keyClicks(QApplication.focusWidget(), "ene")
    assert form.given_names.text() == "Helene"

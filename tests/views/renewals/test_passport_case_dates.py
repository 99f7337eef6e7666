"""A step's date typed at the keyboard: Entrée records it, a refusal marks the date and keeps the focus there."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.views.translations import plain

from .conftest import Desk, interviewed


def idle(qtbot: QtBot, desk: Desk) -> None:
    qtbot.waitUntil(lambda: not desk.page.runner.busy)


def test_entree_records_the_steps_date_and_a_refused_date_stays_marked(qtbot: QtBot, desk: Desk) -> None:
    """After the interview the focus is in « Date de la notification d'envoi »: the agent typed the date and pressed
    Entrée, and nothing happened (the form's text fields take Entrée); refused (a date to come, R-PASS-STEP-5), the
    field was not marked and the focus not brought back to it (day audit, consular agent)."""
    cid = interviewed(desk)
    desk.clock.day(date(2026, 3, 12))
    desk.page.passport.open_case(cid)
    idle(qtbot, desk)
    view = desk.page.passport.case_view
    assert view.dated_step == 5
    view.dated_on.setFocus()
    QTest.keySequence(view.dated_on, "Ctrl+A")
    QTest.keyClicks(view.dated_on, "10042026")  # April for March: a date to come
    QTest.keyClick(view.dated_on, Qt.Key.Key_Return)
    idle(qtbot, desk)
    error = view.errors["on"]
    assert error.isVisible() and "R-PASS-STEP-5" in plain(error.text())
    assert view.dated_on.property("invalid") == "true" and view.dated_on.hasFocus()
    assert view.dated_on.text() == "10042026" and view.case is not None and view.case.summary.step == 4

    QTest.keySequence(view.dated_on, "Ctrl+A")
    QTest.keyClicks(view.dated_on, "10032026")
    QTest.keyClick(view.dated_on, Qt.Key.Key_Return)
    idle(qtbot, desk)
    assert view.case is not None and view.case.summary.step == 5
    assert not view.errors["on"].isVisible() and view.dated_on.property("invalid") != "true"

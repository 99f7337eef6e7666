"""A passport case left open across midnight: the step's date the agent did not type is the station's new day (the
40-day deadline runs from these dates, R-PASS-1)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from .conftest import Desk, interviewed
from .test_passport_case_dates import idle

MONTREAL = ZoneInfo("America/Toronto")


def _at_step_5_late_on_12_march(qtbot: QtBot, desk: Desk) -> str:
    cid = interviewed(desk)
    desk.clock.at = datetime(2026, 3, 12, 23, 58, tzinfo=MONTREAL).astimezone(UTC)
    desk.page.passport.open_case(cid)
    idle(qtbot, desk)
    assert desk.page.passport.case_view.dated_on.value() == date(2026, 3, 12)
    desk.clock.at = datetime(2026, 3, 13, 0, 1, tzinfo=MONTREAL).astimezone(UTC)
    return cid


def test_the_steps_date_proposed_yesterday_becomes_today(qtbot: QtBot, desk: Desk) -> None:
    """Opened at 23:58, the case proposed 12/03 the next morning: Entrée recorded the shipment a day early."""
    cid = _at_step_5_late_on_12_march(qtbot, desk)
    view = desk.page.passport.case_view
    view.day_watch.check()  # the minute's look at the day
    assert view.dated_on.value() == date(2026, 3, 13)
    view.dated_on.setFocus()
    QTest.keyClick(view.dated_on, Qt.Key.Key_Return)
    idle(qtbot, desk)
    case = desk.passports.get_case(cid)
    assert case.summary.step == 5  # the shipment recorded, on the day it was
    assert [e.on for e in case.events if e.step == 5] == [date(2026, 3, 13)]


def test_a_date_the_agent_typed_stays(qtbot: QtBot, desk: Desk) -> None:
    _at_step_5_late_on_12_march(qtbot, desk)
    view = desk.page.passport.case_view
    view.dated_on.set_value(date(2026, 3, 11))
    view.day_watch.check()
    assert view.dated_on.value() == date(2026, 3, 11)

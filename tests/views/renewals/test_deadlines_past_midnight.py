"""Échéances du jour left open across midnight at a consulate (R-PASS-1): the new day's list comes by itself."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from desktop.views.renewals.page import TAB_DEADLINES

from .conftest import Desk, received_on_20_march
from .test_renewals_passport_view import idle

MONTREAL = ZoneInfo("America/Toronto")


def test_at_midnight_a_case_past_day_40_moves_to_the_late_list(qtbot: QtBot, desk: Desk) -> None:
    """Opened on day 40 in the evening, the screen said « dernier jour » all night: the case past its 40 days was not
    flagged, nor listed late, until someone pressed « Actualiser »."""
    received_on_20_march(desk)  # day 40 is 29 April
    desk.clock.at = datetime(2026, 4, 29, 23, 58, tzinfo=MONTREAL).astimezone(UTC)
    desk.page.show_tab(TAB_DEADLINES)
    idle(qtbot, desk)
    panel = desk.page.deadlines
    assert panel.soon_model.rowCount() == 1 and panel.late_model.rowCount() == 0
    desk.clock.at = datetime(2026, 4, 30, 0, 1, tzinfo=MONTREAL).astimezone(UTC)  # day 41
    panel.day_watch.check()  # the minute's look at the day
    idle(qtbot, desk)
    assert panel.soon_model.rowCount() == 0 and panel.late_model.rowCount() == 1
    assert "30/04/2026" in panel.summary.text()

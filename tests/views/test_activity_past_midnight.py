"""Activité du jour left open across midnight: the list, its « aujourd'hui » and the navigation's badge move to the
station's new day without anyone pressing F5 (a counter open overnight, offline: no exchange refreshes it)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from contextkit import station_desk
from pytestqt.qtbot import QtBot

from desktop.models.db import Store
from desktop.services.desk import EstablishInput, PersonInput
from desktop.views.activity import ActivityPage

THOMAS = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))
DUBOIS = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def test_after_midnight_the_list_and_the_badge_say_the_new_day(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 12, 1, 22, 50, tzinfo=UTC))  # 23:50 in Paris
    desk = station_desk(store, tmp_path, clock)
    desk.establish(EstablishInput(mandant=THOMAS, mandataire=DUBOIS, election_id="presidentielle-2027"))
    page = ActivityPage(desk)
    badges: list[int] = []
    page.alerts_changed.connect(badges.append)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.loaded, timeout=10_000)
    assert len(page.rows) == 1 and page.summary.text().startswith("1 acte aujourd'hui")
    clock.at = datetime(2026, 12, 1, 23, 1, tzinfo=UTC)  # 00:01 on 2 December in Paris
    page.day_watch.check()  # the minute's look at the day
    qtbot.waitUntil(lambda: not page.rows, timeout=10_000)
    assert page.summary.text().startswith("0 acte aujourd'hui")
    assert badges[-1] == 0

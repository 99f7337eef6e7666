"""The Tableau de bord left open across midnight: its period follows the station's day, unless the agent chose one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from activitykit import CHEF, station
from contextkit import service_context
from pytestqt.qtbot import QtBot

from desktop.models.db import Store
from desktop.services.dashboard import DashboardService
from desktop.services.reports import ActivityService
from desktop.views.dashboard import DashboardPage

EVENING = datetime(2026, 11, 30, 22, 58, tzinfo=UTC)  # 23:58 in Paris
AFTER_MIDNIGHT = datetime(2026, 11, 30, 23, 2, tzinfo=UTC)  # 00:02 on 1 December in Paris


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _page(qtbot: QtBot, store: Store, tmp_path: Path, clock: Clock) -> DashboardPage:
    ctx = service_context(store, station(tmp_path), actor=CHEF, agent_name="Mme Anne Lambert", clock=clock)
    page = DashboardPage(
        DashboardService(ctx),
        ActivityService(ctx),
        zone="Europe/Paris",
        clock=clock,
        save_path=lambda _title, name, _pattern: tmp_path / name,
    )
    qtbot.addWidget(page)
    page.resize(1200, 820)
    page.show()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    return page


def _reopened_after_midnight(qtbot: QtBot, page: DashboardPage, clock: Clock) -> None:
    first = page.figures
    page.hide()
    clock.at = AFTER_MIDNIGHT
    page.show()
    qtbot.waitUntil(lambda: page.figures is not first, timeout=10_000)


def test_the_period_opened_yesterday_moves_to_today(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """Opened at 23:58, the period stayed on 30/11 the next morning: « Rapport d'activité » wrote yesterday's
    report, named for yesterday, under figures that said today."""
    clock = Clock(EVENING)
    page = _page(qtbot, store, tmp_path, clock)
    assert (page.first_input.value(), page.last_input.value()) == (date(2026, 11, 30), date(2026, 11, 30))
    _reopened_after_midnight(qtbot, page, clock)
    assert page.figures is not None and page.figures.today == date(2026, 12, 1)
    assert (page.first_input.value(), page.last_input.value()) == (date(2026, 12, 1), date(2026, 12, 1))


def test_a_period_the_agent_typed_stays(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    clock = Clock(EVENING)
    page = _page(qtbot, store, tmp_path, clock)
    page.first_input.clear()
    qtbot.keyClicks(page.first_input, "01/11/2026")
    _reopened_after_midnight(qtbot, page, clock)
    assert (page.first_input.value(), page.last_input.value()) == (date(2026, 11, 1), date(2026, 11, 30))

"""The dashboard never scrolls sideways beside the navigation of a 1024×600 window at 200 % text: its period's four
parts on one line asked for 670 px in English (tests/views/test_fit_sweep.py); each bound and its word now stack."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from activitykit import NOW, context, seed_activity
from pytestqt.qtbot import QtBot

from desktop.models.db import Store
from desktop.services.dashboard import DashboardService
from desktop.services.reports import ActivityService
from desktop.views import translations
from desktop.views.dashboard import DashboardPage

BESIDE_THE_NAVIGATION = 1024 - 340  # the navigation at 200 % text in a 1024 px window (at most 30 %, its longest word)


def test_the_dashboard_fits_beside_the_navigation_at_200_percent_in_english(
    qtbot: QtBot, store: Store, tmp_path: Path, themed: Callable[..., None]
) -> None:
    seed_activity(store, now=NOW, count=50)
    translations.install("en")
    try:
        themed(200)
        ctx = context(store, tmp_path)
        page = DashboardPage(DashboardService(ctx), ActivityService(ctx), zone="Europe/Paris", clock=lambda: NOW,
                             save_path=lambda _title, name, _pattern: tmp_path / name)  # fmt: skip
        qtbot.addWidget(page)
        page.resize(BESIDE_THE_NAVIGATION, 420)
        page.show()
        qtbot.waitExposed(page)
        qtbot.waitUntil(lambda: not page.runner.busy, timeout=10000)
        qtbot.wait(50)
        assert page.page_scroll.horizontalScrollBar().maximum() == 0, page.page_scroll.widget().minimumSizeHint()
        assert page.first_input.isVisible() and page.last_input.isVisible()
    finally:
        translations.install("fr")

"""Lists that keep a few rows in sight under their titles keep them when the agent changes the text size while the
screen is open (Ctrl+plus, kit/zoom.py): their least height was fixed in pixels when the screen was built."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from activitykit import NOW, context, seed_activity
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.models.db import Store
from desktop.services.dashboard import DashboardService
from desktop.services.reports import ActivityService
from desktop.views.dashboard import DashboardPage
from desktop.views.kit.zoom import TextZoom


def _dashboard(qtbot: QtBot, store: Store, tmp_path: Path) -> tuple[QWidget, DashboardPage]:
    ctx = context(store, tmp_path)
    page = DashboardPage(
        DashboardService(ctx),
        ActivityService(ctx),
        zone="Europe/Paris",
        clock=lambda: NOW,
        save_path=lambda _title, name, _pattern: tmp_path / name,
    )
    window = QWidget()
    QVBoxLayout(window).addWidget(page)
    qtbot.addWidget(window)
    window.resize(1366, 900)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=10000)
    return window, page


def test_the_rules_table_of_the_dashboard_is_as_tall_as_if_built_in_the_new_size(
    qtbot: QtBot, store: Store, tmp_path: Path, themed: Callable[..., None]
) -> None:
    """« Refus et invalidations par règle »: its least height, 5 lines of the text size it was built in (90 px at
    100 %), stayed 90 px at 200 % under titles 88 px tall: 2 px of rows, nothing to read."""
    seed_activity(store, now=NOW, count=50)
    themed(200)
    _window, built = _dashboard(qtbot, store, tmp_path)
    at_200 = built.rules_table.minimumHeight()
    themed(100)
    window, page = _dashboard(qtbot, store, tmp_path)
    at_100 = page.rules_table.minimumHeight()
    assert at_200 > at_100 * 1.5
    zoom = TextZoom(window, 100)
    for _ in range(10):
        zoom.change(10)
    assert page.rules_table.minimumHeight() == at_200
    zoom.change(0)
    assert page.rules_table.minimumHeight() == at_100

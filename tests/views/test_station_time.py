"""Times on screen are the station's (its settings' zone), as Activité du jour and the receipts count them, whatever
zone the computer is set to: a UTC laptop at a Paris counter read 01:16 in Rechercher and 02:16 in Activité du jour."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from desktop.services.lookup_types import HistoryItem
from desktop.views import main_window, sync_view
from desktop.views.kit import station_time
from desktop.views.procurations.models import HistoryTableModel

AT = datetime(2026, 12, 1, 0, 16, tzinfo=UTC)  # 01:16 in Paris, 19:16 the day before in Toronto, 09:16 in Tokyo


@pytest.fixture
def station_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A station zone whose time at AT is not the computer's (so the computer's zone cannot pass for it)."""
    monkeypatch.setattr(station_time, "_zone", None)  # forgotten after the test
    computer = AT.astimezone().strftime("%d/%m/%Y %H:%M")
    yield next(
        z
        for z in ("America/Toronto", "Asia/Tokyo")
        if AT.astimezone(ZoneInfo(z)).strftime("%d/%m/%Y %H:%M") != computer
    )


def test_the_history_and_the_sync_screen_read_the_stations_time(station_zone: str, qapp: object) -> None:
    station_time.use_station_zone(station_zone)
    expected = AT.astimezone(ZoneInfo(station_zone)).strftime("%d/%m/%Y %H:%M")
    model = HistoryTableModel()
    model.set_rows(
        [HistoryItem(at=AT, status="provisoire", label="Provisoire", rule_id=None, source="guichet", note="")]
    )
    shown = model.data(model.index(0, HistoryTableModel.AT), Qt.ItemDataRole.DisplayRole)
    assert shown == expected
    assert sync_view.local_time(AT) == expected
    assert main_window._clock_time(datetime.now(UTC)) == station_time.station_now().strftime("%H:%M")


def test_an_unknown_zone_keeps_the_computers(station_zone: str) -> None:
    station_time.use_station_zone("Europe/Nowhere")
    assert station_time.station_stamp(AT) == AT.astimezone().strftime("%d/%m/%Y %H:%M")
    assert station_time.station_stamp(None) == "—"

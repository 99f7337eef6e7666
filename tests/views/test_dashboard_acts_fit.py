"""The acts dialog keeps every column in sight on a small screen: at 1024×768 its agents were past the right edge
and the list scrolled sideways (supervisor follow-ups, session 32)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from desktop.services.dashboard_values import ActRow
from desktop.views.dashboard_acts import ActsDialog

ROWS = [
    ActRow(
        kind="procuration",
        kind_label="Procuration",
        receipt_number=f"GCH-75056-01-2026-{n:06d}",
        at=datetime(2026, 11, 30, 8 + n, 0, tzinfo=UTC),
        channel="cerfa_16199",
        channel_label="Nouvelle-Calédonie (cerfa n° 16199*01)",
        status="invalidee",
        status_label="Invalidée (R-LIMIT-1)",
        agent_id=f"agent-{n}",
        agent_name="Brigadier-chef Marie-Christine Lemoine-Delacroix",
        decision="Invalidée ensuite",
    )
    for n in range(1, 6)
]


def test_every_column_is_in_sight_at_1024(qtbot: QtBot) -> None:
    for rule in (False, True):
        dialog = ActsDialog("Refus et invalidations — règle R-LIMIT-1", ROWS, ZoneInfo("Europe/Paris"), rule=rule)
        qtbot.addWidget(dialog)
        dialog.resize(984, 460)  # what the dialog takes at 1024×768 (the screen less 40 px)
        dialog.show()
        qtbot.waitExposed(dialog)
        table = dialog.table
        tall = table.verticalHeader().defaultSectionSize()
        qtbot.waitUntil(lambda t=table, h=tall: t.rowHeight(0) > h)  # FitColumns wrapped the words, not cut them
        assert table.horizontalHeader().length() <= table.viewport().width()
        assert not table.horizontalScrollBar().isVisible()

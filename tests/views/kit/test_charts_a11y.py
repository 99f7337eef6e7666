"""RGAA 1.1: a chart says its figures to a screen reader (its name is its title, its description its totals)."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QAccessible
from pytestqt.qtbot import QtBot

from desktop.views.kit.charts import BarChart, ChartSeries, LineChart

DAYS = (date(2026, 11, 28), date(2026, 11, 29), date(2026, 11, 30))


def _said(widget: object, what: QAccessible.Text) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)  # type: ignore[arg-type]
    assert iface is not None
    return iface.text(what)


def test_a_bar_chart_says_its_totals(qtbot: QtBot) -> None:
    chart = BarChart("Actes par jour")
    qtbot.addWidget(chart)
    chart.set_data(
        DAYS,
        [ChartSeries("nature", "p", "Procurations", (1, 2, 3)), ChartSeries("nature", "r", "Résiliations", (0, 1, 0))],
    )
    assert _said(chart, QAccessible.Text.Name) == "Actes par jour"
    description = _said(chart, QAccessible.Text.Description)
    assert "7 acte(s)" in description and "Procurations : 6" in description and "Résiliations : 1" in description


def test_a_line_chart_says_its_last_values(qtbot: QtBot) -> None:
    chart = LineChart("Synchronisation")
    qtbot.addWidget(chart)
    chart.set_data(DAYS, [ChartSeries("sync", "pending", "En attente", (5, 3, 0))])
    assert _said(chart, QAccessible.Text.Description) == "Dernier jour : En attente : 0"
    chart.set_data((), [])
    assert _said(chart, QAccessible.Text.Description) == ""

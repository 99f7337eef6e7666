"""RGAA 1.1: a chart says its figures to a screen reader (its name is its title, its description its totals)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtGui import QAccessible
from pytestqt.qtbot import QtBot

from desktop.views import translations
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
    assert description == "7 actes sur la période. Procurations : 6 ; Résiliations : 1"


@pytest.fixture
def english() -> Iterator[None]:
    translations.install("en")
    yield
    translations.install("fr")


def test_a_chart_says_its_figures_in_english(qtbot: QtBot, english: None) -> None:
    # The count and the separators went through no catalog (a tr() inside an f-string): French in English.
    chart = BarChart("Acts per day")
    qtbot.addWidget(chart)
    chart.set_data(
        DAYS, [ChartSeries("nature", "p", "Proxies", (1, 2, 3)), ChartSeries("nature", "r", "Revocations", (0, 1, 0))]
    )
    assert _said(chart, QAccessible.Text.Description) == "7 acts over the period. Proxies: 6; Revocations: 1"
    assert chart.segment_text(0, 2) == "Proxies — 30/11/2026: 3"
    line = LineChart("Synchronisation")
    qtbot.addWidget(line)
    line.set_data(
        DAYS, [ChartSeries("sync", "pending", "Pending", (5, 3, 0)), ChartSeries("sync", "x", "Refused", (1, 1, 2))]
    )
    assert _said(line, QAccessible.Text.Description) == "Last day: Pending: 0; Refused: 2"


def test_a_line_chart_says_its_last_values(qtbot: QtBot) -> None:
    chart = LineChart("Synchronisation")
    qtbot.addWidget(chart)
    chart.set_data(DAYS, [ChartSeries("sync", "pending", "En attente", (5, 3, 0))])
    assert _said(chart, QAccessible.Text.Description) == "Dernier jour : En attente : 0"
    chart.set_data((), [])
    assert _said(chart, QAccessible.Text.Description) == ""

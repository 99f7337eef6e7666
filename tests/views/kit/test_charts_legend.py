"""A chart's legend keeps its labels whole at the width the dashboard gives it at 1024×768."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QFontMetricsF
from pytestqt.qtbot import QtBot

from desktop.views.kit.charts import LEGEND_MARK, BarChart, ChartSeries

DAYS = (date(2026, 11, 28), date(2026, 11, 29), date(2026, 11, 30))


@pytest.mark.parametrize(
    "labels",
    [
        ("Proxies", "Revocations", "Passports", "Online voting credentials"),  # « Online vo… » at 1024×768
        ("Counter (cerfa no. 12668*03)",),  # « Counter (cerfa n… »
        ("Procurations", "Résiliations", "Passeports", "Identifiants de vote par internet"),
    ],
)
def test_legend_labels_are_whole_at_1024(qtbot: QtBot, labels: tuple[str, ...]) -> None:
    chart = BarChart("Acts per day")
    qtbot.addWidget(chart)
    chart.resize(340, 240)  # each of the dashboard's two charts at 1024×768
    chart.set_data(DAYS, [ChartSeries("nature", str(i), label, (1, 0, 2)) for i, label in enumerate(labels)])
    room = chart.plot_rect().width() / chart.legend_columns() - LEGEND_MARK * chart.unit()
    metrics = QFontMetricsF(chart.small_font())
    assert [label for label in labels if metrics.horizontalAdvance(label) > room] == []
    assert chart.plot_rect().height() > 60  # the bars still have room above the legend


def test_a_wide_chart_keeps_three_legend_entries_a_row(qtbot: QtBot) -> None:
    chart = BarChart("Acts per day")
    qtbot.addWidget(chart)
    chart.resize(900, 300)
    labels = ("Proxies", "Revocations", "Passports", "Online voting credentials")
    chart.set_data(DAYS, [ChartSeries("nature", str(i), label, (1, 0, 2)) for i, label in enumerate(labels)])
    assert chart.legend_columns() == 3


def test_the_axis_labels_never_run_into_each_other_in_a_short_chart() -> None:
    """The dashboard's sync chart at 1366×768 wrote « 50 40 30 20 10 0 » in 40 px, each over the next: a short plot
    labels every other line (or only the bottom and the top), the grid stays whole."""
    import itertools

    from desktop.views.kit.charts import labelled_lines

    assert labelled_lines(5, gap=30.0, text=16.0) == [0, 1, 2, 3, 4, 5]  # room: every line
    assert labelled_lines(5, gap=8.0, text=16.0) == [0, 2, 5]  # every other, the top instead of the 4th
    for steps, gap in ((5, 8.0), (4, 6.0), (5, 4.0), (2, 9.0)):
        shown = labelled_lines(steps, gap=gap, text=16.0)
        assert shown[0] == 0 and shown[-1] == steps
        assert all((b - a) * gap >= 16.0 for a, b in itertools.pairwise(shown)), (steps, gap, shown)


def test_a_label_wider_than_the_chart_wraps_at_its_words(qtbot: QtBot) -> None:
    """« Nouvelle-Calédonie (cerfa n° 16199… » at 1024×768 (supervisor follow-ups, session 32): one entry a row,
    and a label that still does not fit is drawn on two lines, whole."""
    chart = BarChart("Procurations et résiliations, par canal")
    qtbot.addWidget(chart)
    chart.resize(300, 260)
    labels = (
        "Guichet (cerfa n° 12668*03)",
        "Imprimé (cerfa n° 14952*03)",
        "Maprocuration (demande en ligne)",
        "Nouvelle-Calédonie (cerfa n° 16199*01) et formulaire consulaire",
    )
    chart.set_data(DAYS, [ChartSeries("canal", str(i), label, (1, 0, 2)) for i, label in enumerate(labels)])
    assert chart.legend_columns() == 1
    lines = chart.legend_lines(1)
    room = chart.plot_rect().width() - LEGEND_MARK * chart.unit()
    metrics = QFontMetricsF(chart.small_font())
    assert [" ".join(entry) for entry in lines] == list(labels)  # every word drawn
    assert all(metrics.horizontalAdvance(line) <= room for entry in lines for line in entry)
    assert len(lines[-1]) >= 2 and chart.legend_rows() == sum(len(entry) for entry in lines)

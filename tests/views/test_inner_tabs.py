"""Tabs whose whole titles do not fit their bar show short ones (kit/reflow.py InnerTabs.add_tab): at 200 % text on a
1024 px screen, Renouvellements read « Re… », « Toda… » and a bold « nternet voting cr. » cut on both sides (the
selected tab's bold was measured in the bar's regular font). The whole title stays the tooltip and what a screen
reader says."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.views.kit.reflow import InnerTabs

TITLES = (
    ("Passeport à distance", "Passeport"),
    ("Échéances du jour", "Échéances"),
    ("Identifiants de vote par internet", "Vote internet"),
)


def _tabs(qtbot: QtBot) -> InnerTabs:
    tabs = InnerTabs()
    qtbot.addWidget(tabs)
    for whole, short in TITLES:
        tabs.add_tab(QLabel(whole), whole, short)
    tabs.show()
    return tabs


def _fits(tabs: InnerTabs, padding: int = 32) -> bool:
    """Each tab as wide as its title's longest line with its padding: nothing elided, nothing cut."""
    bar = tabs.tabBar()
    metrics = bar.fontMetrics()
    return all(
        bar.tabRect(i).width() >= metrics.horizontalAdvance(bar.tabText(i)) + padding for i in range(tabs.count())
    )


def test_the_whole_titles_when_they_fit_the_short_ones_when_they_do_not(
    qtbot: QtBot, themed: Callable[..., None]
) -> None:
    themed()  # the application's theme: 16 px of padding each side of a tab's title
    tabs = _tabs(qtbot)
    tabs.resize(1400, 300)
    qtbot.waitUntil(lambda: tabs.tabText(2) == TITLES[2][0])
    assert [tabs.tabText(i) for i in range(3)] == [w for w, _s in TITLES] and _fits(tabs)
    whole = sum(tabs.tabBar().tabRect(i).width() for i in range(3))
    tabs.resize(whole - 20, 300)  # a little short of the whole titles: all three short, none cut
    qtbot.waitUntil(lambda: tabs.tabText(2) == TITLES[2][1])
    assert [tabs.tabText(i) for i in range(3)] == [s for _w, s in TITLES]
    assert _fits(tabs)
    bar = tabs.tabBar()
    assert [bar.tabToolTip(i) for i in range(3)] == [w for w, _s in TITLES]
    assert [bar.accessibleTabName(i) for i in range(3)] == [w for w, _s in TITLES]
    assert not bar.property("tight")
    short = sum(bar.tabRect(i).width() for i in range(3))
    tabs.resize(short - 20, 300)  # shorter still: the short titles with less padding (8 px a side, not 16)
    qtbot.waitUntil(lambda: bool(bar.property("tight")))
    assert [tabs.tabText(i) for i in range(3)] == [s for _w, s in TITLES]
    assert sum(bar.tabRect(i).width() for i in range(3)) <= tabs.width() and _fits(tabs, padding=16)
    assert [bar.tabToolTip(i) for i in range(3)] == [w for w, _s in TITLES]
    tabs.resize(1400, 300)  # wide again: whole again
    qtbot.waitUntil(lambda: tabs.tabText(0) == TITLES[0][0])
    assert not bar.property("tight")


def test_a_larger_text_chooses_again(qtbot: QtBot, themed: Callable[..., None]) -> None:
    themed()
    tabs = _tabs(qtbot)
    tabs.resize(900, 300)
    qtbot.waitUntil(lambda: tabs.tabText(2) == TITLES[2][0])
    themed(text_scale_percent=200)  # the agent's setting: the same width, twice the text
    qtbot.waitUntil(lambda: tabs.tabText(2) == TITLES[2][1])
    assert _fits(tabs)

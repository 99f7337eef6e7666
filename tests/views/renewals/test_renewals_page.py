"""The Renouvellements screen as a whole: one scroll bar at a time, whichever tab is shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from desktop.views.renewals.page import TAB_DEADLINES, TAB_IVOTE, TAB_PASSPORT

from .conftest import REQUEST, Desk

# The screen's part of a 1366 × 768 window: the navigation (230 px) on its left, the header and the status bar.
SCREEN_AT_1366_BY_768 = (1366 - 230, 768 - 58 - 23)


def _scrolling(desk: Desk) -> list[str]:
    """The scroll areas of the screen that show a vertical scroll bar (item views' own included)."""
    return [
        f"{type(area).__name__}#{area.objectName()}"
        for area in desk.page.findChildren(QAbstractScrollArea)  # the screen's own `page_scroll` first
        if area.isVisible() and area.verticalScrollBar().isVisible() and area.verticalScrollBar().maximum() > 0
    ]


@pytest.mark.parametrize("tab", [TAB_PASSPORT, TAB_DEADLINES, TAB_IVOTE])
def test_at_1366_by_768_the_screen_never_scrolls_around_a_pane_that_scrolls(
    qtbot: QtBot, desk: Desk, themed: Callable[..., None], tab: int
) -> None:
    """The audit's double scroll: the screen scrolled (109 px) around the passport pane, which scrolled too. The
    tabs now take the height the screen has; the pane, or a table, scrolls inside it, and the screen does not."""
    themed()
    desk.page.resize(*SCREEN_AT_1366_BY_768)
    desk.page.tabs.setCurrentIndex(tab)
    qtbot.waitUntil(lambda: not desk.page.runner.busy)
    QApplication.processEvents()
    qtbot.wait(20)
    assert desk.page.page_scroll.verticalScrollBar().maximum() == 0, _scrolling(desk)
    assert len(_scrolling(desk)) <= 1, _scrolling(desk)
    if tab == TAB_PASSPORT:  # the new-case form is taller than the pane: it is the one that scrolls
        pane = desk.page.passport.stack.currentWidget()
        assert isinstance(pane, QScrollArea) and pane.verticalScrollBar().maximum() > 0
        pane.ensureWidgetVisible(desk.page.passport.form.submit)
        assert desk.page.passport.form.submit.visibleRegion().boundingRect().height() > 0


def test_an_open_case_scrolls_alone_too(qtbot: QtBot, desk: Desk, themed: Callable[..., None]) -> None:
    themed()
    case = desk.passports.open_case(REQUEST).case
    assert case is not None
    desk.page.resize(*SCREEN_AT_1366_BY_768)
    desk.page.passport.open_case(case.summary.id)
    qtbot.waitUntil(lambda: not desk.page.runner.busy)
    QApplication.processEvents()
    qtbot.wait(20)
    assert desk.page.passport.stack.currentIndex() == 1
    assert desk.page.page_scroll.verticalScrollBar().maximum() == 0, _scrolling(desk)
    assert len(_scrolling(desk)) <= 1, _scrolling(desk)


def test_at_1366_by_768_the_case_list_shows_every_column_beside_the_form(
    qtbot: QtBot, desk: Desk, themed: Callable[..., None]
) -> None:
    """The audit's cut header: beside the new-case form the list's titles stopped at « St… » and « Renvoi avant le »
    was past its edge, behind a sideways scroll bar. The list now has the room its columns need (the form wraps its
    check boxes and puts a label above its field when the pane is narrow), and fits its columns to it."""
    themed()
    for _ in range(2):
        assert desk.passports.open_case(REQUEST).case is not None
    desk.page.resize(*SCREEN_AT_1366_BY_768)
    panel = desk.page.passport
    panel.refresh()
    qtbot.waitUntil(lambda: not desk.page.runner.busy and panel.model.rowCount() == 2)
    QApplication.processEvents()
    qtbot.wait(20)
    table, header = panel.table, panel.table.horizontalHeader()
    assert panel.stack.geometry().left() > table.geometry().right()  # side by side
    assert header.length() <= table.viewport().width(), [header.sectionSize(c) for c in range(header.count())]
    assert not table.horizontalScrollBar().isVisible()
    for column in range(header.count()):  # each title whole
        assert header.sectionSize(column) >= header.sectionSizeHint(column), column
    form = panel.stack.currentWidget()
    assert isinstance(form, QScrollArea) and form.horizontalScrollBar().maximum() == 0  # nor does the form

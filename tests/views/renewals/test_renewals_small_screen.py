"""The renewals lists at 1024×768 (the page's share of the window): every column in sight, no text cut."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from desktop.rules.ivote import Credential
from desktop.views.kit.tablefit import TALL, text_margins
from desktop.views.renewals.page import TAB_DEADLINES, TAB_IVOTE
from desktop.views.rows import RowsModel

from .conftest import REQUEST, Desk, received_on_20_march

PAGE_AT_1024 = (794, 640)  # px: the page beside the 230-pixel menu in a 1024×768 window


def cut_texts(table: QTableView) -> list[str]:
    """Texts past the table's right edge, or taller once wrapped than their row (Qt elides them: « To invalidate
    (period … »)."""
    model = table.model()
    assert isinstance(model, RowsModel)
    room = table.viewport().width()
    metrics, margin = table.fontMetrics(), text_margins(table)
    cut = []
    for column in range(model.columnCount()):
        if table.columnViewportPosition(column) + table.columnWidth(column) > room:
            cut.append(f"column {column} past the edge")
        for row in range(model.rowCount()):
            words = model.text(row, column)
            box = metrics.boundingRect(
                QRect(0, 0, table.columnWidth(column) - margin, TALL), Qt.TextFlag.TextWordWrap, words
            )
            if box.width() > table.columnWidth(column) - margin or box.height() > table.rowHeight(row):
                cut.append(words)
    return cut


def test_the_deadlines_and_the_internet_vote_requests_fit_at_1024(qtbot: QtBot, desk: Desk) -> None:
    """At 1024×768 the overdue cases' status was elided and the internet-vote list scrolled sideways, its « Lien
    utilisé le » and « Synchronisation » columns out of sight (day audit, consular agent)."""
    p = desk.passports
    received_on_20_march(desk)
    desk.clock.day(date(2026, 5, 1))
    assert p.daily_deadlines().newly_flagged == 1
    assert desk.ivote.request_renewal(
        numic="MTL2024001", email="camille.tremblay-roux@exemple.fr", renew=frozenset({Credential.IDENTIFIANT})
    ).ok
    desk.page.resize(*PAGE_AT_1024)

    desk.page.show_tab(TAB_DEADLINES)
    panel = desk.page.deadlines
    qtbot.waitUntil(lambda: panel.late_model.rowCount() == 1)
    qtbot.waitUntil(lambda: not cut_texts(panel.late_table), timeout=2000)

    desk.page.show_tab(TAB_IVOTE)
    ivote = desk.page.ivote
    ivote.refresh()
    qtbot.waitUntil(lambda: ivote.model.rowCount() == 1)
    qtbot.waitUntil(lambda: not cut_texts(ivote.table), timeout=2000)
    assert ivote.table.horizontalScrollBar().maximum() == 0


def test_tab_leaves_every_renewals_list(qtbot: QtBot, desk: Desk) -> None:
    """Tab inside a list went from cell to cell and never reached the buttons under it (« Refresh », « Invalidate and
    report to Interpol »): a keyboard trap (day audit). The arrows move within a list, Tab leaves it."""
    desk.passports.open_case(REQUEST)
    desk.page.show_tab(TAB_DEADLINES)
    tables = desk.page.findChildren(QTableView)
    assert len(tables) == 4 and not [t.accessibleName() for t in tables if t.tabKeyNavigation()]
    panel = desk.page.deadlines
    panel.late_table.setFocus()
    qtbot.waitUntil(panel.late_table.hasFocus)
    QTest.keyClick(panel.late_table, Qt.Key.Key_Tab)
    assert not panel.late_table.hasFocus() and not panel.soon_table.hasFocus()


def test_the_internet_vote_requests_are_readable_at_1024(qtbot: QtBot, desk: Desk) -> None:
    """At 1024×768 the form above took the tab's whole height: the requests' list was a header over 12 pixels, no
    request readable (day audit, consular agent). The list keeps room for three requests; the page scrolls instead."""
    assert desk.ivote.request_renewal(
        numic="MTL2024001", email="camille.tremblay-roux@exemple.fr", renew=frozenset({Credential.IDENTIFIANT})
    ).ok
    desk.page.resize(PAGE_AT_1024[0], 400)  # less than the form needs (a refusal shown, in English, at 1024×768)
    desk.page.show()
    desk.page.show_tab(TAB_IVOTE)
    ivote = desk.page.ivote
    ivote.refresh()
    qtbot.waitUntil(lambda: ivote.model.rowCount() == 1)
    qtbot.wait(50)
    table = ivote.table
    shown = table.viewport().height()
    assert shown >= 3 * table.verticalHeader().defaultSectionSize(), (shown, table.rowHeight(0))


def test_at_1024_the_open_case_has_the_larger_share_of_the_tab(qtbot: QtBot, desk: Desk) -> None:
    """One above the other (1024×768), the case list kept three fifths of the tab: the case being worked on had
    200 px under it, its number scrolled out of sight as soon as the focus went to the step's first box (day audit,
    consular agent). The list keeps room for a few cases; the case has the larger share."""
    case = desk.passports.open_case(REQUEST).case
    assert case is not None
    desk.page.resize(PAGE_AT_1024[0], 690)  # between the header and the status bar of a 1024×768 window
    panel = desk.page.passport
    panel.open_case(case.summary.id)
    qtbot.waitUntil(lambda: not desk.page.runner.busy)
    qtbot.wait(20)
    assert panel.stack.y() > panel.table.y()  # one above the other
    assert panel.stack.height() > panel.table.height() + panel.search.height() + panel.new_btn.height()
    assert panel.table.viewport().height() >= 2 * panel.table.verticalHeader().defaultSectionSize()

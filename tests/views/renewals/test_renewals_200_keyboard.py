"""Renouvellements at 200 % text in 1366×900, keyboard only (RGAA 10.4, 12.8; audit of session 33): every step of an
open passport case reached and read, and the tab shown decides whether the screen scrolls, not the tabs hidden."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.views.renewals import RenewalsPage
from desktop.views.renewals.page import TAB_DEADLINES, TAB_IVOTE, TAB_PASSPORT

from .conftest import REQUEST, Desk, received_on_20_march

PAGE_AT_200 = (1366 - 460, 900 - 120)  # the page beside the navigation, 1366×900 at 200 % text


def _page_at_200(qtbot: QtBot, desk: Desk, themed: Callable[..., None]) -> RenewalsPage:
    themed(text_scale_percent=200)
    page = RenewalsPage(desk.passports, desk.ivote)  # built in the agent's text size, as the window builds it
    qtbot.addWidget(page)
    page.resize(*PAGE_AT_200)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def _open(qtbot: QtBot, page: RenewalsPage, cid: str) -> None:
    page.show_tab(TAB_PASSPORT)
    qtbot.waitUntil(lambda: not page.runner.busy)
    page.passport.open_case(cid)
    qtbot.waitUntil(lambda: not page.runner.busy)


def test_every_step_of_an_open_case_is_reached_and_read_with_the_keyboard(
    qtbot: QtBot, desk: Desk, themed: Callable[..., None]
) -> None:
    """The steps' list, 190 px high at 200 %, showed two steps and a half and took no focus: the others were behind a
    scroll bar only a mouse could move, and a screen reader never reached them. Shift+Tab from the step's field
    reaches the list; the arrows go from step to step, each one whole in sight and named for a screen reader."""
    cid = received_on_20_march(desk)
    page = _page_at_200(qtbot, desk, themed)
    _open(qtbot, page, cid)
    view = page.passport.case_view
    steps = view.steps
    qtbot.waitUntil(view.dated_on.hasFocus)  # opened, the focus on the step to record
    for _ in range(10):  # back along the Tab chain, as an agent would
        if steps.hasFocus():
            break
        focus = QApplication.focusWidget()
        assert focus is not None
        QTest.keyClick(focus, Qt.Key.Key_Backtab)
    assert steps.hasFocus(), QApplication.focusWidget()
    QTest.keyClick(steps, Qt.Key.Key_Home)
    listed = QAccessible.queryAccessibleInterface(steps)
    assert listed is not None
    said = []
    for row in range(8):
        if row:
            QTest.keyClick(steps, Qt.Key.Key_Down)
        assert steps.currentRow() == row
        QApplication.sendPostedEvents()
        rect = steps.visualItemRect(steps.item(row))
        in_sight = steps.viewport().visibleRegion().boundingRect()
        assert in_sight.contains(rect), (row, rect, in_sight)  # whole, in the list and in the window
        cell = listed.child(row)
        assert cell is not None
        said.append(cell.text(QAccessible.Text.Name))
    assert said[0].startswith("Étape 1 sur 8, faite : Connexion sécurisée à la démarche — 01/03/2026"), said
    assert said[6] == "Étape 7 sur 8, à faire : Confirmation de la réception du passeport", said
    assert said[7].startswith("Étape 8 sur 8, à venir : "), said
    assert not [name for name in said if name[:1] in "✓→·"]  # the marks are for the eye; their meaning is said


def test_the_passport_tab_does_not_scroll_the_screen_for_the_hidden_tabs(
    qtbot: QtBot, desk: Desk, themed: Callable[..., None]
) -> None:
    """At 200 % the whole screen scrolled by 150 px around the passport tab, which fitted: the tabs asked for their
    tallest page's minimum (Identifiants de vote's form and list; Échéances du jour's, measured at the 640 px a page
    never shown has). The tab shown decides; a tab that needs more (Échéances du jour's two lists) still scrolls."""
    cid = received_on_20_march(desk)
    page = _page_at_200(qtbot, desk, themed)
    _open(qtbot, page, cid)
    bar = page.page_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() == 0, timeout=2000)
    for tab in (TAB_DEADLINES, TAB_IVOTE, TAB_PASSPORT):
        page.show_tab(tab)
        qtbot.waitUntil(lambda: not page.runner.busy)
    qtbot.waitUntil(lambda: bar.maximum() == 0, timeout=2000)  # back on the passport tab: no scroll again


def _whole_in_sight(widget: QWidget) -> bool:
    """Not a pixel of `widget` under the edge of a scroll area's window (its children drawn over it count as seen)."""
    QApplication.sendPostedEvents()
    seen = widget.visibleRegion()
    for child in widget.findChildren(QWidget):
        if child.isVisible():
            seen += child.visibleRegion().translated(child.mapTo(widget, QPoint(0, 0)))
    return seen.boundingRect() == widget.rect() and widget.width() > 0


def test_the_security_number_and_the_field_given_the_focus_are_in_sight(
    qtbot: QtBot, desk: Desk, themed: Callable[..., None]
) -> None:
    """At 200 % the case opened with the focus on its step's first box, out of sight under the steps; the interview
    validated, the security number, shown once, was under the pane's edge and the focus on « J'ai communiqué le
    numéro », out of sight too: Espace wiped a number the agent had never seen (RGAA 10.7, 12.8)."""
    case = desk.passports.open_case(REQUEST).case
    assert case is not None
    desk.passports.record_documents(case.summary.id, photo_ok=True, dhl_adult_signature=False)
    page = _page_at_200(qtbot, desk, themed)
    _open(qtbot, page, case.summary.id)
    view = page.passport.case_view
    qtbot.waitUntil(view.identity_ok.hasFocus)
    qtbot.waitUntil(lambda: _whole_in_sight(view.identity_ok), timeout=2000)
    QTest.keyClick(view.identity_ok, Qt.Key.Key_Space)
    view.interview_btn.setFocus()
    QTest.keyClick(view.interview_btn, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not page.runner.busy)
    qtbot.waitUntil(view.security_done.hasFocus)
    parts = view.security.findChildren(QWidget)  # its sentence, the number, its button
    qtbot.waitUntil(lambda: all(_whole_in_sight(w) for w in parts), timeout=2000)


def test_after_a_step_is_recorded_the_focus_is_on_the_next_one(
    qtbot: QtBot, desk: Desk, themed: Callable[..., None]
) -> None:
    """Entrée on the step's date recorded it and the focus went nowhere (the step's fields, greyed while the store
    answered, dropped it): the next Tab started again from the top of the window, past the screen's menu. The focus
    comes back to the next step's field, in sight; the last step recorded, to the case's steps."""
    cid = received_on_20_march(desk)
    page = _page_at_200(qtbot, desk, themed)
    _open(qtbot, page, cid)
    view = page.passport.case_view
    qtbot.waitUntil(view.dated_on.hasFocus)
    QTest.keyClick(view.dated_on, Qt.Key.Key_Return)  # step 7, today
    qtbot.waitUntil(lambda: not page.runner.busy)
    assert view.dated_step == 8
    qtbot.waitUntil(view.dated_on.hasFocus, timeout=2000)
    assert _whole_in_sight(view.dated_on)
    QTest.keyClick(view.dated_on, Qt.Key.Key_Return)  # step 8: the case is closed
    qtbot.waitUntil(lambda: not page.runner.busy)
    qtbot.waitUntil(view.steps.hasFocus, timeout=2000)
    assert view.steps.currentRow() == 7 and _whole_in_sight(view.steps)


def test_with_a_case_open_the_case_list_keeps_rows_in_sight(
    qtbot: QtBot, desk: Desk, themed: Callable[..., None]
) -> None:
    """At 200 % with a case open, the passport tab showed the search field, the list's titles and its sideways scroll
    bar, and not one row: the case's pane under it took the whole height, and the agent could see neither which cases
    there were nor which one was open (audit of session 33). The list keeps two rows in sight above its scroll bar,
    the case scrolls inside its pane, and the screen does not scroll for it."""
    cid = received_on_20_march(desk)
    desk.passports.open_case(REQUEST)  # a second case: two rows to see
    page = _page_at_200(qtbot, desk, themed)
    _open(qtbot, page, cid)
    panel = page.passport
    table = panel.table
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    QApplication.sendPostedEvents()
    shown = table.viewport().height()
    for row in range(2):
        assert table.visualRect(panel.model.index(row, 0)).bottom() < shown, (row, shown, table.rowHeight(row))
    assert panel.stack.y() > table.y() and panel.stack.height() > 0  # the case under the list, still in sight
    assert page.page_scroll.verticalScrollBar().maximum() == 0


def test_every_tab_stop_of_an_open_case_has_a_name(qtbot: QtBot, desk: Desk, themed: Callable[..., None]) -> None:
    """The case's pane (a scroll area) was a Tab stop of its own, named by nothing: a screen reader said « zone de
    défilement » between the case list and the steps (session 33's audit left it). Every stop is a named control."""
    from a11ykit import accessible_name, describe, tab_chain
    from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea

    cid = received_on_20_march(desk)
    page = _page_at_200(qtbot, desk, themed)
    _open(qtbot, page, cid)
    chain = tab_chain(page)
    assert page.passport.case_view.steps in chain and page.passport.case_view.dated_on in chain
    unnamed = [describe(w) for w in chain if not accessible_name(w)]
    panes = [describe(w) for w in chain if isinstance(w, QAbstractScrollArea) and not isinstance(w, QAbstractItemView)]
    assert not unnamed and not panes, (unnamed, panes)


def test_at_200_percent_every_tab_is_in_sight_its_title_whole_in_its_tooltip(
    qtbot: QtBot, desk: Desk, themed: Callable[..., None]
) -> None:
    """« Identifiants de vote par internet » was behind the tab bar's arrows at 200 % (only a mouse saw them); every
    tab is now in the bar, with its short title when the whole one does not fit, whole in its tooltip and for
    screen readers."""
    from PySide6.QtWidgets import QToolButton

    page = _page_at_200(qtbot, desk, themed)
    bar = page.tabs.tabBar()
    shown = bar.rect()
    assert bar.count() == 3
    whole = ["Passeport à distance", "Échéances du jour", "Identifiants de vote par internet"]
    for index in range(bar.count()):
        assert shown.contains(bar.tabRect(index)), (index, bar.tabRect(index), shown)
        assert bar.tabToolTip(index) == whole[index] == bar.accessibleTabName(index)
        # the whole title or its short one (session 37: « Vote internet »), never cut
        # (Qt may give a tab a pixel or two less than it asked: its 16 px of padding absorb it)
        assert "…" not in page.tabs.tabText(index) and bar.tabRect(index).width() + 4 >= bar.tabSizeHint(index).width()
    assert not [b for b in bar.findChildren(QToolButton) if b.isVisible()]  # no scroll arrows
    assert page.tabs.tabText(TAB_IVOTE) in ("Identifiants de vote par internet", "Vote internet")

"""A printer fault during a renewal: the message fits the pane, and the receipt can be printed again from there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from desktop.rules.ivote import Credential
from desktop.views.renewals.page import TAB_IVOTE

from .conftest import REQUEST, Desk

PAPER_OUT = "Plus de papier dans l'imprimante : rechargez le rouleau, puis imprimez le récépissé."


def idle(qtbot: QtBot, desk: Desk) -> None:
    qtbot.waitUntil(lambda: not desk.page.runner.busy)


def test_paper_out_on_a_case_keeps_the_case_within_its_pane(qtbot: QtBot, desk: Desk) -> None:
    """Out of paper at step 3, the long message on one line widened the case beyond its pane at 1366×768: a
    sideways scroll bar, the case's number, its steps and « Réimprimer le dernier récépissé » cut on the right (day
    audit, consular agent)."""
    desk.page.resize(1136, 640)  # the page beside the menu in a 1366×768 window
    case = desk.passports.open_case(REQUEST).case
    assert case is not None
    desk.page.passport.open_case(case.summary.id)
    idle(qtbot, desk)
    view = desk.page.passport.case_view
    desk.printer.set_paper_out()
    view.photo_ok.setChecked(True)
    QTest.mouseClick(view.documents_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    qtbot.waitUntil(lambda: view.print_label.text() == PAPER_OUT)
    qtbot.wait(20)  # the layout settles
    scroll = desk.page.passport.stack.currentWidget()
    assert isinstance(scroll, QScrollArea)
    assert scroll.horizontalScrollBar().maximum() == 0
    assert view.width() <= scroll.viewport().width()
    assert view.reprint.geometry().right() <= view.width()


def test_paper_out_on_an_internet_vote_request_offers_its_reprint(qtbot: QtBot, desk: Desk) -> None:
    """Out of paper, the screen said « rechargez le rouleau, puis imprimez le récépissé » while « Réimprimer le
    récépissé » stayed greyed: it waits for a row of the list to be chosen, and none was. The request just recorded
    is chosen in the list: reload the roll, Réimprimer, and its receipt comes out (day audit, consular agent)."""
    desk.page.show_tab(TAB_IVOTE)
    idle(qtbot, desk)
    panel = desk.page.ivote
    desk.printer.set_paper_out()
    QTest.keyClicks(panel.numic, "MTL2024001")
    QTest.keyClicks(panel.email, "camille.tremblay-roux@exemple.fr")
    panel.identifier.setChecked(True)
    QTest.mouseClick(panel.submit_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.print_label.text() == PAPER_OUT)
    idle(qtbot, desk)
    assert panel.reprint_btn.isEnabled()
    desk.printer.set_paper_out(False)
    QTest.mouseClick(panel.reprint_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(desk.printer.printed) == 1)
    printed = desk.printer.printed[0].receipt
    requests = desk.ivote.list_requests()
    assert printed.number == requests[0].receipt_number and requests[0].credential is Credential.IDENTIFIANT
    assert not printed.duplicate  # its first print

"""Internet-vote tab with the keyboard: a renewal, the refusal of identifier + password together."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.rules.ivote import Credential
from desktop.services.ivote import IvoteStatus
from desktop.views.renewals.ivote import request_model
from desktop.views.renewals.page import TAB_IVOTE
from desktop.views.translations import plain

from .conftest import Desk

NUMIC, EMAIL = "MTL2024001", "camille.tremblay-roux@exemple.fr"


def idle(qtbot: QtBot, desk: Desk) -> None:
    """Wait until the screen's work on the runner has answered (the GUI thread never waits for the store)."""
    qtbot.waitUntil(lambda: not desk.page.runner.busy)


def find(qtbot: QtBot, desk: Desk, email: str = EMAIL) -> None:
    QTest.keyClick(desk.page, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    idle(qtbot, desk)
    panel = desk.page.ivote
    assert desk.page.tabs.currentIndex() == TAB_IVOTE and panel.numic.hasFocus()
    QTest.keyClicks(panel.numic, NUMIC.lower())
    QTest.keyClick(panel.numic, Qt.Key.Key_Return)  # Enter moves on to the e-mail
    assert panel.email.hasFocus()
    QTest.keyClicks(panel.email, email)
    QTest.keyClick(panel.email, Qt.Key.Key_Return)  # Enter looks the elector up
    assert not panel.find_btn.isEnabled()  # on the runner: the screen shows it is busy
    idle(qtbot, desk)


def test_an_internet_vote_identifier_renewal(qtbot: QtBot, desk: Desk) -> None:
    find(qtbot, desk)
    panel = desk.page.ivote
    assert "TREMBLAY-ROUX Camille" in panel.voter.text() and panel.identifier.hasFocus()
    QTest.keyClick(panel.identifier, Qt.Key.Key_Space)
    QTest.mouseClick(panel.submit_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    assert not panel.errors["renew"].isVisible() and not panel.identifier.isChecked()
    assert panel.model.rowCount() == 1
    row = panel.model.row_at(0)
    assert row is not None and row.status is IvoteStatus.LIEN_ENVOYE
    assert panel.model.data(panel.model.index(0, 1)) == "Identifiant"
    qtbot.waitUntil(lambda: len(desk.printer.printed) == 1)
    qtbot.waitUntil(lambda: panel.print_label.text() == "Récépissé imprimé.")

    # The portal reports that the single-use link served; the list says so, never showing the credential.
    assert desk.ivote.record_link_use(request_id=row.id).ok
    panel.refresh()
    idle(qtbot, desk)
    assert panel.model.data(panel.model.index(0, 2)) == "Lien utilisé"
    assert not panel.reprint_btn.isEnabled()  # the list was read again: no request chosen in it yet
    panel.table.selectRow(0)
    QTest.mouseClick(panel.reprint_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.print_label.text() == "Duplicata imprimé.")


def test_combined_identifier_and_password_request_is_refused(qtbot: QtBot, desk: Desk) -> None:
    find(qtbot, desk)
    panel = desk.page.ivote
    panel.identifier.setChecked(True)
    panel.password.setChecked(True)
    QTest.mouseClick(panel.submit_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    assert panel.errors["renew"].isVisible() and "R-IVOTE-5" in plain(panel.errors["renew"].text())
    assert "en même temps" in panel.errors["renew"].text()
    assert panel.identifier.isChecked() and panel.password.isChecked()  # nothing the agent chose is lost
    assert panel.model.rowCount() == 0 and desk.ivote.list_requests() == [] and desk.printer.printed == []


def test_the_r_ivote_5_refusal_is_read_once(qtbot: QtBot, desk: Desk) -> None:
    """The refusal under the choice and the permanent hint under it said the same thing twice, one above the other
    (day audit, consular agent): the hint steps aside while the refusal shows, and comes back once it is gone."""
    find(qtbot, desk)
    panel = desk.page.ivote

    def saying_it() -> list[str]:
        return [plain(w.text()) for w in panel.findChildren(QLabel) if w.isVisible() and "R-IVOTE-5" in plain(w.text())]

    assert len(saying_it()) == 1  # the hint, before any request
    panel.identifier.setChecked(True)
    panel.password.setChecked(True)
    QTest.mouseClick(panel.submit_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    assert saying_it() == [plain(panel.errors["renew"].text())]
    panel.password.setChecked(False)
    QTest.mouseClick(panel.submit_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    assert len(saying_it()) == 1 and not panel.errors["renew"].isVisible()


def test_wrong_email_is_shown_next_to_the_field(qtbot: QtBot, desk: Desk) -> None:
    find(qtbot, desk, email="someone.else@exemple.fr")
    panel = desk.page.ivote
    assert panel.errors["email"].isVisible() and "R-IVOTE-1" in plain(panel.errors["email"].text())
    # The NUMIC is on file: « Électeur non trouvé » beside the button contradicted the reason under the e-mail.
    assert panel.email.property("invalid") == "true" and panel.voter.text() == ""
    assert panel.email.text() == "someone.else@exemple.fr"


def test_request_model_passes_the_model_tester(qtmodeltester: ModelTester, desk: Desk) -> None:
    desk.ivote.request_renewal(numic=NUMIC, email=EMAIL, renew=frozenset({Credential.MOT_DE_PASSE}))
    model = request_model()
    model.set_rows(desk.ivote.list_requests())
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]


def test_reprint_waits_for_a_chosen_request(qtbot: QtBot, desk: Desk) -> None:
    """« Réimprimer le récépissé » was enabled on an empty list (and, with requests listed but none chosen, printed
    the first one's): it is offered once a request is chosen, by the agent or as the one just recorded."""
    panel = desk.page.ivote
    QTest.keyClick(desk.page, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    idle(qtbot, desk)
    assert panel.model.rowCount() == 0 and not panel.reprint_btn.isEnabled()
    find(qtbot, desk)
    QTest.keyClick(panel.identifier, Qt.Key.Key_Space)
    QTest.mouseClick(panel.submit_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    qtbot.waitUntil(lambda: len(desk.printer.printed) == 1)
    # The request just recorded is chosen: its receipt is the one to print again (out of paper, say).
    assert panel.model.rowCount() == 1 and panel.reprint_btn.isEnabled()
    panel.table.selectionModel().clear()  # nothing chosen, no current row
    assert not panel.reprint_btn.isEnabled()
    panel.table.setFocus()
    QTest.keyClick(panel.table, Qt.Key.Key_Down)  # the keyboard chooses it as the mouse does
    assert panel.reprint_btn.isEnabled()
    panel.table.clearSelection()
    assert not panel.reprint_btn.isEnabled()

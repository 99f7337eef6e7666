"""« Changer d'agent » while the new agent's password is checked on the worker: one check, no half-done change."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.seat import SeatAgent, SeatRefused
from desktop.services.permissions import Principal
from desktop.views.agent_switch import AgentSwitchDialog
from desktop.views.kit.announce import listen


class HeldSeat:
    """A production seat whose change of agent holds until the test releases it (Argon2id on the worker)."""

    needs_password = True

    def __init__(self, *, right: bool) -> None:
        self.current = SeatAgent(Principal("S", "a1", role="agent_police", capacity="opj"), "Agent Un")
        self.right = right
        self.release = threading.Event()
        self.calls: list[str] = []

    def choices(self) -> list[object]:
        return []

    def switch(self, *, login: str, password: str) -> SeatAgent:
        self.calls.append(login)
        self.release.wait(5.0)
        if not self.right:
            raise SeatRefused("Identifiant ou mot de passe incorrect.")
        self.current = SeatAgent(Principal("S", "a2", role="agent_police", capacity="apj"), "Agent Deux")
        return self.current

    def verify(self, password: str) -> None:
        return None


def _submitted(qtbot: QtBot, seat: HeldSeat) -> AgentSwitchDialog:
    dialog = AgentSwitchDialog(seat)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.login_edit, "deux")
    QTest.keyClicks(dialog.password_edit, "secret-de-deux")
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.runner.busy and not dialog.cancel_button.isEnabled() and dialog.login_edit.isReadOnly()
    return dialog


def test_closing_while_the_change_is_checked_ends_with_the_seat_as_it_really_is(qtbot: QtBot) -> None:
    seat = HeldSeat(right=True)
    dialog = _submitted(qtbot, seat)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # a second Entrée: one check
    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # the change may already be made on the worker: wait for it
    assert dialog.isVisible() and dialog.close_asked
    seat.release.set()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # The seat did change: the dialog says so, so that the counter follows (and stays locked if it was).
    assert seat.calls == ["deux"]
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.agent is seat.current


def test_closing_while_a_wrong_password_is_checked_leaves_the_counter_as_it_was(qtbot: QtBot) -> None:
    seat = HeldSeat(right=False)
    dialog = _submitted(qtbot, seat)
    dialog.reject()
    assert dialog.isVisible()
    seat.release.set()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.agent is None


def test_a_refused_change_is_said_to_a_screen_reader_on_its_field(qtbot: QtBot) -> None:
    """The refusal was only shown under the fields: read over AT-SPI, Orca said nothing (session 36). It is now
    announced, kept as the field's description, and the focus is on the field to type again."""
    heard: list[str] = []
    stop = listen(lambda event: heard.append(event.message()))
    try:
        seat = HeldSeat(right=False)
        seat.release.set()
        dialog = _submitted(qtbot, seat)
        qtbot.waitUntil(lambda: not dialog.runner.busy)
        assert heard == ["Identifiant ou mot de passe incorrect."]
        assert dialog.password_edit.accessibleDescription() == "Identifiant ou mot de passe incorrect."
        assert dialog.password_edit.hasFocus()
        dialog.login_edit.clear()
        QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # nothing typed: said, on the field to fill
        assert heard[-1] == "Saisissez l'identifiant et le mot de passe de l'agent."
        assert dialog.login_edit.hasFocus() and dialog.login_edit.accessibleDescription() == heard[-1]
    finally:
        stop()

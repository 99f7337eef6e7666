"""Login dialog and new-password dialog (seed 003)."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.security.passwords import check_password
from desktop.views.login import LoginAnswer, LoginDialog, NewPasswordDialog

GATE_SECONDS = 5.0  # how long a held check waits for the test (only reached when the check blocks the GUI thread)


def _answered(qtbot: QtBot, dialog: LoginDialog) -> None:
    """The check runs on a worker: wait for its answer to reach the dialog."""
    qtbot.waitUntil(lambda: not dialog.checking)


class HeldCheck:
    """An authenticate that holds until the test releases it (a slow Argon2id), counting its calls."""

    def __init__(self, answer: LoginAnswer) -> None:
        self.answer = answer
        self.release = threading.Event()
        self.calls: list[tuple[str, str]] = []
        self.on_gui_thread: list[bool] = []

    def __call__(self, login: str, password: str) -> LoginAnswer:
        self.calls.append((login, password))
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
        if not self.release.wait(GATE_SECONDS):
            return LoginAnswer(False, "held past the gate: the check blocked the GUI thread")
        return self.answer


def _typed(qtbot: QtBot, dialog: LoginDialog) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.login_edit, "agent1")
    QTest.keyClicks(dialog.password_edit, "girafe violette marche lentement")


def test_refusal_keeps_the_login_and_clears_the_password(qtbot: QtBot) -> None:
    calls: list[tuple[str, str]] = []

    def authenticate(login: str, password: str) -> LoginAnswer:
        calls.append((login, password))
        if password == "girafe violette marche lentement":
            return LoginAnswer(True)
        return LoginAnswer(False, "Identifiant ou mot de passe incorrect.")

    dialog = LoginDialog(authenticate)
    qtbot.addWidget(dialog)
    dialog.show()  # Enter reaches the default button of a shown dialog only
    dialog.submit()
    assert dialog.error_label.text().startswith("Saisissez") and calls == []
    QTest.keyClicks(dialog.login_edit, "agent1")
    QTest.keyClicks(dialog.password_edit, "faux")
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    _answered(qtbot, dialog)
    assert dialog.error_label.text() == "Identifiant ou mot de passe incorrect."
    assert dialog.error_label.property("state") == "error"
    assert calls == [("agent1", "faux")]  # Enter submits once (not also through returnPressed)
    assert dialog.login_edit.text() == "agent1" and dialog.password_edit.text() == ""
    assert not dialog.password_edit.isReadOnly() and dialog.submit_button.isEnabled()
    QTest.keyClicks(dialog.password_edit, "girafe violette marche lentement")
    QTest.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    _answered(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert calls[-1] == ("agent1", "girafe violette marche lentement")


def test_forgot_password_passes_the_typed_login(qtbot: QtBot) -> None:
    asked: list[str] = []
    dialog = LoginDialog(lambda _l, _p: LoginAnswer(False, "non"), forgot=asked.append)
    qtbot.addWidget(dialog)
    dialog.show()  # Enter reaches the default button of a shown dialog only
    QTest.keyClicks(dialog.login_edit, "oublieux")
    QTest.mouseClick(dialog.forgot_button, Qt.MouseButton.LeftButton)
    assert asked == ["oublieux"]
    assert LoginDialog(lambda _l, _p: LoginAnswer(True)).forgot_button.isHidden()


def test_new_password_dialog_proposes_a_strong_one_and_refuses_weak(qtbot: QtBot) -> None:
    dialog = NewPasswordDialog(login="agent1")
    qtbot.addWidget(dialog)
    dialog.show()  # Enter reaches the default button of a shown dialog only
    proposed = dialog.password()
    assert check_password(proposed).accepted
    QTest.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    assert dialog.password() != proposed
    dialog.password_edit.setText("azertyuiop123")
    dialog.submit()
    assert "courant" in dialog.error_label.text() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.password_edit.setText("agent1-Xq9!vZ7p#w")
    dialog.submit()
    assert "identifiant" in dialog.error_label.text()
    dialog.password_edit.setText("girafe violette marche lentement")
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_prompt_shown_before_the_login_is_ready_keeps_what_was_typed_and_submits_it_when_ready(qtbot: QtBot) -> None:
    calls: list[tuple[str, str]] = []

    def authenticate(login: str, password: str) -> LoginAnswer:
        calls.append((login, password))
        return LoginAnswer(True)

    dialog = LoginDialog(authenticate, forgot=lambda _login: None, ready=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.forgot_button.isEnabled()  # the recovery needs the login's services
    QTest.keyClicks(dialog.login_edit, "agent1")
    QTest.keyClicks(dialog.password_edit, "girafe violette marche lentement")
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert calls == [] and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_label.text() == "Préparation de la connexion…"
    assert not dialog.submit_button.isEnabled() and dialog.password_edit.isReadOnly()
    assert dialog.password_edit.text() == "girafe violette marche lentement"  # held, not lost
    dialog.set_ready()
    _answered(qtbot, dialog)
    assert calls == [("agent1", "girafe violette marche lentement")]
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.password_edit.text() == ""
    assert dialog.forgot_button.isEnabled()


def test_a_prompt_made_ready_before_any_submit_just_waits_for_the_agent(qtbot: QtBot) -> None:
    calls: list[tuple[str, str]] = []
    dialog = LoginDialog(lambda login, password: calls.append((login, password)) or LoginAnswer(True), ready=False)
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.login_edit, "agent1")
    dialog.set_ready()
    assert calls == [] and not dialog.login_edit.isReadOnly() and dialog.error_label.text() == ""
    QTest.keyClicks(dialog.password_edit, "secret")
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    _answered(qtbot, dialog)
    assert calls == [("agent1", "secret")]


def test_the_gui_thread_keeps_turning_while_the_password_is_checked(qtbot: QtBot) -> None:
    check = HeldCheck(LoginAnswer(True))
    dialog = LoginDialog(check)
    _typed(qtbot, dialog)
    ticks: list[int] = []

    def tick() -> None:  # the GUI thread's event loop: it must turn while the check holds
        ticks.append(1)
        if len(ticks) >= 3:
            check.release.set()

    timer = QTimer(dialog)
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    # Held: the prompt says it is checking, in the neutral colour, and takes no input.
    assert dialog.checking and dialog.error_label.text() == "Vérification…"
    assert dialog.error_label.property("state") == "neutral"
    assert dialog.login_edit.isReadOnly() and dialog.password_edit.isReadOnly()
    assert not dialog.submit_button.isEnabled()
    assert dialog.login_edit.text() == "agent1"
    _answered(qtbot, dialog)
    timer.stop()
    assert check.on_gui_thread == [False]
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.answer == LoginAnswer(True)
    assert dialog.password_edit.text() == ""


def test_a_second_enter_while_checking_is_ignored(qtbot: QtBot) -> None:
    check = HeldCheck(LoginAnswer(False, "Identifiant ou mot de passe incorrect."))
    dialog = LoginDialog(check, forgot=lambda _login: None)
    submitted: list[bool] = []
    dialog.submitted.connect(lambda: submitted.append(dialog.checking))
    _typed(qtbot, dialog)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.checking and not dialog.forgot_button.isEnabled()
    assert submitted == [True]  # said once the check runs (the window's rest is built meanwhile)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    QTest.keyClick(dialog.login_edit, Qt.Key.Key_Return)
    dialog.submit()  # however it comes: one check at a time
    check.release.set()
    _answered(qtbot, dialog)
    assert check.calls == [("agent1", "girafe violette marche lentement")] and submitted == [True]
    assert dialog.error_label.text() == "Identifiant ou mot de passe incorrect."
    assert dialog.password_edit.text() == "" and dialog.login_edit.text() == "agent1"
    assert dialog.forgot_button.isEnabled() and dialog.isVisible()


def test_closing_the_prompt_while_checking_drops_the_answer_and_closes_what_it_opened(qtbot: QtBot) -> None:
    opened = LoginAnswer(True, opened="the store")
    check = HeldCheck(opened)
    discarded: list[LoginAnswer] = []
    dialog = LoginDialog(check, discard=discarded.append)
    _typed(qtbot, dialog)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.checking
    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # the agent leaves while Argon2id runs
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.password_edit.text() == ""
    check.release.set()
    _answered(qtbot, dialog)
    assert discarded == [opened]  # the caller closes the store the late answer opened
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.answer is None


def test_a_failure_inside_the_check_is_said_with_a_reference_and_keeps_the_login(qtbot: QtBot) -> None:
    def broken(_login: str, _password: str) -> LoginAnswer:
        raise OSError("disk gone")

    dialog = LoginDialog(broken)
    _typed(qtbot, dialog)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    _answered(qtbot, dialog)
    assert "Référence" in dialog.error_label.text() and dialog.error_label.property("state") == "error"
    assert dialog.login_edit.text() == "agent1" and dialog.password_edit.text() == ""
    assert not dialog.login_edit.isReadOnly() and dialog.submit_button.isEnabled() and dialog.isVisible()


def test_the_check_runs_at_the_normal_priority_not_the_background_one(qtbot: QtBot) -> None:
    import os
    import sys

    import pytest

    if not sys.platform.startswith("linux"):
        pytest.skip("thread niceness is Linux's")
    niceness: list[int] = []

    def authenticate(_login: str, _password: str) -> LoginAnswer:  # the agent waits on it: no background niceness
        niceness.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return LoginAnswer(True)

    dialog = LoginDialog(authenticate)
    _typed(qtbot, dialog)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    _answered(qtbot, dialog)
    assert niceness == [os.getpriority(os.PRIO_PROCESS, 0)]

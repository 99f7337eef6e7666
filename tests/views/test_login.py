"""Login dialog and new-password dialog (seed 003)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.security.passwords import check_password
from desktop.views.login import LoginAnswer, LoginDialog, NewPasswordDialog


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
    assert dialog.error_label.text() == "Identifiant ou mot de passe incorrect."
    assert calls == [("agent1", "faux")]  # Enter submits once (not also through returnPressed)
    assert dialog.login_edit.text() == "agent1" and dialog.password_edit.text() == ""
    QTest.keyClicks(dialog.password_edit, "girafe violette marche lentement")
    QTest.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
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
    assert calls == [("agent1", "secret")]

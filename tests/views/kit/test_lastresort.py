"""The GUI's last resort and the catch-alls of the save and login handlers (issue 15, item 12)."""

from __future__ import annotations

import errno
import logging
import sqlite3
import sys
import threading

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desktop.failures import plain_failure
from desktop.views.kit.fields import failure_text
from desktop.views.kit.lastresort import LastResort
from desktop.views.login import FirstSetupDialog, LoginAnswer, LoginDialog

SECRET = "DUPONT Marie 15/01/1990"  # stands for personal data an exception message may carry


def test_an_uncaught_exception_is_said_in_french_logged_without_its_message_and_the_input_stays(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    field.setText("ce que l'agent a tapé")
    guard = LastResort()
    guard.install()
    try:
        assert sys.excepthook == guard.hook
        with caplog.at_level(logging.ERROR):
            try:
                raise RuntimeError(SECRET)
            except RuntimeError:
                sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        qtbot.waitUntil(lambda: guard.box is not None and guard.box.isVisible())
        assert guard.box is not None
        assert "erreur inattendue" in guard.box.text() and "référence" in guard.box.text()
        assert SECRET not in caplog.text and "RuntimeError" in caplog.text
        assert field.text() == "ce que l'agent a tapé"  # nothing was closed or cleared
        # A worker thread's failure comes back to the GUI thread.
        worker = threading.Thread(target=lambda: (_ for _ in ()).throw(OSError(errno.ENOSPC, SECRET)))
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(guard.shown) == 2)
        assert "disque" in guard.shown[1] and SECRET not in caplog.text
    finally:
        guard.uninstall()
        if guard.box is not None:
            guard.box.close()
    assert sys.excepthook is not guard.hook


def test_a_failures_box_once_closed_is_deleted(qtbot: QtBot) -> None:
    """A failure, its box closed, another failure: each box lived on, hidden, under the window that was active when
    it came (the main window, open all week), one more at each failure after the last was closed."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QMessageBox, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    guard = LastResort()
    for n in range(3):
        guard._show.emit(f"échec {n}")
        qtbot.waitUntil(lambda: guard.box is not None and guard.box.isVisible())
        assert guard.box is not None
        guard.box.close()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(QMessageBox) == [] and guard.box is None


def test_disk_full_during_an_act_is_named_in_french() -> None:
    full = sqlite3.OperationalError("database or disk is full")
    try:
        try:
            raise full
        except sqlite3.OperationalError as exc:
            raise RuntimeError("wrapped") from exc
    except RuntimeError as wrapped:
        text = failure_text(wrapped)
    assert text.startswith("Le disque de l'ordinateur est plein") and "Référence" in text
    assert plain_failure(OSError(errno.ENOSPC, "x")) is not None
    assert plain_failure(ValueError(SECRET)) is None


def test_the_login_handler_never_fails_silently(qtbot: QtBot) -> None:
    def broken(_login: str, _password: str) -> LoginAnswer:
        raise RuntimeError(SECRET)

    dialog = LoginDialog(broken)
    qtbot.addWidget(dialog)
    dialog.login_edit.setText("agent1")
    dialog.password_edit.setText("un mot de passe")
    dialog.submit()  # before: the exception left the slot, the agent saw nothing
    qtbot.waitUntil(lambda: not dialog.checking)  # the check runs on the runner
    assert "erreur interne" in dialog.error_label.text() and SECRET not in dialog.error_label.text()
    assert dialog.login_edit.text() == "agent1" and dialog.password_edit.text() == ""


def test_the_first_setup_handler_keeps_everything_typed(qtbot: QtBot) -> None:
    def broken(*_args: str) -> LoginAnswer:
        raise OSError(errno.ENOSPC, SECRET)

    dialog = FirstSetupDialog(broken, station_label="75056-01")
    qtbot.addWidget(dialog)
    dialog.login_edit.setText("admin")
    dialog.name_edit.setText("Claire Admin")
    password = dialog.password_edit.text()
    dialog.submit()
    assert dialog.error_label.text().startswith("Le disque de l'ordinateur est plein")
    assert dialog.login_edit.text() == "admin" and dialog.password_edit.text() == password

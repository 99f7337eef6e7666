"""Agents taking turns at one counter: what the one who leaves leaves open never stands in the next one's way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from test_counter_seat import _seated_with

from desktop.context import AppContext
from desktop.security.session import SessionPolicy
from desktop.views.lock import IdleWatcher

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def _dialogs_on_screen() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_the_next_agent_takes_a_counter_locked_for_idleness_with_the_change_of_agent_left_open(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """« Changer d'agent » opened, then nobody typed: the idle lock (views/session_flow.py wires it to the lock
    itself) kept that dialog behind it, and the lock's own « Changer d'agent » then did nothing: the next agent
    could not take the counter, only the one who left could unlock it."""
    window, counter = _seated_with(qtbot, ctx)
    clock = Clock()
    watcher = IdleWatcher(SessionPolicy(idle_minutes=5), login_at=T0, clock=clock, interval_ms=60_000)
    watcher.lock_requested.connect(counter.lock.lock)  # as SessionFlow.watch does
    counter.ask_switch()
    left_open = counter.dialog
    assert left_open is not None and left_open.isVisible()
    clock.now = T0 + timedelta(minutes=5)
    watcher.check()
    assert counter.lock.is_locked and _dialogs_on_screen() == []
    counter.lock.switch_button.click()
    qtbot.waitUntil(lambda: counter.dialog is not None and counter.dialog.isVisible(), timeout=3000)
    dialog = counter.dialog
    assert dialog is not None and dialog is not left_open
    dialog.choices.setCurrentRow(1)  # the demo's APJ
    QTest.keyClick(dialog.choices, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not counter.lock.is_locked)
    assert "Roux" in window.who_label.text() and _dialogs_on_screen() == []
    watcher.stop()

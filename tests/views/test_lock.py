"""Lock screen: an idle lock hides the form without losing what was typed; 12 hours force a new login."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.security.session import SessionPolicy, SessionState
from desktop.views.kit.announce import listen
from desktop.views.lock import IdleWatcher, LockScreen
from desktop.views.login import LoginAnswer

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def _verify(password: str) -> LoginAnswer:
    return LoginAnswer(True) if password == "bon mot de passe" else LoginAnswer(False, "Mot de passe incorrect.")


def _form(qtbot: QtBot) -> tuple[QWidget, QWidget, QLineEdit]:
    host = QWidget()
    content = QWidget(host)
    field = QLineEdit(content)
    QVBoxLayout(content).addWidget(field)
    QVBoxLayout(host).addWidget(content)
    qtbot.addWidget(host)
    host.resize(600, 400)
    host.show()
    QTest.keyClicks(field, "MARTIN Claire 15/01/1990")  # keyClicks takes ASCII only
    return host, content, field


def test_idle_lock_keeps_the_form_content(qtbot: QtBot) -> None:
    host, content, field = _form(qtbot)
    typed = field.text()
    clock = Clock()
    watcher = IdleWatcher(SessionPolicy(idle_minutes=15), login_at=T0, clock=clock, interval_ms=60_000)
    screen = LockScreen(host, content, _verify, agent_label="Agent 1")
    watcher.lock_requested.connect(screen.lock)
    screen.unlocked.connect(watcher.unlocked)

    clock.now = T0 + timedelta(minutes=14)
    assert watcher.check() is SessionState.ACTIVE and not screen.is_locked
    clock.now = T0 + timedelta(minutes=15)
    assert watcher.check() is SessionState.LOCKED
    assert screen.is_locked and not content.isVisible()  # nothing personal stays on screen
    assert screen.geometry() == host.rect()

    assert screen.error_label.isHidden()  # no blank line at the card's foot
    # The field has a visible label above it, its buddy (a placeholder vanishes at the first key: not a label).
    assert screen.password_label.isVisible() and screen.password_label.buddy() is screen.password_edit
    assert screen.password_label.y() < screen.password_edit.y() and screen.password_edit.placeholderText() == ""
    heard: list[str] = []
    stop = listen(lambda event: heard.append(event.message()))
    QTest.keyClicks(screen.password_edit, "mauvais")
    QTest.keyClick(screen.password_edit, Qt.Key.Key_Return)
    assert not screen.password_edit.isEnabled()  # checked on the runner: the lock says it is busy
    qtbot.waitUntil(lambda: not screen.runner.busy)
    stop()
    assert screen.is_locked and screen.error_label.text() == "Mot de passe incorrect."
    # Under the field it is about, before the buttons; told to a screen reader, and kept as the field's description.
    assert screen.error_label.isVisible()
    assert screen.password_edit.y() < screen.error_label.y() < screen.unlock_button.y()
    assert heard == ["Mot de passe incorrect."]
    assert screen.password_edit.accessibleDescription() == "Mot de passe incorrect."
    QTest.keyClicks(screen.password_edit, "bon mot de passe")
    QTest.keyClick(screen.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.runner.busy)
    assert not screen.is_locked and content.isVisible()
    assert field.text() == typed  # the same widget, the same text
    assert screen.password_edit.text() == ""
    assert screen.error_label.isHidden() and screen.password_edit.accessibleDescription() == ""
    watcher.stop()


def test_activity_resets_the_idle_clock(qtbot: QtBot) -> None:
    _host, _content, field = _form(qtbot)
    clock = Clock()
    watcher = IdleWatcher(SessionPolicy(idle_minutes=5), login_at=T0, clock=clock, interval_ms=60_000)
    clock.now = T0 + timedelta(minutes=4)
    QTest.keyClick(field, Qt.Key.Key_A)  # the agent is typing
    clock.now = T0 + timedelta(minutes=8)
    assert watcher.check() is SessionState.ACTIVE
    clock.now = T0 + timedelta(minutes=9)
    with qtbot.waitSignal(watcher.lock_requested, timeout=1000):
        watcher.check()
    watcher.stop()


def test_twelve_hours_expire_the_session(qtbot: QtBot) -> None:
    _form(qtbot)
    clock = Clock()
    watcher = IdleWatcher(SessionPolicy(), login_at=T0, clock=clock, interval_ms=60_000)
    clock.now = T0 + timedelta(hours=12)
    watcher.last_activity = clock.now
    with qtbot.waitSignal(watcher.expired, timeout=1000):
        assert watcher.check() is SessionState.EXPIRED
    watcher.stop()


def test_timer_drives_the_check(qtbot: QtBot) -> None:
    _form(qtbot)
    clock = Clock()
    watcher = IdleWatcher(SessionPolicy(idle_minutes=1), login_at=T0, clock=clock, interval_ms=20)
    clock.now = T0 + timedelta(minutes=2)
    with qtbot.waitSignal(watcher.lock_requested, timeout=2000):
        pass
    watcher.stop()


def test_no_change_of_agent_while_the_lock_checks_a_password(qtbot: QtBot) -> None:
    import threading

    host, content, _field = _form(qtbot)
    release = threading.Event()

    def held(password: str) -> LoginAnswer:
        release.wait(5.0)
        return _verify(password)

    screen = LockScreen(host, content, held, agent_label="Agent 1")
    screen.lock()
    QTest.keyClicks(screen.password_edit, "mauvais")
    QTest.keyClick(screen.password_edit, Qt.Key.Key_Return)
    # The verify and a change of agent both act on the seat: one at a time.
    assert screen.runner.busy and not screen.switch_button.isEnabled() and not screen.unlock_button.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: not screen.runner.busy)
    assert screen.switch_button.isEnabled() and screen.error_label.text() == "Mot de passe incorrect."

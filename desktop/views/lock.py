"""Lock screen and idle watcher: the lock hides the window's content without destroying it, so typed input survives."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop.security.session import SessionPolicy, SessionState
from desktop.views.kit.announce import announce
from desktop.views.kit.fields import failure_text
from desktop.views.kit.runner import Runner
from desktop.views.login import LoginAnswer

Verify = Callable[[str], LoginAnswer]  # password of the logged-in agent → answer
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.TouchBegin}


class LockScreen(QWidget):
    """Covers `content`'s place in `host`: the content is hidden (no personal data on screen), never rebuilt."""

    unlocked = Signal()
    locking = Signal()  # the lock comes over the content (whoever asked: Ctrl+L, the idle time, the 12 hours…)
    switch_requested = Signal()  # another agent takes the counter instead of unlocking

    def __init__(self, host: QWidget, content: QWidget, verify: Verify, *, agent_label: str = "") -> None:
        super().__init__(host)
        self.setObjectName("lockScreen")
        self._content = content
        self._verify = verify
        self.runner = Runner(self)
        self._dialogs: list[QDialog] = []  # hidden by the lock, shown again at release
        self._typing: QWidget | None = None  # where the keyboard was in the content, given back at release
        self.title = QLabel(self.tr("Session verrouillée"))
        self.title.setObjectName("pageTitle")
        self.who = QLabel(agent_label)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Mot de passe"))
        # A visible label, its buddy the field (a placeholder vanishes at the first key: not a label, RGAA 11.1).
        self.password_label = QLabel(self.tr("&Mot de passe"))
        self.password_label.setBuddy(self.password_edit)
        self.unlock_button = QPushButton(self.tr("Déverrouiller"))
        self.switch_button = QPushButton(self.tr("Changer d'agent"))
        self.switch_button.setProperty("secondary", True)
        self.switch_button.clicked.connect(self.switch_requested)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        # Under the field it is about, and only there when it says something (empty, it was a blank line at the card's
        # foot, under the buttons, where a refused password's message was read last).
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setProperty("state", "error")
        self.error_label.hide()
        card = QFrame()
        card.setObjectName("card")
        card.setFixedWidth(460)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 24, 24, 24)
        inner.setSpacing(10)
        for widget in (
            self.title,
            self.who,
            self.hint,
            self.password_label,
            self.password_edit,
            self.error_label,
            self.unlock_button,
            self.switch_button,
        ):
            inner.addWidget(widget)
        self.title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignCenter)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.password_edit.returnPressed.connect(self.try_unlock)
        self.setAutoFillBackground(True)
        self.hide()

    @property
    def is_locked(self) -> bool:
        return not self.isHidden()

    def lock(self) -> None:
        """Hide the content (kept as is) and the window's open dialogs, and show the lock over the host.

        A dialog is a window of its own, which hiding the content leaves on screen: before session 26 an act's
        review (the citizen's identity, « Confirmer ») or a receipt's preview stayed over the lock, for whoever came.
        """
        if not self.is_locked:
            self.locking.emit()  # first: what its listeners close is not held for the unlock
            self._dialogs = [d for d in self._open_dialogs() if d not in self._dialogs]
            for dialog in self._dialogs:
                dialog.hide()
            focused = QApplication.focusWidget()
            self._typing = focused if focused is not None and self._content.isAncestorOf(focused) else None
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)  # a screen's late answer opening a dialog: held too (`eventFilter`)
        self._content.hide()
        host = self.parentWidget()
        if host is not None:
            self.setGeometry(host.rect())
        self.show()
        self.raise_()
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def try_unlock(self) -> None:
        """Check the password on the runner (Argon2id takes a while); on success show the content as it was."""
        password = self.password_edit.text()
        if not password or self.runner.busy:
            return
        self.password_edit.clear()  # never keep a typed password longer than needed
        self._busy(True)
        self.runner.submit(lambda: self._verify(password), done=self._answered, failed=self._failed, lane="prompt")

    def _busy(self, busy: bool) -> None:
        self.password_edit.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        self.switch_button.setEnabled(not busy)  # one check at a time: the verify and a change of agent share the seat
        self.unlock_button.setText(self.tr("Vérification…") if busy else self.tr("Déverrouiller"))

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        self._say_error(failure_text(exc))

    def _answered(self, answer: LoginAnswer) -> None:
        self._busy(False)
        if not answer.ok:
            self._say_error(answer.message)
            return
        self.release()

    def _say_error(self, text: str) -> None:
        """The message under the password field, the field's description, said to a screen reader; focus back."""
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        self.password_edit.setAccessibleDescription(text)
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        announce(self.password_edit, text, assertive=True)

    def release(self) -> None:
        """Show the content as it was (the right password, or another agent who signed in), and the dialogs the lock
        hid (`forget_dialogs` closed them first when another agent took the counter)."""
        self.error_label.clear()
        self.error_label.hide()
        self.password_edit.setAccessibleDescription("")
        self.password_edit.clear()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.hide()
        self._content.show()
        # The keyboard back in the field the agent left (it went nowhere: the next key reached no field).
        typing, self._typing = self._typing, None
        if typing is not None and isValid(typing) and typing.isVisible():
            typing.setFocus(Qt.FocusReason.OtherFocusReason)
        dialogs, self._dialogs = self._dialogs, []
        for dialog in dialogs:
            if isValid(dialog):  # not deleted meanwhile (its act's page went)
                dialog.show()
                dialog.raise_()
                dialog.activateWindow()
        self.unlocked.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """While locked, a dialog one of the hidden screens opens (a worker's late answer: an act's review checked
        before the lock, a receipt's preview, a supervisor's decision) never reaches the screen: it is kept off it
        as it shows (no frame of it is drawn, no window blocked by it), then hidden and held with the others, for
        the same agent's unlock, or closed as cancelled when another agent takes the counter. Before session 33 it
        came up over the lock, the citizen's identity and « Confirmer » for whoever came. The change of agent's own
        dialog is the window's, not a screen's: it shows."""
        kind = event.type()
        showing = kind in (QEvent.Type.Show, QEvent.Type.ShowToParent)
        if showing and isinstance(watched, QDialog) and self.is_locked and self._holds(watched):
            if kind == QEvent.Type.Show:
                watched.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            else:  # its show is done: hidden now, and shown at the unlock as any other
                watched.hide()
                watched.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, False)
                if watched not in self._dialogs:
                    self._dialogs.append(watched)
        return False

    def _holds(self, dialog: QDialog) -> bool:
        """A dialog of the screens the lock hides: its parents lead to the content (a dialog opened from another,
        a receipt's preview from the dashboard's acts, too)."""
        parent = dialog.parentWidget()
        while parent is not None:
            if parent is self._content:
                return True
            parent = parent.parentWidget()
        return False

    def forget_dialogs(self) -> None:
        """Another agent holds the counter: the dialogs the lock hid are closed as cancelled (an act's review: nothing
        saved, the form kept), never shown to them nor confirmed in someone else's name."""
        dialogs, self._dialogs = self._dialogs, []
        for dialog in dialogs:
            if isValid(dialog):
                dialog.reject()

    def _open_dialogs(self) -> list[QDialog]:
        """The dialogs on screen that belong to the lock's window (their parents lead to it)."""
        window = self.window()
        found = []
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and widget is not window:
                parent = widget.parentWidget()
                if parent is not None and parent.window() is window:
                    found.append(widget)
        return found


class IdleWatcher(QObject):
    """Watches input application-wide and applies the session policy (idle lock, 12-hour re-login)."""

    lock_requested = Signal()
    expired = Signal()

    def __init__(
        self,
        policy: SessionPolicy,
        *,
        login_at: datetime,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        interval_ms: int = 5000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.policy = policy
        self.login_at = login_at
        self._clock = clock
        self.last_activity = clock()
        self._locked = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self._locked:
            self.last_activity = self._clock()
        return False

    def unlocked(self) -> None:
        """The agent unlocked: the idle clock starts again."""
        self._locked = False
        self.last_activity = self._clock()

    def check(self) -> SessionState:
        """Apply the policy now; emits lock_requested or expired once per change."""
        state = self.policy.state(self._clock(), self.last_activity, self.login_at)
        if state is SessionState.EXPIRED:
            self.timer.stop()
            self.expired.emit()
        elif state is SessionState.LOCKED and not self._locked:
            self._locked = True
            self.lock_requested.emit()
        return state

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

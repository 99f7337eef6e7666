"""Who is at the counter, in the window: « Verrouiller » (Ctrl+L), « Changer d'agent », the OS session lock and the
agent's card pulled out (spec/security.md)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop.devices.agent_card import AgentCardWatch, Presence, lost
from desktop.seat import Seat, SeatAgent, SeatRefused
from desktop.views.agent_switch import AgentSwitchDialog
from desktop.views.kit.relay import relay_to
from desktop.views.lock import LockScreen
from desktop.views.login import LoginAnswer
from desktop.views.main_window import MainWindow
from desktop.views.os_lock import OsSessionLock

LOCK_KEYS = QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_L)


class CounterSeat(QObject):
    """Wires the window's header buttons, Ctrl+L and the OS lock to the lock screen and the change of agent.

    `take_seat(agent)` is the application's part of a change: act as the new agent and rebuild the screens over
    services built for them (no screen kept from the previous agent can sign with their name)."""

    agent_changed = Signal(object)  # SeatAgent

    def __init__(
        self,
        window: MainWindow,
        seat: Seat,
        *,
        take_seat: Callable[[SeatAgent], None],
        take_visa: Callable[[SeatAgent], None] | None = None,
        os_lock: OsSessionLock,
        lock: LockScreen | None = None,
        hint: str = "",
        agent_card: AgentCardWatch | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.seat = seat
        self._take_seat = take_seat
        self._take_visa = take_visa
        self.os_lock = os_lock
        content = window.centralWidget()
        assert content is not None
        self.lock = lock or LockScreen(window, content, self._verify)
        self.lock.who.setText(self._who())
        if hint:
            self.lock.hint.setText(hint)
            self.lock.hint.show()
        self.dialog: AgentSwitchDialog | None = None
        # Who holds the counter: the seat says who signed in last, already the new agent when a change closes.
        self._acting = seat.current.principal.agent_id
        window.lock_requested.connect(self.lock_now)
        window.switch_agent_requested.connect(self.ask_switch)
        window.visa_requested.connect(self.ask_visa)
        self.lock.switch_requested.connect(self.ask_switch)
        os_lock.subscribe(self.lock_now)
        self.card = agent_card.presence() if agent_card is not None else Presence.UNUSED
        if agent_card is not None:  # told on the watch's thread: relayed to this one
            agent_card.subscribe(relay_to(self, CounterSeat._card_changed))
        self.lock.unlocked.connect(self._title_back)
        self.lock.locking.connect(self._close_dialog)  # the idle lock and the 12 hours lock it directly
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # Ctrl+L in the window's dialogs (`eventFilter`)
        window.seat_taken()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+L in one of the window's dialogs locks too: an act's review or a receipt's preview has the focus as
        often as not when the agent leaves, and blocks the window's own shortcut (it did nothing before session 26)."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.keyCombination() == LOCK_KEYS
            and isinstance(watched, QWidget)
        ):
            dialog = watched.window()
            parent = dialog.parentWidget()
            if isinstance(dialog, QDialog) and parent is not None and parent.window() is self.window:
                self.lock_now()
                return True
        return False

    def _who(self) -> str:
        return self.seat.current.label

    def _verify(self, password: str) -> LoginAnswer:
        try:
            self.seat.verify(password)
        except SeatRefused as exc:
            return LoginAnswer(False, exc.message)
        return LoginAnswer(True)

    def lock_now(self) -> None:
        """Hide the screens at once (typed input kept); the same agent's password or a change of agent opens them."""
        self._close_dialog()
        if not self.lock.is_locked:
            self.lock.lock()

    def _close_dialog(self) -> None:
        """The change of agent (or a visa) left open is closed, never held behind the lock: held, it kept the lock's
        own « Changer d'agent » from opening (one at a time) and only the agent who left could unlock (session 33).
        One whose check is running ends as the seat really is (`AgentSwitchDialog.reject`)."""
        if self.dialog is not None:
            self.dialog.reject()

    def _card_changed(self, presence: Presence) -> None:
        """The agent's card left its reader (or the reader went): lock at once, and say why on the lock screen."""
        before, self.card = self.card, presence
        if lost(before, presence):
            self.lock_now()
            self.lock.title.setText(self.tr("Carte agent retirée : session verrouillée"))
        elif self.lock.is_locked and presence is Presence.PRESENT:
            self.lock.title.setText(self.tr("Session verrouillée"))

    def _title_back(self) -> None:
        self.lock.title.setText(self.tr("Session verrouillée"))

    def ask_switch(self) -> None:
        """Open the change of agent (window-modal, the event loop keeps running)."""
        if self.dialog is not None:
            return
        dialog = AgentSwitchDialog(self.seat, parent=self.window)
        self.dialog = dialog
        dialog.finished.connect(lambda _code: self._closed(dialog))
        dialog.open()

    def ask_visa(self) -> None:
        """A délégué OPJ's visa: the OPJ signs in (window-modal); the délégué stays and keeps the form (R-AUTH-3)."""
        if self.dialog is not None or self._take_visa is None or not self.seat.current.needs_visa:
            return
        dialog = AgentSwitchDialog(self.seat, parent=self.window, visa=True)
        self.dialog = dialog
        typing = QApplication.focusWidget()  # where the délégué was in the form: back there after the visa
        dialog.finished.connect(lambda _code: self._visa_closed(dialog, typing))
        dialog.open()

    def _visa_closed(self, dialog: AgentSwitchDialog, typing: QWidget | None) -> None:
        self.dialog = None
        dialog.deleteLater()
        if dialog.agent is not None and self._take_visa is not None:
            self._take_visa(dialog.agent)
        self.window.activateWindow()
        if typing is not None and typing.isVisible():
            typing.setFocus()

    def _closed(self, dialog: AgentSwitchDialog) -> None:
        self.dialog = None
        dialog.deleteLater()
        if dialog.agent is None:
            if self.lock.is_locked:
                self.lock.password_edit.setFocus()
            return
        agent = dialog.agent
        if agent.principal.agent_id != self._acting:
            self.lock.forget_dialogs()  # what the lock hid was the other agent's
        self._acting = agent.principal.agent_id
        self._take_seat(agent)
        self.window.set_agent(agent.label)
        self.lock.who.setText(agent.label)
        if self.lock.is_locked and not dialog.close_asked:  # locked while the change was checked: it stays locked
            self.lock.release()
        self.agent_changed.emit(agent)
        self.window.show_section(self.window.current_key() or "etablir", focus_page=True)

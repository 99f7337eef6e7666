"""Who is at the counter: first set-up or login before the store opens, a forced new password, the idle lock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

from desktop.views.login import LoginAnswer, LoginDialog

if TYPE_CHECKING:
    from desktop.auth import Session, StationAuth
    from desktop.views.lock import IdleWatcher, LockScreen

log = logging.getLogger(__name__)
T = TypeVar("T")


class _Opened(NamedTuple):
    """An accepted login, made on the worker: the session, and the password until a forced change is done."""

    session: Session
    password: str


def _close_opened(answer: LoginAnswer) -> None:
    """A login accepted after the agent closed the prompt: close the store it opened (nobody is logged in)."""
    if isinstance(answer.opened, _Opened):
        answer.opened.session.result.store.close()


def off_gui_thread(parent: QWidget | None, text: str, work: Callable[[], T], *, writes: bool = False) -> T:
    """`work()` on the prompt's worker (network, Argon2id), its answer or its exception returned here once it is done.

    Meanwhile a small modal note says `text` and the event loop keeps turning (a nested loop: the window repaints, a
    timer fires; the note, shown at once, takes every click and key, so nothing else starts under it)."""
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtWidgets import QProgressDialog

    from desktop.views.kit.runner import Runner

    class Note(QProgressDialog):
        def reject(self) -> None:  # Échap or the close button: what was sent cannot be taken back, the note stays
            return

    note = Note(text, "", 0, 0, parent)  # a busy bar: no step to count
    note.setCancelButton(None)
    note.setWindowModality(Qt.WindowModality.ApplicationModal)
    note.setMinimumDuration(0)
    note.setWindowTitle("Guichet")
    note.show()
    loop = QEventLoop()
    outcome: list[tuple[bool, Any]] = []
    runner = Runner(note)

    def finish(ok: bool, value: Any) -> None:
        outcome.append((ok, value))
        loop.quit()

    runner.submit(
        work,
        done=lambda value: finish(True, value),
        failed=lambda exc: finish(False, exc),
        lane="prompt",
        writes=writes,
    )
    if not outcome:  # the answer may already be in (it is delivered through the event loop, never synchronously)
        loop.exec()
    note.hide()  # (`close` would ask `reject`, which keeps it)
    note.deleteLater()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


def _dispose(dialog: QDialog) -> None:
    """Delete a closed dialog from the event loop, not whenever the garbage collector meets it (it may run inside a
    focus change, where deleting a widget crashes Qt); a prompt closed during its check goes once it answered."""
    if isinstance(dialog, LoginDialog) and dialog.checking:
        dialog.answered.connect(dialog.deleteLater)
    else:
        dialog.deleteLater()


class SessionFlow(QObject):
    """Runs the dialogs over the main window (over the prompt, or alone, while the prompt is the start's first frame
    and the window is not shown yet); `session` is set once an agent has opened the store."""

    def __init__(
        self,
        auth: StationAuth | None,
        window: QMainWindow | None,
        *,
        station_label: str,
        on_prompt: Callable[[], None] | None = None,
        on_submit: Callable[[], None] | None = None,
    ) -> None:
        """`auth` None: the login's services are still being made on a worker (`prepared` gives them); only a
        station with key slots is opened so, its login prompt taking the agent's typing meanwhile. `on_prompt`:
        called from the login prompt's event loop once it is up; `on_submit`: when the agent submits in it. `window`
        None: the window comes later (`attach`)."""
        super().__init__(window)
        self._auth = auth
        self._on_prompt = on_prompt
        self._on_submit = on_submit
        self._prompt: LoginDialog | None = None
        self._window = window
        self.station_label = station_label
        self.session: Session | None = None
        self._password = ""  # kept only until a forced password change is done
        self.lock: LockScreen | None = None
        self.watcher: IdleWatcher | None = None

    @property
    def window(self) -> QMainWindow:
        assert self._window is not None  # attached before the agent is in (views/station_login.py)
        return self._window

    def attach(self, window: QMainWindow) -> None:
        """The window, built behind a prompt that came first."""
        self._window = window
        self.setParent(window)

    def _over(self) -> QWidget | None:
        """What a dialog stands over: the window once it is shown, else the prompt (or nothing, once it closed)."""
        window = self._window
        return window if window is not None and window.isVisible() else self._prompt

    @property
    def auth(self) -> StationAuth:
        assert self._auth is not None  # the login's services are ready (only the prompt is made before them)
        return self._auth

    @property
    def prepared_yet(self) -> bool:
        return self._auth is not None

    def prepared(self, auth: StationAuth) -> None:
        """The login's services, made while the prompt was up: a submit that waited for them goes through now."""
        self._auth = auth
        if self._prompt is not None:
            self._prompt.set_ready()

    # -- opening ----------------------------------------------------------------------------------------------
    def open(self) -> Session | None:
        """First set-up or login (modal); None when the agent closed the dialog."""
        if self._auth is not None and self._auth.needs_setup:
            from desktop.views.login import FirstSetupDialog

            dialog: QDialog = FirstSetupDialog(self._setup, station_label=self.station_label, parent=self._window)
        else:
            ready = self._auth is not None
            dialog = self._prompt = LoginDialog(
                self._login,
                forgot=self._forgot,
                parent=self._window,
                ready=ready,
                discard=_close_opened,
                station_label=self.station_label,
            )
        if self._on_prompt is not None and isinstance(dialog, LoginDialog):
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self._on_prompt)  # runs inside exec(), once the prompt is shown
        if self._on_submit is not None and isinstance(dialog, LoginDialog):
            dialog.submitted.connect(self._on_submit)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self._prompt = None
        if accepted and isinstance(dialog, LoginDialog) and dialog.answer is not None:
            opened = dialog.answer.opened
            assert isinstance(opened, _Opened)
            self.session, self._password = opened.session, opened.password
        _dispose(dialog)
        if not accepted or self.session is None:
            return None
        if self.session.result.must_change:
            self._force_new_password()
        self._password = ""
        return self.session

    def _setup(self, login: str, name: str, email: str, password: str) -> LoginAnswer:
        from desktop.services.agents import AccountError

        setup = partial(self.auth.setup, login_name=login, display_name=name, email=email or None, password=password)
        try:  # the station's enrolment (network) and its key slots (Argon2id): on a worker
            self.session = off_gui_thread(self._over(), self.tr("Création du compte administrateur…"), setup)
        except AccountError as exc:
            return LoginAnswer(False, exc.message)
        return LoginAnswer(True)

    def _login(self, login: str, password: str) -> LoginAnswer:
        """On the prompt's worker (the lock-out file, Argon2id, the key unwrap, opening the store): no widget here."""
        from desktop.security.keyslots import LoginRefused
        from desktop.services.agents import AccountError

        try:
            session = self.auth.login(login_name=login, password=password)
        except (LoginRefused, AccountError) as exc:
            return LoginAnswer(False, exc.message)
        return LoginAnswer(True, opened=_Opened(session, password))

    def _force_new_password(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from desktop.services.agents import AccountError
        from desktop.views.login import NewPasswordDialog

        assert self.session is not None
        while True:
            dialog = NewPasswordDialog(login=self.session.login_name, parent=self._over())
            dialog.setWindowTitle(self.tr("Choisissez votre mot de passe"))
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            password = dialog.password()
            _dispose(dialog)
            if not accepted:
                return  # the provisional password stays; it will be asked again at the next login
            change = partial(self.session.change_password, old_password=self._password, new_password=password)
            try:
                off_gui_thread(self._over(), self.tr("Enregistrement du mot de passe…"), change, writes=True)
                return
            except AccountError as exc:
                QMessageBox.warning(self._over(), "Guichet", exc.message)

    def _forgot(self, login: str) -> None:
        """Seed 003: a code by e-mail from the central store, then a new (proposed) password."""
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        from desktop.services.agents import AccountError
        from desktop.views.login import NewPasswordDialog

        if not login:
            QMessageBox.information(self._over(), self.tr("Guichet"), self.tr("Saisissez d'abord votre identifiant."))
            return
        asking = self.tr("Demande du code au répertoire central…")
        try:
            off_gui_thread(self._over(), asking, partial(self.auth.forgot, login))
        except AccountError as exc:
            QMessageBox.warning(self._over(), "Guichet", exc.message)
            return
        code, ok = QInputDialog.getText(
            self._over(),
            self.tr("Code de réinitialisation"),
            self.tr("Saisissez le code reçu par courriel (valable 15 minutes) :"),
        )
        if not ok or not code.strip():
            return
        dialog = NewPasswordDialog(login=login, parent=self._over())
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        password = dialog.password()
        _dispose(dialog)
        if not accepted:
            return
        try:
            off_gui_thread(
                self._over(),
                self.tr("Changement du mot de passe…"),
                lambda: self.auth.reset(login_name=login, code=code, new_password=password),
            )
        except AccountError as exc:
            QMessageBox.warning(self._over(), "Guichet", exc.message)
            return
        QMessageBox.information(
            self._over(), self.tr("Guichet"), self.tr("Mot de passe changé : connectez-vous avec le nouveau.")
        )

    # -- while open -------------------------------------------------------------------------------------------
    def watch(self) -> None:
        """Lock after the idle time of the settings, and ask the password again after 12 hours."""
        from desktop.views.lock import IdleWatcher, LockScreen

        assert self.session is not None
        session = self.session
        content = self.window.centralWidget()
        assert content is not None
        self.lock = LockScreen(
            self.window, content, self._verify, agent_label=f"{session.display_name} — {self.station_label}"
        )
        self.watcher = IdleWatcher(self.auth.policy(), login_at=session.result.login_at, parent=self)
        self.watcher.lock_requested.connect(self.lock.lock)
        self.watcher.expired.connect(self._expired)
        self.lock.unlocked.connect(self.watcher.unlocked)

    def _verify(self, password: str) -> LoginAnswer:
        from desktop.security.keyslots import LoginRefused
        from desktop.services.agents import AccountError

        assert self.session is not None
        try:
            self.session.verify(password)
        except (LoginRefused, AccountError) as exc:
            return LoginAnswer(False, exc.message)
        return LoginAnswer(True)

    def _expired(self) -> None:
        """12 hours after login: the same lock, but the session restarts its clock only after the password."""
        assert self.lock is not None and self.watcher is not None
        self.lock.title.setText(self.tr("Session expirée : saisissez à nouveau votre mot de passe"))
        self.lock.lock()
        watcher = self.watcher

        def restart() -> None:
            from desktop.models import utcnow

            watcher.login_at = utcnow()
            watcher.timer.start()
            assert self.lock is not None
            self.lock.title.setText(self.tr("Session verrouillée"))

        self.lock.unlocked.connect(restart)

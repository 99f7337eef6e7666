"""Login dialog and new-password dialog (seed 003: a generated strong password is proposed); not wired by itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from desktop.views.kit.runner import Runner


class LoginAnswer(NamedTuple):
    """What the service said about a login attempt: ok, or a French message for the agent.

    `opened`: what an accepted login opened (the session), handed back to the GUI thread with the answer. A
    `NamedTuple`, not a dataclass: the prompt is the start's first frame, and `dataclasses` costs it ~1 ms."""

    ok: bool
    message: str = ""
    opened: object = None


# (login, password) → answer; called on a worker thread (Argon2id, the slot file, the store): it touches no widget.
Authenticate = Callable[[str, str], LoginAnswer]


class LoginDialog(QDialog):
    """Identifiant and mot de passe; a refusal keeps the identifiant and clears only the password.

    The check runs on the runner (a worker thread): the prompt says « Vérification… » and takes no input meanwhile,
    and the GUI thread keeps painting. `answer` is the accepted login's answer."""

    answered = Signal()  # a check has answered (also one the agent abandoned by closing the prompt)
    submitted = Signal()  # the agent submitted a login and a password (checked now, or once the services are ready)

    def __init__(
        self,
        authenticate: Authenticate,
        *,
        forgot: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
        ready: bool = True,
        discard: Callable[[LoginAnswer], None] | None = None,
        station_label: str = "",
    ) -> None:
        super().__init__(parent)
        self._authenticate = authenticate
        self._forgot = forgot
        # An accepted answer that came after the agent closed the prompt: the caller closes what it opened.
        self._discard = discard
        # Shown before the login's services are imported (`ready=False`), the prompt takes the agent's typing at
        # once; a submit made meanwhile waits for `set_ready` and then goes through as typed.
        self._ready = ready
        self._waiting = False
        self._runner: Runner | None = None  # made on the first submit: the prompt shows before the runner's imports
        self._abandoned = False  # closed while a check ran: its answer, when it comes, is not the agent's any more
        self.answer: LoginAnswer | None = None
        self.setWindowTitle(self.tr("Connexion — Guichet"))
        self.login_edit = QLineEdit()
        self.login_edit.setAccessibleName(self.tr("Identifiant"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Mot de passe"))
        self.error_label = QLabel()
        self.error_label.setObjectName("loginError")
        self.error_label.setWordWrap(True)
        self.error_label.setProperty("state", "error")
        self.submit_button = QPushButton(self.tr("Se connecter"))
        self.submit_button.setDefault(True)
        self.forgot_button = QPushButton(self.tr("Mot de passe oublié ?"))
        self.forgot_button.setVisible(forgot is not None)
        self.forgot_button.setEnabled(ready)
        self.forgot_button.setProperty("secondary", True)
        self.forgot_button.setAutoDefault(False)
        form = QFormLayout()
        form.addRow(self.tr("Identifiant"), self.login_edit)
        form.addRow(self.tr("Mot de passe"), self.password_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.forgot_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        # The station, above the fields: the prompt is the start's first frame, alone, before the window's header.
        self.station_label = QLabel(station_label)
        self.station_label.setObjectName("loginStation")
        self.station_label.setWordWrap(True)  # a long name at 200 % on a small screen: on two lines, not wider
        self.station_label.setVisible(bool(station_label))
        layout.addWidget(self.station_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        # Enter goes to the default button: connecting returnPressed too would submit twice (the second time with
        # the password already cleared, hiding the real answer).
        self.submit_button.clicked.connect(self.submit)
        self.forgot_button.clicked.connect(self._on_forgot)

    @property
    def checking(self) -> bool:
        """True while the password is being checked on the worker."""
        return self._runner is not None and self._runner.busy

    def submit(self) -> None:
        """Check on the runner; on refusal show its message and let the agent retype the password only."""
        if self.checking or self._waiting:
            return  # a second Entrée while the first is checked (or waits): one check, one answer
        login = self.login_edit.text().strip()
        password = self.password_edit.text()
        if not login or not password:
            self.error_label.setText(self.tr("Saisissez votre identifiant et votre mot de passe."))
            return
        if not self._ready:
            self._wait()
            self.submitted.emit()
            return
        if self._runner is None:
            from desktop.views.kit.runner import Runner

            self._runner = Runner(self)
        self._abandoned = False
        self._hold(self.tr("Vérification…"))
        authenticate = self._authenticate
        self._runner.submit(
            lambda: authenticate(login, password), done=self._answered, failed=self._failed, lane="prompt"
        )
        self.submitted.emit()

    def _hold(self, text: str) -> None:
        """The typed fields read-only and the buttons dimmed, with `text` in the neutral colour."""
        self.submit_button.setEnabled(False)
        self.forgot_button.setEnabled(False)
        self.login_edit.setReadOnly(True)
        self.password_edit.setReadOnly(True)
        self._say(text, "neutral")

    def _release(self) -> None:
        self.submit_button.setEnabled(True)
        self.forgot_button.setEnabled(self._ready)
        self.login_edit.setReadOnly(False)
        self.password_edit.setReadOnly(False)
        self._say("", "error")

    def _say(self, text: str, state: str) -> None:
        self.error_label.setProperty("state", state)
        self.error_label.setText(text)
        self.error_label.style().unpolish(self.error_label)
        self.error_label.style().polish(self.error_label)

    def _answered(self, answer: LoginAnswer) -> None:
        try:
            self._take(answer)
        finally:
            self.answered.emit()

    def _take(self, answer: LoginAnswer) -> None:
        if self._abandoned:  # the agent closed the prompt meanwhile: nobody logs in
            if answer.ok and self._discard is not None:
                self._discard(answer)
            return
        self._release()
        self.password_edit.clear()  # never keep a typed password longer than needed
        if answer.ok:
            self.answer = answer
            self.accept()
            return
        self.error_label.setText(answer.message)
        self._focus_password()

    def _focus_password(self) -> None:
        # Qt's namespace on first use: its ~95 enums made at import cost the prompt 10 ms (docs/PERFORMANCE.md).
        from PySide6.QtCore import Qt

        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _failed(self, exc: Exception) -> None:  # the login must never fail silently: French, a reference, login kept
        from desktop.views.kit.fields import failure_text

        text = failure_text(exc)
        if not self._abandoned:
            self._release()
            self.password_edit.clear()
            self.error_label.setText(text)
            self._focus_password()
        self.answered.emit()

    def reject(self) -> None:
        """Closed (Échap, the window's close button): a check under way is abandoned, its answer dropped."""
        if self.checking:
            self._abandoned = True
            self.password_edit.clear()
        super().reject()

    def _wait(self) -> None:
        """Submitted before the login's services are ready: hold the typed fields until `set_ready`."""
        self._waiting = True
        self._hold(self.tr("Préparation de la connexion…"))

    def set_ready(self) -> None:
        """The login's services are ready: a submit that waited for them goes through now."""
        self._ready = True
        if not self._waiting:
            if not self.checking:
                self.forgot_button.setEnabled(True)
            return
        self._waiting = False
        self._release()
        self.submit()

    def _on_forgot(self) -> None:
        if self._forgot is not None:
            self._forgot(self.login_edit.text().strip())


class NewPasswordDialog(QDialog):
    """Choose a new password: a generated strong one is shown and usable as is, or replaced (seed 003)."""

    def __init__(self, *, login: str = "", parent: QWidget | None = None) -> None:
        from desktop.security.passwords import generate_password  # the prompt shows before the password policy

        super().__init__(parent)
        self._login = login
        self.setWindowTitle(self.tr("Nouveau mot de passe"))
        intro = QLabel(
            self.tr(
                "Le mot de passe affiché a été généré pour vous et offre une sécurité très forte : "
                "vous pouvez le garder tel quel ou le remplacer par une phrase de passe plus facile à retenir."
            )
        )
        intro.setWordWrap(True)
        self.password_edit = QLineEdit(generate_password())
        self.password_edit.setAccessibleName(self.tr("Nouveau mot de passe"))
        self.generate_button = QPushButton(self.tr("Générer un autre"))
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setProperty("state", "error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enregistrer le mot de passe"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        row = QHBoxLayout()
        row.addWidget(self.password_edit, 1)
        row.addWidget(self.generate_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.generate_button.clicked.connect(lambda: self.password_edit.setText(generate_password()))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def password(self) -> str:
        return self.password_edit.text()

    def submit(self) -> None:
        """Accept only a password the policy accepts; otherwise say why, next to the field."""
        from desktop.security.passwords import check_password

        verdict = check_password(self.password_edit.text(), login=self._login or None)
        if not verdict.accepted:
            self.error_label.setText(" ".join(verdict.reasons))
            return
        self.error_label.clear()
        self.accept()


SetUp = Callable[[str, str, str, str], LoginAnswer]  # (login, display name, e-mail, password) → answer


class FirstSetupDialog(QDialog):
    """The station's very first start: enrol its administrator with the central store (online, once)."""

    def __init__(self, setup: SetUp, *, station_label: str, parent: QWidget | None = None) -> None:
        from desktop.security.passwords import generate_password
        from desktop.views.kit.dialogs import fit_to_screen, scrolling_body

        super().__init__(parent)
        self._setup = setup
        self.setWindowTitle(self.tr("Première mise en service — Guichet"))
        intro = QLabel(
            self.tr(
                "Ce poste ({station}) n'a encore aucun compte. Créez le compte de son administrateur : "
                "il enregistrera ensuite les agents. Cette étape demande une connexion au répertoire central ; "
                "les connexions suivantes fonctionnent hors ligne."
            ).format(station=station_label)
        )
        intro.setWordWrap(True)
        self.login_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText(self.tr("pour recevoir un code de réinitialisation"))
        self.password_edit = QLineEdit(generate_password())
        self.password_edit.setAccessibleName(self.tr("Mot de passe"))  # its form label sits on a row, not on it
        self.generate_button = QPushButton(self.tr("Générer un autre"))
        self.generate_button.setProperty("secondary", True)
        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.submit_button = QPushButton(self.tr("Créer le compte administrateur"))
        self.submit_button.setDefault(True)
        form = QFormLayout()
        form.addRow(self.tr("Identifiant"), self.login_edit)
        form.addRow(self.tr("Nom et prénom"), self.name_edit)
        form.addRow(self.tr("Adresse électronique"), self.email_edit)
        row = QHBoxLayout()
        row.addWidget(self.password_edit, 1)
        row.addWidget(self.generate_button)
        form.addRow(self.tr("Mot de passe"), row)
        layout = QVBoxLayout(self)
        body = scrolling_body(layout)  # the button below it stays in sight on a small screen at 200 %
        body.addWidget(intro)
        body.addLayout(form)
        body.addWidget(self.error_label)
        from PySide6.QtCore import Qt

        layout.addWidget(self.submit_button, 0, Qt.AlignmentFlag.AlignRight)
        self.generate_button.clicked.connect(lambda: self.password_edit.setText(generate_password()))
        fit_to_screen(self, width=720)
        self.submit_button.clicked.connect(self.submit)

    def submit(self) -> None:
        """Check locally what can be, then ask the service; a refusal keeps everything typed."""
        from desktop.security.passwords import check_password
        from desktop.views.kit.fields import failure_text

        login, name = self.login_edit.text().strip(), self.name_edit.text().strip()
        if not login or not name:
            self.error_label.setText(self.tr("Indiquez l'identifiant et le nom de l'administrateur."))
            return
        verdict = check_password(self.password_edit.text(), login=login, names=(name,))
        if not verdict.accepted:
            self.error_label.setText(" ".join(verdict.reasons))
            return
        try:
            answer = self._setup(login, name, self.email_edit.text().strip(), self.password_edit.text())
        except Exception as exc:  # never silent: French and a reference, everything typed kept
            self.error_label.setText(failure_text(exc))
            return
        if not answer.ok:
            self.error_label.setText(answer.message)
            return
        self.error_label.clear()
        self.accept()

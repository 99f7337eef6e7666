"""« Changer d'agent »: another agent takes the counter (a list in the demo, login and password otherwise); the same
dialog, for a délégué OPJ, takes the visa of the OPJ who designated them (R-AUTH-3): the OPJ signs in, the délégué
stays at the counter and the form in progress is kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.seat import Seat, SeatAgent, SeatRefused
from desktop.views.kit.announce import announce
from desktop.views.kit.fields import failure_text
from desktop.views.kit.runner import Runner


class AgentSwitchDialog(QDialog):
    """Asks who takes the counter (or, `visa`, which OPJ visas the délégué at it); `agent` is set when the dialog
    is accepted: the new agent, or the same agent with the visa."""

    def __init__(self, seat: Seat, parent: QWidget | None = None, *, visa: bool = False) -> None:
        super().__init__(parent)
        self.visa = visa
        self.setWindowTitle(self.tr("Visa de l'OPJ") if visa else self.tr("Changer d'agent"))
        self.setMinimumWidth(560)
        self.seat = seat
        self.agent: SeatAgent | None = None
        # Closed while the check ran: the seat may change on the worker all the same, so the dialog stays until
        # the answer, then ends as it came (`agent` set if the change went through).
        self.close_asked = False
        self.runner = Runner(self)
        layout = QVBoxLayout(self)
        self.lead = QLabel(
            self.tr(
                "L'OPJ qui vous a désigné se connecte pour viser les procurations que vous établirez pendant cette "
                "session (R-AUTH-3) : vous restez au guichet et le formulaire en cours est conservé."
            )
            if visa
            else self.tr(
                "L'agent qui prend le guichet se connecte : les actes suivants sont les siens et son nom figure "
                "sur les récépissés. Le formulaire en cours est effacé."
            )
        )
        self.lead.setWordWrap(True)
        layout.addWidget(self.lead)
        self.choices = QListWidget()
        self.login_edit = QLineEdit()
        self.password_edit = QLineEdit()
        if seat.needs_password:
            self.login_edit.setPlaceholderText(self.tr("Identifiant"))
            self.login_edit.setAccessibleName(self.tr("Identifiant"))
            self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
            self.password_edit.setPlaceholderText(self.tr("Mot de passe"))
            self.password_edit.setAccessibleName(self.tr("Mot de passe"))
            layout.addWidget(self.login_edit)
            layout.addWidget(self.password_edit)
            self.login_edit.returnPressed.connect(self.password_edit.setFocus)
            self.password_edit.returnPressed.connect(self.confirm)
        else:
            for choice in seat.visa_choices() if visa else seat.choices():
                item = QListWidgetItem(choice.label)
                item.setData(Qt.ItemDataRole.UserRole, choice.login)
                self.choices.addItem(item)
            self.choices.setCurrentRow(0)
            for row in range(self.choices.count() if not visa else 0):  # the next agent: one arrow less, mostly
                if self.choices.item(row).text().startswith(seat.current.name):
                    self.choices.setCurrentRow((row + 1) % self.choices.count())
            self.choices.setAccessibleName(
                self.tr("OPJ de démonstration") if visa else self.tr("Agents de démonstration")
            )
            self.choices.setWordWrap(True)
            self.choices.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.choices.setSpacing(2)
            self.choices.itemActivated.connect(lambda _item: self.confirm())
            layout.addWidget(self.choices)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setProperty("state", "error")
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        self.ok_button = QPushButton(self._ok_text())
        self.ok_button.clicked.connect(self.confirm)
        self.ok_button.setAutoDefault(False)
        self.cancel_button = cancel = QPushButton(self.tr("Annuler (Échap)"))
        cancel.setProperty("secondary", True)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        (self.login_edit if seat.needs_password else self.choices).setFocus()

    def _ok_text(self) -> str:
        return self.tr("Viser (Entrée)") if self.visa else self.tr("Prendre le guichet (Entrée)")

    def confirm(self) -> None:
        """Sign the new agent in on the runner (a password check takes a while)."""
        if self.runner.busy:
            return
        if self.seat.needs_password:
            login, password = self.login_edit.text().strip(), self.password_edit.text()
            if not login or not password:
                self._say_error(
                    self.tr("Saisissez l'identifiant et le mot de passe de l'OPJ.")
                    if self.visa
                    else self.tr("Saisissez l'identifiant et le mot de passe de l'agent."),
                    self.password_edit if login else self.login_edit,
                )
                return
        else:
            item = self.choices.currentItem()
            if item is None:
                return
            login, password = str(item.data(Qt.ItemDataRole.UserRole)), ""
        self.password_edit.clear()  # never kept longer than needed
        self._checking(True)
        seat = self.seat
        act = seat.give_visa if self.visa else seat.switch
        self.runner.submit(
            lambda: act(login=login, password=password), done=self._done, failed=self._failed, lane="prompt"
        )

    def _checking(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.login_edit.setReadOnly(busy)
        self.password_edit.setReadOnly(busy)
        if busy:
            self.ok_button.setText(self.tr("Vérification…"))

    def reject(self) -> None:
        """Échap or the window's close: while the seat is being changed on the worker, wait for its answer."""
        if self.runner.busy:
            self.close_asked = True
            return
        super().reject()

    def _failed(self, exc: Exception) -> None:
        self._checking(False)
        self.ok_button.setText(self._ok_text())
        if self.close_asked:  # the agent had asked to close: the counter stays as it was
            super().reject()
            return
        self._say_error(
            exc.message if isinstance(exc, SeatRefused) else failure_text(exc),
            self.password_edit if self.seat.needs_password else self.choices,
        )

    def _say_error(self, text: str, field: QWidget) -> None:
        """Under the fields, the field's description, said to a screen reader (it was only shown: Orca said
        nothing, session 36), and the focus back on the field."""
        self.error_label.setText(text)
        field.setAccessibleDescription(text)
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        announce(field, text, assertive=True)

    def _done(self, agent: SeatAgent) -> None:
        self.agent = agent
        self.accept()

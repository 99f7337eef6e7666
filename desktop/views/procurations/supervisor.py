"""The act waits for a supervisor (R-ELIG-4, R-HOME-4): one present signs in here, or it goes to « à décider »."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.desk import DecisionOutcome, DeskServices, EstablishInput, Violation
from desktop.views.kit.dialogs import fit_to_screen, scrolling_body
from desktop.views.kit.fields import Field, failure_text
from desktop.views.kit.reflow import ButtonRow
from desktop.views.kit.runner import Runner
from desktop.views.translations import rule_line, translate
from desktop.views.widgets import set_state


class SupervisorDialog(QDialog):
    """Shows what the supervisor decides; `outcome` holds the decision (or the list entry) once closed."""

    def __init__(
        self, desk: DeskServices, form: EstablishInput, cases: tuple[Violation, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Décision d'un superviseur"))
        self.desk, self.form = desk, form
        self.runner = Runner(self)
        self.outcome: DecisionOutcome | None = None
        self.close_asked = False  # « Annuler » or Échap while the decision was being recorded
        outer = QVBoxLayout(self)
        layout = scrolling_body(outer)  # the buttons below it stay in sight on a small screen at 200 %
        intro = QLabel(
            self.tr("Les textes renvoient ce cas à un superviseur : l'acte attend sa décision.")
            + "\n"
            + "\n".join(rule_line(v.rule_id, v.message) for v in cases)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.login = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.accept_choice = QRadioButton(self.tr("&Accepter"))
        self.refuse_choice = QRadioButton(self.tr("Re&fuser"))
        self.accept_choice.setChecked(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Motif de la décision (obligatoire)"))
        layout.addWidget(Field(self.tr("&Identifiant du superviseur"), self.login))
        layout.addWidget(Field(self.tr("&Mot de passe du superviseur"), self.password))
        choices = QHBoxLayout()
        choices.addWidget(self.accept_choice)
        choices.addWidget(self.refuse_choice)
        choices.addStretch(1)
        layout.addLayout(choices)
        layout.addWidget(Field(self.tr("M&otif"), self.reason))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        self.decide_button = QPushButton(self.tr("Décider (superviseur présent)"))
        self.decide_button.clicked.connect(self.decide)
        self.later_button = QPushButton(self.tr("Envoyer dans la liste « à décider »"))
        self.later_button.setProperty("secondary", True)
        self.later_button.clicked.connect(self.send_to_list)
        self.cancel_button = cancel = QPushButton(self.tr("Annuler"))
        cancel.setProperty("secondary", True)
        cancel.clicked.connect(self.reject)
        # Stacked when side by side they are wider than the dialog: 1,206 px at 200 % in English, past a 1024 px
        # screen's edge (tests/views/test_fit_sweep.py).
        self.buttons = ButtonRow(self.decide_button, self.later_button, cancel)
        outer.addWidget(self.buttons)
        fit_to_screen(self, width=760)

    def decide(self) -> None:
        """Check the supervisor's password and record the decision (on a worker: the password check is slow)."""
        form, login, password = self.form, self.login.text().strip(), self.password.text()
        accepted, reason = self.accept_choice.isChecked(), self.reason.text()
        self._busy(True)
        self.runner.submit(
            lambda: self.desk.decide_on_the_spot(
                form, login=login, password=password, accepted=accepted, reason=reason
            ),
            done=self._done,
            failed=self._failed,
            key="decide",
            writes=True,
        )

    def send_to_list(self) -> None:
        """No supervisor present: keep the act in the « à décider » list."""
        form = self.form
        self._busy(True)
        self.runner.submit(
            lambda: self.desk.submit_for_decision(form), done=self._done, failed=self._failed, key="decide", writes=True
        )

    def reject(self) -> None:
        """Annuler, Échap or the window's close: while a decision is being recorded, wait for it, then close without
        establishing the act (session 36: a decision that came back after « Annuler » still established it)."""
        if self.runner.busy:
            self.close_asked = True
            return
        super().reject()

    def _done(self, outcome: DecisionOutcome) -> None:
        self._busy(False)
        self.password.clear()
        if self.close_asked:
            # The agent cancelled: nothing is established; what was recorded meanwhile (the act in « à décider », or
            # the supervisor's decision with it) is said by `ask_supervisor`.
            self.outcome = None if outcome.violations else outcome
            QDialog.done(self, QDialog.DialogCode.Rejected)
            return
        if outcome.violations:
            self._say("\n".join(v.message for v in outcome.violations))
            return
        self.outcome = outcome
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        if self.close_asked:
            super().reject()
            return
        self._say(failure_text(exc))

    def _busy(self, busy: bool) -> None:
        self.decide_button.setEnabled(not busy)
        self.later_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        set_state(self.status, "error")
        self.status.show()


def ask_supervisor(
    parent: QWidget,
    desk: DeskServices,
    form: EstablishInput,
    cases: tuple[Violation, ...],
    *,
    establish: Callable[[EstablishInput], None],
    say: Callable[[str, str], None],
    sent_to_list: Callable[[], None],
) -> SupervisorDialog:
    """Open the dialog over a screen; accepted: `establish` the form with its decision; listed or refused: `say` so."""
    dialog = SupervisorDialog(desk, form, cases, parent)
    say(translate("SupervisorDialog", "Cet acte attend la décision d'un superviseur (rien n'a été effacé)."), "warn")

    def finished(_result: int) -> None:
        decision = dialog.outcome
        if decision is None or decision.decision_id is None:
            return
        if decision.waiting:
            sent_to_list()
            say(
                translate(
                    "SupervisorDialog", "Acte envoyé dans la liste « À décider » (Ctrl+0) : un superviseur le décidera."
                ),
                "ok",
            )
        elif decision.accepted and dialog.close_asked:  # accepted while « Annuler » waited: not established here
            sent_to_list()
            say(
                translate(
                    "SupervisorDialog",
                    "Annulé : l'acte n'est pas établi. La décision du superviseur est enregistrée : l'acte attend "
                    "dans la liste « À décider » (Ctrl+0), d'où il peut être établi.",
                ),
                "ok",
            )
        elif not decision.accepted:
            say(
                translate("SupervisorDialog", "Le superviseur a refusé l'acte : la procuration n'est pas enregistrée."),
                "error",
            )
        else:
            establish(replace(form, decision_id=decision.decision_id))

    dialog.finished.connect(finished)
    dialog.open()
    return dialog

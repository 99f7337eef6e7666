"""« À décider »: acts waiting for a supervisor's decision (R-ELIG-4, R-HOME-4); the supervisor dashboard links here."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from desktop.rules.supervision import ACCEPTEE
from desktop.services.desk import DecisionOutcome, DecisionRow, DeskServices, EstablishOutcome
from desktop.services.permissions import Permission
from desktop.services.supervision import A_DECIDER
from desktop.views.kit.fields import Field, failure_text
from desktop.views.kit.reflow import ButtonRow
from desktop.views.kit.runner import Runner
from desktop.views.procurations.models import DecisionTableModel
from desktop.views.procurations.search import table
from desktop.views.widgets import Page, set_state


class ToDecidePage(Page):
    """The list; a supervisor accepts or refuses with a reason; an accepted act is then established from here."""

    def __init__(self, desk: DeskServices) -> None:
        super().__init__(
            self.tr("À décider"),
            self.tr(
                "Actes qui attendent la décision d'un superviseur. Le superviseur connecté accepte ou refuse, avec un "
                "motif ; un acte accepté reste dans la liste jusqu'à ce qu'un agent l'établisse ici."
            ),
        )
        self.desk = desk
        self.runner = Runner(self)
        self.model = DecisionTableModel()
        self.view = table(self.model)
        self.view.setAccessibleName(self.tr("Actes à décider"))
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Motif de la décision (obligatoire)"))
        self.body.addWidget(self.state)
        self.body.addWidget(self.view, 1)
        self.body.addWidget(Field(self.tr("&Motif"), self.reason))
        self.accept_button = QPushButton(self.tr("&Accepter"))
        self.refuse_button = QPushButton(self.tr("Re&fuser"))
        self.refuse_button.setProperty("secondary", True)
        self.establish_button = QPushButton(self.tr("Établir l'acte accepté"))
        self.refresh_button = QPushButton(self.tr("Actualiser"))
        self.refresh_button.setProperty("secondary", True)
        self.body.addWidget(
            ButtonRow(self.accept_button, self.refuse_button, self.establish_button, self.refresh_button)
        )
        self.accept_button.clicked.connect(lambda: self.decide(accepted=True))
        self.refuse_button.clicked.connect(lambda: self.decide(accepted=False))
        self.establish_button.clicked.connect(self.establish)
        self.refresh_button.clicked.connect(self.refresh)
        self.view.selectionModel().currentRowChanged.connect(self._on_row)
        self._on_row(QModelIndex(), QModelIndex())
        self.refresh()

    def why_not_offered(self) -> str | None:
        """Why the agent these screens were built for neither decides nor establishes the submitted acts (greyed)."""
        return self.desk.not_offered(Permission.SUPERVISION_DECIDER, Permission.PROCURATION_CONSULTER)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again (Ctrl+0): the list as it stands now, since acts are sent to it from Établir."""
        super().showEvent(event)
        if not self.runner.is_busy("list"):
            self.refresh()

    def selected(self) -> DecisionRow | None:
        """The act under the cursor."""
        return self.model.row_at(self.view.currentIndex().row())

    def refresh(self, *, after: tuple[str, str] | None = None) -> None:
        """Reload the list (on a worker: it reads the store); `after` is the outcome to keep in front of the count."""
        self.runner.submit(
            self.desk.to_decide, done=lambda rows: self._loaded(rows, after), failed=self._failed, key="list"
        )

    def _loaded(self, rows: list[DecisionRow], after: tuple[str, str] | None = None) -> None:
        self.model.set_rows(rows)
        waiting = sum(1 for r in rows if r.status == A_DECIDER)
        count = (
            self.tr("%n acte(s) à décider", "", waiting)
            + ", "
            + self.tr("%n accepté(s) à établir.", "", len(rows) - waiting)
            if rows
            else self.tr("Aucun acte à décider.")
        )
        text, state = (f"{after[0]} {count}", after[1]) if after is not None else (count, "neutral")
        self.state.setText(text)
        set_state(self.state, state)
        if rows:
            self.view.selectRow(0)

    def decide(self, *, accepted: bool) -> None:
        """The logged-in supervisor decides the selected act."""
        row, reason = self.selected(), self.reason.text()
        if row is None:
            return
        self.runner.submit(
            lambda: self.desk.decide(row.id, accepted=accepted, reason=reason),
            done=self._decided,
            failed=self._failed,
            key="decide",
            writes=True,
        )

    def _decided(self, outcome: DecisionOutcome) -> None:
        if outcome.violations:
            self._say("\n".join(v.message for v in outcome.violations), "error")
            return
        self.reason.clear()
        said = self.tr("Décision enregistrée.") + (self.tr(" L'acte peut être établi.") if outcome.accepted else "")
        self._say(said, "ok")
        self.refresh(after=(said, "ok"))

    def establish(self) -> None:
        """Establish the selected accepted act (rules checked again, receipt kept)."""
        row = self.selected()
        if row is None or row.status != ACCEPTEE:
            return
        decision_id = row.id
        self.runner.submit(
            lambda: self.desk.establish_decided(decision_id),
            done=self._established,
            failed=self._failed,
            key="establish",
            writes=True,
        )

    def _established(self, outcome: EstablishOutcome) -> None:
        if not outcome.saved:
            self._say(
                self.tr("Acte non enregistré : {reasons}").format(
                    reasons=" ".join(v.message for v in outcome.violations)
                ),
                "error",
            )
            return
        said = self.tr("Procuration enregistrée, récépissé n° {number}.").format(number=outcome.receipt_number)
        self._say(said, "ok")
        self.refresh(after=(said, "ok"))

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row())
        waiting = row is not None and row.status == A_DECIDER
        self.accept_button.setEnabled(waiting)
        self.refuse_button.setEnabled(waiting)
        self.establish_button.setEnabled(row is not None and row.status == ACCEPTEE)

    def _failed(self, exc: Exception) -> None:
        self._say(failure_text(exc), "error")

    def _say(self, text: str, state: str) -> None:
        self.state.setText(text)
        set_state(self.state, state)

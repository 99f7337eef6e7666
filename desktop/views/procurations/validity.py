"""Validity (a scrutin of the calendar with its rounds, or a duration), home visit, and the authority."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.services.desk import ElectionChoice
from desktop.views.kit.dates import DateInput, format_date
from desktop.views.kit.day_watch import DayWatch
from desktop.views.kit.fields import Field
from desktop.views.kit.reflow import WrappingCheckBox
from desktop.views.translations import QT_TRANSLATE_NOOP

ROUNDS = (
    ("T1_T2", QT_TRANSLATE_NOOP("ValidityPanel", "Les deux tours")),
    ("T1", QT_TRANSLATE_NOOP("ValidityPanel", "1er tour seulement")),
    ("T2", QT_TRANSLATE_NOOP("ValidityPanel", "2d tour seulement")),
)


class ValidityPanel(QWidget):
    """What the procuration is valid for, the home visit papers, and who establishes it."""

    changed = Signal()

    def __init__(
        self, elections: Callable[[], list[ElectionChoice]], authority: str, *, today: Callable[[], date]
    ) -> None:
        super().__init__()
        self._elections = elections  # the scrutins still ahead on the station's day, asked again as days pass
        self.day_watch = DayWatch(self, today, self.refresh_elections)  # a form left open overnight
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Pour un scrutin"), "SCRUTIN")
        self.kind.addItem(self.tr("Pour une durée"), "DUREE")
        self.election = QComboBox()
        self.refresh_elections()
        self.rounds = QComboBox()
        for value, label in ROUNDS:
            self.rounds.addItem(self.tr(label), value)
        self.valid_from, self.valid_until = DateInput(), DateInput()
        self.home_visit = WrappingCheckBox(self.tr("Déplacement à domicile ou en établissement (&H)"))
        self.written_request = WrappingCheckBox(self.tr("Demande écrite reçue"))
        self.attestation = WrappingCheckBox(self.tr("Attestation sur l'honneur reçue"))
        self.authority = QLabel(authority)
        self.authority.setObjectName("hint")
        self.authority.setWordWrap(True)
        self.fields = {
            "validity.kind": Field(self.tr("T&ype de validité"), self.kind),
            "validity.election": Field(self.tr("Scrutin (&Q)"), self.election),
            "validity.rounds": Field(self.tr("Tours (&W)"), self.rounds),
            "validity.start": Field(self.tr("Du"), self.valid_from),
            "validity.end": Field(self.tr("Au (inclus)"), self.valid_until),
            "home_visit.request": Field("", self.written_request),
            "home_visit.attestation": Field("", self.attestation),
            "authority.capacity": Field("", self.authority),
        }
        top = Qt.AlignmentFlag.AlignTop
        grid = QGridLayout()
        grid.addWidget(self.fields["validity.kind"], 0, 0, top)
        grid.addWidget(self.fields["validity.rounds"], 0, 1, top)
        grid.addWidget(self.fields["validity.election"], 1, 0, 1, 2)
        grid.addWidget(self.fields["validity.start"], 2, 0, top)
        grid.addWidget(self.fields["validity.end"], 2, 1, top)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.home_visit)
        layout.addWidget(self.fields["home_visit.request"])
        layout.addWidget(self.fields["home_visit.attestation"])
        layout.addWidget(self.fields["authority.capacity"])
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.home_visit.toggled.connect(self._on_home_visit)
        for combo in (self.election, self.rounds):
            combo.currentIndexChanged.connect(self._changed)
        for box in (self.written_request, self.attestation):
            box.toggled.connect(self._changed)
        for edit in (self.valid_from, self.valid_until):
            edit.textEdited.connect(self._changed)
        self._on_kind()
        self._on_home_visit(False)

    def _changed(self, *_args: Any) -> None:
        self.changed.emit()

    def refresh_elections(self) -> None:
        """The scrutins offered as of the station's day now: a form left open overnight no longer offers the one
        whose last round was yesterday (R-VALID-2). The chosen one stays chosen while it is offered."""
        choices = self._elections()
        if [c.id for c in choices] == [self.election.itemData(i) for i in range(self.election.count())]:
            return
        chosen = self.election.currentData()
        blocked = self.election.blockSignals(True)
        self.election.clear()
        for choice in choices:
            when = format_date(choice.t1) + (
                self.tr(" et {date}").format(date=format_date(choice.t2)) if choice.t2 else ""
            )
            self.election.addItem(f"{choice.label} ({when})", choice.id)
        self.election.setCurrentIndex(max(self.election.findData(chosen), 0))
        self.election.blockSignals(blocked)
        if self.election.currentData() != chosen:
            self.changed.emit()

    def showEvent(self, event: Any) -> None:
        self.refresh_elections()  # the screen shown again the morning after
        super().showEvent(event)

    def editors(self) -> list[QWidget]:
        """In tab order."""
        return [
            self.kind,
            self.rounds,
            self.election,
            self.valid_from,
            self.valid_until,
            self.home_visit,
            self.written_request,
            self.attestation,
        ]

    def _on_kind(self, *_args: Any) -> None:
        duration = self.kind.currentData() == "DUREE"
        for key in ("validity.election", "validity.rounds"):
            self.fields[key].setVisible(not duration)
        for key in ("validity.start", "validity.end"):
            self.fields[key].setVisible(duration)
        self.changed.emit()

    def _on_home_visit(self, on: bool) -> None:
        self.written_request.setEnabled(on)
        self.attestation.setEnabled(on)
        self.changed.emit()

    def set_scrutin(self, election_id: str, rounds: str) -> None:
        """A scrutin validity (from a Maprocuration request)."""
        self.kind.setCurrentIndex(0)
        self.election.setCurrentIndex(max(self.election.findData(election_id), 0))
        self.rounds.setCurrentIndex(max(self.rounds.findData(rounds), 0))

    def set_duration(self, start: date, end: date) -> None:
        """A duration validity (from a Maprocuration request)."""
        self.kind.setCurrentIndex(1)
        self.valid_from.setText(format_date(start))
        self.valid_until.setText(format_date(end))

    def has_input(self) -> bool:
        """Whether dates were typed."""
        return bool(self.valid_from.text().strip() or self.valid_until.text().strip())

    def clear(self) -> None:
        """Defaults for the next citizen: the next scrutin (as of now), both rounds, no home visit."""
        self.refresh_elections()
        for combo in (self.kind, self.rounds, self.election):
            combo.setCurrentIndex(0)
        for edit in (self.valid_from, self.valid_until):
            edit.clear()
        for box in (self.home_visit, self.written_request, self.attestation):
            box.setChecked(False)

"""The « Identifiants de vote par internet » tab: find the elector, request ONE credential's renewal (R-IVOTE-5)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.rules.ivote import Credential
from desktop.rules.types import Violation
from desktop.services.ivote import IvoteService, RequestSummary
from desktop.services.printing import PrintOutcome
from desktop.services.renewal_base import RenewalError
from desktop.views.renewals.common import TaskRunner, error_label, show_violations
from desktop.views.rows import RowsModel
from desktop.views.widgets import notice, set_state


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%d/%m/%Y %H:%M") if value else "—"


def request_model() -> RowsModel[RequestSummary]:
    """Receipt, credential, status, dates, sync."""
    return RowsModel[RequestSummary](
        [
            ("Récépissé", lambda r: r.receipt_number),
            ("Élément", lambda r: r.credential_label),
            ("Statut", lambda r: r.status_label),
            ("Demandé le", lambda r: _when(r.created_at)),
            ("Lien utilisé le", lambda r: _when(r.link_used_at)),
            ("Synchronisation", lambda r: r.sync),
        ]
    )


class IvotePanel(QWidget):
    """NUMIC and e-mail, one look-up, one request; the credential itself only ever appears on the voter's portal."""

    def __init__(self, service: IvoteService, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        layout = QVBoxLayout(self)
        layout.addWidget(
            notice(
                self.tr(
                    "L'électeur reçoit par courriel un lien à usage unique ; son nouvel identifiant ou mot de passe "
                    "s'affiche seulement sur le portail de vote. L'agent ne voit jamais ces éléments."
                )
            )
        )
        form = QFormLayout()
        self.numic = QLineEdit()
        self.numic.setPlaceholderText(self.tr("Numéro d'identification consulaire"))
        self.email = QLineEdit()
        self.email.setPlaceholderText(self.tr("Adresse donnée au consulat ou au registre en ligne"))
        self.errors = {f: error_label() for f in (None, "numic", "email", "renew", "mobile")}
        form.addRow(self.tr("NUMI&C"), self.numic)
        form.addRow("", self.errors["numic"])
        form.addRow(self.tr("Adresse é&lectronique"), self.email)
        form.addRow("", self.errors["email"])
        form.addRow("", self.errors["mobile"])
        layout.addLayout(form)
        self.find_btn = QPushButton(self.tr("&Rechercher l'électeur"))
        self.find_btn.setProperty("secondary", True)
        self.find_btn.clicked.connect(self.find_elector)
        self.numic.returnPressed.connect(self.email.setFocus)
        self.email.returnPressed.connect(self.find_elector)
        self.voter = QLabel()
        self.voter.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.find_btn)
        row.addWidget(self.voter, 1)
        layout.addLayout(row)
        choose = QHBoxLayout()
        choose.addWidget(QLabel(self.tr("À renouveler :")))
        self.identifier = QCheckBox(self.tr("&Identifiant"))
        self.password = QCheckBox(self.tr("&Mot de passe"))
        choose.addWidget(self.identifier)
        choose.addWidget(self.password)
        choose.addStretch(1)
        layout.addLayout(choose)
        layout.addWidget(self.errors["renew"])
        hint = QLabel(
            self.tr(
                "Pour des raisons de sécurité, l'identifiant et le mot de passe ne peuvent pas être "
                "renouvelés en même temps (R-IVOTE-5)."
            )
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.submit_btn = QPushButton(self.tr("Enregistrer la &demande"))
        self.submit_btn.clicked.connect(self.submit)
        layout.addWidget(self.submit_btn, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.errors[None])
        self.model = request_model()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.print_label = QLabel()
        self.reprint_btn = QPushButton(self.tr("Réimprimer le récépissé"))
        self.reprint_btn.setProperty("secondary", True)
        self.reprint_btn.clicked.connect(self._reprint_selected)
        bottom.addWidget(self.print_label, 1)
        bottom.addWidget(self.reprint_btn)
        layout.addLayout(bottom)
        self._fields: dict[str | None, QWidget] = {"numic": self.numic, "email": self.email}

    def refresh(self) -> None:
        """Reload the requests of the elector on screen, or all of this counter's (audited)."""
        self.model.set_rows(self._service.list_requests(numic=self.numic.text().strip() or None))

    def find_elector(self) -> None:
        """R-IVOTE-1: look the NUMIC up and compare the e-mail with the one on file."""
        try:
            match = self._service.find_elector(numic=self.numic.text(), email=self.email.text())
        except RenewalError as exc:
            self._show([Violation("", str(exc), None)])
            return
        self._show(list(match.violations))
        if match.found:
            self.voter.setText(f"<b>{match.voter_name}</b> — {match.consulate}")
            set_state(self.voter, "ok")
            self.model.set_rows(match.requests)
            self.identifier.setFocus()
        else:
            self.voter.setText(self.tr("Électeur non trouvé"))
            set_state(self.voter, "error")
            self.model.set_rows([])

    def submit(self) -> None:
        """Record the request; the service refuses identifier + password together (R-IVOTE-5)."""
        renew = frozenset(
            c
            for c, box in ((Credential.IDENTIFIANT, self.identifier), (Credential.MOT_DE_PASSE, self.password))
            if box.isChecked()
        )
        try:
            result = self._service.request_renewal(numic=self.numic.text(), email=self.email.text(), renew=renew)
        except RenewalError as exc:
            self._show([Violation("", str(exc), None)])
            return
        self._show(list(result.violations))
        if not result.ok:
            return
        self.identifier.setChecked(False)
        self.password.setChecked(False)
        self.refresh()
        if result.receipt_number:
            self.print_receipt(result.receipt_number)

    def print_receipt(self, number: str) -> None:
        """Print off the GUI thread."""
        self.print_label.setText(self.tr("Impression du récépissé {0}…").format(number))
        set_state(self.print_label, "neutral")
        self._runner.run(lambda: self._service.print_receipt(number), self._printed)

    def _printed(self, outcome: object) -> None:
        ok = isinstance(outcome, PrintOutcome) and outcome.printed
        text = outcome.message if isinstance(outcome, PrintOutcome) else f"Impression impossible : {outcome}"
        self.print_label.setText(text)
        set_state(self.print_label, "ok" if ok else "error")

    def _reprint_selected(self) -> None:
        row = self.model.row_at(self.table.currentIndex().row())
        if row is None:
            row = self.model.row_at(0)
        if row is not None:
            self.print_receipt(row.receipt_number)

    def _show(self, found: list[Violation]) -> None:
        show_violations(self.errors, found, self._fields)
        if any(v.field == "renew" for v in found):
            self.identifier.setFocus()

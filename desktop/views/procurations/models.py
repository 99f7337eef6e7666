"""Thin Qt item models over the plain rows the desk services return (the shared RowsModel)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop.rules.terms import Status
from desktop.services.desk import DecisionRow, ProcurationRow
from desktop.services.lookup import HistoryItem
from desktop.views.kit import colours
from desktop.views.rows import RowsModel


def mandant_text(r: ProcurationRow) -> str:
    """The mandant as the views show them: the name, and the birth date when known."""
    return r.mandant + (f" ({r.mandant_birth:%d/%m/%Y})" if r.mandant_birth else "")


class ProcurationTableModel(RowsModel[ProcurationRow]):
    """One procuration per row: where it comes from, parties, validity, status and confirmation."""

    # Who first, then where it stands: the receipt number, the mandant, the status and the central store's answer
    # fit beside the navigation at 1024×768 (a name is capped at search.MAX_COLUMN and wraps there, its row growing,
    # so it never pushes the status out of sight); where the row comes from after the names (a central row shows « — »
    # for its receipt); validity last: it is the longest text and the table's last column stretches.
    NUMBER, MANDANT, STATUS, CENTRAL, MANDATAIRE, SOURCE, VALIDITY = range(7)
    WRAPPING = (MANDANT, MANDATAIRE)  # the names wrap: the birth date that tells namesakes apart stays in sight

    def __init__(self) -> None:
        super().__init__(
            [
                (self.tr("Récépissé"), lambda r: r.receipt_number or "—"),
                (self.tr("Mandant"), mandant_text),
                (self.tr("Statut"), lambda r: r.status_label),
                (self.tr("Répertoire central"), lambda r: r.confirmation_label),
                (self.tr("Mandataire"), lambda r: r.mandataire),
                (self.tr("Source"), lambda r: self.tr("Ce poste") if r.source == "local" else self.tr("Central")),
                (self.tr("Validité"), lambda r: r.validity),
            ],
            extra=self._colours,
        )

    def _colours(self, r: ProcurationRow, col: int, role: int) -> Any:
        """Red for what is void, orange for what waits for the central store, green for what it confirmed."""
        if role == Qt.ItemDataRole.ForegroundRole and col in (self.STATUS, self.CENTRAL):
            if r.status in (Status.INVALIDEE, Status.ANNULEE):
                return QBrush(QColor(colours.current().error))
            if col == self.CENTRAL and r.source == "local" and not r.confirmed:
                return QBrush(QColor(colours.current().warn))
            if r.confirmed and r.status == Status.VALIDEE:
                return QBrush(QColor(colours.current().ok))
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                self.CENTRAL: r.confirmation_label,
                self.MANDANT: mandant_text(r),
                self.MANDATAIRE: r.mandataire,
                self.VALIDITY: r.validity,
                self.STATUS: r.status_label,
            }.get(col)
        return None


class HistoryTableModel(RowsModel[HistoryItem]):
    """The status history of one procuration."""

    AT, STATUS, SOURCE, NOTE = range(4)

    def __init__(self) -> None:
        super().__init__(
            [
                (self.tr("Date"), lambda h: h.at.astimezone().strftime("%d/%m/%Y %H:%M")),
                (self.tr("Statut"), lambda h: h.label + (f" ({h.rule_id})" if h.rule_id else "")),
                (
                    self.tr("Origine"),
                    lambda h: self.tr("Ce poste") if h.source == "guichet" else self.tr("Répertoire central"),
                ),
                (self.tr("Détail"), lambda h: h.note or ""),
            ]
        )


class DecisionTableModel(RowsModel[DecisionRow]):
    """The « à décider » list: one act per row, what the supervisor decides and where it stands."""

    CREATED, AGENT, STATUS, CASES = range(4)

    def __init__(self) -> None:
        super().__init__(
            [
                (self.tr("Reçu le"), lambda r: f"{r.created_at:%d/%m/%Y %H:%M}"),
                (self.tr("Agent"), lambda r: r.agent_name),
                (self.tr("Statut"), lambda r: r.status_label),
                (self.tr("Cas à décider"), lambda r: r.cases),
            ]
        )

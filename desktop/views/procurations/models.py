"""Thin Qt item models over the plain rows the desk services return (the shared RowsModel)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop.rules.terms import Status
from desktop.services.desk import DecisionRow, ProcurationRow
from desktop.services.lookup import HistoryItem
from desktop.views.kit import colours
from desktop.views.kit.station_time import station_stamp
from desktop.views.procurations.names import shown_person
from desktop.views.rows import RowsModel


def mandant_text(r: ProcurationRow) -> str:
    """The mandant as the views show them: the name (given names capitalised), and the birth date when known."""
    return shown_person(r.mandant) + (f" ({r.mandant_birth:%d/%m/%Y})" if r.mandant_birth else "")


def mandataire_text(r: ProcurationRow) -> str:
    """The mandataire as the views show them (« DUBOIS jean » typed is shown « DUBOIS Jean »)."""
    return shown_person(r.mandataire)


class ProcurationTableModel(RowsModel[ProcurationRow]):
    """One procuration per row: where it comes from, parties, validity, status and confirmation."""

    # Who first, then where it stands, validity last (its longest text, and the column that takes what is left).
    # Every column is in sight beside the navigation at 1024×768: the receipt number keeps one line, the other
    # columns wrap and their rows grow (search.table). The status has the central register's word under it
    # (« En attente du central »; « Répertoire central » for its own rows): a « Source » and a « Répertoire central »
    # column did not fit in the table's 726 px beside the others, even wrapped to their longest words and titles.
    NUMBER, MANDANT, STATUS, MANDATAIRE, VALIDITY = range(5)
    WRAPPING = (MANDANT, STATUS, MANDATAIRE, VALIDITY)  # all but the receipt number, which cannot wrap

    def __init__(self) -> None:
        super().__init__(
            [
                (self.tr("Récépissé"), lambda r: r.receipt_number or "—"),
                (self.tr("Mandant"), mandant_text),
                (self.tr("Statut"), self.status_text),
                (self.tr("Mandataire"), mandataire_text),
                (self.tr("Validité"), lambda r: r.validity),
            ],
            extra=self._colours,
        )

    def status_text(self, r: ProcurationRow) -> str:
        """Where the procuration stands, in words an agent reads at once: who decided it and, for a refusal, why
        (the rule). « Invalidée (R-PARTY-1) » over « Confirmée par le central » read as two verdicts that contradict
        each other: the second line only meant that the central store had answered."""
        motive = f"({r.rule_id})" if r.rule_id else ""  # the rule that refused it, a line of its own
        if r.source == "central":  # the central store's own record (other counters): its word is the status
            return self.tr("{status}\nRépertoire central").format(status=r.status_label)
        if r.revocation_pending:  # revoked at this counter, the central store has not recorded it yet
            return self.tr("Résiliée ici\nEn attente du central")
        if r.expired:  # its last covered day is past: it serves no vote any more (§8), nothing to revoke
            return self.tr("Expirée\nValidité terminée")
        if r.status == Status.PROVISOIRE:
            return (
                self.tr("Provisoire\nReçue par le central")
                if r.confirmed
                else self.tr("Provisoire\nEn attente du central")
            )
        if r.status == Status.VALIDEE:
            return self.tr("Validée par le central")
        if r.status in (Status.INVALIDEE, Status.ANNULEE):
            verdict = (
                self.tr("Invalidée par le central")
                if r.status == Status.INVALIDEE
                else self.tr("Annulée par le central")
            )
            return "\n".join(line for line in (verdict, motive) if line)
        return r.status_label

    def _colours(self, r: ProcurationRow, col: int, role: int) -> Any:
        """Red for what is void, orange for what waits for the central store, green for what it confirmed."""
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATUS:
            if r.status in (Status.INVALIDEE, Status.ANNULEE):
                return QBrush(QColor(colours.current().error))
            if r.expired:
                return None  # over: neither waiting nor confirmed, the palette's text colour
            if r.source == "local" and not r.confirmed:
                return QBrush(QColor(colours.current().warn))
            if r.confirmed and r.status == Status.VALIDEE:
                return QBrush(QColor(colours.current().ok))
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                self.MANDANT: mandant_text(r),
                self.MANDATAIRE: mandataire_text(r),
                self.VALIDITY: r.validity,
                self.STATUS: self.status_text(r),
            }.get(col)
        return None


class HistoryTableModel(RowsModel[HistoryItem]):
    """The status history of one procuration."""

    AT, STATUS, SOURCE, NOTE = range(4)

    def __init__(self) -> None:
        super().__init__(
            [
                (self.tr("Date"), lambda h: station_stamp(h.at)),
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

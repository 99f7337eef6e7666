"""Thin Qt item models over the plain rows the desk services return."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services.desk import ProcurationRow
from desktop.services.lookup import HistoryItem

Index = QModelIndex | QPersistentModelIndex
_RED, _ORANGE, _GREEN = QColor("#ce0500"), QColor("#b34000"), QColor("#18753c")


class ProcurationTableModel(QAbstractTableModel):
    """One procuration per row: where it comes from, parties, validity, status and confirmation."""

    # Validity last: it is the longest text and the table's last column stretches.
    SOURCE, NUMBER, MANDANT, MANDATAIRE, STATUS, CENTRAL, VALIDITY = range(7)
    HEADERS = ("Source", "Récépissé", "Mandant", "Mandataire", "Statut", "Répertoire central", "Validité")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ProcurationRow] = []

    def set_rows(self, rows: Sequence[ProcurationRow]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ProcurationRow | None:
        """The plain row behind a table row."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == Qt.ItemDataRole.ForegroundRole and col in (self.STATUS, self.CENTRAL):
            if r.status in ("invalidee", "annulee"):
                return QBrush(_RED)
            if col == self.CENTRAL and r.source == "local" and not r.confirmed:
                return QBrush(_ORANGE)
            if r.confirmed and r.status == "validee":
                return QBrush(_GREEN)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.CENTRAL:
            return r.confirmation_label
        return None

    def _text(self, r: ProcurationRow, col: int) -> str:
        if col == self.SOURCE:
            return "Ce poste" if r.source == "local" else "Central"
        if col == self.NUMBER:
            return r.receipt_number or "—"
        if col == self.MANDANT:
            return r.mandant + (f" ({r.mandant_birth:%d/%m/%Y})" if r.mandant_birth else "")
        if col == self.MANDATAIRE:
            return r.mandataire
        if col == self.VALIDITY:
            return r.validity
        if col == self.STATUS:
            return r.status_label
        return r.confirmation_label  # CENTRAL


class HistoryTableModel(QAbstractTableModel):
    """The status history of one procuration."""

    AT, STATUS, SOURCE, NOTE = range(4)
    HEADERS = ("Date", "Statut", "Origine", "Détail")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[HistoryItem] = []

    def set_rows(self, rows: Sequence[HistoryItem]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        h, col = self._rows[index.row()], index.column()
        if col == self.AT:
            return h.at.astimezone().strftime("%d/%m/%Y %H:%M")
        if col == self.STATUS:
            return h.label + (f" ({h.rule_id})" if h.rule_id else "")
        if col == self.SOURCE:
            return "Ce poste" if h.source == "guichet" else "Répertoire central"
        return h.note or ""

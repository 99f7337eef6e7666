"""Procurations in words that wrap, under the table that lists them.

Résilier says, a line each, every procuration a résiliation would end, before it is confirmed: the mandant's
procurations still in force, with their mandataire and validity (the table lists the ended ones too). Plain text:
the names may come from the central store, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop.services.desk import ProcurationRow
from desktop.views.procurations.names import shown_person


class ProcurationText(QLabel):
    """A label of procurations in words, hidden when it has none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def say_list(self, heading: str, rows: Sequence[ProcurationRow]) -> None:
        """A mandant's procurations under `heading`, a line each."""
        self._say("\n".join([heading, *(self.line(r) for r in rows)]) if rows else "")

    def line(self, row: ProcurationRow) -> str:
        """What tells a procuration from the mandant's others (the mandant is the same)."""
        return self.tr("• {receipt} — mandataire : {mandataire} ; validité : {validity} ; statut : {status}.").format(
            receipt=self._receipt(row),
            mandataire=shown_person(row.mandataire),
            validity=row.validity,
            status=row.status_label,
        )

    def _receipt(self, row: ProcurationRow) -> str:
        return row.receipt_number or self.tr("procuration du répertoire central")

    def _say(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

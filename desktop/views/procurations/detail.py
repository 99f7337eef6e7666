"""Procurations in words that wrap, under the tables that list them.

Beside the navigation at 1024×768 a procurations table shows its receipt number, mandant, status and the central
store's answer; the mandataire and the validity are past its right edge and a long name is cut. What the agent reads
to the citizen (« votre procuration à THOMAS Sophie pour l'élection présidentielle… ») is said here whole: the
selected procuration in Rechercher, every procuration a résiliation would end in Résilier. Plain text: the names may
come from the central store, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop.services.desk import ProcurationRow
from desktop.views.procurations.models import mandant_text


class ProcurationText(QLabel):
    """A label of procurations in words, hidden when it has none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def say_one(self, row: ProcurationRow | None) -> None:
        """One procuration whole: receipt, mandant, mandataire, validity, status, the central store's answer."""
        self._say(self.describe(row) if row is not None else "")

    def say_list(self, heading: str, rows: Sequence[ProcurationRow]) -> None:
        """A mandant's procurations under `heading`, a line each."""
        self._say("\n".join([heading, *(self.line(r) for r in rows)]) if rows else "")

    def describe(self, row: ProcurationRow) -> str:
        return self.tr(
            "{receipt} — mandant : {mandant} ; mandataire : {mandataire} ; validité : {validity} ; statut : {status} ; "
            "répertoire central : {central}."
        ).format(
            receipt=self._receipt(row),
            mandant=mandant_text(row),
            mandataire=row.mandataire,
            validity=row.validity,
            status=row.status_label,
            central=row.confirmation_label,
        )

    def line(self, row: ProcurationRow) -> str:
        """What tells a procuration from the mandant's others (the mandant is the same)."""
        return self.tr("• {receipt} — mandataire : {mandataire} ; validité : {validity} ; statut : {status}.").format(
            receipt=self._receipt(row), mandataire=row.mandataire, validity=row.validity, status=row.status_label
        )

    def _receipt(self, row: ProcurationRow) -> str:
        return row.receipt_number or self.tr("procuration du répertoire central")

    def _say(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

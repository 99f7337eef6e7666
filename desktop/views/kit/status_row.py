"""The status bar's four states (central store, pending acts, card reader, printer) on one line, or on two when one
line cannot hold them whole.

At 1024 px with every state at its longest (« Pas de synchronisation depuis trop longtemps : vérifiez la
connexion », « 12 en attente de synchronisation », « Lecteur : aucun lecteur détecté », « Imprimante : plus de
papier ») the four labels shared one line and each was cut: the agent read « Imprimante : pl… » the morning the
printer ran out of paper. The row now puts them two by two when the line is too short for their whole texts; past
that (200 % text on a small screen) each label is elided, its whole text in its tooltip and to screen readers, and
the row never asks for more width than the window has.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

GAP = 12  # between two labels, as the status bar's own spacing


class StatusRow(QWidget):
    """Labels on one line when their whole texts fit the width given, else two per line."""

    def __init__(self, labels: Sequence[QLabel], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = tuple(labels)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(GAP)
        self.grid.setVerticalSpacing(0)
        self.lines = 0
        self._place(1)

    def _place(self, lines: int) -> None:
        if lines == self.lines:
            return
        for label in self.labels:
            self.grid.removeWidget(label)
        per_line = (len(self.labels) + lines - 1) // lines
        for index, label in enumerate(self.labels):
            self.grid.addWidget(label, index // per_line, index % per_line)
        for column in range(len(self.labels) + 1):  # columns as wide as their texts; what is left, after them
            self.grid.setColumnStretch(column, 1 if column == per_line else 0)
        self.lines = lines
        self.updateGeometry()

    def whole_width(self) -> int:
        """The width one line needs for every label's whole text."""
        return sum(label.sizeHint().width() for label in self.labels) + GAP * (len(self.labels) - 1)

    def refit(self, width: int | None = None) -> None:
        """One line or two for this width (the row's own by default): after a label's text changed, or a resize."""
        self._place(1 if self.whole_width() <= (self.width() if width is None else width) else 2)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a label's text changed (Qt asks its parent to lay out again)
            self.refit()
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refit(event.size().width())

    def minimumSizeHint(self) -> QSize:
        # Never wider than two elided labels side by side: the window keeps its width at 200 % text.
        hint = super().minimumSizeHint()
        narrowest = max((label.minimumSizeHint().width() for label in self.labels), default=0)
        return QSize(min(hint.width(), 2 * narrowest + GAP), hint.height())

"""R-VALID-5 on screen: every election the procuration covers (the form and the review step show this one label)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop.views.translations import labelled


class CoveredElections(QLabel):
    """« Élections couvertes : … »; hidden while the validity is incomplete."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("hint")
        self.setWordWrap(True)
        self.labels: tuple[str, ...] = ()
        self.hide()

    def show_labels(self, labels: tuple[str, ...]) -> None:
        """Show the elections, or hide when there are none yet."""
        self.labels = labels
        if not labels:
            self.hide()
            return
        plural = self.tr("Élections couvertes") if len(labels) > 1 else self.tr("Élection couverte")
        shared = self.tr(" (même jour de vote : la procuration vaut pour toutes, R-VALID-5)") if len(labels) > 1 else ""
        self.setText(labelled(plural, ", ".join(labels)) + shared)
        self.show()

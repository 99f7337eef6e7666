"""A délégué OPJ's visa, on the Établir and Résilier screens: asked for before the first act, then who gave it
(R-AUTH-3)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from desktop.views.translations import unbroken
from desktop.views.widgets import set_state


class VisaRow(QFrame):
    """« Faire viser par l'OPJ » while the délégué's session has no visa; the OPJ's name once it has."""

    requested = Signal()

    def __init__(self, *, revoking: bool = False) -> None:
        super().__init__()
        self.revoking = revoking  # on Résilier: the résiliations carry the visa, as the procurations do
        self.setObjectName("visaRow")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.button = QPushButton(self.tr("Faire viser par l'OPJ…"))
        self.button.setToolTip(self.tr("L'OPJ qui vous a désigné se connecte ; le formulaire en cours est conservé"))
        self.button.clicked.connect(self.requested)
        layout.addWidget(self.button)
        self.needed()

    def needed(self) -> None:
        text = (
            self.tr(
                "Délégué d'OPJ : vos résiliations n'ont de valeur qu'avec le visa de l'OPJ qui vous a désigné "
                "(R-AUTH-3). Faites-le viser avant de résilier."
            )
            if self.revoking
            else self.tr(
                "Délégué d'OPJ : vos procurations n'ont de valeur qu'avec le visa de l'OPJ qui vous a désigné "
                "(R-AUTH-3). Faites-le viser avant d'enregistrer."
            )
        )
        self.label.setText(unbroken(text))
        set_state(self.label, "warn", polished=False)
        self.button.show()

    def given(self, opj_name: str) -> None:
        text = (
            self.tr("Visa de l'OPJ : {name}. Les résiliations de cette session le portent (R-AUTH-3).")
            if self.revoking
            else self.tr("Visa de l'OPJ : {name}. Les procurations de cette session le portent (R-AUTH-3).")
        )
        self.label.setText(unbroken(text.format(name=opj_name)))
        set_state(self.label, "ok")
        self.button.hide()

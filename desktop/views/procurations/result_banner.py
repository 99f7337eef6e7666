"""The result of a save, where the agent looks: what happened, and what can be done with its receipt."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.views.translations import unbroken
from desktop.views.widgets import set_state


class ResultBanner(QFrame):
    """A message with the receipt's actions: Imprimer, Aperçu, Imprimer plus tard, Réimprimer (each only when it
    applies: an action with nothing to act on is hidden)."""

    print_clicked = Signal()
    preview_clicked = Signal()
    later_clicked = Signal()
    reprint_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("resultBanner")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        row = QHBoxLayout()
        self.print_button = QPushButton(self.tr("Imprimer le récépissé (Ctrl+P)"))
        self.preview_button = QPushButton(self.tr("Aperçu (Ctrl+Maj+P)"))
        self.later_button = QPushButton(self.tr("Imprimer plus tard (Ctrl+D)"))
        self.reprint_button = QPushButton(self.tr("Réimprimer (duplicata, Ctrl+P)"))
        for button, signal in (
            (self.print_button, self.print_clicked),
            (self.preview_button, self.preview_clicked),
            (self.later_button, self.later_clicked),
            (self.reprint_button, self.reprint_clicked),
        ):
            if button is not self.print_button:
                button.setProperty("secondary", True)
            button.clicked.connect(signal)
            button.hide()
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.hide()

    def say(self, text: str, state: str) -> None:
        self.label.setText(unbroken(text))
        set_state(self.label, state)
        self.show()

    def offer(
        self, *, print_: bool = False, preview: bool = False, later: bool = False, reprint: bool = False, who: str = ""
    ) -> None:
        """Show the actions that apply to the receipt now; `who`: the mandant whose receipt a reprint would give
        (the button names them, so that a duplicate is never printed for the wrong citizen)."""
        self.reprint_button.setText(
            self.tr("Réimprimer le récépissé du mandant {who} (duplicata, Ctrl+P)").format(who=who)
            if who
            else self.tr("Réimprimer (duplicata, Ctrl+P)")
        )
        self.print_button.setVisible(print_)
        self.preview_button.setVisible(preview)
        self.later_button.setVisible(later)
        self.reprint_button.setVisible(reprint)

    def clear(self) -> None:
        self.offer()
        self.hide()

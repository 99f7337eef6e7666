"""The establish form's « Canal » card: how the request came (counter form, Maprocuration, NC form) and its fields."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.rules.terms import Channel
from desktop.views.kit.dates import DateInput
from desktop.views.kit.fields import Field
from desktop.views.widgets import set_state

ONLINE = Channel.MAPROCURATION.value  # the channel whose request is fetched by its reference


class ChannelPanel(QWidget):
    """The channel, the Maprocuration reference with its « Récupérer » button, the request's date, the form version.

    The page owns what fetching does (the network, then filling the other cards); the panel shows its state."""

    def __init__(self) -> None:
        super().__init__()
        self.kind = QComboBox()
        for channel in (c for c in Channel if c.at_counter):
            self.kind.addItem(channel.shown_label, channel.value)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(self.tr("6 caractères, ex. K7M2QX"))
        self.fetch_button = QPushButton(self.tr("Récupérer (Ctrl+R)"))
        self.fetch_button.setProperty("secondary", True)
        self.requested_on = DateInput()
        self.form_version = QLineEdit()
        self.form_version.setPlaceholderText(self.tr("ex. 12668*03 (facultatif)"))
        self.fetch_status = QLabel()
        # Not "hint": its id selector's grey won over the state's colour (a refusal read like a format hint).
        self.fetch_status.setObjectName("fetchStatus")
        self.fetch_status.setWordWrap(True)
        self.fetch_status.hide()
        self.fields: dict[str, Field] = {
            "channel.kind": Field(self.tr("&Canal"), self.kind),
            "channel.reference": Field(self.tr("&Référence Maprocuration"), self.reference),
            "channel.requested_on": Field(self.tr("Date de la &demande en ligne"), self.requested_on),
            "channel.form_version": Field(self.tr("&Version du formulaire"), self.form_version),
        }
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)  # the card's own spacing: the fields stand as they did straight in the card
        layout.addWidget(self.fields["channel.kind"])
        ref_row = QHBoxLayout()
        ref_row.addWidget(self.fields["channel.reference"], 1)
        ref_row.addWidget(self.fetch_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(ref_row)
        layout.addWidget(self.fetch_status)
        pair = QHBoxLayout()
        # Top-aligned as the other cards' grids: a label wrapped at 200 % text does not shift its neighbour's down.
        pair.addWidget(self.fields["channel.requested_on"], 1, Qt.AlignmentFlag.AlignTop)
        pair.addWidget(self.fields["channel.form_version"], 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(pair)

    def value(self) -> str:
        """The chosen channel's value (``Channel``)."""
        return str(self.kind.currentData())

    def online(self) -> bool:
        return self.value() == ONLINE

    def choose(self, value: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(value))

    def reference_text(self) -> str:
        """The reference typed, only for the online channel (a reference left in another channel is not sent)."""
        return self.reference.text() if self.online() else ""

    def editors(self) -> list[QWidget]:
        """In tab order."""
        return [self.kind, self.reference, self.fetch_button, self.requested_on, self.form_version]

    def edits(self) -> tuple[QLineEdit, ...]:
        """What the agent types here."""
        return (self.reference, self.requested_on, self.form_version)

    def enable_for_channel(self) -> None:
        """The reference, its button and the request's date belong to Maprocuration; the form version to paper."""
        online = self.online()
        self.reference.setEnabled(online)
        self.fetch_button.setEnabled(online)
        self.requested_on.setEnabled(online)
        self.form_version.setEnabled(not online)

    def show_fetch(self, text: str, state: str | None = None) -> None:
        """Where the fetch stands, under the reference (``state``: the label's colour, kept when ``None``)."""
        self.fetch_status.setText(text)
        if state is not None:
            set_state(self.fetch_status, state)
        self.fetch_status.show()

    def clear(self) -> None:
        """The typed fields and the fetch's state; the channel itself is left to the page (its change re-checks)."""
        for edit in self.edits():
            edit.clear()
        self.fetch_status.clear()
        self.fetch_status.hide()

"""The screens of the navigation. Procurations and renewals screens fill in as their issues land."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QWidget

from desktop.views.widgets import Page, notice

if TYPE_CHECKING:
    from desktop.status import OutboxStatus


def placeholder_page(title: str, lead: str, coming: str) -> Page:
    """A screen whose form is not built yet: says so plainly instead of pretending."""
    page = Page(title, lead)
    page.body.addWidget(notice(coming))
    page.body.addStretch(1)
    return page


class DevicesPage(Page):
    """Appareils: the card reader, the printer and where the database key is kept."""

    def __init__(self, rows: Callable[[], list[tuple[str, str]]]) -> None:
        super().__init__(
            self.tr("Appareils"),
            self.tr("État du lecteur de cartes, de l'imprimante de récépissés et du stockage chiffré de ce poste."),
        )
        self._rows = rows
        self._form_host = QWidget()
        self._form = QFormLayout(self._form_host)
        self._form.setHorizontalSpacing(24)
        self._form.setVerticalSpacing(10)
        self.body.addWidget(self._form_host)
        refresh = QPushButton(self.tr("Actualiser"))
        refresh.setProperty("secondary", True)
        refresh.clicked.connect(self.refresh)
        self.body.addWidget(refresh)
        self.body.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        for label, value in self._rows():
            text = QLabel(value)
            text.setWordWrap(True)
            self._form.addRow(QLabel(f"<b>{label}</b>"), text)


class SyncPage(Page):
    """Synchronisation: what waits for the central store and since when."""

    def __init__(self, status: Callable[[], OutboxStatus | None], online: Callable[[], bool | None]) -> None:
        super().__init__(
            self.tr("Synchronisation"),
            self.tr(
                "Les procurations et demandes enregistrées ici sont transmises au répertoire central dès que le "
                "réseau le permet. Rien n'est perdu hors ligne."
            ),
        )
        self._status = status
        self._online = online
        host = QWidget()
        form = QFormLayout(host)
        form.setHorizontalSpacing(24)
        self.state_label = QLabel()
        self.pending_label = QLabel()
        self.oldest_label = QLabel()
        self.last_label = QLabel()
        self.refused_label = QLabel()
        form.addRow(QLabel(self.tr("<b>Connexion</b>")), self.state_label)
        form.addRow(QLabel(self.tr("<b>En attente</b>")), self.pending_label)
        form.addRow(QLabel(self.tr("<b>Plus ancienne en attente</b>")), self.oldest_label)
        form.addRow(QLabel(self.tr("<b>Dernière synchronisation</b>")), self.last_label)
        form.addRow(QLabel(self.tr("<b>Refusées par le répertoire central</b>")), self.refused_label)
        self.body.addWidget(host)
        self.body.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        st = self._status()
        online = self._online()
        if st is None:
            self.pending_label.setText(self.tr("Ouverture de la base…"))
            return
        self.state_label.setText(
            self.tr("Non configurée") if online is None else self.tr("En ligne") if online else self.tr("Hors ligne")
        )
        self.pending_label.setText(str(st.pending))
        age = st.oldest_age(datetime.now(UTC))
        self.oldest_label.setText(
            self.tr("—") if age is None else self.tr("{m} min").format(m=int(age.total_seconds() // 60))
        )
        self.last_label.setText(
            self.tr("Jamais")
            if st.last_success_at is None
            else st.last_success_at.astimezone().strftime("%d/%m/%Y %H:%M")
        )
        self.refused_label.setText(str(st.refused))

    def showEvent(self, event: object) -> None:
        self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

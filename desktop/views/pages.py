"""The screens of the navigation. Procurations and renewals screens fill in as their issues land."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QWidget

from desktop.views.kit.fields import failure_text
from desktop.views.kit.runner import Runner
from desktop.views.widgets import Page, notice


def placeholder_page(title: str, lead: str, coming: str) -> Page:
    """A screen whose form is not built yet: says so plainly instead of pretending."""
    page = Page(title, lead)
    page.body.addWidget(notice(coming))
    page.body.addStretch(1)
    return page


class DevicesPage(Page):
    """Appareils: the card reader, the printer and where the database key is kept."""

    def __init__(self, rows: Callable[[], list[tuple[str, str]]]) -> None:
        """`rows` asks the devices (a reader list, a printer's answer): it runs on the runner, never here."""
        super().__init__(
            self.tr("Appareils"),
            self.tr("État du lecteur de cartes, de l'imprimante de récépissés et du stockage chiffré de ce poste."),
        )
        self._rows = rows
        self.runner = Runner(self)
        self._form_host = QWidget()
        self._form = QFormLayout(self._form_host)
        self._form.setHorizontalSpacing(24)
        self._form.setVerticalSpacing(10)
        self.body.addWidget(self._form_host)
        refresh = QPushButton(self.tr("Actualiser"))  # stays enabled: a second press supersedes the first
        refresh.setProperty("secondary", True)
        refresh.clicked.connect(self.refresh)
        self.body.addWidget(refresh)
        self.body.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        """Ask again, off the GUI thread; the rows on screen stay until the answer comes."""
        self.runner.submit(self._rows, done=self._show, failed=self._failed, key="devices")

    def _failed(self, exc: Exception) -> None:
        self._show([(self.tr("État"), failure_text(exc))])

    def _show(self, rows: list[tuple[str, str]]) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        for label, value in rows:
            text = QLabel(value)
            text.setWordWrap(True)
            self._form.addRow(QLabel(f"<b>{label}</b>"), text)

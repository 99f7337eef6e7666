"""The screens of the navigation. Procurations and renewals screens fill in as their issues land."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.views.kit.fields import failure_text
from desktop.views.kit.reflow import ButtonRow
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

    def __init__(
        self,
        rows: Callable[[], list[tuple[str, str]]],
        *,
        language: str = "fr",
        save_language: Callable[[str], object] | None = None,
        simulated_card: tuple[Callable[[], None], Callable[[], None]] | None = None,
    ) -> None:
        """`rows` asks the devices (a reader list, a printer's answer, the CSCA list read): it runs on the runner when
        the screen is first shown and at each « Actualiser », never here.

        `save_language` writes the agent's choice of language to their preferences (on the runner); the screens
        take it at the next start. `simulated_card` (the demo's) pulls the agent card out and puts it back.
        """
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
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # at 200 %: the value under its title
        self._rows_shown: list[tuple[QLabel, QLabel]] = []
        self.body.addWidget(self._form_host)
        refresh = QPushButton(self.tr("Actualiser"))  # stays enabled: a second press supersedes the first
        refresh.setProperty("secondary", True)
        refresh.clicked.connect(self.refresh)
        buttons: list[QWidget] = [refresh]
        if simulated_card is not None:
            pull, put_back = simulated_card
            self.pull_card = QPushButton(self.tr("Retirer la carte agent (simulation)"))
            self.put_card = QPushButton(self.tr("Remettre la carte agent (simulation)"))
            for button, act in ((self.pull_card, pull), (self.put_card, put_back)):
                button.setProperty("secondary", True)
                button.clicked.connect(act)
                buttons.append(button)
        # Each button its text's width, at the left as on every screen; stacked when the screen is too narrow for
        # them side by side (the demo's three at 1024 px made the screen scroll sideways).
        self.body.addWidget(ButtonRow(*buttons))
        if save_language is not None:
            self._language_row(language, save_language)
        self.body.addStretch(1)
        self._asked = False  # the devices are asked when the screen is first shown, not while the window starts

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._asked:
            self._asked = True
            self.refresh()

    def _language_row(self, language: str, save: Callable[[str], object]) -> None:
        """Langue des écrans: a personal preference, saved at once, applied at the next start."""
        row = QHBoxLayout()
        self.language_box = QComboBox()
        # Each language is named in itself: an agent who cannot read the current one still finds theirs.
        self.language_box.addItem("Français", "fr")
        self.language_box.addItem("English", "en")
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(language)))
        label = QLabel(self.tr("&Langue des écrans"))
        label.setBuddy(self.language_box)
        row.addWidget(label)
        row.addWidget(self.language_box)
        row.addStretch(1)
        self.body.addLayout(row)
        self.language_note = QLabel()
        self.language_note.setWordWrap(True)
        self.body.addWidget(self.language_note)
        self._start_language = language

        def chosen(_index: int) -> None:
            value = str(self.language_box.currentData())
            self.runner.submit(
                lambda: save(value),
                done=lambda _r: self._language_saved(value),
                failed=self._language_failed,
                key="language",
            )

        self.language_box.currentIndexChanged.connect(chosen)

    def _language_saved(self, value: str) -> None:
        if value == self._start_language:
            self.language_note.setText("")
            return
        # Said in both languages: the screens are still in the old one until the next start.
        self.language_note.setText(
            "La nouvelle langue s'appliquera au prochain démarrage de Guichet. "
            "The new language applies the next time Guichet starts."
        )

    def _language_failed(self, exc: Exception) -> None:
        self.language_note.setText(self.tr("Préférence non enregistrée : {reason}").format(reason=failure_text(exc)))

    def refresh(self) -> None:
        """Ask again, off the GUI thread; the rows on screen stay until the answer comes."""
        self.runner.submit(self._rows, done=self._show, failed=self._failed, key="devices")

    def _failed(self, exc: Exception) -> None:
        self._show([(self.tr("État"), failure_text(exc))])

    def _show(self, rows: list[tuple[str, str]]) -> None:
        """The answer in the rows already on screen, their texts replaced; rows added or let go only when the count
        changes. Never `removeRow`: it deleted the labels at once, from inside the runner's delivery, and a full run
        under load crashed there (SIGSEGV in `QFormLayout.removeRow`); what goes is hidden and deleted later."""
        for index, (label, value) in enumerate(rows):
            if index < len(self._rows_shown):
                title, text = self._rows_shown[index]
            else:
                title, text = QLabel(), QLabel()
                text.setWordWrap(True)
                self._form.addRow(title, text)
                self._rows_shown.append((title, text))
            title.setText(f"<b>{label}</b>")
            text.setText(value)
        while len(self._rows_shown) > len(rows):
            title, text = self._rows_shown.pop()
            self._form.takeRow(len(self._rows_shown))
            for widget in (title, text):
                widget.hide()
                widget.deleteLater()

    def shown(self) -> list[str]:
        """What the screen says, title and value of each row in order (for the tests and the screenshots)."""
        return [widget.text() for row in self._rows_shown for widget in row]

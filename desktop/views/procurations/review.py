"""« Vérifier avant d'enregistrer »: the procuration as it will stand; Entrée confirms, Échap goes back to the form."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop.services.desk import ReviewSummary
from desktop.views.kit import colours
from desktop.views.kit.reflow import ButtonRow
from desktop.views.translations import translate


def summary_html(summary: ReviewSummary) -> str:
    """The summary as a two-column table (every value escaped: names come from the agent's typing)."""
    rows: list[tuple[str, str]] = [
        (translate("ReviewDialog", "Mandant"), escape(summary.mandant)),
        *([(translate("ReviewDialog", "Identité du mandant"), _identity(summary))] if summary.identity else []),
        (translate("ReviewDialog", "Mandataire"), escape(summary.mandataire)),
        (translate("ReviewDialog", "Validité"), escape(summary.validity)),
        (translate("ReviewDialog", "Scrutins couverts"), "<br>".join(escape(e) for e in summary.elections)),
        (translate("ReviewDialog", "Canal"), escape(summary.channel)),
        (translate("ReviewDialog", "Lieu"), escape(summary.place)),
        (translate("ReviewDialog", "Autorité"), escape(summary.authority)),
    ]
    if summary.home_visit:
        rows.append((translate("ReviewDialog", "Déplacement"), escape(summary.home_visit)))
    if summary.protection:
        rows.append((translate("ReviewDialog", "Majeur protégé"), escape(summary.protection)))
    if summary.warnings:
        rows.append(
            (translate("ReviewDialog", "Avertissements signalés"), "<br>".join(escape(w) for w in summary.warnings))
        )
    cells = "".join(
        f"<tr><td style='padding:4px 16px 4px 0; white-space:nowrap'><b>{k}</b></td>"
        f"<td style='padding:4px 0'>{v}</td></tr>"
        for k, v in rows
    )
    return f"<table>{cells}</table>"


def _identity(summary: ReviewSummary) -> str:
    text = escape(summary.identity)
    return f"<b style='color:{colours.current().error}'>{text}</b>" if summary.identity_unproven else text


class ReviewDialog(QDialog):
    """Window-modal (the event loop runs on); accepted means « enregistrer et imprimer »."""

    def __init__(self, summary: ReviewSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Vérifier la procuration avant de l'enregistrer"))
        self.summary = summary
        layout = QVBoxLayout(self)
        lead = QLabel(
            self.tr("Relisez avec le mandant. Entrée enregistre et imprime le récépissé ; Échap revient au formulaire.")
        )
        lead.setWordWrap(True)
        layout.addWidget(lead)
        self.text = QLabel(summary_html(summary))
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName(self.tr("Récapitulatif de la procuration"))
        self._scroll = scroll = QScrollArea()
        scroll.setWidget(self.text)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(scroll, 1)
        self.confirm_button = QPushButton(self.tr("Confirmer, enregistrer et imprimer (Entrée)"))
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self.accept)
        back = QPushButton(self.tr("Modifier (Échap)"))
        back.setProperty("secondary", True)
        back.setAutoDefault(False)
        back.clicked.connect(self.reject)
        # Stacked when side by side they are wider than the screen (1,120 px at 200 %: past a 1024 px screen's edge).
        self._buttons = ButtonRow(self.confirm_button, back)
        layout.addWidget(self._buttons)
        self.confirm_button.setFocus()
        self._lead = lead
        # Laid out again once the text size changed with the dialog open (Ctrl+plus while the agent reads it): the
        # font arrives in several steps (the application's, then each widget's from the style sheet), fitted once.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        """As wide as its buttons need (760 px at most else), as tall as what it says, within the screen."""
        layout = self.layout()
        assert layout is not None
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        self.ensurePolished()  # measured in the style sheet's fonts and paddings
        width = min(760, screen.width() - 40) if screen is not None else 760
        width = max(width, self.minimumSizeHint().width())  # its widest button needs this much (large text)
        # As tall as what it says (a fixed 520 px left a gap between the summary and its buttons), within the screen.
        margins = layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        needed = (
            margins.top()
            + self._lead.heightForWidth(inner)
            # Measured beside a scroll bar: once shown (a summary taller than the dialog before Ctrl+plus refitted
            # it), Qt keeps it while the text it narrows does not fit, and the summary scrolled by a line.
            + self.text.heightForWidth(inner - self._scroll.verticalScrollBar().sizeHint().width())
            + self._buttons_tall(inner)
            + 3 * max(layout.spacing(), 0)
            + margins.bottom()
        )
        self.resize(width, min(needed, screen.height() - 60) if screen is not None else needed)

    def _buttons_tall(self, width: int) -> int:
        """The buttons' height at `width`: one row, or one under the other."""
        buttons = [b for b in self._buttons.findChildren(QPushButton) if not b.isHidden()]
        if width >= self._buttons.row_width():
            return max(b.sizeHint().height() for b in buttons)
        row = self._buttons.layout()
        spacing = row.spacing() if row is not None else 0
        return sum(b.sizeHint().height() for b in buttons) + spacing * (len(buttons) - 1)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._refit.start()
        elif event.type() == QEvent.Type.PaletteChange:  # another theme (« systeme »: the OS turned dark)
            self.text.setText(summary_html(self.summary))  # its red is the theme's, written into the text

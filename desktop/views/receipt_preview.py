"""The receipt on screen before it is printed or reprinted: the same laid-out page the printers receive."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop.receipts.signing import SignedReceipt

if TYPE_CHECKING:
    from desktop.receipts.layout import Paper

PREVIEW_DPI = 96


def render_image(signed: SignedReceipt, paper: Paper = "a4", dpi: int = PREVIEW_DPI) -> QImage:
    """The receipt as an image (GUI thread: a few milliseconds of painting, no device, no store).

    The layout and its painter (the QR code's library, PIL, Qt's print support) are imported here, not with the
    screens that offer a preview: the loader imports them once the agent can act (`ContextHolder.load`)."""
    from desktop.devices.printers.qt_print import paint_page
    from desktop.receipts.document import build_document
    from desktop.receipts.layout import layout

    page = layout(build_document(signed), paper)
    image = QImage(round(page.width * dpi / 72), round(page.height * dpi / 72), QImage.Format.Format_RGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        paint_page(painter, page, dpi)
    finally:
        painter.end()
    return image


class ReceiptPreview(QDialog):
    """« Aperçu du récépissé »: Entrée prints (when printing is offered), Échap closes."""

    def __init__(
        self,
        signed: SignedReceipt,
        *,
        paper: Paper = "a4",
        on_print: Callable[[], None] | None = None,
        print_label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        kind = self.tr("Duplicata") if signed.receipt.duplicate else self.tr("Récépissé")
        self.setWindowTitle(self.tr("Aperçu — {kind} n° {n}").format(kind=kind, n=signed.receipt.number))
        self.image = render_image(signed, paper)
        picture = QLabel()
        picture.setPixmap(QPixmap.fromImage(self.image))
        picture.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        picture.setAccessibleName(self.tr("Aperçu du récépissé"))
        scroll = QScrollArea()
        scroll.setWidget(picture)
        scroll.setWidgetResizable(True)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout_ = QVBoxLayout(self)
        layout_.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.print_button: QPushButton | None = None
        if on_print is not None:
            self.print_button = QPushButton(print_label or self.tr("Imprimer (Entrée)"))
            self.print_button.setDefault(True)
            print_now = on_print

            def accept_and_print() -> None:
                self.accept()
                print_now()

            self.print_button.clicked.connect(accept_and_print)
            buttons.addWidget(self.print_button)
        close = QPushButton(self.tr("Fermer (Échap)"))
        close.setProperty("secondary", True)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        buttons.addStretch(1)
        layout_.addLayout(buttons)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        height = min(self.image.height() + 120, (screen.height() - 80) if screen is not None else 700)
        self.resize(min(self.image.width() + 60, 900), max(height, 320))

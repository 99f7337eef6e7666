"""The system printer through Qt's print support: default printer, print dialog or preview.

This is the one module outside `desktop/views/` that imports PySide6 (CONVENTIONS.md §1). It draws the same
laid-out page as the PDF renderer, so an office printer shows exactly what the PDF shows. Dialogs and previews
must be opened from the GUI thread by a view; ``print_receipt`` on the default printer may run on a worker.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from desktop.devices.printers.base import PrinterStatus, PrinterUnavailable
from desktop.i18n import _
from desktop.receipts.document import build_document
from desktop.receipts.fonts import FontSet
from desktop.receipts.layout import PageLayout, Paper, QrOp, RectOp, TextOp, layout, quiet_module
from desktop.receipts.qr import QUIET_ZONE
from desktop.receipts.signing import SignedReceipt

MM_PER_POINT = 25.4 / 72


@lru_cache(maxsize=1)
def _family(fonts_key: str, regular: str | None) -> str:
    # The TrueType file the PDF embeds, registered with Qt once, so both outputs share their metrics.
    if regular is not None:
        font_id = QFontDatabase.addApplicationFont(regular)
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            return str(families[0])
    return "Helvetica"


def _font(fonts: FontSet, style: str, size_points: float, dpi: int) -> QFont:
    files = fonts.files or {}
    if files:
        for extra in ("bold", "italic"):
            QFontDatabase.addApplicationFont(str(files[extra]))
    family = _family(fonts.regular, str(files["regular"]) if files else None)
    font = QFont(family)
    font.setBold(style == "bold")
    font.setItalic(style == "italic")
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    # The painter is scaled so that one logical unit is one point; Qt turns point sizes into device pixels
    # with the device resolution first, so divide it out here.
    font.setPointSizeF(size_points * 72 / dpi)
    return font


def _color(rgb: tuple[float, float, float]) -> QColor:
    return QColor.fromRgbF(*rgb)


def paint_page(painter: QPainter, page: PageLayout, dpi: int) -> None:
    """Draw laid-out primitives with a painter whose device has ``dpi`` dots per inch."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # crisp QR modules
    painter.scale(dpi / 72, dpi / 72)
    for op in page.ops:
        if isinstance(op, TextOp):
            painter.setFont(_font(page.fonts, op.style, op.size, dpi))
            painter.setPen(_color(op.color))
            if op.angle:
                painter.save()
                painter.translate(op.x, op.y)
                painter.rotate(-op.angle)  # reportlab turns counter-clockwise with y up; Qt has y down
                painter.drawText(QPointF(0, 0), op.text)
                painter.restore()
            else:
                painter.drawText(QPointF(op.x, op.y), op.text)
        elif isinstance(op, RectOp):
            _rect(painter, op)
        else:
            _qr(painter, op)
    painter.restore()


def _rect(painter: QPainter, op: RectOp) -> None:
    if op.stroke is not None:
        pen = QPen(_color(op.stroke), op.line_width)
        if op.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(_color(op.fill)) if op.fill is not None else Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(op.x, op.y, op.width, op.height))


def _qr(painter: QPainter, op: QrOp) -> None:
    module = quiet_module(op.size, op.symbol)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.fillRect(QRectF(op.x, op.y, op.size, op.size), QColor("white"))
    black = QColor("black")
    for row_index, row in enumerate(op.symbol.rows):
        y = op.y + (QUIET_ZONE + row_index) * module
        for col, dark in enumerate(row):
            if dark:
                # Slightly oversized modules so that rounding never leaves white seams inside the symbol.
                x = op.x + (QUIET_ZONE + col) * module
                painter.fillRect(QRectF(x, y, module * 1.02, module * 1.02), black)


def prepare_printer(printer: QPrinter, page: PageLayout) -> None:
    """Page size and margins matching the layout: A4 or a custom 80 mm roll as tall as the receipt."""
    size = QSizeF(page.width * MM_PER_POINT, page.height * MM_PER_POINT)
    page_size = QPageSize(size, QPageSize.Unit.Millimeter, "Récépissé", QPageSize.SizeMatchPolicy.FuzzyMatch)
    printer.setPageLayout(
        QPageLayout(page_size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    )
    printer.setFullPage(True)
    printer.setDocName(_("Récépissé Guichet"))  # no personal data in the spooler's job list


def render_to_printer(printer: QPrinter, signed: SignedReceipt, paper: Paper) -> None:
    """Lay out and paint one receipt on a QPrinter (a real printer, a PDF file or a preview)."""
    page = layout(build_document(signed), paper)
    prepare_printer(printer, page)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterUnavailable(PrinterStatus.error(_("L'imprimante système a refusé le travail d'impression.")))
    try:
        paint_page(painter, page, printer.resolution())
    finally:
        painter.end()


class QtSystemPrinter:
    """An office printer known to the operating system (by name, or the default one)."""

    def __init__(self, printer_name: str | None = None, *, paper: Paper = "a4") -> None:
        self.printer_name = printer_name
        self.paper: Paper = paper

    @property
    def description(self) -> str:
        """French description for the Appareils screen."""
        return _("Imprimante système {value}").format(value=self.printer_name or _("(par défaut)"))

    def _info(self) -> QPrinterInfo | None:
        name = self.printer_name
        info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo.defaultPrinter()
        return None if info.isNull() else info

    def status(self) -> PrinterStatus:
        """Whether the operating system knows the printer, and what it says of it."""
        info = self._info()
        if info is None:
            if self.printer_name:
                return PrinterStatus.offline(
                    _("Imprimante système introuvable : {printer_name}.").format(printer_name=self.printer_name)
                )
            return PrinterStatus.offline(_("Aucune imprimante système par défaut n'est configurée."))
        if info.state() == QPrinter.PrinterState.Error:
            return PrinterStatus.error(_("L'imprimante système signale une erreur : voyez son écran ou sa file."))
        return PrinterStatus.ok()

    def print_receipt(self, signed: SignedReceipt) -> None:
        """Send to the configured (or default) printer without a dialog."""
        info = self._info()
        if info is None:
            raise PrinterUnavailable(self.status())
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        render_to_printer(printer, signed, self.paper)

    def print_with_dialog(self, signed: SignedReceipt, parent: QWidget | None = None) -> bool:
        """Let the agent choose the printer; returns False when the agent cancels (GUI thread only)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.printer_name:
            printer.setPrinterName(self.printer_name)
        dialog = QPrintDialog(printer, parent)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        render_to_printer(printer, signed, self.paper)
        return True

    def preview_dialog(self, signed: SignedReceipt, parent: QWidget | None = None) -> QPrintPreviewDialog:
        """A print preview the view shows with exec() or open() (GUI thread only)."""
        # The dialog owns its own QPrinter: one made here would be freed by Python while the dialog still paints.
        dialog = QPrintPreviewDialog(parent)
        dialog.paintRequested.connect(lambda target: render_to_printer(target, signed, self.paper))
        return dialog


def save_pdf_with_qt(signed: SignedReceipt, path: Path, *, paper: Paper = "a4") -> None:
    """Print through Qt into a PDF file: what the system printer would receive, for checks and archives."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    render_to_printer(printer, signed, paper)

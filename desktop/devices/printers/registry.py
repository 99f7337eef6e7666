"""Pick the receipt printer a station's settings describe (Qt is imported only for the system printer)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.devices.printers.base import ReceiptPrinter
from desktop.devices.printers.fake import FakePrinter, NullPrinter
from desktop.receipts.escpos_profiles import DEFAULT_PROFILE

if TYPE_CHECKING:  # each kind's driver is imported when a station uses it (the PDF one imports reportlab)
    from desktop.devices.printers.escpos_printers import (
        EscposReceiptPrinter,
        FileConnection,
        NetworkConnection,
        SerialConnection,
        UsbConnection,
    )
    from desktop.receipts.layout import Paper  # its module imports the QR code's library

PRINTER_KINDS = ("escpos-network", "escpos-usb", "escpos-serial", "escpos-file", "pdf-file", "system", "fake", "none")


@dataclass(frozen=True, slots=True)
class PrinterSettings:
    """Plain printer settings, as the application settings hold them."""

    kind: str = "none"
    host: str = ""
    port: int = 9100
    device: str = ""  # serial port, device file or output file
    baudrate: int = 19200
    vendor_id: int = 0
    product_id: int = 0
    profile: str = DEFAULT_PROFILE
    columns: int | None = None
    directory: str = ""
    printer_name: str = ""
    paper: Paper = "a4"


def make_printer(settings: PrinterSettings) -> ReceiptPrinter:
    """The printer for these settings; unknown kinds raise ValueError so a typo is caught at start-up."""
    kind = settings.kind
    if kind.startswith("escpos-"):
        from desktop.devices.printers.escpos_printers import (
            FileConnection,
            NetworkConnection,
            SerialConnection,
            UsbConnection,
        )
    if kind == "escpos-network":
        return _escpos(settings, NetworkConnection(settings.host, settings.port))
    if kind == "escpos-usb":
        return _escpos(settings, UsbConnection(settings.vendor_id, settings.product_id))
    if kind == "escpos-serial":
        return _escpos(settings, SerialConnection(settings.device, settings.baudrate))
    if kind == "escpos-file":
        return _escpos(settings, FileConnection(Path(settings.device)))
    if kind == "pdf-file":
        from desktop.devices.printers.pdf_file import PdfFilePrinter

        return PdfFilePrinter(Path(settings.directory), paper=settings.paper)
    if kind == "system":
        from desktop.devices.printers.qt_print import QtSystemPrinter

        return QtSystemPrinter(settings.printer_name or None, paper=settings.paper)
    if kind == "fake":
        return FakePrinter()
    if kind == "none":
        return NullPrinter()
    raise ValueError(f"unknown printer kind {kind!r}; expected one of {', '.join(PRINTER_KINDS)}")


def _escpos(
    settings: PrinterSettings, connection: NetworkConnection | UsbConnection | SerialConnection | FileConnection
) -> EscposReceiptPrinter:
    from desktop.devices.printers.escpos_printers import EscposReceiptPrinter

    return EscposReceiptPrinter(connection, profile=settings.profile, columns=settings.columns)

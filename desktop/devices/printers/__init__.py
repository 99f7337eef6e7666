"""Receipt printers: ESC/POS thermal (network, USB, serial, file), system printer (Qt), PDF files, fakes."""

from __future__ import annotations

from desktop.devices.printers.base import (
    PrinterState,
    PrinterStatus,
    PrinterUnavailable,
    ReceiptPrinter,
)
from desktop.devices.printers.fake import FakePrinter, NullPrinter
from desktop.devices.printers.registry import PrinterSettings, make_printer

__all__ = [
    "FakePrinter",
    "NullPrinter",
    "PrinterSettings",
    "PrinterState",
    "PrinterStatus",
    "PrinterUnavailable",
    "ReceiptPrinter",
    "make_printer",
]

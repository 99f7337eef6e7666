"""Settings pick the right printer."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.devices.printers import PrinterSettings, ReceiptPrinter, make_printer
from desktop.devices.printers.escpos_printers import (
    EscposReceiptPrinter,
    FileConnection,
    NetworkConnection,
    SerialConnection,
    UsbConnection,
)
from desktop.devices.printers.fake import FakePrinter, NullPrinter
from desktop.devices.printers.pdf_file import PdfFilePrinter


@pytest.mark.parametrize(
    ("settings", "connection"),
    [
        (PrinterSettings(kind="escpos-network", host="10.0.0.5"), NetworkConnection),
        (PrinterSettings(kind="escpos-usb", vendor_id=0x04B8, product_id=0x0202), UsbConnection),
        (PrinterSettings(kind="escpos-serial", device="/dev/ttyS0"), SerialConnection),
        (PrinterSettings(kind="escpos-file", device="/dev/usb/lp0", profile="TM-T20II"), FileConnection),
    ],
)
def test_escpos_kinds(settings: PrinterSettings, connection: type) -> None:
    printer = make_printer(settings)
    assert isinstance(printer, EscposReceiptPrinter) and isinstance(printer.connection, connection)
    assert printer.profile == settings.profile


def test_other_kinds(tmp_path: Path) -> None:
    assert isinstance(make_printer(PrinterSettings(kind="pdf-file", directory=str(tmp_path))), PdfFilePrinter)
    assert isinstance(make_printer(PrinterSettings(kind="fake")), FakePrinter)
    assert isinstance(make_printer(PrinterSettings()), NullPrinter)
    for printer in (make_printer(PrinterSettings(kind="fake")), make_printer(PrinterSettings())):
        assert isinstance(printer, ReceiptPrinter)
    with pytest.raises(ValueError, match="unknown printer kind"):
        make_printer(PrinterSettings(kind="laser"))

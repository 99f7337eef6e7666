"""Pick each device from the settings: a real driver, the Fake (demo) or the Null one (nothing plugged in)."""

from __future__ import annotations

import logging

from desktop.devices.cards.base import CardReader
from desktop.devices.cards.registry import make_card_reader
from desktop.devices.printers.base import ReceiptPrinter
from desktop.devices.printers.escpos_printers import EscposConnection
from desktop.receipts.layout import Paper
from desktop.settings import Settings, SettingsError

log = logging.getLogger(__name__)


def reader_mode(settings: Settings) -> str:
    """Settings' card_reader (auto, pcsc, simule, aucun) to the cards registry's mode; the demo simulates."""
    if settings.demo or settings.card_reader == "simule":
        return "demo"
    if settings.card_reader in ("auto", "pcsc"):
        return "pcsc"
    return "none"


def make_reader(settings: Settings) -> CardReader:
    return make_card_reader(reader_mode(settings))


def make_printer(settings: Settings) -> ReceiptPrinter:
    """The receipt printer the settings name; the demo prints to a simulated printer that keeps the receipts."""
    kind = "simule" if settings.demo else settings.receipt_printer
    paper: Paper = "roll80" if settings.printer_paper == "rouleau80" else "a4"
    if kind == "simule":
        from desktop.devices.printers.fake import FakePrinter

        return FakePrinter()
    if kind == "aucune":
        from desktop.devices.printers.fake import NullPrinter

        return NullPrinter()
    if kind == "pdf":
        from desktop.devices.printers.pdf_file import PdfFilePrinter

        return PdfFilePrinter(settings.receipts_dir, paper=paper)
    if kind == "systeme":
        from desktop.devices.printers.qt_print import QtSystemPrinter

        return QtSystemPrinter(settings.printer_address or None, paper=paper)
    from desktop.devices.printers.escpos_printers import EscposReceiptPrinter

    return EscposReceiptPrinter(escpos_connection(settings.printer_address), profile=settings.printer_profile)


def escpos_connection(address: str) -> EscposConnection:
    """tcp:HOST[:PORT], usb:VID:PID (hex), serial:DEVICE[:BAUD], file:PATH."""
    from desktop.devices.printers import escpos_printers as ep

    scheme, _, rest = address.partition(":")
    try:
        if scheme == "tcp":
            host, _, port = rest.partition(":")
            return ep.NetworkConnection(host, int(port or 9100))
        if scheme == "usb":
            vid, _, pid = rest.partition(":")
            return ep.UsbConnection(int(vid, 16), int(pid, 16))
        if scheme == "serial":
            device, _, baud = rest.rpartition(":") if rest.count(":") else (rest, "", "")
            return ep.SerialConnection(device or rest, int(baud or 19200))
        if scheme == "file":
            from pathlib import Path

            return ep.FileConnection(Path(rest))
    except ValueError:
        pass
    raise SettingsError(
        f"Adresse d'imprimante ESC/POS invalide « {address} » : tcp:ADRESSE[:PORT], usb:VID:PID, "
        "serial:PERIPHERIQUE[:VITESSE] ou file:CHEMIN."
    )

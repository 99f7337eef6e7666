"""Settings to devices: the printer and reader each setting names."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.devices.printers.escpos_printers import EscposReceiptPrinter
from desktop.devices.printers.fake import FakePrinter, NullPrinter
from desktop.devices.printers.pdf_file import PdfFilePrinter
from desktop.devices.registry import make_printer, printer_settings, reader_mode
from desktop.settings import SettingsError, load_settings


def _settings(tmp_path: Path, **kw: object):  # type: ignore[no-untyped-def]
    return load_settings(config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path, **kw)


def test_demo_simulates_everything(tmp_path: Path) -> None:
    s = _settings(tmp_path, demo=True, receipt_printer="escpos", printer_address="tcp:10.0.0.9")
    assert isinstance(make_printer(s), FakePrinter)
    assert reader_mode(s) == "demo"


def test_pdf_printer_writes_in_the_receipts_folder(tmp_path: Path) -> None:
    printer = make_printer(_settings(tmp_path, receipt_printer="pdf", printer_paper="rouleau80"))
    assert isinstance(printer, PdfFilePrinter)
    assert printer.directory == tmp_path / "recepisses" and printer.paper == "roll80"


@pytest.mark.parametrize(
    ("address", "kind", "check"),
    [
        ("tcp:192.0.2.10", "escpos-network", lambda p: p.host == "192.0.2.10" and p.port == 9100),
        ("tcp:printer.local:9101", "escpos-network", lambda p: p.port == 9101),
        ("usb:04b8:0202", "escpos-usb", lambda p: (p.vendor_id, p.product_id) == (0x04B8, 0x0202)),
        ("serial:/dev/ttyUSB0:38400", "escpos-serial", lambda p: (p.device, p.baudrate) == ("/dev/ttyUSB0", 38400)),
        ("serial:/dev/ttyS0", "escpos-serial", lambda p: (p.device, p.baudrate) == ("/dev/ttyS0", 19200)),
        ("file:/dev/usb/lp0", "escpos-file", lambda p: p.device == "/dev/usb/lp0"),
    ],
)
def test_escpos_addresses(tmp_path: Path, address: str, kind: str, check) -> None:  # type: ignore[no-untyped-def]
    ps = printer_settings(_settings(tmp_path, receipt_printer="escpos", printer_address=address))
    assert ps.kind == kind and check(ps) and ps.profile == "TM-T88V"


def test_escpos_printer_is_built(tmp_path: Path) -> None:
    printer = make_printer(_settings(tmp_path, receipt_printer="escpos", printer_address="tcp:127.0.0.1:9"))
    assert isinstance(printer, EscposReceiptPrinter)


@pytest.mark.parametrize("address", ["tcp:", "usb:zz:01", "lpt:1", "file:"])
def test_bad_escpos_address_is_a_french_settings_error(tmp_path: Path, address: str) -> None:
    with pytest.raises(SettingsError, match="Adresse d'imprimante ESC/POS invalide"):
        make_printer(_settings(tmp_path, receipt_printer="escpos", printer_address=address))


def test_no_printer_and_no_reader(tmp_path: Path) -> None:
    s = _settings(tmp_path, receipt_printer="aucune", card_reader="aucun")
    assert isinstance(make_printer(s), NullPrinter)
    assert reader_mode(s) == "none"

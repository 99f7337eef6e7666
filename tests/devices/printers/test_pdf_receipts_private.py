"""Issue 15, item 6: receipt PDFs (names, birth dates in clear) owner-only, and purged with their records."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop.devices.printers.pdf_file import PdfFilePrinter
from desktop.privatefile import SHARED_FOLDER_MODE
from desktop.receipts.content import ReceiptKind
from desktop.receipts.files import purge_receipt_files
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import StationSigner


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_receipts_are_owner_only_in_an_owner_only_folder(tmp_path: Path, signer: StationSigner) -> None:
    """Before: files 0644 in folders 0755, whatever the umask."""
    old = os.umask(0o022)
    try:
        folder = tmp_path / "recepisses"
        folder.mkdir(mode=0o755)
        folder.chmod(0o755)  # a folder an older version (or a person) made readable by all
        printer = PdfFilePrinter(folder)
        printer.print_receipt(signer.sign(sample_receipt(ReceiptKind.PROCURATION)))
    finally:
        os.umask(old)
    assert printer.last_path is not None
    assert _mode(printer.last_path) == 0o600
    assert _mode(printer.last_path.parent) == 0o700


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX modes")
def test_in_the_shared_station_folder_each_user_has_a_private_folder(tmp_path: Path, signer: StationSigner) -> None:
    station = tmp_path / "station"
    station.mkdir()
    station.chmod(SHARED_FOLDER_MODE)  # machine-wide install: 2770, group guichet
    printer = PdfFilePrinter(station / "recepisses")
    printer.print_receipt(signer.sign(sample_receipt(ReceiptKind.PROCURATION)))
    assert printer.last_path is not None
    assert printer.last_path.parent == station / "recepisses" / f"u{os.getuid()}"
    assert _mode(printer.last_path) == 0o600 and _mode(printer.last_path.parent) == 0o700
    assert _mode(station / "recepisses") == SHARED_FOLDER_MODE  # other OS users of the counter make theirs


def test_receipt_files_go_with_their_records(tmp_path: Path, signer: StationSigner) -> None:
    """Before: never purged by retention."""
    printer = PdfFilePrinter(tmp_path / "recepisses")
    signed = signer.sign(sample_receipt(ReceiptKind.PROCURATION))
    printer.print_receipt(signed)
    printer.print_receipt(signed.as_duplicate())
    kept = printer.last_path
    assert kept is not None
    assert purge_receipt_files(tmp_path / "recepisses", keep_numbers={signed.receipt.number}) == 0
    assert purge_receipt_files(tmp_path / "recepisses", keep_numbers=set()) == 2
    assert list((tmp_path / "recepisses").rglob("*.pdf")) == []

"""Issue 15, item 6: receipt PDFs (names, birth dates in clear) owner-only, and purged with their records."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop.devices.printers.base import PrinterUnavailable
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
    # Other OS users of the counter make theirs; sticky: none of them renames or deletes another's.
    assert _mode(station / "recepisses") == SHARED_FOLDER_MODE | stat.S_ISVTX


def _shared_receipts(tmp_path: Path) -> Path:
    station = tmp_path / "station"
    station.mkdir()
    station.chmod(SHARED_FOLDER_MODE)
    return station / "recepisses"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners")
def test_a_folder_another_user_named_after_this_one_receives_no_receipt(
    tmp_path: Path, signer: StationSigner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another OS user of the group made `u<uid>` first (or put theirs in place of this user's): the receipts went
    into it, theirs to delete or swap. Now nothing is written there, and the Appareils screen says why."""
    receipts = _shared_receipts(tmp_path)
    printer = PdfFilePrinter(receipts)
    printer.print_receipt(signer.sign(sample_receipt(ReceiptKind.PROCURATION)))  # this user's folder, made
    me = os.getuid()
    squatted = receipts / f"u{me + 1}"
    squatted.mkdir(mode=0o777)  # made by "this" user: owned by uid `me`, not by the user of uid me + 1
    monkeypatch.setattr(os, "getuid", lambda: me + 1)
    status = printer.status()
    assert not status.ready
    assert "n'appartient pas à cet utilisateur" in (status.message or "") and str(squatted) in (status.message or "")
    with pytest.raises(PrinterUnavailable):
        printer.print_receipt(signer.sign(sample_receipt(ReceiptKind.PROCURATION)))
    assert list(squatted.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX links")
def test_a_link_in_place_of_this_users_folder_receives_no_receipt(tmp_path: Path, signer: StationSigner) -> None:
    receipts = _shared_receipts(tmp_path)
    receipts.mkdir()
    receipts.chmod(SHARED_FOLDER_MODE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (receipts / f"u{os.getuid()}").symlink_to(elsewhere)
    printer = PdfFilePrinter(receipts)
    with pytest.raises(PrinterUnavailable):
        printer.print_receipt(signer.sign(sample_receipt(ReceiptKind.PROCURATION)))
    assert list(elsewhere.iterdir()) == []


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

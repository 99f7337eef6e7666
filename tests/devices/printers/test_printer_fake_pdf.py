"""FakePrinter, NullPrinter and the PDF-file printer."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.devices.printers.base import PrinterState, PrinterUnavailable, ReceiptPrinter
from desktop.devices.printers.fake import FakePrinter, NullPrinter
from desktop.devices.printers.pdf_file import PdfFilePrinter
from desktop.receipts.content import ReceiptKind
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import StationSigner


def test_fake_printer_records_and_runs_out_of_paper(signer: StationSigner) -> None:
    printer = FakePrinter(sheets=1)
    assert isinstance(printer, ReceiptPrinter)
    signed = signer.sign(sample_receipt(ReceiptKind.PROCURATION))
    printer.print_receipt(signed)
    assert printer.printed == [signed]
    assert printer.status().state is PrinterState.PAPER_OUT
    with pytest.raises(PrinterUnavailable) as caught:
        printer.print_receipt(signed)
    assert caught.value.status.state is PrinterState.PAPER_OUT
    printer.set_paper_out(False)  # the agent reloads the roll and reprints
    printer.print_receipt(signed.as_duplicate())
    assert [p.receipt.duplicate for p in printer.printed] == [False, True]


def test_fake_printer_offline(signer: StationSigner) -> None:
    printer = FakePrinter(offline=True)
    with pytest.raises(PrinterUnavailable, match="hors ligne"):
        printer.print_receipt(signer.sign(sample_receipt(ReceiptKind.PASSEPORT)))
    printer.set_offline(False)
    assert printer.status().ready
    assert printer.printed == []


def test_null_printer_refuses(signer: StationSigner) -> None:
    printer = NullPrinter()
    assert isinstance(printer, ReceiptPrinter)
    assert printer.status().state is PrinterState.OFFLINE
    with pytest.raises(PrinterUnavailable, match="Aucune imprimante"):
        printer.print_receipt(signer.sign(sample_receipt(ReceiptKind.PASSEPORT)))


def test_pdf_printer_writes_files_without_overwriting(tmp_path: Path, signer: StationSigner) -> None:
    printer = PdfFilePrinter(tmp_path / "recus", paper="roll80")
    assert isinstance(printer, ReceiptPrinter)
    assert printer.status().ready
    signed = signer.sign(sample_receipt(ReceiptKind.PROCURATION))
    printer.print_receipt(signed)
    first = printer.last_path
    printer.print_receipt(signed.as_duplicate())
    printer.print_receipt(signed.as_duplicate())
    names = sorted(p.name for p in (tmp_path / "recus").iterdir())
    assert names == [
        "GCH-75056-2026-000123-duplicata-2.pdf",
        "GCH-75056-2026-000123-duplicata.pdf",
        "GCH-75056-2026-000123.pdf",
    ]
    assert first is not None and first.read_bytes().startswith(b"%PDF")


def test_pdf_printer_unusable_folder(tmp_path: Path, signer: StationSigner) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    printer = PdfFilePrinter(blocker / "sub")
    assert printer.status().state is PrinterState.OFFLINE
    with pytest.raises(PrinterUnavailable):
        printer.print_receipt(signer.sign(sample_receipt(ReceiptKind.VOTE_INTERNET)))

"""The Qt system-printer bridge: what it paints reads back like the reportlab PDF (text, accents, QR)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.devices.printers.base import PrinterState, PrinterUnavailable, ReceiptPrinter
from desktop.devices.printers.qt_print import QtSystemPrinter, save_pdf_with_qt
from desktop.receipts.content import ReceiptKind
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import ReceiptVerifier, StationSigner

pytestmark = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("zbarimg") is None, reason="poppler-utils and zbar-tools needed"
)


@pytest.mark.parametrize("paper", ["a4", "roll80"])
def test_qt_painted_receipt_reads_back(
    paper: str, tmp_path: Path, qtbot: QtBot, signer: StationSigner, verifier: ReceiptVerifier
) -> None:
    signed = signer.sign(sample_receipt(ReceiptKind.PROCURATION, duplicate=True))
    pdf = tmp_path / "qt.pdf"
    save_pdf_with_qt(signed, pdf, paper=paper)  # type: ignore[arg-type]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Récépissé d'établissement de procuration de vote" in flat
    assert "LEFÈVRE Hélène Françoise" in flat and "DUPLICATA" in flat
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "qt")], check=True)
    found = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "qt.png")], capture_output=True, text=True
    ).stdout.split()
    assert found == [signed.payload]
    assert verifier.verify(found[0]).number == signed.receipt.number


def test_missing_system_printer_is_offline(qtbot: QtBot, signer: StationSigner) -> None:
    printer = QtSystemPrinter("Imprimante-qui-n-existe-pas")
    assert isinstance(printer, ReceiptPrinter)
    assert printer.status().state is PrinterState.OFFLINE
    with pytest.raises(PrinterUnavailable, match="introuvable"):
        printer.print_receipt(signer.sign(sample_receipt(ReceiptKind.RESILIATION)))


def test_preview_dialog_paints(qtbot: QtBot, signer: StationSigner) -> None:
    dialog = QtSystemPrinter().preview_dialog(signer.sign(sample_receipt(ReceiptKind.VOTE_INTERNET)))
    qtbot.addWidget(dialog)
    painted: list[object] = []
    dialog.paintRequested.connect(painted.append)
    dialog.show()
    qtbot.waitUntil(lambda: bool(painted), timeout=5000)
    dialog.close()

"""`guichet receipt verify` reads the given file once: the checks on its bytes (its header's size, a PDF's pages) and
every reading tool (pdfinfo, pdftoppm, pdftotext, zbarimg) see that one document. Before, the tools opened the path
again: a file replaced between the read and the tools (a bomb after its header was checked; a code from one file
and a text layer from another) was what they read."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.cli import receipt_scan
from desktop.cli.receipt import main
from desktop.receipts.content import ReceiptKind
from desktop.receipts.keys import load_or_create_station_signer
from desktop.receipts.pdf import render_pdf
from desktop.receipts.samples import sample_receipt

from .readers import needs_poppler, needs_zbar, pdf_to_png

pytestmark = [needs_poppler, needs_zbar]


def _swapped_after_read(monkeypatch: pytest.MonkeyPatch, replacement: bytes) -> None:
    """The given path holds another document as soon as verify has read it."""
    read: Callable[..., bytes] = receipt_scan.read_given

    def read_then_swap(path: Path, *, limit: int) -> bytes:
        data = read(path, limit=limit)
        Path(path).write_bytes(replacement)
        return data

    monkeypatch.setattr(receipt_scan, "read_given", read_then_swap)


@pytest.mark.parametrize("form", ["pdf", "png"])
def test_the_tools_read_the_bytes_verify_read(
    form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = tmp_path / "keys"
    signer = load_or_create_station_signer(keys, key_id="TS01")
    pdf = tmp_path / "recu.pdf"
    pdf.write_bytes(render_pdf(signer.sign(sample_receipt(ReceiptKind.PROCURATION))))
    given = pdf if form == "pdf" else shutil.copy(pdf_to_png(pdf), tmp_path / "photo.png")
    replacement = b"%PDF-1.4\n%rien\n" if form == "pdf" else b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    _swapped_after_read(monkeypatch, replacement)
    code = main(["--keys-dir", str(keys), "verify", str(given)])
    out, err = capsys.readouterr()
    assert code == 0 and "Récépissé VALIDE" in out, err
    assert Path(given).read_bytes() == replacement  # the swap took place: verify did not read the path again

"""Hostile files given to `guichet receipt verify`: a PDF page of a few metres (a « PDF bomb »: 1 kB that pdftoppm
drew in 14 s and 1.4 GB), thousands of pages, an encrypted PDF, a PNG whose header says 40000 × 40000 pixels (a
decompression bomb of 1.6 MB), a JPEG that claims as much, a text layer with bidi overrides or zero-width
characters, a FIFO, links to one and to /dev/zero. Each gets one French verdict on one line, in bounded time, and no
traceback; the reading tools run under a time and an address-space limit (receipt_scan.TOOL_SECONDS, TOOL_MEMORY)."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

from desktop.cli.receipt import main
from desktop.cli.receipt_scan import image_size
from desktop.receipts.content import ReceiptKind
from desktop.receipts.keys import load_or_create_station_signer
from desktop.receipts.payload import parse
from desktop.receipts.pdf import render_pdf
from desktop.receipts.printed import HIDDEN, hidden_characters, printed_mismatches
from desktop.receipts.samples import sample_receipt

from .readers import needs_poppler, needs_zbar, pdf_text

pytestmark = [needs_poppler, needs_zbar]


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    directory = tmp_path / "keys"
    load_or_create_station_signer(directory, key_id="TS01")
    return directory


def _verdict(keys: Path, source: Path, capsys: pytest.CaptureFixture[str], *, within: float = 10.0) -> str:
    capsys.readouterr()
    started = time.monotonic()
    code = main(["--keys-dir", str(keys), "verify", str(source)])
    spent = time.monotonic() - started
    out, err = capsys.readouterr()
    assert code == 1 and out == "", (out, err)
    assert err.startswith("Récépissé NON V") and err.count("\n") == 1 and "Traceback" not in err, err
    assert spent < within, f"{spent:.1f} s"
    return err


def _page(path: Path, width: float, height: float, pages: int = 1, **options: object) -> Path:
    canvas = Canvas(str(path), pagesize=(width, height), **options)  # type: ignore[arg-type]
    for _ in range(pages):
        canvas.drawString(10, 10, "N° GCH-75056-2026-000123")
        canvas.showPage()
    canvas.save()
    return path


def _png(path: Path, width: int, height: int) -> Path:
    """A white greyscale PNG streamed row by row: 40000 × 40000 pixels (1.6 GB drawn) hold in 1.6 MB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer, row = zlib.compressobj(9), b"\x00" + b"\xff" * width
    body = b"".join([*(packer.compress(row) for _ in range(height)), packer.flush()])
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return path


@pytest.mark.parametrize("side", [9000, 200_000])
def test_a_pdf_page_metres_wide_is_refused_before_it_is_drawn(
    side: int, keys: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: 9000 pt a side was drawn at 150 dpi (18750 × 18750 pixels, 14 s, 1.4 GB resident) then given to zbar;
    200000 pt made pdftoppm fail (« Bogus memory allocation size ») and the verdict was « n'a pas pu être lu »."""
    err = _verdict(keys, _page(tmp_path / "bombe.pdf", side, side), capsys, within=5)
    assert "Document trop grand pour un récépissé" in err


def test_thousands_of_pages_an_encrypted_pdf_and_an_empty_one(
    keys: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "plusieurs pages" in _verdict(keys, _page(tmp_path / "pages.pdf", 595, 842, pages=3000), capsys)
    locked = _page(tmp_path / "chiffre.pdf", 595, 842, encrypt="secret")
    assert "Le PDF n'a pas pu être lu" in _verdict(keys, locked, capsys)
    (tmp_path / "vide.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    assert "Le PDF n'a pas pu être lu" in _verdict(keys, tmp_path / "vide.pdf", capsys)


def test_a_png_decompression_bomb_is_refused_from_its_header(
    keys: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: handed to zbar, whose ImageMagick policy (where there is one) turned it down with « Aucun QR code
    lisible » after reading; a 6000 × 6000 one took zbar 2.3 s and 290 MB."""
    bomb = _png(tmp_path / "bombe.png", 40_000, 40_000)
    assert bomb.stat().st_size < 2_000_000
    assert "40000 × 40000 pixels" in _verdict(keys, bomb, capsys, within=3)
    jpeg = tmp_path / "bombe.jpg"  # a start of frame claiming 40000 × 40000, after an APP0 segment
    jpeg.write_bytes(b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x0b\x08" + struct.pack(">HH", 40_000, 40_000) + b"\x01")
    assert "Document trop grand" in _verdict(keys, jpeg, capsys, within=3)


@given(st.binary(max_size=64))
@settings(max_examples=300, deadline=None)
def test_an_image_header_never_raises(tail: bytes) -> None:
    for head in (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"):
        size = image_size(head + tail)
        assert size is None or all(isinstance(n, int) and n >= 0 for n in size)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
def test_a_fifo_a_link_to_it_and_to_dev_zero_never_hang(tmp_path: Path) -> None:
    """Run as a process: had it waited for a writer, the timeout says so. Before, a FIFO's path was read as the text
    of a QR code (« Récépissé NON VALIDE » about a payload); now the file is refused for what it is."""
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    (tmp_path / "lien").symlink_to(fifo)
    (tmp_path / "zero").symlink_to("/dev/zero")
    (tmp_path / "mort").symlink_to(tmp_path / "absent")
    keys = tmp_path / "keys"
    load_or_create_station_signer(keys, key_id="TS01")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for name in ("tube", "lien", "zero", "mort"):
        done = subprocess.run(
            [sys.executable, "-m", "desktop.cli.receipt", "--keys-dir", str(keys), "verify", str(tmp_path / name)],
            capture_output=True,
            text=True,
            timeout=30,
            env=env,
        )
        assert done.returncode == 1 and done.stderr.count("\n") == 1, (name, done.stderr)
        assert done.stderr.startswith("Récépissé NON VÉRIFIÉ : ") and "Traceback" not in done.stderr
        assert "fichier ordinaire" in done.stderr or "No such file" in done.stderr or "introuvable" in done.stderr


BIDI_AND_INVISIBLE = ["\u202e", "\u2066", "\u200f", "\u200b", "\u2060", "\u00ad", "\ufeff", "\x00", "\x1b", "\x85"]


@pytest.mark.parametrize("char", BIDI_AND_INVISIBLE)
def test_a_text_layer_with_a_bidi_override_or_an_invisible_character_is_altered(char: str, tmp_path: Path) -> None:
    """Before: a genuine receipt's text with « Statut\u200bProvisoire »-style insertions, or a bidi override that
    shows the rest of the line reversed, compared « conforme » where the inserted character left the compared
    words whole: the text a reader sees was not the text compared."""
    signer = load_or_create_station_signer(tmp_path / "keys", key_id="TS01")
    signed = signer.sign(sample_receipt(ReceiptKind.PROCURATION))
    path = tmp_path / "r.pdf"
    path.write_bytes(render_pdf(signed))
    text, claims = pdf_text(path), parse(signed.payload).claims
    assert not hidden_characters(text) and printed_mismatches(text, claims) == ()
    at = text.index("Signé par la station")
    assert printed_mismatches(text[:at] + char + text[at:], claims) == (HIDDEN,)


@pytest.mark.parametrize("kind", list(ReceiptKind))
@pytest.mark.parametrize("paper", ["a4", "roll80"])
def test_no_genuine_receipt_prints_a_hidden_character(kind: ReceiptKind, paper: str, tmp_path: Path) -> None:
    signer = load_or_create_station_signer(tmp_path / "keys", key_id="TS01")
    path = tmp_path / "r.pdf"
    path.write_bytes(render_pdf(signer.sign(sample_receipt(kind)), paper=paper))
    assert not hidden_characters(pdf_text(path))

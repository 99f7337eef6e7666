"""Read receipts back as a citizen's tools would: poppler for PDF, zbar for QR codes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
needs_zbar = pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools not installed")


def pdf_to_png(pdf: Path, dpi: int = 150) -> Path:
    """Rasterise the first page of a PDF."""
    stem = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(pdf), str(stem)], check=True)
    return stem.with_suffix(".png")


def pdf_text(pdf: Path) -> str:
    """Text of a PDF, in reading layout."""
    return subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def decode_qr(image: Path) -> list[str]:
    """Every QR code zbar finds in an image."""
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(image)], capture_output=True, text=True
    )
    return [line for line in result.stdout.splitlines() if line]

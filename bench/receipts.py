"""Render time of a receipt: PDF on A4 and on the 80 mm roll (goal ≤ 20 ms), ESC/POS (≤ 5 ms), the signature.

The baseline, measured in the same run, is reportlab's floor: a one-page PDF with one line of the same embedded
font (DejaVu Sans), the same compression and the same invariant mode. Each PDF sample encodes its QR code anew
(the cache is cleared: Ed25519 is deterministic, a cached symbol would hide the encoding a new receipt pays).

Each PDF is measured on the wall clock and in CPU time (the process's own: what a loaded machine does not inflate).
Run: ``.venv/bin/python bench/receipts.py [--runs 200]``. Medians; never a timed test.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _figures import Goal, figure

from desktop.receipts.content import ReceiptKind
from desktop.receipts.escpos_render import render_escpos
from desktop.receipts.fonts import receipt_fonts
from desktop.receipts.layout import Paper
from desktop.receipts.pdf import render_pdf
from desktop.receipts.qr import make_symbol
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import StationSigner


def samples_ms(action: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter) -> list[float]:
    action()  # warm-up: font registration, per-process caches
    out = []
    for _ in range(runs):
        start = clock()
        action()
        out.append((clock() - start) * 1000)
    return out


def bare_pdf() -> bytes:
    """reportlab's floor: one line of the receipts' embedded font on one page."""
    font = receipt_fonts().regular
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(595, 842), invariant=1, pageCompression=1)
    canvas.setFont(font, 10)
    canvas.drawString(72, 770, "Récépissé de procuration")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    signer = StationSigner(key_id="BNCH", private_key=Ed25519PrivateKey.generate(), identity_key=b"b" * 32)
    receipt = sample_receipt(ReceiptKind.PROCURATION)
    signed = signer.sign(receipt)

    def pdf(paper: Paper) -> bytes:
        make_symbol.cache_clear()
        return render_pdf(signed, paper=paper)

    bare: list[float] = []
    a4: list[float] = []
    roll: list[float] = []
    for _ in range(4):  # interleaved blocks: load on the machine hits the baseline and the receipts alike
        bare += samples_ms(bare_pdf, args.runs // 4)
        a4 += samples_ms(lambda: pdf("a4"), args.runs // 4)
        roll += samples_ms(lambda: pdf("roll80"), args.runs // 4)
    base = {"baseline": bare, "baseline_name": "one-line reportlab page"}
    figure("PDF receipt, A4", a4, unit="ms", **base, goal=Goal(at_most=20))  # type: ignore[arg-type]
    figure("PDF receipt, 80 mm roll", roll, unit="ms", **base, goal=Goal(at_most=20))  # type: ignore[arg-type]
    # The same in CPU time (this process's): on a loaded machine the wall clock also counts the waits for a core.
    cpu = time.process_time
    bare_cpu = samples_ms(bare_pdf, args.runs // 2, cpu)
    base_cpu = {"baseline": bare_cpu, "baseline_name": "one-line reportlab page"}
    for paper, label in (("a4", "A4"), ("roll80", "80 mm roll")):
        runs = samples_ms(lambda p=paper: pdf(p), args.runs // 2, cpu)  # type: ignore[misc]
        figure(f"PDF receipt, {label}, CPU time", runs, unit="ms", **base_cpu, goal=Goal(at_most=20))  # type: ignore[arg-type]
    figure("ESC/POS receipt", samples_ms(lambda: render_escpos(signed), args.runs), unit="ms", goal=Goal(at_most=5))
    figure("signature (Ed25519)", samples_ms(lambda: signer.sign(receipt), args.runs), unit="ms", goal=Goal(at_most=5))


if __name__ == "__main__":
    main()

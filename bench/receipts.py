"""Median render time of a receipt: PDF (goal < 50 ms) and ESC/POS (goal < 5 ms). Run: python bench/receipts.py"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.receipts.content import ReceiptKind
from desktop.receipts.escpos_render import render_escpos
from desktop.receipts.layout import Paper
from desktop.receipts.pdf import render_pdf
from desktop.receipts.qr import make_symbol
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import StationSigner

GOALS_MS = {"pdf_a4": 50.0, "pdf_roll80": 50.0, "escpos": 5.0, "sign": 5.0}


def _median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up: font registration, profile loading, QR cache
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main(runs: int = 200) -> int:
    signer = StationSigner(key_id="BNCH", private_key=Ed25519PrivateKey.generate(), identity_key=b"b" * 32)
    receipt = sample_receipt(ReceiptKind.PROCURATION)
    signed = signer.sign(receipt)

    def pdf(paper: Paper) -> bytes:
        make_symbol.cache_clear()  # Ed25519 is deterministic: without this the QR encoding would be cached
        return render_pdf(signed, paper=paper)

    results = {
        "sign": _median_ms(lambda: signer.sign(receipt), runs),
        "pdf_a4": _median_ms(lambda: pdf("a4"), runs),
        "pdf_roll80": _median_ms(lambda: pdf("roll80"), runs),
        "escpos": _median_ms(lambda: render_escpos(signed), runs),
    }
    failed = False
    for name, median in results.items():
        goal = GOALS_MS[name]
        verdict = "ok" if median < goal else "TOO SLOW"
        failed |= median >= goal
        print(f"{name:11s} median {median:7.2f} ms   goal < {goal:4.0f} ms   {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))

"""A printed receipt verified with tools we did not write, as a prefecture or a court could without Guichet: zbar
reads the QR code off the rendered page, coreutils' base32 decodes it, OpenSSL checks the Ed25519 signature with the
station's public key. One byte changed and OpenSSL refuses, as our verifier does."""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desktop.receipts.content import ReceiptKind
from desktop.receipts.payload import ReceiptPayloadError
from desktop.receipts.pdf import render_pdf
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import ReceiptVerifier, StationSigner

from .readers import decode_qr, needs_poppler, needs_zbar, pdf_to_png

pytestmark = [
    pytest.mark.slow,
    needs_poppler,
    needs_zbar,
    pytest.mark.skipif(shutil.which("openssl") is None or shutil.which("base32") is None, reason="openssl, base32"),
]


def openssl_verifies(work: Path, public_pem: bytes, signed: bytes, signature: bytes) -> bool:
    (work / "station.pem").write_bytes(public_pem)
    (work / "signed.bin").write_bytes(signed)
    (work / "signature.bin").write_bytes(signature)
    result = subprocess.run(
        ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "station.pem", "-rawin", "-in", "signed.bin",
         "-sigfile", "signature.bin"],
        cwd=work, capture_output=True, text=True,
    )  # fmt: skip
    return result.returncode == 0 and "Signature Verified Successfully" in result.stdout


def base32_decode(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 8)
    return subprocess.run(["base32", "-d"], input=padded.encode("ascii"), capture_output=True, check=True).stdout


@pytest.mark.parametrize("kind", [ReceiptKind.PROCURATION, ReceiptKind.RESILIATION])
def test_a_printed_receipt_is_verified_by_openssl(
    kind: ReceiptKind, tmp_path: Path, signer: StationSigner, verifier: ReceiptVerifier
) -> None:
    signed_receipt = signer.sign(sample_receipt(kind))
    pdf = tmp_path / "recepisse.pdf"
    pdf.write_bytes(render_pdf(signed_receipt, paper="roll80"))
    [code] = decode_qr(pdf_to_png(pdf))  # what a phone or a scanner reads off the paper
    assert code.startswith("GC")
    raw = base32_decode(code[2:])
    signed, signature = raw[:-64], raw[-64:]
    assert signed[1:5] == signer.key_id.encode("ascii")  # the header names the station's key
    number = signed_receipt.receipt.number.encode("utf-8")
    assert b"NR" + bytes([len(number)]) + number in signed  # the receipt number, as printed
    public_pem = signer.private_key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    assert openssl_verifies(tmp_path, public_pem, signed, signature)
    # One byte of the receipt number changed (a forged receipt): OpenSSL refuses, and so does our verifier.
    forged = signed.replace(number, number[:-1] + (b"8" if number[-1:] != b"8" else b"9"), 1)
    assert forged != signed
    assert not openssl_verifies(tmp_path, public_pem, forged, signature)
    forged_text = "GC" + base64.b32encode(forged + signature).decode("ascii").rstrip("=")
    with pytest.raises(ReceiptPayloadError):
        verifier.verify(forged_text)

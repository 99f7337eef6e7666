"""Receipts checked by a verifier written from docs/SECURITY.md alone (tests/verifierkit.py: poppler, zbar, OpenSSL,
no Guichet code), on every kind and paper Guichet prints; it reads what our own verifier reads, and refuses a page
whose printed text was altered around a genuine code."""

from __future__ import annotations

import ast
import dataclasses
import shutil
from pathlib import Path

import pytest
import verifierkit

from desktop.receipts.content import ReceiptKind
from desktop.receipts.keys import TRUSTED_KEYS_FILE, export_public_key, load_or_create_station_signer
from desktop.receipts.payload import STATUS_CODES, parse
from desktop.receipts.pdf import render_pdf
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import SignedReceipt

from .readers import needs_poppler, needs_zbar

pytestmark = [needs_poppler, needs_zbar]


def test_the_third_party_verifier_imports_nothing_of_guichet() -> None:
    tree = ast.parse(Path(verifierkit.__file__).read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [n for n in names if n.split(".")[0] in {"desktop", "central", "tests"}]


@pytest.mark.parametrize("paper", ["a4", "roll80"])
@pytest.mark.parametrize("kind", list(ReceiptKind))
def test_a_receipt_guichet_prints_is_verified_by_the_third_party_verifier(
    kind: ReceiptKind, paper: str, tmp_path: Path
) -> None:
    signer = load_or_create_station_signer(tmp_path / "keys")
    signed = signer.sign(sample_receipt(kind))
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_pdf(signed, paper=paper))
    trusted = tmp_path / "confiance.json"
    export_public_key(tmp_path / "keys", trusted, station_code=signed.receipt.place.code)
    decoded = verifierkit.verify_receipt_pdf(pdf, trusted)
    claims = parse(signed.payload).claims
    assert (decoded.key_id, decoded.kind, decoded.number) == (claims.key_id, claims.kind.value, claims.number)
    assert (decoded.local_time, decoded.place_code, decoded.digest) == (
        claims.issued_at, claims.place_code, claims.mandant_digest,
    )  # fmt: skip
    assert decoded.status == STATUS_CODES[claims.status]
    export_public_key(tmp_path / "keys", trusted, station_code="99999-01")
    with pytest.raises(verifierkit.Refused, match="another station's key"):
        verifierkit.verify_receipt_pdf(pdf, trusted)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl")
def test_the_third_party_verifier_refuses_what_ours_refuses_with_openssl(tmp_path: Path) -> None:
    signer = load_or_create_station_signer(tmp_path / "keys")
    trusted = tmp_path / "keys" / TRUSTED_KEYS_FILE
    genuine = signer.sign(sample_receipt(ReceiptKind.PROCURATION))
    altered = dataclasses.replace(genuine.receipt, number="GCH-75056-2026-000124")
    pdf = tmp_path / "faux.pdf"
    pdf.with_name("vrai.pdf").write_bytes(render_pdf(genuine, paper="a4"))
    pdf.write_bytes(render_pdf(SignedReceipt(altered, genuine.payload, genuine.key_id), paper="a4"))
    assert verifierkit.verify_receipt_pdf(pdf.with_name("vrai.pdf"), trusted, check=verifierkit.openssl_verifies)
    with pytest.raises(verifierkit.Refused, match="printed text: number"):
        verifierkit.verify_receipt_pdf(pdf, trusted, check=verifierkit.openssl_verifies)
    decoded = verifierkit.decode(genuine.payload)
    forged = decoded.signed.replace(b"000123", b"000124")
    public = verifierkit.trusted_key(trusted, decoded.key_id)
    assert verifierkit.openssl_verifies(public, decoded.signed, decoded.signature)
    assert not verifierkit.openssl_verifies(public, forged, decoded.signature)

"""PDF receipts read back with pdftoppm, zbarimg and pdftotext."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from desktop.receipts.content import ReceiptKind
from desktop.receipts.document import build_document
from desktop.receipts.fonts import text_width
from desktop.receipts.layout import QrOp, RectOp, TextOp, layout_a4, layout_roll
from desktop.receipts.pdf import render_pdf
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import ReceiptVerifier, StationSigner
from desktop.rules.terms import Status

from .readers import decode_qr, needs_poppler, needs_zbar, pdf_text, pdf_to_png

EXPECTED_TEXT = {
    ReceiptKind.PROCURATION: [
        "Récépissé d'établissement de procuration de vote",
        "LEFÈVRE Hélène Françoise",
        "DURAND-SÉGUR Noël",
        "Prévenez votre mandataire : il ne reçoit aucun document.",
        "******789",
        "PROVISOIRE — en attente de confirmation par le répertoire central",
    ],
    ReceiptKind.RESILIATION: [
        "Récépissé de résiliation de procuration de vote",
        "Maréchal des logis-chef",
        "toutes les procurations",
        "Validée",
    ],
    ReceiptKind.PASSEPORT: [
        "renouvellement de passeport à distance",
        "dans les 40 jours",
        "96 €",
        "Étape 4 sur 8",
        "(heure locale)",
    ],
    ReceiptKind.VOTE_INTERNET: [
        "identifiant de vote par internet",
        "copiez-le et conservez-le",
        "Ambassade de France au Portugal",
    ],
}


@needs_poppler
@needs_zbar
@pytest.mark.parametrize("paper", ["a4", "roll80"])
@pytest.mark.parametrize("kind", list(ReceiptKind))
def test_pdf_qr_decodes_and_verifies(
    kind: ReceiptKind, paper: str, tmp_path: Path, signer: StationSigner, verifier: ReceiptVerifier
) -> None:
    signed = signer.sign(sample_receipt(kind))
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_pdf(signed, paper=paper))  # type: ignore[arg-type]
    codes = decode_qr(pdf_to_png(pdf))
    assert codes == [signed.payload]
    claims = verifier.verify(codes[0])
    assert claims.number == signed.receipt.number and claims.kind is kind
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    for expected in EXPECTED_TEXT[kind]:
        assert expected in flat, expected
    assert "Vérifiable hors ligne" in flat and "RÉPUBLIQUE FRANÇAISE" in flat
    assert "123456789" not in text  # the NNE is never printed in full


@needs_poppler
def test_duplicate_is_visible_and_keeps_the_same_qr(tmp_path: Path, signer: StationSigner) -> None:
    signed = signer.sign(sample_receipt(ReceiptKind.RESILIATION))
    for paper in ("a4", "roll80"):
        pdf = tmp_path / f"d-{paper}.pdf"
        pdf.write_bytes(render_pdf(signed.as_duplicate(), paper=paper))
        assert "DUPLICATA" in pdf_text(pdf)
        original = tmp_path / f"o-{paper}.pdf"
        original.write_bytes(render_pdf(signed, paper=paper))
        assert "DUPLICATA" not in pdf_text(original)
    assert signed.as_duplicate().payload == signed.payload


def test_validated_receipt_has_no_provisional_banner(signer: StationSigner) -> None:
    doc = build_document(signer.sign(sample_receipt(ReceiptKind.PROCURATION, status=Status.VALIDEE)))
    assert doc.provisional_banner is None
    assert not any("provisoire" in step for step in doc.next_steps)


@pytest.mark.parametrize("kind", list(ReceiptKind))
@pytest.mark.parametrize("duplicate", [False, True])
def test_nothing_overflows_the_80mm_roll(kind: ReceiptKind, duplicate: bool, signer: StationSigner) -> None:
    page = layout_roll(build_document(signer.sign(sample_receipt(kind, duplicate=duplicate))))
    assert page.width == pytest.approx(80 * 72 / 25.4)
    margin = 4 * 72 / 25.4
    for op in page.ops:
        if isinstance(op, TextOp):
            right = op.x + text_width(op.text, page.fonts.name(op.style), op.size)
            assert op.x >= margin - 0.5 and right <= page.width - margin + 0.5, op.text
        elif isinstance(op, (RectOp, QrOp)):
            extent = op.width if isinstance(op, RectOp) else op.size
            assert op.x >= margin - 0.5 and op.x + extent <= page.width - margin + 0.5
        assert op.y <= page.height


def test_long_values_wrap_inside_the_roll(signer: StationSigner) -> None:
    receipt = replace(
        sample_receipt(ReceiptKind.PROCURATION), validity="Durée : " + "x" * 120, details=(("Note", "mot" * 60),)
    )
    page = layout_roll(build_document(signer.sign(receipt)))
    for op in page.ops:
        if isinstance(op, TextOp):
            assert op.x + text_width(op.text, page.fonts.name(op.style), op.size) <= page.width


def test_a4_compacts_long_receipts_and_refuses_absurd_ones(signer: StationSigner) -> None:
    base = sample_receipt(ReceiptKind.PROCURATION, duplicate=True)
    many = replace(base, next_steps=base.next_steps * 2)
    page = layout_a4(build_document(signer.sign(many)))
    assert max(op.y for op in page.ops if isinstance(op, TextOp)) < page.height
    absurd = replace(base, next_steps=base.next_steps * 12)
    with pytest.raises(ValueError):
        layout_a4(build_document(signer.sign(absurd)))


def test_same_receipt_same_bytes(signer: StationSigner) -> None:
    signed = signer.sign(sample_receipt(ReceiptKind.VOTE_INTERNET))
    assert render_pdf(signed) == render_pdf(signed)


def test_next_steps_follow_the_procedure() -> None:
    from desktop.receipts.next_steps import PROVISIONAL_NOTICE, default_next_steps, passport_step_label

    proc = default_next_steps(ReceiptKind.PROCURATION, Status.PROVISOIRE)
    assert proc[0] == PROVISIONAL_NOTICE
    assert "Prévenez votre mandataire : il ne reçoit aucun document." in proc  # R-LIFE-5
    nc = default_next_steps(ReceiptKind.PROCURATION, Status.VALIDEE, nouvelle_caledonie=True)
    assert not any("Interroger sa situation électorale" in s for s in nc)  # R-NC-4
    revoke = default_next_steps(ReceiptKind.RESILIATION, Status.VALIDEE)
    assert any("toutes les procurations" in s for s in revoke)  # R-REVOKE-2
    step4 = default_next_steps(ReceiptKind.PASSEPORT, Status.ENREGISTREE, passport_step=4)
    assert any("40 jours" in s and "Interpol" in s for s in step4)
    assert default_next_steps(ReceiptKind.PASSEPORT, Status.ENREGISTREE, passport_step=8) == (
        "La démarche est terminée.",
    )
    assert any(
        "signature d'un adulte" in s
        for s in default_next_steps(ReceiptKind.PASSEPORT, Status.ENREGISTREE, passport_step=2)
    )
    assert passport_step_label(8).startswith("Étape 8 sur 8")
    with pytest.raises(ValueError):
        default_next_steps(ReceiptKind.PASSEPORT, Status.ENREGISTREE, passport_step=9)
    vote = default_next_steps(ReceiptKind.VOTE_INTERNET, Status.ENREGISTREE)
    assert any("en même temps" in s for s in vote)  # R-IVOTE-5


def test_reportlab_runs_on_its_c_accelerators() -> None:
    """rl_accel (a dependency) gives reportlab C versions of what every receipt's PDF calls thousands of times.

    Without it reportlab falls back to Python silently, a quarter slower (bench/receipts.py): this says so."""
    from reportlab.lib import rl_accel

    for name in ("fp_str", "asciiBase85Encode", "escapePDF", "instanceStringWidthTTF"):
        function = getattr(rl_accel, name)
        assert type(function).__name__ == "builtin_function_or_method", name

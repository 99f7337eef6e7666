"""ESC/POS streams: code page, text, QR (native and image), cut, for several printer profiles."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.receipts.content import ReceiptKind
from desktop.receipts.escpos_render import encode_text, printer_setup, render_escpos
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import ReceiptVerifier, StationSigner

from .escpos_reader import interpret
from .readers import decode_qr, needs_zbar

EXPECTED = {
    ReceiptKind.PROCURATION: [
        "RÉPUBLIQUE FRANÇAISE",
        "Récépissé d'établissement",
        "LEFÈVRE Hélène Françoise",
        "DURAND-SÉGUR Noël",
        "Prévenez votre mandataire : il ne reçoit aucun",
        "PROVISOIRE - en attente de confirmation",
        "******789",
        "Vérifiable hors ligne",
    ],
    ReceiptKind.RESILIATION: ["Récépissé de résiliation", "Maréchal des logis-chef Aïssa Béranger", "Validée"],
    ReceiptKind.PASSEPORT: ["Timbre électronique de 96 € acquitté", "40 jours", "Étape 4 sur 8"],
    ReceiptKind.VOTE_INTERNET: ["M. Raphaël Östberg", "copiez-le et conservez-le"],
}


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("kind", list(ReceiptKind))
def test_tm_t88v_stream_text_qr_and_cut(kind: ReceiptKind, signer: StationSigner, verifier: ReceiptVerifier) -> None:
    signed = signer.sign(sample_receipt(kind))
    stream = render_escpos(signed)
    job = interpret(stream)
    assert job.unknown == []
    assert job.codepage == 19  # CP858 on Epson TM-T88V: French accents and €
    text = job.text_bytes.decode("cp858")
    for expected in EXPECTED[kind]:
        assert expected in _flat(text), expected
    assert "123456789" not in text
    assert max(len(line) for line in text.splitlines()) <= 42
    assert job.cuts == 1 and stream.endswith(b"\x1dV\x00")
    assert job.qr_codes == [signed.payload.encode("ascii")]
    assert verifier.verify(job.qr_codes[0].decode("ascii")).number == signed.receipt.number


def test_duplicate_and_provisional_bands_are_inverted(signer: StationSigner) -> None:
    job = interpret(render_escpos(signer.sign(sample_receipt(ReceiptKind.PROCURATION, duplicate=True))))
    inverted = job.inverted_text.decode("cp858")
    assert "DUPLICATA" in inverted and "PROVISOIRE" in inverted
    plain = interpret(render_escpos(signer.sign(sample_receipt(ReceiptKind.PROCURATION))))
    assert "DUPLICATA" not in plain.text_bytes.decode("cp858")


def test_48_column_profile_uses_its_width(signer: StationSigner) -> None:
    assert printer_setup("TM-T20II").columns == 48
    text = interpret(render_escpos(signer.sign(sample_receipt(ReceiptKind.PROCURATION)), profile="TM-T20II"))
    lines = text.text_bytes.decode("cp858").splitlines()
    assert max(len(line) for line in lines) == 48


def test_cp1252_profile(signer: StationSigner) -> None:
    job = interpret(render_escpos(signer.sign(sample_receipt(ReceiptKind.PASSEPORT)), profile="TM-T88II"))
    assert job.codepage == 16
    assert "Timbre électronique de 96 € acquitté" in _flat(job.text_bytes.decode("cp1252"))


def test_profile_without_code_page_falls_back_to_plain_ascii(signer: StationSigner) -> None:
    job = interpret(render_escpos(signer.sign(sample_receipt(ReceiptKind.PASSEPORT)), profile="TM-U220"))
    assert job.codepage is None
    assert all(b < 0x80 for b in job.text_bytes)
    assert "Timbre electronique de 96 EUR acquitte" in _flat(job.text_bytes.decode("ascii"))


@needs_zbar
@pytest.mark.parametrize("kind", [ReceiptKind.PROCURATION, ReceiptKind.VOTE_INTERNET])
def test_profile_without_native_qr_prints_a_scannable_image(
    kind: ReceiptKind, tmp_path: Path, signer: StationSigner, verifier: ReceiptVerifier
) -> None:
    signed = signer.sign(sample_receipt(kind))
    job = interpret(render_escpos(signed, profile="TH230"))
    assert job.qr_codes == [] and len(job.images) == 1
    assert job.images[0].width <= 576  # TH230 paper width in dots
    path = tmp_path / "qr.png"
    job.images[0].save(path)
    assert decode_qr(path) == [signed.payload]
    assert verifier.verify(signed.payload).kind is kind


def test_encode_text_replaces_what_the_code_page_lacks() -> None:
    assert encode_text("Cœur — l’été…", "cp858") == "Coeur - l'été...".encode("cp858")
    assert encode_text("€", "cp858") == b"\xd5"
    assert encode_text("€ ½ ☃", "ascii") == b"EUR 1/2 ?"


@pytest.mark.parametrize("profile", ["TM-T88V", "TM-T88II", "TM-U220"])
def test_decomposed_accents_print_as_letters_not_question_marks(
    profile: str, signer: StationSigner, verifier: ReceiptVerifier
) -> None:
    """A name typed on a Mac or pasted from a PDF keeps its accents as combining marks (« E » then U+0300): the roll
    printed « LEFE?VRE Ze?lie Zoe? », a « ? » in place of every accent, though the code page holds « È »."""
    receipt = sample_receipt(ReceiptKind.PROCURATION)
    mandant = replace(receipt.mandant, nom=unicodedata.normalize("NFD", "Lefèvre"), prenoms="Ze\u0301lie Zoe\u0308")
    signed = signer.sign(replace(receipt, mandant=mandant))
    job = interpret(render_escpos(signed, profile=profile))
    codec = {"TM-T88V": "cp858", "TM-T88II": "cp1252", "TM-U220": "ascii"}[profile]
    text = _flat(job.text_bytes.decode(codec))
    assert ("LEFEVRE Zelie Zoe" if codec == "ascii" else "LEFÈVRE Zélie Zoë") in text
    assert "?" not in text.replace("MAINTENANT ?", "")  # nor « N? » for « N° » on a plain ASCII printer
    assert verifier.verify(signed.payload).number == receipt.number


def test_a_stack_of_combining_marks_prints_its_letter_once() -> None:
    """« Z » under fifty acute accents printed « Z » and fifty « ? »; a mark the code page lacks is left out."""
    assert encode_text("Z" + "\u0301" * 50 + "algo", "cp858") == b"Zalgo"
    assert encode_text("e\u0301", "cp858") == "é".encode("cp858")

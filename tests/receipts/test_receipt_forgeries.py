"""Forged receipts against `guichet receipt verify`: the paper says something else than the signed code, a genuine
code pasted onto another receipt, two codes on one page, a second page, a photo at an angle, a key id taken by
another station. Each forgery was tried on the command line as a prefecture or a court would run it."""

from __future__ import annotations

import base64
import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from desktop.cli.receipt import main
from desktop.receipts.content import Party, Receipt, ReceiptKind
from desktop.receipts.keys import (
    TRUSTED_KEYS_FILE,
    KeyStoreError,
    export_public_key,
    generate_station_keys,
    load_or_create_station_signer,
    load_trusted_keys,
)
from desktop.receipts.payload import parse
from desktop.receipts.pdf import render_pdf
from desktop.receipts.printed import printed_mismatches
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import SignedReceipt, StationSigner
from desktop.rules.terms import PlaceKind, Status

from .readers import needs_poppler, needs_zbar, pdf_text, pdf_to_png

pytestmark = [needs_poppler, needs_zbar]


@pytest.fixture
def station(tmp_path: Path) -> tuple[Path, StationSigner]:
    keys = tmp_path / "keys"
    return keys, load_or_create_station_signer(keys, key_id="TS01")


def _pdf(path: Path, signed: SignedReceipt, paper: str = "a4") -> Path:
    path.write_bytes(render_pdf(signed, paper=paper))
    return path


def _verify(keys: Path, source: Path | str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--keys-dir", str(keys), "verify", str(source)])
    out, err = capsys.readouterr()
    return code, out, err


def _pasted(signed: SignedReceipt, receipt: Receipt) -> SignedReceipt:
    """The genuine signed code printed under another receipt's text."""
    return SignedReceipt(receipt=receipt, payload=signed.payload, key_id=signed.key_id)


ALTERATIONS = {
    "numéro": lambda r: dataclasses.replace(r, number="GCH-75056-2026-000124"),
    "date et heure": lambda r: dataclasses.replace(r, issued_at=r.issued_at - timedelta(days=3)),
    "lieu": lambda r: dataclasses.replace(r, place=dataclasses.replace(r.place, code="75057")),
    "statut": lambda r: dataclasses.replace(r, status=Status.VALIDEE),
    "mandant": lambda r: dataclasses.replace(r, mandant=Party("MARTIN", "Hélène Françoise", r.mandant.date_naissance)),
}


@pytest.mark.parametrize("field", list(ALTERATIONS))
@pytest.mark.parametrize("paper", ["a4", "roll80"])
def test_a_pdf_whose_text_was_altered_around_its_genuine_code_is_not_valid(
    field: str, paper: str, station: tuple[Path, StationSigner], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: « Récépissé VALIDE » for each, the code alone was read (the mandant's name is checked where the
    station's identity key is, i.e. at the station that signed)."""
    keys, signer = station
    genuine = signer.sign(sample_receipt(ReceiptKind.PROCURATION))
    assert _verify(keys, _pdf(tmp_path / "vrai.pdf", genuine, paper), capsys)[0] == 0
    forged = _pasted(genuine, ALTERATIONS[field](genuine.receipt))
    code, out, err = _verify(keys, _pdf(tmp_path / "faux.pdf", forged, paper), capsys)
    assert code == 1 and "VALIDE :" not in out
    assert "Récépissé NON VALIDE" in err and f"texte imprimé ne correspond pas au code signé ({field})" in err


def test_a_genuine_code_pasted_onto_another_receipt_is_not_valid(
    station: tuple[Path, StationSigner], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys, signer = station
    resiliation = signer.sign(sample_receipt(ReceiptKind.RESILIATION))
    procuration = sample_receipt(ReceiptKind.PROCURATION)
    code, _out, err = _verify(keys, _pdf(tmp_path / "colle.pdf", _pasted(resiliation, procuration)), capsys)
    assert code == 1  # the samples share their mandant and their time: what differs is named
    assert "(numéro, lieu, type de document, statut)" in err


def test_a_genuine_pdf_says_what_was_compared(
    station: tuple[Path, StationSigner], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys, signer = station
    code, out, _err = _verify(
        keys, _pdf(tmp_path / "r.pdf", signer.sign(sample_receipt(ReceiptKind.PASSEPORT))), capsys
    )
    assert code == 0
    assert "Texte imprimé : conforme au code signé" in out
    assert "Nom et date de naissance imprimés : conformes à l'empreinte signée" in out
    # Another station's verifier (no identity key of the signing station) says it could not check the name.
    other = tmp_path / "prefecture"
    load_or_create_station_signer(other, key_id="PR01")
    export_public_key(keys, other / TRUSTED_KEYS_FILE)
    code, out, _err = _verify(other, tmp_path / "r.pdf", capsys)
    assert code == 0 and "Nom et date de naissance imprimés : non vérifiables ici" in out


def _two_codes_png(first: Path, second: Path, out: Path) -> Path:
    left, right = Image.open(pdf_to_png(first)), Image.open(pdf_to_png(second))
    page = Image.new("RGB", (left.width + right.width, max(left.height, right.height)), "white")
    page.paste(left, (0, 0))
    page.paste(right, (left.width, 0))
    page.save(out)
    return out


def test_two_different_codes_on_one_page_are_not_verified(
    station: tuple[Path, StationSigner], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: the first code zbar happened to list was verified, whichever the reader meant."""
    keys, signer = station
    a = _pdf(tmp_path / "a.pdf", signer.sign(sample_receipt(ReceiptKind.PROCURATION)), "roll80")
    b = _pdf(tmp_path / "b.pdf", signer.sign(sample_receipt(ReceiptKind.RESILIATION)), "roll80")
    code, out, err = _verify(keys, _two_codes_png(a, b, tmp_path / "deux.png"), capsys)
    assert code == 1 and not out
    assert "Plusieurs QR codes différents" in err


def _two_pages(first: Path | None, second: Path | None, out: Path) -> Path:
    """A PDF of two pages, each the picture of a page (or a typed fake receipt when None)."""
    canvas = Canvas(str(out), pagesize=A4)
    for page in (first, second):
        if page is None:
            canvas.drawString(72, 760, "Récépissé d'établissement de procuration de vote")
            canvas.drawString(72, 740, "N° GCH-75056-2026-999999")
        else:
            canvas.drawImage(str(pdf_to_png(page)), 0, 0, width=A4[0], height=A4[1])
        canvas.showPage()
    canvas.save()
    return out


@pytest.mark.parametrize("genuine_first", [True, False])
def test_a_pdf_of_two_pages_is_not_taken_for_a_receipt(
    genuine_first: bool, station: tuple[Path, StationSigner], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: a genuine page 1 verified whatever page 2 said, and a code on page 2 was « not found »."""
    keys, signer = station
    genuine = _pdf(tmp_path / "vrai.pdf", signer.sign(sample_receipt(ReceiptKind.PROCURATION)))
    pages = (genuine, None) if genuine_first else (None, genuine)
    code, out, err = _verify(keys, _two_pages(*pages, out=tmp_path / "deux_pages.pdf"), capsys)
    assert code == 1 and not out
    assert "plusieurs pages" in err


def test_a_photo_at_an_angle_verifies_and_says_the_text_was_not_compared(
    station: tuple[Path, StationSigner], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys, signer = station
    pdf = _pdf(tmp_path / "r.pdf", signer.sign(sample_receipt(ReceiptKind.PROCURATION)), "roll80")
    photo = tmp_path / "photo.jpg"
    picture = Image.open(pdf_to_png(pdf, dpi=200)).convert("RGB")
    picture.rotate(8, expand=True, fillcolor="white").filter(ImageFilter.GaussianBlur(1.2)).save(photo, quality=70)
    code, out, _err = _verify(keys, photo, capsys)
    assert code == 0 and "Récépissé VALIDE" in out
    assert "Texte imprimé non comparé" in out


def test_a_station_whose_key_id_is_taken_does_not_replace_the_other_s_key(tmp_path: Path) -> None:
    """Key ids are 4 characters derived from the key (36^4, about 1.7 million): among a few thousand stations two
    share one. Before: `export-key` silently replaced the first station's key, and every receipt it had signed
    verified « Signature invalide : le récépissé a été modifié ou falsifié »."""
    trusted = tmp_path / "confiance.json"
    first = generate_station_keys(tmp_path / "a", key_id="K7Q2")
    generate_station_keys(tmp_path / "b", key_id="K7Q2")
    export_public_key(tmp_path / "a", trusted)
    export_public_key(tmp_path / "a", trusted)  # the same key again: nothing to refuse
    with pytest.raises(KeyStoreError, match="déjà une autre clé K7Q2"):
        export_public_key(tmp_path / "b", trusted)
    assert load_trusted_keys(trusted).keys == {"K7Q2": first.public_key}


def test_a_changed_key_id_in_the_header_is_refused(
    station: tuple[Path, StationSigner], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another station's code re-signed under a key id of this station (or a revoked key's receipt): refused."""
    keys, _signer = station
    other = StationSigner(key_id="TS01", private_key=Ed25519PrivateKey.generate(), identity_key=b"o" * 32)
    code, _out, err = _verify(keys, other.sign(sample_receipt(ReceiptKind.PROCURATION)).payload, capsys)
    assert code == 1 and "Signature invalide" in err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=3000))
def test_any_printed_text_gets_a_list_of_fields_never_an_error(text: str, signer: StationSigner) -> None:
    claims = parse(signer.sign(sample_receipt(ReceiptKind.PROCURATION)).payload).claims
    assert set(printed_mismatches(text, claims)) <= {
        "caractères invisibles ou de contrôle", "numéro", "date et heure", "lieu", "type de document", "statut",
        "clé de station",
    }  # fmt: skip


@pytest.mark.parametrize("kind", list(ReceiptKind))
def test_every_kind_s_genuine_text_matches_its_code(kind: ReceiptKind, signer: StationSigner, tmp_path: Path) -> None:
    for paper in ("a4", "roll80"):
        signed = signer.sign(sample_receipt(kind))
        text = pdf_text(_pdf(tmp_path / f"{kind.value}-{paper}.pdf", signed, paper))
        assert printed_mismatches(text, parse(signed.payload).claims) == ()
        assert printed_mismatches(text, parse(signed.as_duplicate().payload).claims) == ()


def test_a_trusted_station_s_key_does_not_sign_for_another_station(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The code's place code (`LC`) is the station's code. Before: any trusted key signed for any station, so a
    station of Lyon (or a stolen laptop whose key is still trusted) issued receipts « Commissariat (75056-01) »
    that verified. A key exported with its station is held to it; the station's next laptop (enrolled again under
    the same code, its own key) is trusted beside the first."""
    trusted = tmp_path / "confiance.json"
    paris, paris_again, lyon = (tmp_path / "paris", tmp_path / "paris2", tmp_path / "lyon")
    signers = {d: load_or_create_station_signer(d) for d in (paris, paris_again, lyon)}
    for directory, station_code in ((paris, "75056-01"), (paris_again, "75056-01"), (lyon, "69123-01")):
        assert (
            main(["--keys-dir", str(directory), "export-key", "--trusted", str(trusted), "--station", station_code])
            == 0
        )
    receipt = sample_receipt(ReceiptKind.PROCURATION)
    for_paris = dataclasses.replace(receipt, place=dataclasses.replace(receipt.place, code="75056-01"))
    capsys.readouterr()
    for directory in (paris, paris_again):
        assert main(["verify", "--trusted", str(trusted), signers[directory].sign(for_paris).payload]) == 0
    assert main(["verify", "--trusted", str(trusted), signers[lyon].sign(for_paris).payload]) == 1
    err = capsys.readouterr().err
    assert f"La clé {signers[lyon].key_id} est celle de la station 69123-01" in err
    assert load_trusted_keys(trusted).stations[signers[lyon].key_id] == "69123-01"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=260), prefix=st.sampled_from(["GC", "gc", "", "GC "]))
def test_any_code_gets_a_french_verdict_on_the_command_line(
    data: bytes, prefix: str, station: tuple[Path, StationSigner], capsys: pytest.CaptureFixture[str]
) -> None:
    keys, _signer = station
    text = prefix + base64.b32encode(data).decode("ascii").rstrip("=")
    code, out, err = _verify(keys, text, capsys)
    assert code == 1 and not out
    assert err.startswith(("Récépissé NON VALIDE : ", "Récépissé NON VÉRIFIÉ : ")) and err.count("\n") == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    head=st.sampled_from([b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"\x1b@", b"\x1d(k", b"GC", b""]),
    body=st.binary(max_size=600),
)
def test_any_file_gets_a_french_verdict_on_the_command_line(
    head: bytes, body: bytes, station: tuple[Path, StationSigner], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys, _signer = station
    path = tmp_path / "document"
    path.write_bytes(head + body)
    code, out, err = _verify(keys, path, capsys)
    assert code == 1 and not out
    assert err.startswith(("Récépissé NON VALIDE : ", "Récépissé NON VÉRIFIÉ : ")) and err.count("\n") == 1


def test_a_station_named_with_a_number_and_a_prefect_s_place_still_verify(
    signer: StationSigner, tmp_path: Path
) -> None:
    """The place's name is printed above the receipt's number, and « Lieu désigné par le préfet » above its row."""
    receipt = sample_receipt(ReceiptKind.PROCURATION)
    place = dataclasses.replace(receipt.place, kind=PlaceKind.LIEU_PREFET, name="Mairie annexe N° 3 (Lieu Statut)")
    signed = signer.sign(dataclasses.replace(receipt, place=place))
    for paper in ("a4", "roll80"):
        text = pdf_text(_pdf(tmp_path / f"{paper}.pdf", signed, paper))
        assert printed_mismatches(text, parse(signed.payload).claims) == ()


def test_a_file_far_larger_than_a_receipt_is_refused_unread(
    station: tuple[Path, StationSigner], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`verify` read the whole file into memory whatever its size (a disk image given by mistake): now a file over
    64 MB is refused by its size, in French, before anything is read."""
    keys, _signer = station
    export_public_key(keys, keys / TRUSTED_KEYS_FILE)
    huge = tmp_path / "scan.pdf"
    with huge.open("wb") as f:
        f.truncate(65 * 1024 * 1024 + 1)  # sparse: no disk used, 65 MB to whoever reads it
    code, _out, err = _verify(keys, huge, capsys)
    assert code == 1 and "Récépissé NON VÉRIFIÉ : fichier trop volumineux" in err, err
    assert "Traceback" not in err

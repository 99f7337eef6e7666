"""The read flow against the virtual chip in process: access control, status words, passive authentication."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from desktop.devices.cards.apdu import Apdu
from desktop.devices.cards.demo_persons import DEMO_PERSONS, DemoPerson, demo_person
from desktop.devices.cards.errors import CardError
from desktop.devices.cards.handler import CanKey, FixedHandler, MrzKey
from desktop.devices.cards.identity import CheckStatus, DocumentKind
from desktop.devices.cards.lds import parse_dg2
from desktop.devices.cards.passive_auth import CscaStore
from desktop.devices.cards.session import FACE_MAX_PIXELS, STEP_READ, STEP_VERIFY, face_to_png, read_document
from desktop.devices.cards.tlv import parse_all
from desktop.devices.cards.vchip.build import build_content
from desktop.devices.cards.vchip.chip import EMRTD_AID, VirtualChip
from desktop.devices.cards.vchip.pki import demo_cscas, generate_pki, shared_test_pki

TODAY = date(2025, 6, 1)


def _chip(person_id: str, *, tamper_dg1: bool = False) -> VirtualChip:
    return VirtualChip(build_content(demo_person(person_id), tamper_dg1=tamper_dg1))


@pytest.mark.parametrize("person", DEMO_PERSONS, ids=lambda p: p.id)
def test_every_demo_person_reads_back_what_the_chip_holds(person: DemoPerson) -> None:
    chip = VirtualChip(build_content(person))
    handler = FixedHandler(can=person.can, mrz=person.mrz)
    store = CscaStore(demo_cscas())  # each state's test CSCA: ROSSI's card is Italy's
    identity = read_document(chip.transmit, handler, csca=store, today=TODAY)
    assert identity.surname == person.surname
    assert identity.given_names == person.given_names
    assert identity.birth_date == person.birth_date
    assert identity.expiry_date == person.expiry_date
    assert (identity.document_number, identity.sex, identity.nationality) == (
        person.document_number,
        person.sex,
        person.nationality,
    )
    assert identity.access == ("PACE-CAN" if person.can else "BAC")
    assert identity.face_image == parse_dg2(chip.content.dg2).data
    assert identity.face_format == person.face_format
    assert identity.face_png is not None and identity.face_png.startswith(b"\x89PNG")
    assert identity.authentic
    assert {c.id: c.status for c in identity.checks} == {
        "chip_access": CheckStatus.PASSED,
        "dg1_hash": CheckStatus.PASSED,
        "dg2_hash": CheckStatus.PASSED,
        "sod_signature": CheckStatus.PASSED,
        "csca_chain": CheckStatus.PASSED,
        "chip_authenticity": CheckStatus.NOT_RUN,  # no DG14/DG15 on these chips: said, not hidden
    }
    assert identity.files_read == ("EF.COM", "DG1", "DG2", "EF.SOD")
    steps = [step for step, _ in handler.steps]
    assert STEP_READ in steps and STEP_VERIFY in steps
    fractions = [fraction for _, fraction in handler.steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_document_kinds() -> None:
    kinds = {}
    for person_id in ("martin-claire", "dubois-jean", "rossi-giulia"):
        chip = _chip(person_id)
        person = demo_person(person_id)
        kinds[person_id] = read_document(chip.transmit, FixedHandler(person.can, person.mrz), today=TODAY)
    assert kinds["martin-claire"].document_kind is DocumentKind.CNIE
    assert kinds["dubois-jean"].document_kind is DocumentKind.PASSPORT
    assert kinds["rossi-giulia"].document_kind is DocumentKind.ID_CARD


def test_wrong_can_is_a_clear_french_error() -> None:
    chip = _chip("martin-claire")
    with pytest.raises(CardError) as caught:
        read_document(chip.transmit, FixedHandler(), access=CanKey("654321"), today=TODAY)
    assert caught.value.code == "wrong_can"
    assert caught.value.message == "Mauvais CAN : vérifiez les 6 chiffres imprimés au recto de la carte."
    # The same chip then accepts the right CAN: a wrong try leaves no state behind.
    identity = read_document(chip.transmit, FixedHandler(), access=CanKey("123456"), today=TODAY)
    assert identity.surname == "MARTIN"


def test_pace_with_the_mrz_when_the_agent_has_no_can() -> None:
    person = demo_person("bernard-louis")
    identity = read_document(_chip(person.id).transmit, FixedHandler(can=None, mrz=person.mrz), today=TODAY)
    assert identity.access == "PACE-MRZ"


def test_bac_only_chip_with_the_mrz_information_and_a_wrong_one() -> None:
    person = demo_person("dubois-jean")
    chip = _chip(person.id)
    info = build_content(person).mrz_information
    identity = read_document(chip.transmit, FixedHandler(), access=MrzKey.from_text(info), today=TODAY)
    assert (identity.access, identity.surname) == ("BAC", "DUBOIS")
    wrong = MrzKey.from_text(info[:10] + "580604" + "5" + info[17:])
    with pytest.raises(CardError) as caught:
        read_document(chip.transmit, FixedHandler(), access=wrong, today=TODAY)
    assert caught.value.code == "wrong_mrz"


def test_a_can_for_a_bac_only_chip_falls_back_to_asking_the_mrz() -> None:
    person = demo_person("dubois-jean")
    handler = FixedHandler(can="123456", mrz=person.mrz)
    identity = read_document(_chip(person.id).transmit, handler, access=CanKey("123456"), today=TODAY)
    assert identity.access == "BAC"


def test_cancel_when_the_agent_gives_nothing() -> None:
    with pytest.raises(CardError) as caught:
        read_document(_chip("martin-claire").transmit, FixedHandler(), today=TODAY)
    assert caught.value.code == "cancelled"


def test_tampered_dg1_shows_that_check_failed() -> None:
    chip = _chip("martin-claire", tamper_dg1=True)
    identity = read_document(chip.transmit, FixedHandler(can="123456"), today=TODAY)
    assert identity.check("dg1_hash").status is CheckStatus.FAILED  # type: ignore[union-attr]
    assert identity.check("dg2_hash").status is CheckStatus.PASSED  # type: ignore[union-attr]
    assert identity.check("sod_signature").status is CheckStatus.PASSED  # type: ignore[union-attr]
    assert identity.check("csca_chain").status is CheckStatus.NOT_RUN  # type: ignore[union-attr]
    assert not identity.authentic


def test_signer_from_another_csca_fails_the_chain_check() -> None:
    other = CscaStore((generate_pki().csca_certificate,))
    identity = read_document(_chip("martin-claire").transmit, FixedHandler(can="123456"), csca=other, today=TODAY)
    assert identity.check("csca_chain").status is CheckStatus.FAILED  # type: ignore[union-attr]
    assert identity.check("sod_signature").status is CheckStatus.PASSED  # type: ignore[union-attr]


def test_status_words_before_authentication() -> None:
    chip = _chip("dubois-jean")
    assert chip.transmit(Apdu(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID).to_bytes()) == b"\x90\x00"
    assert chip.transmit(Apdu(0x00, 0xA4, 0x02, 0x0C, b"\x01\x01").to_bytes()) == b"\x69\x82"
    assert chip.transmit(Apdu(0x00, 0xB0, 0x00, 0x00, le=4).to_bytes())[-2:] == b"\x69\x85"
    challenge = chip.transmit(Apdu(0x00, 0x84, 0x00, 0x00, le=8).to_bytes())
    assert len(challenge) == 10 and challenge[-2:] == b"\x90\x00"
    assert chip.transmit(Apdu(0x00, 0x82, 0x00, 0x00, bytes(40), 40).to_bytes()) == b"\x63\x00"
    assert chip.transmit(bytes.fromhex("0CB000000D9701048E08ED6705417E96BA5500")) == b"\x69\x87"


def test_secure_responses_carry_do99() -> None:
    chip = _chip("martin-claire")
    answers: list[bytes] = []

    def spy(raw: bytes) -> bytes:
        answer = chip.transmit(raw)
        if raw[0] & 0x0C == 0x0C:
            answers.append(answer)
        return answer

    read_document(spy, FixedHandler(can="123456"), today=TODAY)
    assert answers
    for answer in answers:
        tags = [item.tag for item in parse_all(answer[:-2])]
        assert 0x99 in tags and tags[-1] == 0x8E


def test_csca_store_loads_pem_and_der_files(tmp_path: Path) -> None:
    csca = shared_test_pki("IT").csca_certificate  # ROSSI's card is Italy's
    (tmp_path / "csca.pem").write_bytes(csca.public_bytes(Encoding.PEM))
    (tmp_path / "autre.der").write_bytes(generate_pki().csca_certificate.public_bytes(Encoding.DER))
    store = CscaStore.from_paths([tmp_path])
    assert len(store.certificates) == 2
    identity = read_document(_chip("rossi-giulia").transmit, FixedHandler(can="314159"), csca=store, today=TODAY)
    assert identity.check("csca_chain").status is CheckStatus.PASSED  # type: ignore[union-attr]


def test_regression_a_face_declaring_too_many_pixels_is_refused_before_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found by fuzzing: 260 bytes of JPEG 2000 declaring 13000 x 13000 were decoded whole on the reader's thread
    (15 s, 3 GB; draft() shrinks JPEG only). Here 2100 x 2100, above the cap, in the same few hundred bytes."""
    import io

    from PIL import Image, Jpeg2KImagePlugin

    def encoded(side: int) -> bytes:
        out = io.BytesIO()
        flat = Image.new("RGB", (side, side), (128, 128, 128))
        flat.save(out, "JPEG2000", quality_mode="rates", quality_layers=[20000], irreversible=True)
        return out.getvalue()

    decoded: list[tuple[int, int]] = []
    original = Jpeg2KImagePlugin.Jpeg2KImageFile.load

    def spy(self: Jpeg2KImagePlugin.Jpeg2KImageFile) -> object:
        decoded.append(self.size)
        return original(self)

    monkeypatch.setattr(Jpeg2KImagePlugin.Jpeg2KImageFile, "load", spy)
    huge = encoded(2100)
    assert FACE_MAX_PIXELS < 2100 * 2100 and len(huge) < 1000
    assert face_to_png(huge) is None and decoded == []
    assert face_to_png(encoded(400)) is not None and set(decoded) == {(400, 400)}  # a real-sized face still shows

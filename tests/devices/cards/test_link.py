"""Every answer a chip gives, read as the standard means it: bare status words in secure messaging, answers
without DO99 or MAC, sessions the chip ends, chips without short file identifiers or that refuse extended reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.devices.cards.apdu import Apdu
from desktop.devices.cards.demo_persons import demo_person
from desktop.devices.cards.errors import CardError, SecureMessagingError
from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.cards.handler import CanKey, FixedHandler
from desktop.devices.cards.identity import CheckStatus, IdentityRead
from desktop.devices.cards.lds import FILE_IDS
from desktop.devices.cards.link import MAX_FILE
from desktop.devices.cards.session import read_document
from desktop.devices.cards.sm import SecureChannel
from desktop.devices.cards.tlv import encode
from desktop.devices.cards.vchip.build import ChipContent, build_content, build_dg2, build_sod
from desktop.devices.cards.vchip.chip import VirtualChip
from desktop.devices.cards.vchip.faces import face_bytes
from desktop.devices.cards.vchip.pki import DemoCscas, shared_test_pki
from desktop.devices.cards.vchip.profiles import atr_for

TODAY = date(2026, 11, 30)
H = bytes.fromhex


def _pair() -> tuple[SecureChannel, SecureChannel]:
    keys = (H("00112233445566778899AABBCCDDEEFF"), H("FFEEDDCCBBAA99887766554433221100"))
    return SecureChannel("aes", *keys), SecureChannel("aes", *keys)


def test_bare_status_words_inside_secure_messaging_are_that_status() -> None:
    terminal, _ = _pair()
    assert terminal.unwrap(H("6A82")) == (b"", 0x6A82)
    assert terminal.unwrap(H("6987")) == (b"", 0x6987)
    with pytest.raises(SecureMessagingError):
        terminal.unwrap(H("9000"))  # a plain success would be forged


def test_do99_alone_is_an_error_status_never_a_success_or_data() -> None:
    terminal, _ = _pair()
    assert terminal.unwrap(H("99026A82") + H("6A82")) == (b"", 0x6A82)
    with pytest.raises(SecureMessagingError):
        terminal.unwrap(H("99029000") + H("9000"))


def test_an_answer_without_do99_takes_the_trailer_under_the_mac() -> None:
    terminal, chip = _pair()
    chip.unwrap_command(terminal.wrap(Apdu(0x00, 0xB0, 0, 0, le=4)))
    chip._step()
    do87 = encode(0x87, b"\x01" + chip._encrypt(b"\x60\x14\x5f\x01"))
    mac = chip._mac(do87)
    assert terminal.unwrap(do87 + encode(0x8E, mac) + H("9000")) == (b"\x60\x14\x5f\x01", 0x9000)


def _read(content_chip: VirtualChip, transmit: Callable[[bytes], bytes] | None = None) -> object:
    person = demo_person("martin-claire")
    return read_document(
        transmit or content_chip.transmit,
        FixedHandler(can=person.can),
        today=TODAY,
        atr=atr_for(content_chip.content.profile),
    )


def test_a_chip_that_ends_secure_messaging_is_authenticated_again_and_the_read_goes_on() -> None:
    chip = VirtualChip(build_content(demo_person("martin-claire"), face_target_bytes=3000))
    pace_runs = 0
    dropped = False

    def transmit(apdu: bytes) -> bytes:
        nonlocal pace_runs, dropped
        if apdu[1] == 0x22:
            pace_runs += 1
        if apdu[0] & 0x0C == 0x0C and apdu[1] == 0xB0 and apdu[2] == 0x82 and not dropped:
            dropped = True  # the DG2 read: the chip says its secure messaging objects were wrong
            chip.reset()
            return H("6988")
        return chip.transmit(apdu)

    identity = _read(chip, transmit)
    assert pace_runs == 2 and identity.authentic  # type: ignore[attr-defined]


def test_a_chip_that_keeps_ending_the_session_gives_a_card_error() -> None:
    chip = VirtualChip(build_content(demo_person("martin-claire"), face_target_bytes=3000))

    def transmit(apdu: bytes) -> bytes:
        return H("6987") if apdu[0] & 0x0C == 0x0C and apdu[1] == 0xB0 else chip.transmit(apdu)

    with pytest.raises(CardError) as caught:
        _read(chip, transmit)
    assert caught.value.code == "chip_error"


def test_plain_status_chip_reads_what_is_there() -> None:
    chip = VirtualChip(build_content(demo_person("martin-claire"), face_target_bytes=3000, profile="plain-status"))
    identity = _read(chip)
    assert identity.files_read == ("EF.COM", "DG1", "DG2", "EF.SOD")  # type: ignore[attr-defined]
    assert identity.authentic  # type: ignore[attr-defined]


def test_chip_without_short_file_identifiers_falls_back_to_select() -> None:
    chip = VirtualChip(build_content(demo_person("martin-claire"), face_target_bytes=3000))
    sfi_reads = 0

    def transmit(apdu: bytes) -> bytes:
        nonlocal sfi_reads
        if apdu[1] == 0xB0 and apdu[2] & 0x80:
            sfi_reads += 1
            return H("6A86")  # incorrect P1/P2: this chip does not read by short file identifier
        return chip.transmit(apdu)

    identity = _read(chip, transmit)
    assert identity.authentic and sfi_reads == 1  # type: ignore[attr-defined]  # asked once, then SELECT


def test_chip_that_refuses_extended_reads_is_read_in_short_chunks() -> None:
    chip = VirtualChip(build_content(demo_person("martin-claire")))
    refused = 0

    def transmit(apdu: bytes) -> bytes:
        nonlocal refused
        if apdu[0] & 0x0C == 0x0C and len(apdu) > 5 and apdu[4] == 0:  # an extended protected command
            refused += 1
            return H("6700")
        return chip.transmit(apdu)

    identity = _read(chip, transmit)
    assert identity.authentic and refused == 1  # type: ignore[attr-defined]
    assert identity.check("dg2_hash").status is CheckStatus.PASSED  # type: ignore[attr-defined]


def _stingy(chip: VirtualChip, size: int) -> int:
    """Answer every protected READ BINARY after a file's header with `size` bytes; returns the READ BINARY count."""
    original = chip._read_binary
    reads = 0

    def stingy(command: Apdu, secure: bool) -> tuple[bytes, int]:
        nonlocal reads
        data, status = original(command, secure)
        if not secure:
            return data, status
        reads += 1
        header = command.p2 == 0 and (command.p1 & 0x80 or command.p1 == 0)  # the 4-byte read of a file's header
        return data[: 4 if header else size], status

    chip._read_binary = stingy  # type: ignore[method-assign]
    with pytest.raises(CardError) as refused:
        _read(chip)
    assert refused.value.code == "chip_error"
    return reads


def test_regression_a_chip_answering_a_byte_at_a_time_is_a_chip_error_within_a_budget() -> None:
    """Found by fuzzing: read_file took any non-empty answer, so a chip answering one byte per READ BINARY and
    declaring a 32 KB DG2 cost about 33,700 exchanges (some 11 minutes contactless) before anything was said."""
    content = build_content(demo_person("martin-claire"), face_target_bytes=3000)
    files = dict(content.files)
    files[0x0102] = encode(0x75, bytes(0x7FF0))  # a DG2 declaring about 32 KB
    reads = _stingy(VirtualChip(replace(content, files=files)), 1)
    assert reads < 2000  # the budget of a 32 KB file is 8 x 147 short chunks + 50


def test_a_chip_answering_short_chunks_is_still_read() -> None:
    """Some chips answer fewer bytes than asked: 64 at a time still reads whole."""
    chip = VirtualChip(build_content(demo_person("martin-claire"), face_target_bytes=3000))
    original = chip._read_binary

    def short(command: Apdu, secure: bool) -> tuple[bytes, int]:
        data, status = original(command, secure)
        return (data[:64], status) if secure and len(data) > 64 else (data, status)

    chip._read_binary = short  # type: ignore[method-assign]
    assert _read(chip).authentic  # type: ignore[attr-defined]


# Files over 32 KiB -------------------------------------------------------------------------------------------------
# READ BINARY (B0) writes its offset in 15 bits: past 32767 the odd INS (B1) carries it in DO54 (ISO 7816-4), and
# secure messaging carries B1's BER-TLV data in DO85. A chip that refuses B1 loses only the oversized optional file.


def big_face_content(person_id: str, *, odd_read: bool = True, profile: str = "standard") -> ChipContent:
    """`person_id`'s document whose DG2 holds a face image padded past 32 KiB, signed in EF.SOD like the rest."""
    person = demo_person(person_id)
    base = build_content(person, profile=profile)
    dg2 = build_dg2(face_bytes(person.id, person.face_format, 15000) + bytes(20000), person.face_format, person.sex)
    assert len(dg2) > 0x8000
    files = dict(base.files)
    files[FILE_IDS["DG2"]] = dg2
    files[FILE_IDS["SOD"]] = build_sod({1: base.dg1, 2: dg2}, shared_test_pki("FR"))
    return replace(base, files=files, dg2=dg2, profile=replace(base.profile, odd_read=odd_read))


def _read_counting(content: ChipContent, person_id: str) -> tuple[IdentityRead, int]:
    """The read (with the demo's test CSCAs) and how many READ BINARY with odd INS the chip was sent."""
    chip = VirtualChip(content)
    person = demo_person(person_id)
    odd = 0

    def transmit(apdu: bytes) -> bytes:
        nonlocal odd
        odd += apdu[1] == 0xB1
        return chip.transmit(apdu)

    handler = FixedHandler(can=person.can, mrz=person.mrz)
    read = read_document(transmit, handler, csca=DemoCscas(), today=TODAY, atr=atr_for(content.profile))
    return read, odd


@pytest.mark.parametrize(
    ("person_id", "profile"),
    [("martin-claire", "standard"), ("nguyen-lan", "standard"), ("dubois-jean", "bac-only"), ("martin-claire", "t0")],
)
def test_a_dg2_over_32_kib_is_read_past_32767_with_the_odd_ins(person_id: str, profile: str) -> None:
    content = big_face_content(person_id, profile=profile)
    read, odd = _read_counting(content, person_id)
    assert odd > 0 and read.face_image is not None and read.face_png is not None
    assert read.check("dg2_hash").status is CheckStatus.PASSED  # type: ignore[union-attr]
    assert read.check("face_image") is None and read.proven


def test_through_the_simulated_reader_of_the_demo() -> None:
    person = demo_person("martin-claire")
    assert person.can is not None
    reader = FakeCardReader(csca=DemoCscas())
    reader.insert(big_face_content("martin-claire"))
    try:
        read = reader.read_identity(FixedHandler(can=person.can), access=CanKey(person.can)).result(60)
    finally:
        reader.close()
    assert read.proven and read.check("dg2_hash").status is CheckStatus.PASSED  # type: ignore[union-attr]


def test_a_chip_refusing_the_odd_ins_keeps_the_identity_and_says_why_there_is_no_photo() -> None:
    read, odd = _read_counting(big_face_content("martin-claire", odd_read=False), "martin-claire")
    assert odd == 1  # asked once, refused: no « réessayez », the read goes on without the photo
    assert read.surname == "MARTIN" and read.birth_date == date(1990, 1, 15)
    assert "DG2" not in read.files_read and read.face_image is None and read.check("dg2_hash") is None
    face = read.check("face_image")
    assert face is not None and face.status is CheckStatus.NOT_RUN
    assert "32 Ko" in face.detail and "photo imprimée" in face.detail and "n'y changera rien" in face.detail
    assert not read.failed and read.proven  # DG1 and EF.SOD are what prove the identity


def test_a_dg2_declaring_more_than_max_file_is_left_out_not_a_chip_error() -> None:
    content = build_content(demo_person("martin-claire"), face_target_bytes=3000)
    files = dict(content.files)
    files[FILE_IDS["DG2"]] = encode(0x75, bytes(MAX_FILE))  # its header says 128 KiB and more
    read, _odd = _read_counting(replace(content, files=files), "martin-claire")
    assert read.surname == "MARTIN" and "DG2" not in read.files_read
    assert read.check("face_image").status is CheckStatus.NOT_RUN  # type: ignore[union-attr]


def test_odd_ins_data_travel_in_do85_both_ways() -> None:
    terminal, chip = _pair()
    command = Apdu(0x00, 0xB1, 0, 0, encode(0x54, H("8000")), le=100)
    protected = terminal.wrap(command)
    assert protected[5] == 0x85  # the first data object: DO85, no padding-content indicator
    assert chip.unwrap_command(protected) == command
    answer = chip.wrap_response(encode(0x53, b"face"), 0x9000, ins=0xB1)
    assert answer[0] == 0x85
    assert terminal.unwrap(answer) == (encode(0x53, b"face"), 0x9000)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300), st.sampled_from([0x9000, 0x6282, 0x6A82, 0x6700, 0x6D00]))
def test_hostile_answers_to_the_odd_ins_never_crash(answer: bytes, status: int) -> None:
    content = big_face_content_cached()
    chip = VirtualChip(content)
    chip._read_binary_odd = lambda command, secure: (answer, status)  # type: ignore[method-assign]
    try:
        read = read_document(chip.transmit, FixedHandler(can="123456"), today=TODAY, atr=atr_for(content.profile))
    except CardError:
        return
    assert read.surname == "MARTIN"


@lru_cache(maxsize=1)
def big_face_content_cached() -> ChipContent:
    return big_face_content("martin-claire")


def test_an_ef_sod_over_32_kib_the_chip_will_not_give_is_a_signature_not_run() -> None:
    content = big_face_content("martin-claire", odd_read=False)
    files = dict(content.files)
    files[FILE_IDS["SOD"]] = encode(0x77, bytes(0x9000))
    read, _odd = _read_counting(replace(content, files=files), "martin-claire")
    signature = read.check("sod_signature")
    assert signature is not None and signature.status is CheckStatus.NOT_RUN and "32 Ko" in signature.detail
    assert read.surname == "MARTIN" and not read.authentic

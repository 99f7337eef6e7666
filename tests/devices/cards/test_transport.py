"""Below secure messaging: T=0 procedure bytes, what the ATR announces, reader kinds, extended APDUs."""

from __future__ import annotations

import pytest

from desktop.devices.cards.apdu import Apdu
from desktop.devices.cards.errors import CardError
from desktop.devices.cards.transport import (
    EXTENDED_CHUNK,
    SHORT_CHUNK,
    announce_from_atr,
    announce_from_atr_info,
    apdu_timeout,
    historical_bytes,
    reader_kind,
    t0_transmit,
)
from desktop.devices.cards.vchip.profiles import PROFILES, atr_for, atr_info_for

H = bytes.fromhex


def test_61xx_is_fetched_with_get_response_and_6cxx_resent_with_the_right_le() -> None:
    sent: list[bytes] = []
    answers = iter([H("6105"), H("0102030405") + H("6102"), H("0607") + H("9000")])

    def card(apdu: bytes) -> bytes:
        sent.append(apdu)
        return next(answers)

    assert t0_transmit(card)(H("00A4040C07A0000002471001")) == H("01020304050607") + H("9000")
    assert sent[1:] == [H("00C0000005"), H("00C0000002")]

    sent.clear()
    answers = iter([H("6C0A"), H("00" * 10) + H("9000")])
    assert t0_transmit(card)(H("00B09C00DF")) == H("00" * 10) + H("9000")
    assert sent == [H("00B09C00DF"), H("00B09C000A")]


def test_a_chip_that_never_stops_answering_61xx_is_a_card_error() -> None:
    with pytest.raises(CardError) as caught:
        t0_transmit(lambda apdu: H("6101"))(H("0084000008"))
    assert caught.value.code == "chip_error"


def test_a_61xx_with_data_is_data_not_a_procedure_byte() -> None:
    # A protected answer whose status happens to start with 61 carries data: it is not T=0's procedure.
    assert t0_transmit(lambda apdu: H("99026100") + H("6100"))(H("0CB0")) == H("99026100") + H("6100")


@pytest.mark.parametrize("name", [name for name, p in PROFILES.items() if not p.atr_info])
def test_extended_length_is_read_from_the_atr(name: str) -> None:
    profile = PROFILES[name]
    announce = announce_from_atr(atr_for(profile))
    assert announce.known and announce.extended_length is profile.extended_length
    assert announce.read_chunk == (EXTENDED_CHUNK if profile.extended_length else SHORT_CHUNK)


def test_a_silent_atr_leaves_it_to_ef_atr_info_and_its_largest_response() -> None:
    profile = PROFILES["active-auth"]
    assert not announce_from_atr(atr_for(profile)).known
    info = atr_info_for(profile)
    assert info is not None
    announce = announce_from_atr_info(info)
    assert announce.extended_length and announce.max_response == 2048
    assert SHORT_CHUNK < announce.read_chunk <= 2048 - 40
    assert announce_from_atr_info(H("470300C040")).extended_length  # card capabilities as a BER-TLV object
    assert not announce_from_atr_info(H("47")).known


def test_atrs_without_card_capabilities_or_truncated_mean_short_reads() -> None:
    assert not announce_from_atr(H("3B888001E1F35E1177839500D0")).extended_length  # category E1: not compact-TLV
    assert not announce_from_atr(b"").extended_length
    assert not announce_from_atr(H("3B8F80")).extended_length
    assert historical_bytes(H("3B0380730040")) == H("80730040")[:3]


def test_reader_kind_and_its_apdu_timeout() -> None:
    assert reader_kind("Virtual PCD 00 00") == "virtual"
    assert reader_kind("Identiv uTrust 3700 F CL Reader [uTrust 3700 F CL Reader] 00 00") == "contactless"
    assert reader_kind("OMNIKEY CardMan 5x21-CL 0") == "contactless"
    assert reader_kind("Gemalto PC Twin Reader 00 00") == "contact"
    assert apdu_timeout("ACS ACR1252 Dual Reader [ACR1252 Dual Reader PICC] 00 00") > apdu_timeout("Gemalto USB")


def test_extended_apdus_encode_and_parse_back() -> None:
    read = Apdu(0x00, 0xB0, 0x01, 0x00, le=0xF00)
    assert read.to_bytes() == H("00B00100000F00")
    assert Apdu.parse(read.to_bytes()) == read
    big = Apdu(0x00, 0xD6, 0x00, 0x00, bytes(300), 0x10000)
    assert Apdu.parse(big.to_bytes()) == big
    assert Apdu(0x00, 0xB0, 0, 0, le=256).to_bytes() == H("00B0000000")  # short stays short

"""Hostile bytes: parsers and the secure-messaging unwrap raise only their own error type and always end."""

from __future__ import annotations

import contextlib
from functools import lru_cache

import pytest
from fuzzkit import mutated
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.devices.cards import lds
from desktop.devices.cards.bac import session_from
from desktop.devices.cards.demo_persons import demo_person
from desktop.devices.cards.errors import CardError, LdsError, SecureMessagingError, TlvError
from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.cards.handler import FixedHandler
from desktop.devices.cards.mrzdata import parse_mrz_text
from desktop.devices.cards.pace import parse_card_access
from desktop.devices.cards.passive_auth import passive_authentication
from desktop.devices.cards.session import read_document
from desktop.devices.cards.sm import SecureChannel
from desktop.devices.cards.tlv import parse_all
from desktop.devices.cards.vchip.build import ChipContent, build_content
from desktop.devices.cards.vchip.chip import VirtualChip

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
H = bytes.fromhex


@lru_cache(maxsize=1)
def _content() -> ChipContent:
    return build_content(demo_person("martin-claire"), face_target_bytes=3000)


@FAST
@given(st.binary(max_size=300))
def test_tlv_random_bytes(data: bytes) -> None:
    with contextlib.suppress(TlvError):
        parse_all(data)


def _lds_parsers() -> list[tuple[str, bytes]]:
    content = _content()
    return [
        ("com", content.files[0x011E]),
        ("dg1", content.dg1),
        ("dg2", content.dg2),
        ("sod", content.files[0x011D]),
        ("card_access", content.files[0x011C]),
    ]


PARSERS = {
    "com": lds.parse_com,
    "dg1": lds.parse_dg1,
    "dg2": lds.parse_dg2,
    "sod": lds.parse_sod,
    "card_access": parse_card_access,
}


@pytest.mark.parametrize("name", list(PARSERS))
def test_lds_parsers_on_random_and_mutated_files(name: str) -> None:
    original = dict(_lds_parsers())[name]
    parser = PARSERS[name]

    @FAST
    @given(st.one_of(st.binary(max_size=400), mutated(original)))
    def run(data: bytes) -> None:
        with contextlib.suppress(LdsError):
            parser(data)

    run()


@FAST
@given(
    st.one_of(
        st.text(max_size=100), st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<", min_size=72, max_size=90)
    )
)
def test_mrz_text_parser(text: str) -> None:
    with contextlib.suppress(LdsError):
        parse_mrz_text(text)


@FAST
@given(mutated(_content().files[0x011D]))
def test_passive_authentication_never_raises_on_a_mangled_sod(sod: bytes) -> None:
    checks = passive_authentication(sod, {1: _content().dg1}, None)
    assert any(c.id == "sod_signature" for c in checks)


def _channel() -> SecureChannel:
    return session_from(
        H("0B795240CB7049B01C19B33E32804F0B"),
        H("0B4F80323EB3191CB04970CB4052790B"),
        H("4608F91988702212"),
        H("781723860C06C226"),
    )


VALID_RESPONSE = H("871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D74") + H("9000")


@FAST
@given(st.one_of(st.binary(max_size=300), mutated(VALID_RESPONSE)))
def test_secure_messaging_unwrap(response: bytes) -> None:
    for cipher in ("3des", "aes"):
        channel = _channel() if cipher == "3des" else SecureChannel("aes", bytes(16), bytes(16))
        with contextlib.suppress(SecureMessagingError):
            channel.unwrap(response)
        with contextlib.suppress(SecureMessagingError):
            channel.unwrap_command(response)


@FAST
@given(st.binary(max_size=300))
def test_virtual_chip_answers_every_command(command: bytes) -> None:
    answer = VirtualChip(_content()).transmit(command)
    assert len(answer) >= 2


@pytest.mark.slow  # several seconds of generated cases: the quick run leaves it to CI
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 120), st.integers(1, 255), st.integers(0, 300))
def test_read_flow_with_one_corrupted_chip_answer(index: int, xor: int, position: int) -> None:
    chip = VirtualChip(_content())
    count = 0

    def transmit(apdu: bytes) -> bytes:
        nonlocal count
        answer = bytearray(chip.transmit(apdu))
        if count == index and answer:
            answer[position % len(answer)] ^= xor
        count += 1
        return bytes(answer)

    try:
        identity = read_document(transmit, FixedHandler(can="123456"))
    except CardError:
        return
    # A corruption the protocol tolerates (e.g. in a status word we ignore) must not go unnoticed in the data.
    assert identity.surname == "MARTIN"


def test_regression_signer_certificate_with_an_unknown_x509_version() -> None:
    """Found by hypothesis: a certificate claiming X.509 version 4 raised cryptography's InvalidVersion."""
    sod = _content().files[0x011D]
    marker = bytes.fromhex("a003020102")  # [0] EXPLICIT INTEGER 2: the certificate's version field (v3)
    assert marker in sod
    mangled = sod.replace(marker, bytes.fromhex("a003020103"), 1)
    checks = passive_authentication(mangled, {1: _content().dg1}, None)
    signature = next(c for c in checks if c.id == "sod_signature")
    assert signature.status.value == "failed"


@st.composite
def mangling(draw: st.DrawFn) -> dict[int, tuple[str, int, int]]:
    """Which answers of a read to spoil (by APDU number) and how."""
    spoiled = draw(
        st.dictionaries(
            st.integers(0, 30),
            st.tuples(
                st.sampled_from(["status", "truncate", "reorder", "bare_ok", "duplicate"]),
                st.integers(0, 0xFFFF),
                st.integers(0, 400),
            ),
            min_size=1,
            max_size=3,
        )
    )
    return spoiled


def _spoil(answer: bytes, how: str, word: int, position: int) -> bytes:
    if how == "status":
        return word.to_bytes(2, "big")  # a bare status word of any value, inside or outside secure messaging
    if how == "truncate":
        return answer[: position % (len(answer) + 1)]
    if how == "bare_ok":
        return b"\x90\x00"
    try:
        items = [item.raw for item in parse_all(answer[:-2])]
    except TlvError:
        return answer[::-1]
    if how == "duplicate":
        return b"".join(items + items[:1]) + answer[-2:]
    shift = position % max(1, len(items))
    return b"".join(items[shift:] + items[:shift][::-1]) + answer[-2:]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangling())
def test_session_fed_random_status_words_and_mangled_secure_messaging(spoiled: dict[int, tuple[str, int, int]]) -> None:
    _read_spoiled_then_clean(spoiled)


@pytest.mark.slow  # the same with many more cases: CI runs it
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangling())
def test_session_fed_many_random_status_words_and_mangled_secure_messaging(
    spoiled: dict[int, tuple[str, int, int]],
) -> None:
    _read_spoiled_then_clean(spoiled)


def _read_spoiled_then_clean(spoiled: dict[int, tuple[str, int, int]]) -> None:
    reader = FakeCardReader()
    chip = reader.insert(_content())
    clean = chip.transmit
    count = 0

    def transmit(apdu: bytes) -> bytes:
        nonlocal count
        answer = clean(apdu)
        if count in spoiled:
            answer = _spoil(answer, *spoiled[count])
        count += 1
        return answer

    chip.transmit = transmit  # type: ignore[method-assign]
    with contextlib.suppress(CardError):  # only the card layer's own errors come out; anything else fails
        reader.read_identity(FixedHandler(can="123456")).result(30)
    chip.transmit = clean  # type: ignore[method-assign]
    identity = reader.read_identity(FixedHandler(can="123456")).result(30)
    assert identity.surname == "MARTIN" and identity.authentic  # the reader and its worker are still usable
    reader.close()

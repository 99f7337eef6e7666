"""Below secure messaging: T=0 answers (61xx, 6Cxx), what the chip announces (extended length), reader kinds.

A T=0 reader passes the chip's procedure bytes up as status words: ``61xx`` says "xx bytes wait, fetch them with
GET RESPONSE", ``6Cxx`` says "ask again with Le = xx". pcsc-lite and WinSCard leave both to the application.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.devices.cards.errors import TlvError, card_error
from desktop.devices.cards.tlv import iter_tlv
from desktop.i18n import _

Transmit = Callable[[bytes], bytes]
GET_RESPONSE = bytes.fromhex("00C00000")
# A chip that keeps answering 61xx would loop forever; real data never needs more than this many GET RESPONSEs.
MAX_GET_RESPONSE = 300


def t0_transmit(transmit: Transmit) -> Transmit:
    """`transmit` with 61xx answered by GET RESPONSE and 6Cxx by the same command with the announced Le."""

    def send(apdu: bytes) -> bytes:
        answer = transmit(apdu)
        if len(answer) < 2:
            raise card_error("chip_error")
        # Procedure bytes come alone: an answer with data that ends in 61xx or 6Cxx is just that answer.
        if len(answer) == 2 and answer[0] == 0x6C and len(apdu) >= 4:
            answer = transmit(_with_le(apdu, answer[1]))
            if len(answer) < 2:
                raise card_error("chip_error")
        if len(answer) != 2 or answer[0] != 0x61:
            return answer
        data = bytearray()
        for _attempt in range(MAX_GET_RESPONSE):
            answer = transmit(GET_RESPONSE + answer[-1:])
            if len(answer) < 2:
                raise card_error("chip_error")
            data.extend(answer[:-2])
            if answer[-2] != 0x61:
                return bytes(data) + answer[-2:]
        raise card_error("chip_error")

    return send


def _with_le(apdu: bytes, le: int) -> bytes:
    """The short command `apdu` with its Le byte replaced (or added)."""
    body = apdu[4:]
    if not body:
        return apdu + bytes([le])
    if len(body) == 1:
        return apdu[:4] + bytes([le])
    lc = body[0]
    if lc and len(body) == 1 + lc:
        return apdu + bytes([le])
    if lc and len(body) == 2 + lc:
        return apdu[:-1] + bytes([le])
    return apdu


SHORT_CHUNK = 0xDF
EXTENDED_CHUNK = 0xF00
SM_OVERHEAD = 48  # DO87 header and padding, DO99, DO8E and the status word around the protected data


@dataclass(frozen=True, slots=True)
class ChipAnnounce:
    """What the chip says about itself: card capabilities in its ATR/ATS historical bytes (ISO 7816-4, 8.1.1.2.7)
    or in EF.ATR/INFO, with the longest response it accepts to send when it says so."""

    extended_length: bool = False
    known: bool = False  # whether the chip said anything at all (else EF.ATR/INFO is worth reading)
    max_response: int = 0  # from EF.ATR/INFO's extended length information, 0 when not given

    @property
    def read_chunk(self) -> int:
        """Largest READ BINARY worth asking in one command, secure messaging included."""
        # Short: DO87 + DO99 + DO8E must fit 256 bytes. Extended: stay well below the 64 KB limit of readers and
        # the 4 KB buffers many chips and CCID firmwares have, and below what the chip says it can send.
        if not self.extended_length:
            return SHORT_CHUNK
        if self.max_response:
            return max(SHORT_CHUNK, min(EXTENDED_CHUNK, self.max_response - SM_OVERHEAD))
        return EXTENDED_CHUNK


EF_ATR_INFO = 0x2F01


def announce_from_atr_info(data: bytes) -> ChipAnnounce:
    """EF.ATR/INFO (ISO 7816-4, 8.2.1.1): card capabilities (tag 47) and extended length information (7F66)."""
    extended, maximum = False, 0
    try:
        for item in iter_tlv(data):
            if item.tag == 0x47 and len(item.value) >= 3:
                extended = extended or bool(item.value[2] & 0x40)
            elif item.tag == 0x7F66:
                extended = True
                sizes = [child for child in item.children() if child.tag == 0x02]
                if len(sizes) >= 2:
                    maximum = int.from_bytes(sizes[1].value[:3], "big")
    except TlvError:
        return ChipAnnounce()
    return ChipAnnounce(extended_length=extended, known=True, max_response=maximum)


def historical_bytes(atr: bytes) -> bytes:
    """The historical bytes of an ISO 7816-3 ATR (the ATS historical bytes of a contactless chip, as PC/SC maps
    them); TlvError when the ATR is too short for what it announces."""
    if len(atr) < 2:
        raise TlvError("ATR trop court")
    t0 = atr[1]
    count = t0 & 0x0F
    pos, indicator = 2, t0
    while True:
        pos += bin(indicator & 0xF0).count("1")
        if not indicator & 0x80:
            break
        if pos - 1 >= len(atr):
            raise TlvError(_("ATR tronqué"))
        indicator = atr[pos - 1]
    if pos + count > len(atr):
        raise TlvError(_("ATR tronqué"))
    return atr[pos : pos + count]


def announce_from_atr(atr: bytes) -> ChipAnnounce:
    """Card capabilities (compact-TLV tag 7): third byte bit 0x40 says extended Lc/Le is supported."""
    try:
        history = historical_bytes(atr)
    except TlvError:
        return ChipAnnounce()
    if not history or history[0] != 0x80:
        return ChipAnnounce()
    pos = 1
    while pos < len(history):
        tag, size = history[pos] >> 4, history[pos] & 0x0F
        value = history[pos + 1 : pos + 1 + size]
        if tag == 0x7 and len(value) >= 3:
            return ChipAnnounce(extended_length=bool(value[2] & 0x40), known=True)
        pos += 1 + size
    return ChipAnnounce()


# Reader kinds as data: a name fragment (lower case) and the longest a single APDU may take on it, in seconds.
# Contactless chips compute PACE on a weak field: ICAO allows several seconds; contact chips answer faster and
# ask for more time themselves (WTX), which the driver honours below PC/SC.
READER_KINDS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("virtual", ("virtual pcd", "lecteur simulé"), 5.0),
    ("contactless", ("contactless", "picc", "-cl", " cl ", "nfc", "rfid", "dual"), 8.0),
    ("contact", ("",), 4.0),
)


def reader_kind(name: str) -> str:
    """'virtual', 'contactless' or 'contact' from the reader's PC/SC name."""
    lowered = f" {name.lower()} "
    return next(kind for kind, fragments, _ in READER_KINDS if any(f in lowered for f in fragments))


def apdu_timeout(name: str) -> float:
    """Seconds one APDU may take on reader `name` before the chip is declared unresponsive."""
    kind = reader_kind(name)
    return next(seconds for k, _, seconds in READER_KINDS if k == kind)


@dataclass(frozen=True, slots=True)
class Connection:
    """A card connected on a reader: how to talk to it and what it announced when powered."""

    transmit: Transmit
    atr: bytes = b""

"""Plain or protected exchange with the chip, and reading its files as the standard means every answer."""

from __future__ import annotations

import logging
from collections.abc import Callable

from desktop.devices.cards import lds
from desktop.devices.cards.apdu import (
    SW_CLA_NOT_SUPPORTED,
    SW_END_OF_FILE,
    SW_FUNCTION_NOT_SUPPORTED,
    SW_INS_NOT_SUPPORTED,
    SW_OK,
    SW_SM_OBJECTS_INCORRECT,
    SW_SM_OBJECTS_MISSING,
    SW_WRONG_LENGTH,
    SW_WRONG_P1P2,
    Apdu,
    split_response,
)
from desktop.devices.cards.errors import CardError, LdsError, SecureMessagingError, TlvError, card_error
from desktop.devices.cards.sm import SecureChannel
from desktop.devices.cards.tlv import encode, parse_one
from desktop.devices.cards.transport import (
    EF_ATR_INFO,
    SHORT_CHUNK,
    ChipAnnounce,
    Transmit,
    announce_from_atr_info,
    t0_transmit,
)

log = logging.getLogger(__name__)

# READ BINARY (B0) says its offset in 15 bits of P1-P2: past 32767 a file is read with the odd INS (B1), the offset in
# DO54 (ISO 7816-4). A face image of some 40 KB is met; 128 KiB bounds a lying length field (and a read's time).
MAX_SHORT_OFFSET = 0x7FFF
MAX_FILE = 0x20000
# READ BINARY commands one file may take: 8 times as many as short chunks would need, and some slack. A chip may
# answer fewer bytes than asked, but one answering a byte at a time would hold the counter for minutes (32 KB of
# contactless exchanges per file); past this it is a chip error.
READS_PER_CHUNK = 8
READS_SLACK = 50
READ_OK = frozenset({SW_OK, SW_END_OF_FILE})
SW_WRONG_P1P2_FUNC = 0x6A86
# Answers that mean "I do not read by short file identifier": fall back to SELECT then READ BINARY.
NO_SFI = frozenset({SW_FUNCTION_NOT_SUPPORTED, SW_WRONG_P1P2_FUNC, SW_WRONG_P1P2, SW_INS_NOT_SUPPORTED})


class SessionEnded(Exception):
    """The chip ended secure messaging (6987/6988) or its answer broke it: authenticate again to go on."""


class FileTooLarge(CardError):
    """A file this chip does not let us read whole: over 32 KiB and READ BINARY's odd INS refused, or longer than
    MAX_FILE. Reading again cannot help: a read goes on without an optional file (session.py); for any other, it is
    the chip error it always was."""

    def __init__(self, fid: int, length: int) -> None:
        error = card_error("chip_error")
        super().__init__(error.code, error.message)
        self.fid = fid
        self.length = length


class Link:
    """One connected chip: T=0 procedure below, secure messaging once a session is open."""

    def __init__(self, transmit: Transmit, announce: ChipAnnounce | None = None) -> None:
        self.transmit = t0_transmit(transmit)
        self.announce = announce or ChipAnnounce()
        self.channel: SecureChannel | None = None
        self.chunk = self.announce.read_chunk
        self._sfi = True

    def send(self, command: Apdu) -> tuple[bytes, int]:
        """(data, status word); the status is whatever the chip said, except the two that end the session."""
        if self.channel is None:
            try:
                return split_response(self.transmit(command.to_bytes()))
            except TlvError as exc:
                raise card_error("chip_error") from exc
        try:
            data, status = self.channel.unwrap(self.transmit(self.channel.wrap(command)))
        except SecureMessagingError as exc:
            log.warning("secure messaging failure: %s", exc)
            self.channel = None
            raise SessionEnded from exc
        if status in (SW_SM_OBJECTS_MISSING, SW_SM_OBJECTS_INCORRECT):
            log.info("the chip ended secure messaging (%04X)", status)
            self.channel = None
            raise SessionEnded
        return data, status

    def learn_announce(self) -> None:
        """When the ATR said nothing about lengths, read EF.ATR/INFO (in the MF, before access control)."""
        if self.announce.known or not self.select_file(EF_ATR_INFO):
            return
        data, status = self.send(Apdu(0x00, 0xB0, 0x00, 0x00, le=256))
        if status in READ_OK and data:
            self.announce = announce_from_atr_info(data)
            self.chunk = self.announce.read_chunk

    def select_file(self, fid: int) -> bool:
        """SELECT an elementary file by identifier; False for any refusal (absent, not allowed)."""
        _, status = self.send(Apdu(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big")))
        return status == SW_OK

    def _first(self, fid: int) -> bytes | None:
        """The first bytes of the file (SFI read, else SELECT and a 4-byte read); None when absent."""
        if self._sfi:
            data, status = self.send(Apdu(0x00, 0xB0, 0x80 | (fid & 0x1F), 0x00, le=SHORT_CHUNK))
            if status in READ_OK and data:
                return data
            if status in NO_SFI or status == SW_CLA_NOT_SUPPORTED:
                self._sfi = False
            elif status >> 8 in (0x6A, 0x69, 0x62) and status != SW_END_OF_FILE:
                return None  # 6A82 absent, 6982 not allowed, 6283 deactivated: the file is not there for us
        if not self.select_file(fid):
            return None
        head, status = self.send(Apdu(0x00, 0xB0, 0x00, 0x00, le=4))
        if status not in READ_OK or not head:
            return None
        return head

    def _read_odd(self, offset: int, want: int) -> tuple[bytes, int]:
        """READ BINARY with odd INS at `offset` of the current file: (its bytes, status); b"" when its answer holds
        no DO53 we can read."""
        reference = offset.to_bytes(2 if offset <= 0xFFFF else 3, "big")
        answer, status = self.send(Apdu(0x00, 0xB1, 0x00, 0x00, encode(0x54, reference), le=want + 4))
        if status not in READ_OK:
            return b"", status
        try:
            item, _end = parse_one(answer)
        except TlvError:
            return b"", status
        return (item.value if item.tag == 0x53 else b""), status

    def read_file(self, fid: int, on_bytes: Callable[[int], None] | None = None) -> bytes | None:
        """The whole file, or None when the chip says it is absent; chunks bounded by the length in its header.
        FileTooLarge when the chip will not give it whole (see there)."""
        first = self._first(fid)
        if first is None:
            return None
        try:
            total = lds.file_length(first)
        except LdsError as exc:
            raise card_error("chip_error") from exc
        if total > MAX_FILE:
            log.warning("file %04X declares %d bytes: not read", fid, total)
            raise FileTooLarge(fid, total)
        data = bytearray(first[:total])
        if on_bytes:
            on_bytes(len(data))
        budget = READS_PER_CHUNK * -(-total // SHORT_CHUNK) + READS_SLACK
        while len(data) < total:
            budget -= 1
            if budget < 0:
                log.warning("chip read abandoned: too many READ BINARY for a %d-byte file", total)
                raise card_error("chip_error")
            offset = len(data)
            want = min(self.chunk, total - offset)
            if offset > MAX_SHORT_OFFSET:
                chunk, status = self._read_odd(offset, min(want, self.chunk - 4))
                if status not in READ_OK or not chunk:
                    if status == SW_WRONG_LENGTH and self.chunk > SHORT_CHUNK:
                        self.chunk = SHORT_CHUNK
                        continue
                    log.info("file %04X: READ BINARY past 32 KiB refused (%04X)", fid, status)
                    raise FileTooLarge(fid, total)
                data.extend(chunk[:want])
                if on_bytes:
                    on_bytes(len(chunk))
                continue
            chunk, status = self.send(Apdu(0x00, 0xB0, offset >> 8, offset & 0xFF, le=want))
            if status == SW_WRONG_LENGTH and self.chunk > SHORT_CHUNK:
                # The chip announced extended length but refuses it (or the reader does): short reads then.
                self.chunk = SHORT_CHUNK
                continue
            if status not in READ_OK or not chunk:
                raise card_error("chip_error")
            data.extend(chunk[:want])
            if on_bytes:
                on_bytes(len(chunk))
        return bytes(data)

"""Command APDUs (ISO 7816-4, short and extended length) as plain values, and their parsing on the chip side."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.devices.cards.errors import TlvError
from desktop.i18n import _

SW_OK = 0x9000
SW_WRONG_KEY = 0x6300
SW_WRONG_LENGTH = 0x6700
SW_SECURITY_NOT_SATISFIED = 0x6982
SW_SM_OBJECTS_MISSING = 0x6987
SW_SM_OBJECTS_INCORRECT = 0x6988
SW_CONDITIONS_NOT_SATISFIED = 0x6985
SW_END_OF_FILE = 0x6282
SW_WRONG_DATA = 0x6A80
SW_FUNCTION_NOT_SUPPORTED = 0x6A81
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6B00
SW_INS_NOT_SUPPORTED = 0x6D00
SW_CLA_NOT_SUPPORTED = 0x6E00


@dataclass(frozen=True, slots=True)
class Apdu:
    """A command APDU; `le` is the expected length (256 is written 00), None for no Le field."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    @property
    def header(self) -> bytes:
        """CLA INS P1 P2."""
        return bytes([self.cla, self.ins, self.p1, self.p2])

    @property
    def extended(self) -> bool:
        """Whether this command needs extended length fields (data over 255 bytes or Le over 256)."""
        return len(self.data) > 255 or (self.le is not None and self.le > 256)

    def to_bytes(self) -> bytes:
        """Short-length encoding, or extended when the lengths need it."""
        if len(self.data) > 0xFFFF or (self.le is not None and self.le > 0x10000):
            raise ValueError("APDU trop long")
        out = self.header
        if self.extended:
            out += b"\x00"
            if self.data:
                out += len(self.data).to_bytes(2, "big") + self.data
            if self.le is not None:
                out += (self.le & 0xFFFF).to_bytes(2, "big")
            return out
        if self.data:
            out += bytes([len(self.data)]) + self.data
        if self.le is not None:
            out += bytes([self.le & 0xFF])
        return out

    @classmethod
    def parse(cls, raw: bytes) -> Apdu:
        """Decode a short command APDU; TlvError when its lengths do not add up."""
        if len(raw) < 4:
            raise TlvError("APDU trop court")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or 256)
        lc = body[0]
        if lc == 0:
            return cls._parse_extended(cla, ins, p1, p2, bytes(body))
        if len(body) == 1 + lc:
            return cls(cla, ins, p1, p2, bytes(body[1:]))
        if len(body) == 2 + lc:
            return cls(cla, ins, p1, p2, bytes(body[1:-1]), body[-1] or 256)
        raise TlvError(_("longueurs d'APDU incohérentes"))

    @classmethod
    def _parse_extended(cls, cla: int, ins: int, p1: int, p2: int, body: bytes) -> Apdu:
        if len(body) == 3:
            return cls(cla, ins, p1, p2, le=int.from_bytes(body[1:3], "big") or 0x10000)
        if len(body) < 4:
            raise TlvError(_("APDU étendu tronqué"))
        lc = int.from_bytes(body[1:3], "big")
        if lc == 0:
            raise TlvError(_("longueurs d'APDU incohérentes"))
        if len(body) == 3 + lc:
            return cls(cla, ins, p1, p2, body[3:])
        if len(body) == 5 + lc:
            return cls(cla, ins, p1, p2, body[3:-2], int.from_bytes(body[-2:], "big") or 0x10000)
        raise TlvError(_("longueurs d'APDU incohérentes"))


def split_response(raw: bytes) -> tuple[bytes, int]:
    """(data, status word) of a response APDU; TlvError when shorter than a status word."""
    if len(raw) < 2:
        raise TlvError(_("réponse sans mot d'état"))
    return bytes(raw[:-2]), int.from_bytes(raw[-2:], "big")

"""QR symbols for receipt payloads: alphanumeric mode, error correction M, as a module matrix."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import qrcode
from qrcode.util import MODE_8BIT_BYTE, MODE_ALPHA_NUM, QRData

_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
QUIET_ZONE = 4  # modules of white margin the QR standard asks for


@dataclass(frozen=True, slots=True)
class QrSymbol:
    """A QR symbol without its quiet zone: ``rows[y][x]`` is True for a dark module."""

    version: int
    rows: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        """Modules per side."""
        return len(self.rows)


@lru_cache(maxsize=64)
def make_symbol(text: str) -> QrSymbol:
    """Encode text in one segment (alphanumeric when it can be, bytes otherwise) at level M."""
    mode = MODE_ALPHA_NUM if set(text) <= _ALNUM else MODE_8BIT_BYTE
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(QRData(text.encode("utf-8"), mode=mode), optimize=0)
    code.make(fit=True)
    matrix = code.get_matrix()
    return QrSymbol(version=int(code.version or 0), rows=tuple(tuple(bool(c) for c in row) for row in matrix))

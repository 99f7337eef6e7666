"""QR symbols for receipt payloads: alphanumeric mode, error correction M, as a module matrix.

The symbol is the one the ``qrcode`` library makes, module for module: same version, same mask. Only the choice of
the layout is done here: the library lays out the whole symbol eight times (once per mask) and scores each one module
by module, which was most of a receipt's render time (about 2/3 of the PDF, bench/receipts.py). Here the data is
laid out once, each mask is applied to rows and columns held as integers, and the ISO 18004 penalty rules, scored
exactly as the library scores them, run on bit strings. The library still computes the version, the codewords
(error correction included) and the function patterns; the data modules are filled in the library's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import qrcode
from qrcode.main import QRCode
from qrcode.util import MODE_8BIT_BYTE, MODE_ALPHA_NUM, QRData, create_data, mask_func

_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
QUIET_ZONE = 4  # modules of white margin the QR standard asks for
_RUN = re.compile(r"0{5,}|1{5,}")  # rule 1: five or more modules of one colour in a row or column
_FINDER_LIKE = re.compile(r"(?=10111010000|00001011101)")  # rule 3: 1:1:3:1:1 with four light modules on one side


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
    code = QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(QRData(text.encode("utf-8"), mode=mode), optimize=0)
    version = int(code.best_fit())
    codewords = create_data(version, code.error_correction, code.data_list)
    frame = _frame(version)
    data = _place(frame, codewords)
    best = best_mask(frame, data)
    size = frame.size
    rows = [f | (d ^ m) for f, d, m in zip(frame.final_rows[best], data, frame.mask_rows[best], strict=True)]
    return QrSymbol(version=version, rows=tuple(tuple(bool((v >> c) & 1) for c in range(size)) for v in rows))


@dataclass(frozen=True, slots=True)
class _Frame:
    """Per version: the function modules, the order data modules are filled in, and each mask over them."""

    size: int
    order: tuple[tuple[int, int], ...]  # (row, column) of every data module, in the order codeword bits fill them
    test_rows: tuple[int, ...]  # function modules, format and version info light (as the library's mask test)
    final_rows: tuple[tuple[int, ...], ...]  # [mask][row]: function modules with that mask's format information
    mask_rows: tuple[tuple[int, ...], ...]  # [mask][row]: bits of the data modules that mask inverts
    mask_cols: tuple[tuple[int, ...], ...]  # [mask][column]


def _function_modules(version: int, *, test: bool, pattern: int) -> list[list[bool | None]]:
    """The library's own layout of the function patterns (None where data goes)."""
    code = QRCode(version=version, error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    size = code.modules_count = version * 4 + 17
    modules: list[list[bool | None]] = [[None] * size for _ in range(size)]
    code.modules = modules
    code.setup_position_probe_pattern(0, 0)
    code.setup_position_probe_pattern(size - 7, 0)
    code.setup_position_probe_pattern(0, size - 7)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    code.setup_type_info(test, pattern)
    if version >= 7:
        code.setup_type_number(test)
    return modules


def _bits(modules: list[list[bool | None]], size: int) -> tuple[int, ...]:
    return tuple(sum(1 << c for c in range(size) if modules[r][c]) for r in range(size))


@lru_cache(maxsize=8)
def _frame(version: int) -> _Frame:
    size = version * 4 + 17
    blank = _function_modules(version, test=True, pattern=0)
    order = []
    row, step = size - 1, -1  # two columns at a time from the right, up then down, skipping the timing column
    for col in range(size - 1, 0, -2):
        if col <= 6:
            col -= 1
        while True:
            for c in (col, col - 1):
                if blank[row][c] is None:
                    order.append((row, c))
            row += step
            if row < 0 or row >= size:
                row -= step
                step = -step
                break
    finals = tuple(_bits(_function_modules(version, test=False, pattern=p), size) for p in range(8))
    mask_rows, mask_cols = [], []
    for pattern in range(8):
        inverts = mask_func(pattern)
        rows, cols = [0] * size, [0] * size
        for r, c in order:
            if inverts(r, c):
                rows[r] |= 1 << c
                cols[c] |= 1 << r
        mask_rows.append(tuple(rows))
        mask_cols.append(tuple(cols))
    return _Frame(size, tuple(order), _bits(blank, size), finals, tuple(mask_rows), tuple(mask_cols))


def _place(frame: _Frame, codewords: list[int]) -> list[int]:
    """The codeword bits in the data modules (no mask), as row bit sets; modules past the last bit stay light."""
    rows = [0] * frame.size
    bits = int.from_bytes(bytes(codewords), "big")
    count = len(codewords) * 8
    for index, (r, c) in enumerate(frame.order[:count]):
        if (bits >> (count - 1 - index)) & 1:
            rows[r] |= 1 << c
    return rows


def best_mask(frame: _Frame, data: list[int]) -> int:
    """The mask the library's ``best_mask_pattern`` picks: the lowest penalty, the first one on a tie."""
    size = frame.size
    rows = [f | d for f, d in zip(frame.test_rows, data, strict=True)]
    cols = [sum(((rows[r] >> c) & 1) << r for r in range(size)) for c in range(size)]
    best, best_points = 0, 0
    for pattern in range(8):
        masked_rows = [a ^ b for a, b in zip(rows, frame.mask_rows[pattern], strict=True)]
        masked_cols = [a ^ b for a, b in zip(cols, frame.mask_cols[pattern], strict=True)]
        points = penalty(masked_rows, masked_cols, size)
        if pattern == 0 or points < best_points:
            best, best_points = pattern, points
    return best


def penalty(rows: list[int], cols: list[int], size: int) -> int:
    """ISO 18004 mask penalty (rules 1 to 4) as ``qrcode.util.lost_point`` computes it; bit c of rows[r] is (r, c)."""
    # Every row and column in one string, "2" between them: no run or pattern spans two lines.
    text = "2".join([format(v, f"0{size}b") for v in rows] + [format(v, f"0{size}b") for v in cols])
    points = sum(len(run) - 2 for run in _RUN.findall(text))  # N1 = 3 for five, one more per extra module
    points += 40 * len(_FINDER_LIKE.findall(text))
    full = (1 << size) - 1
    pairs = (1 << (size - 1)) - 1
    dark = 0
    for top, below in pairwise(rows):
        same_vertically = ~(top ^ below) & full
        same_across = ~(top ^ (top >> 1)) & pairs
        points += 3 * (same_vertically & (same_vertically >> 1) & same_across).bit_count()
    for row in rows:
        dark += row.bit_count()
    percent = float(dark) / (size**2)
    return points + int(abs(percent * 100 - 50) / 5) * 10

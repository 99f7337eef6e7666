"""QR symbols for receipt payloads: alphanumeric mode, error correction M, as a module matrix.

The symbol is the one the ``qrcode`` library makes, module for module: same version, same mask. Only the choice of
the layout is done here: the library lays out the whole symbol eight times (once per mask) and scores each one
module by module, which was most of a receipt's render time (about 2/3 of the PDF, bench/receipts.py). Here the data
is laid out once, into two integers that hold the whole matrix by rows and by columns (`_Frame`), each mask is one
XOR on them, and the ISO 18004 penalty rules, scored exactly as the library scores them, are a few shifts and ANDs
over the whole matrix (the rules by regular expression over each line's bit string took 6 ms a symbol). The version
and the codewords are computed here too, as the library computes them (its `best_fit` and `create_data`, from its
own tables: capacities, blocks, GF(256)): its bit buffer took a method call per bit and its Reed-Solomon division a
polynomial object per step, a fifth of a receipt's PDF; here the bits are one integer and each block's remainder a
shift and an XOR per codeword. The library still draws the function patterns; the data modules are filled in its
order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

import qrcode
from qrcode.base import EXP_TABLE, LOG_TABLE, rs_blocks
from qrcode.exceptions import DataOverflowError
from qrcode.main import QRCode
from qrcode.util import (
    BIT_LIMIT_TABLE,
    MODE_8BIT_BYTE,
    MODE_ALPHA_NUM,
    PAD0,
    PAD1,
    mask_func,
    mode_sizes_for_version,
)

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
    if set(text) <= _ALNUM:
        mode, length, bits, bit_count = MODE_ALPHA_NUM, len(text), *_alphanumeric_bits(text)
    else:
        raw = text.encode("utf-8")
        mode, length, bits, bit_count = MODE_8BIT_BYTE, len(raw), int.from_bytes(raw, "big"), 8 * len(raw)
    version = _version(mode, bit_count)
    codewords = _codewords(version, mode, length, bits, bit_count)
    frame = _frame(version)
    rows, cols = _place(frame, codewords)
    best = best_mask(frame, rows, cols)
    size, stride = frame.grid.size, frame.grid.stride
    final = frame.final_rows[best] | (rows ^ frame.mask_rows[best])
    digits = format(final, f"0{size * stride}b")[::-1]  # digits[i]: bit i of the packed rows
    return QrSymbol(
        version=version,
        rows=tuple(tuple(map(_DARK.__getitem__, digits[r * stride : r * stride + size])) for r in range(size)),
    )


_DARK = {"0": False, "1": True}


_LEVEL_M = qrcode.constants.ERROR_CORRECT_M
_ALNUM_VALUE = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")}


def _alphanumeric_bits(text: str) -> tuple[int, int]:
    """The alphanumeric segment's data bits (11 per pair, 6 for a last odd character) and their number."""
    bits, count = 0, 0
    for i in range(0, len(text) - 1, 2):
        bits = (bits << 11) | (_ALNUM_VALUE[text[i]] * 45 + _ALNUM_VALUE[text[i + 1]])
        count += 11
    if len(text) % 2:
        bits = (bits << 6) | _ALNUM_VALUE[text[-1]]
        count += 6
    return bits, count


def _version(mode: int, data_bits: int) -> int:
    """The smallest version holding the segment at level M, found as the library's ``best_fit`` finds it."""
    start = 1
    while True:
        sizes = mode_sizes_for_version(start)
        version = bisect_left(BIT_LIMIT_TABLE[_LEVEL_M], 4 + sizes[mode] + data_bits, start)
        if version == 41:
            raise DataOverflowError()
        if mode_sizes_for_version(version) is sizes:
            return version
        start = version  # the count field is longer from this version on: fit again from there


def _codewords(version: int, mode: int, length: int, bits: int, bit_count: int) -> list[int]:
    """Data and error correction codewords, interleaved, as the library's ``create_data`` makes them."""
    blocks = rs_blocks(version, _LEVEL_M)
    limit = sum(block.data_count for block in blocks) * 8
    size = mode_sizes_for_version(version)[mode]
    stream = (((mode << size) | length) << bit_count) | bits
    used = 4 + size + bit_count
    if used > limit:
        raise DataOverflowError()
    end = min(limit - used, 4)  # the terminator: up to four 0 bits, then 0 bits to the byte
    used += end + (-(used + end)) % 8
    stream <<= used - (4 + size + bit_count)
    pad = (limit - used) // 8
    data = stream.to_bytes(used // 8, "big") + bytes(PAD0 if i % 2 == 0 else PAD1 for i in range(pad))
    data_blocks, ecc_blocks, offset = [], [], 0
    for block in blocks:
        chunk = data[offset : offset + block.data_count]
        offset += block.data_count
        data_blocks.append(chunk)
        ecc_blocks.append(_remainder(chunk, block.total_count - block.data_count))
    out = [c for column in _columns(data_blocks) for c in column]
    return out + [c for column in _columns(ecc_blocks) for c in column]


def _columns(blocks: list[bytes]) -> list[list[int]]:
    """The blocks' i-th codewords together, for each i (a shorter block has none at its end)."""
    return [[b[i] for b in blocks if i < len(b)] for i in range(max(len(b) for b in blocks))]


def _remainder(data: bytes, count: int) -> bytes:
    """Reed-Solomon: the `count` error correction codewords of `data` (GF(256), the QR generator polynomial)."""
    table = _generator_multiples(count)
    top = 8 * (count - 1)
    mask = (1 << (8 * count)) - 1
    rest = 0
    for byte in data:
        rest = ((rest << 8) & mask) ^ table[(rest >> top) ^ byte]
    return rest.to_bytes(count, "big")


@lru_cache(maxsize=16)
def _generator_multiples(count: int) -> tuple[int, ...]:
    """For each byte f: f times the generator polynomial of degree `count` without its leading 1, as an integer."""
    generator = [1]  # (x - a^0)(x - a^1)...(x - a^(count-1)), coefficients from the highest degree
    for i in range(count):
        nxt = [*generator, 0]
        for j, c in enumerate(generator):
            if c:
                nxt[j + 1] ^= EXP_TABLE[(LOG_TABLE[c] + i) % 255]
        generator = nxt
    out = [0]
    for f in range(1, 256):
        log_f = LOG_TABLE[f]
        coefficients = bytes(EXP_TABLE[(log_f + LOG_TABLE[c]) % 255] if c else 0 for c in generator[1:])
        out.append(int.from_bytes(coefficients, "big"))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Frame:
    """Per version: the function modules, where the codeword bits go, and each mask, as packed integers.

    A packed integer holds a whole matrix, one line of `size` bits after another, each followed by one light gap bit:
    bit ``line * stride + i`` is module i of that line (rows: line r, module c; columns: line c, module r). The gap
    ends every run and pattern at the line's end, so a penalty rule is a few operations on two integers (rows and
    columns) instead of a pass per line; and masking commutes with packing (a XOR of the packed forms)."""

    grid: _Grid
    pick_rows: Callable[[str], tuple[str, ...]]  # codeword bit string + "0" -> the packed rows' binary digits
    pick_cols: Callable[[str], tuple[str, ...]]
    codeword_bits: int
    test_rows: int  # function modules, format and version info light (as the library's mask test), packed
    test_cols: int
    final_rows: tuple[int, ...]  # [mask]: function modules with that mask's format information, packed rows
    mask_rows: tuple[int, ...]  # [mask]: the data modules that mask inverts, packed rows
    mask_cols: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Grid:
    """What the penalty rules need of a matrix's size, packed as `_Frame` packs (one light gap bit after each line)."""

    size: int
    stride: int  # size + 1: a line and its gap
    lines: int  # every module, no gap
    fits_finder: int  # modules where an 11-module pattern starts within its line
    fits_block: int  # rows: modules with a right and a lower neighbour (2x2 blocks)


@lru_cache(maxsize=8)
def _grid(size: int) -> _Grid:
    every = [(r, c) for r in range(size) for c in range(size)]
    return _Grid(
        size=size,
        stride=size + 1,
        lines=_packed(every, size),
        fits_finder=_packed([(r, c) for r, c in every if c <= size - 11], size),
        fits_block=_packed([(r, c) for r, c in every if r < size - 1 and c < size - 1], size),
    )


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


def _packed(dark: Iterable[tuple[int, int]], size: int, *, columns: bool = False) -> int:
    """Modules (row, column) packed by rows, or by columns."""
    stride = size + 1
    out = 0
    for r, c in dark:
        out |= 1 << ((c * stride + r) if columns else (r * stride + c))
    return out


def _picker(where: dict[tuple[int, int], int], size: int, absent: int, *, columns: bool) -> Callable[
    [str], tuple[str, ...]
]:  # fmt: skip
    """The binary digits of a packed matrix, most significant first, picked from the codeword bit string."""
    stride = size + 1
    picks = []
    for bit in range(size * stride - 1, -1, -1):
        line, i = divmod(bit, stride)
        module = (i, line) if columns else (line, i)
        picks.append(absent if i == size else where.get(module, absent))
    return itemgetter(*picks)


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
    codeword_bits = sum(block.total_count for block in rs_blocks(version, _LEVEL_M)) * 8
    where = {module: index for index, module in enumerate(order[:codeword_bits])}  # later modules stay light

    def dark_of(modules: list[list[bool | None]]) -> list[tuple[int, int]]:
        return [(r, c) for r in range(size) for c in range(size) if modules[r][c]]

    test = dark_of(blank)
    finals = tuple(
        _packed(dark_of(_function_modules(version, test=False, pattern=p)), size) for p in range(8)
    )  # fmt: skip
    masks = [[(r, c) for r, c in order if mask_func(p)(r, c)] for p in range(8)]
    return _Frame(
        grid=_grid(size),
        pick_rows=_picker(where, size, codeword_bits, columns=False),
        pick_cols=_picker(where, size, codeword_bits, columns=True),
        codeword_bits=codeword_bits,
        test_rows=_packed(test, size),
        test_cols=_packed(test, size, columns=True),
        final_rows=finals,
        mask_rows=tuple(_packed(m, size) for m in masks),
        mask_cols=tuple(_packed(m, size, columns=True) for m in masks),
    )


def _place(frame: _Frame, codewords: list[int]) -> tuple[int, int]:
    """The codeword bits in the data modules (no mask), packed by rows and by columns."""
    if len(codewords) * 8 != frame.codeword_bits:
        raise ValueError("codewords of another version")
    stream = format(int.from_bytes(bytes(codewords), "big"), f"0{frame.codeword_bits}b") + "0"
    return int("".join(frame.pick_rows(stream)), 2), int("".join(frame.pick_cols(stream)), 2)


def best_mask(frame: _Frame, rows: int, cols: int) -> int:
    """The mask the library's ``best_mask_pattern`` picks: the lowest penalty, the first one on a tie.

    `rows` and `cols`: the data modules, packed (`_place`)."""
    rows |= frame.test_rows
    cols |= frame.test_cols
    best, best_points = 0, 0
    for pattern in range(8):
        points = _penalty(frame.grid, rows ^ frame.mask_rows[pattern], cols ^ frame.mask_cols[pattern])
        if pattern == 0 or points < best_points:
            best, best_points = pattern, points
    return best


# Rule 3's two patterns (dark 1:1:3:1:1 with four light modules before or after), module by module along a line.
_FINDERS = ((1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0), (0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1))


def _penalty(grid: _Grid, rows: int, cols: int) -> int:
    """ISO 18004 mask penalty (rules 1 to 4) as ``qrcode.util.lost_point`` computes it, on packed matrices."""
    points = 0
    for dark in (rows, cols):
        light = ~dark & grid.lines
        for line in (dark, light):
            # Rule 1: a run of n >= 5 modules of one colour scores n - 2: its windows of five (n - 4), plus 2.
            fives = line & (line >> 1) & (line >> 2) & (line >> 3) & (line >> 4)
            points += fives.bit_count() + 2 * (fives & ~(line << 1)).bit_count()
        for finder in _FINDERS:  # rule 3: 40 for each place either pattern starts (in either direction)
            found = grid.fits_finder
            for shift, module in enumerate(finder):
                found &= (dark if module else light) >> shift
            points += 40 * found.bit_count()
    same_across = ~(rows ^ (rows >> 1))
    same_down = ~(rows ^ (rows >> grid.stride))
    points += 3 * (same_across & same_down & (same_down >> 1) & grid.fits_block).bit_count()  # rule 2: 2x2 blocks
    percent = float(rows.bit_count()) / (grid.size**2)  # rule 4: the balance of dark modules
    return points + int(abs(percent * 100 - 50) / 5) * 10


def penalty(rows: list[int], cols: list[int], size: int) -> int:
    """`_penalty` of a matrix given as row and column bit sets (bit c of rows[r] is (r, c)), for the tests."""
    stride = size + 1
    packed_rows = sum(v << (r * stride) for r, v in enumerate(rows))
    packed_cols = sum(v << (c * stride) for c, v in enumerate(cols))
    return _penalty(_grid(size), packed_rows, packed_cols)

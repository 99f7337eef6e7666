"""The receipts' QR symbol is the `qrcode` library's own, module for module, though laid out and masked here."""

from __future__ import annotations

import random
import string

import pytest
import qrcode
from hypothesis import given, settings
from hypothesis import strategies as st
from qrcode.util import MODE_8BIT_BYTE, MODE_ALPHA_NUM, QRData

from desktop.receipts.qr import make_symbol, penalty

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def library_symbol(text: str) -> tuple[int, tuple[tuple[bool, ...], ...], int]:
    """Version, modules and mask as the library makes them when it chooses the mask itself."""
    mode = MODE_ALPHA_NUM if set(text) <= set(ALNUM) else MODE_8BIT_BYTE
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(QRData(text.encode("utf-8"), mode=mode), optimize=0)
    code.make(fit=True)
    rows = tuple(tuple(bool(c) for c in row) for row in code.get_matrix())
    return int(code.version or 0), rows, code.best_mask_pattern()


def payloads() -> list[str]:
    rng = random.Random(20261130)
    out = ["A", "GCH1:" + "B" * 180, "é" * 40]
    for i in range(60):
        alphabet = ALNUM if i % 2 else string.printable + "éèàç€"
        out.append("".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 400))))
    return out


@pytest.mark.parametrize("text", payloads(), ids=range(len(payloads())))
def test_symbol_is_the_librarys(text: str) -> None:
    make_symbol.cache_clear()
    version, rows, _mask = library_symbol(text)
    symbol = make_symbol(text)
    assert symbol.version == version
    assert symbol.rows == rows


def test_every_mask_is_chosen_somewhere() -> None:
    """The comparison above covers each of the eight masks, not only the first one."""
    masks = {library_symbol(text)[2] for text in payloads()}
    assert masks == set(range(8))


def test_penalty_matches_the_library_on_a_symbol() -> None:
    from qrcode.util import lost_point

    _version, rows, _mask = library_symbol("GCH1:PENALTY-CHECK-0001")
    size = len(rows)
    row_bits = [sum(1 << c for c in range(size) if rows[r][c]) for r in range(size)]
    col_bits = [sum(1 << r for r in range(size) if rows[r][c]) for c in range(size)]
    assert penalty(row_bits, col_bits, size) == lost_point([list(r) for r in rows])


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=ALNUM, max_size=700) | st.text(st.characters(codec="utf-8"), max_size=300))
def test_version_and_codewords_are_the_librarys_for_any_text(text: str) -> None:
    """The version fit and the Reed-Solomon codewords computed here, against the library's own, on any payload."""
    from qrcode.util import create_data

    from desktop.receipts import qr

    mode = MODE_ALPHA_NUM if set(text) <= set(ALNUM) else MODE_8BIT_BYTE
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(QRData(text.encode("utf-8"), mode=mode), optimize=0)
    version = int(code.best_fit())
    if mode == MODE_ALPHA_NUM:
        length, (bits, count) = len(text), qr._alphanumeric_bits(text)
    else:
        data = text.encode("utf-8")
        length, bits, count = len(data), int.from_bytes(data, "big"), 8 * len(data)
    assert qr._version(mode, count) == version
    assert qr._codewords(version, mode, length, bits, count) == create_data(
        version, code.error_correction, code.data_list
    )


@settings(max_examples=80, deadline=None)
@given(
    st.integers(21, 61).flatmap(
        lambda n: st.lists(st.lists(st.booleans(), min_size=n, max_size=n), min_size=n, max_size=n)
    )
)
def test_penalty_matches_the_library_on_any_matrix(matrix: list[list[bool]]) -> None:
    """Rules 1 to 4 on packed integers score what the library scores module by module, whatever the modules."""
    from qrcode.util import lost_point

    size = len(matrix)
    row_bits = [sum(1 << c for c in range(size) if matrix[r][c]) for r in range(size)]
    col_bits = [sum(1 << r for r in range(size) if matrix[r][c]) for c in range(size)]
    assert penalty(row_bits, col_bits, size) == lost_point([list(r) for r in matrix])

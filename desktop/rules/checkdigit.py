"""ICAO 9303 check digit (7-3-1 weighting), shared by MRZ parsing and BAC key derivation."""

from __future__ import annotations

from desktop.i18n import _

_WEIGHTS = (7, 3, 1)


def char_value(ch: str) -> int:
    """Value of one MRZ character: digits 0-9, letters A-Z 10-35, filler '<' 0; ValueError otherwise."""
    if "0" <= ch <= "9":
        return ord(ch) - ord("0")
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    raise ValueError(_("caractère hors du jeu MRZ"))


def check_digit(data: str) -> int:
    """The ICAO 9303 check digit of `data` (Part 3, 4.9)."""
    return sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(data)) % 10

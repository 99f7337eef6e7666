"""The one cell every CSV written for a spreadsheet goes through (desktop/rules/spreadsheet.py, CSV injection)."""

from __future__ import annotations

import re

import pytest

from desktop.rules.spreadsheet import FORMULA_STARTS, safe_cell

# What a spreadsheet may split a line on when it opens a CSV file: LibreOffice Calc's import ticks tab, comma and
# semicolon together by default, and Excel outside France splits on the comma only; a reader without quoted
# multi-line fields starts a new row at a line break.
SEPARATORS = (",", ";", "\t", "\r", "\n")


def cells(text: str) -> list[str]:
    """Every cell a spreadsheet could make of the text, whichever separators it splits on."""
    return re.split(r"[,;\t\r\n]", text)


@pytest.mark.parametrize("separator", SEPARATORS)
@pytest.mark.parametrize("formula", ["=1+1", "+33 1 23", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"])
def test_a_formula_after_a_separator_inside_a_cell_is_neutralised_too(separator: str, formula: str) -> None:
    """« Dupont,=cmd|' /C calc'!A0 » as an agent's name: the `;` file quotes nothing (no `;` in it), and a spreadsheet
    splitting on the comma made the cell « =cmd|… » and ran it; the cell only began with « D »."""
    value = f"Dupont{separator}{formula}"
    written = safe_cell(value)
    assert [cell for cell in cells(written) if cell.startswith(FORMULA_STARTS)] == []
    assert written.replace("'", "") == value.replace("'", "")  # an apostrophe added, nothing else changed


@pytest.mark.parametrize(
    "value",
    ["Mme Anne Lambert", "Jean-Pierre Roy-Lefèvre", "Provisoire, en attente du registre central", "75056-01", ""],
)
def test_an_ordinary_text_is_left_as_it_is(value: str) -> None:
    assert safe_cell(value) == value


def test_a_cell_starting_a_formula_gets_one_apostrophe() -> None:
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("\t=1") == "'\t'=1"  # the tab starts a formula and splits the cell: both neutralised

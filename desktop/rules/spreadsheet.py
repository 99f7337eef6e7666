"""Cells of the CSV files Guichet writes for a spreadsheet: a text never becomes a formula (CSV injection).

A spreadsheet program (Excel, LibreOffice Calc) opening a CSV file runs a cell that starts with `=`, `+`, `-` or `@`
(and, in some versions, a tab or a carriage return) as a formula: `=HYPERLINK("http://…")` in a station's label or an
agent's name would reach the administrator's or chef de poste's machine. As OWASP advises, such a cell is written
with a leading apostrophe, which the spreadsheet shows as text and does not run. Every CSV file Guichet writes for a
spreadsheet goes through `safe_cell` (docs/SECURITY.md, "CSV files opened in a spreadsheet").

The start of the text is not the only start of a cell: our files are separated by `;`, and a field holding no `;` is
not quoted, but LibreOffice Calc's import splits on the comma and the tab too by default, Excel outside France on
the comma, and a reader without quoted multi-line fields at a line break. « Dupont,=cmd|… » then made a cell
« =cmd|… » (OWASP: "take care of the field separator"). A formula start right after any of these characters gets
its apostrophe too; nothing else of the text changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# What starts a formula in Excel or Calc (the tab and the carriage return too, per OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a spreadsheet may split a line on when it opens a CSV file, whichever separator the file was written with.
SPLITTERS = (",", ";", "\t", "\r", "\n")

_CELL_START = re.compile(
    "(?:^|(?<=[" + re.escape("".join(SPLITTERS)) + "]))(?=[" + re.escape("".join(FORMULA_STARTS)) + "])"
)


def safe_cell(value: str) -> str:
    """The value as a spreadsheet shows it as text: a `'` before each formula start that begins the value or follows a
    character a spreadsheet may split the line on."""
    return _CELL_START.sub("'", value)


def safe_row(values: Iterable[str]) -> list[str]:
    """`safe_cell` on every cell of a row."""
    return [safe_cell(value) for value in values]

"""Cells of the CSV files Guichet writes for a spreadsheet: a text never becomes a formula (CSV injection).

A spreadsheet program (Excel, LibreOffice Calc) opening a CSV file runs a cell that starts with `=`, `+`, `-` or `@`
(and, in some versions, a tab or a carriage return) as a formula: `=HYPERLINK("http://…")` in a station's label or an
agent's name would reach the administrator's or chef de poste's machine. As OWASP advises, such a cell is written
with a leading apostrophe, which the spreadsheet shows as text and does not run. Every CSV file Guichet writes for a
spreadsheet goes through `safe_cell` (docs/SECURITY.md, "CSV files opened in a spreadsheet").
"""

from __future__ import annotations

from collections.abc import Iterable

# What starts a formula in Excel or Calc (the tab and the carriage return too, per OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """The value as a spreadsheet shows it as text: prefixed with `'` if it would start a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def safe_row(values: Iterable[str]) -> list[str]:
    """`safe_cell` on every cell of a row."""
    return [safe_cell(value) for value in values]

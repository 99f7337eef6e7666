"""The one date input: dates are typed as agents type them (15011990, 15/01/1990), never picked from a calendar."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame, QWidget

_DATE_RE = re.compile(r"\s*(\d{1,2})[/. -]?(\d{1,2})[/. -]?(\d{4})\s*")


def parse_date(text: str) -> date | None:
    """A date as agents type it: 15011990, 15/01/1990, 15.01.1990, 15 01 1990; None when incomplete or wrong."""
    compact = text.strip()
    if re.fullmatch(r"\d{8}", compact):
        compact = f"{compact[:2]}/{compact[2:4]}/{compact[4:]}"
    match = _DATE_RE.fullmatch(compact)
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def format_date(value: date | None) -> str:
    """15/01/1990, or '' for no date."""
    return value.strftime("%d/%m/%Y") if value else ""


def fr_date(value: date | None) -> str:
    """15/01/1990, or a dash (tables)."""
    return value.strftime("%d/%m/%Y") if value else "—"


class DateInput(QLineEdit):
    """A typed date (JJ/MM/AAAA, or eight digits); `value()` is the date, or None while incomplete or wrong."""

    def __init__(self, value: date | None = None, *, placeholder: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(self.tr("JJ/MM/AAAA") if placeholder is None else placeholder)
        self.setMaxLength(10)
        if value is not None:
            self.set_value(value)

    def minimumSizeHint(self) -> QSize:
        """Never narrower than its placeholder (or a whole date): squeezed by longer fields beside it, an English
        Résilier at 1024×768 read « DD/MM/… »."""
        hint = super().minimumSizeHint()
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        margins = self.textMargins()
        shown = max(self.placeholderText(), "00/00/0000", key=self.fontMetrics().horizontalAdvance)
        # QLineEdit's own inner margin (2 px each side) and the cursor, as its sizeHint counts them
        text = self.fontMetrics().horizontalAdvance(shown) + margins.left() + margins.right() + 2 * 2 + 1
        whole = self.style().sizeFromContents(QStyle.ContentsType.CT_LineEdit, option, QSize(text, hint.height()), self)
        return QSize(max(hint.width(), whole.width()), hint.height())

    def value(self) -> date | None:
        return parse_date(self.text())

    def unreadable(self) -> bool:
        """Something is typed that is no date (31/02/1980, 99/99/9999, 15/01): not a missing date."""
        return bool(self.text().strip()) and self.value() is None

    def set_value(self, value: date | None) -> None:
        self.setText(format_date(value))

"""The application's look: the shipped style sheet and the shipped DejaVu Sans font."""

from __future__ import annotations

import re

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop import resources
from desktop.receipts.fonts import font_file

MARIANNE_BLUE = "#000091"


def scaled_style_sheet(qss: str, percent: int) -> str:
    """The style sheet with every font size scaled (the agent's own text size preference)."""
    if percent == 100:
        return qss
    return re.sub(r"font-size:\s*(\d+)px", lambda m: f"font-size: {round(int(m.group(1)) * percent / 100)}px", qss)


def apply_theme(app: QApplication, *, text_scale_percent: int = 100) -> None:
    """Sober, official, high-contrast: marianne blue accents on white, 15 px type (scaled by the agent's choice)."""
    app.setStyle("Fusion")
    # The same font on every OS: Windows and macOS have no DejaVu of their own.
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"):
        shipped = font_file(name)
        if shipped is not None:
            QFontDatabase.addApplicationFont(str(shipped))
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(11.0 * text_scale_percent / 100)
    app.setFont(font)
    app.setStyleSheet(scaled_style_sheet(resources.read_text("theme.qss"), text_scale_percent))

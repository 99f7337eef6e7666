"""The application's look: the shipped style sheet and the shipped DejaVu Sans font."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop import resources
from desktop.receipts.fonts import font_file

MARIANNE_BLUE = "#000091"


def apply_theme(app: QApplication) -> None:
    """Sober, official, high-contrast: marianne blue accents on white, 15 px type."""
    app.setStyle("Fusion")
    # The same font on every OS: Windows and macOS have no DejaVu of their own.
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"):
        shipped = font_file(name)
        if shipped is not None:
            QFontDatabase.addApplicationFont(str(shipped))
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(11.0)
    app.setFont(font)
    app.setStyleSheet(resources.read_text("theme.qss"))

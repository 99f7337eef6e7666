"""The application's look: the style sheet in resources/ and the default font."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
MARIANNE_BLUE = "#000091"


def apply_theme(app: QApplication) -> None:
    """Sober, official, high-contrast: marianne blue accents on white, 15 px type."""
    app.setStyle("Fusion")
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(11.0)
    app.setFont(font)
    qss = RESOURCES / "theme.qss"
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))

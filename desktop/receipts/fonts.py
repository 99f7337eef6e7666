"""Fonts for printed receipts: DejaVu Sans (full French and € coverage), registered once with reportlab."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.resources import font_file

if TYPE_CHECKING:
    from collections.abc import Callable

# reportlab is imported on first use. The window reads `resources.font_file` before it is shown, without this module
# (its FontSet dataclass costs ~0.6 ms to make): desktop/views/theme.py.
_string_width: Callable[[str, str, float], float] | None = None

_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "italic": "DejaVuSans-Oblique.ttf"}


@dataclass(frozen=True, slots=True)
class FontSet:
    """reportlab font names per style, and the TrueType files behind them (None for built-in fonts)."""

    regular: str
    bold: str
    italic: str
    files: dict[str, Path] | None

    def name(self, style: str) -> str:
        """Font name for a style: regular, bold or italic."""
        return {"regular": self.regular, "bold": self.bold, "italic": self.italic}[style]


@lru_cache(maxsize=1)
def receipt_fonts() -> FontSet:
    """Register DejaVu Sans with reportlab; fall back to Helvetica when the files are absent.

    Helvetica is a standard PDF font: it is not embedded and its WinAnsi encoding covers French accents and €,
    but not every character (œ is fine, ‘ ’ too; rarer symbols are lost), and text extraction depends on the
    viewer. The fallback keeps receipts printable on a machine without the fonts; DejaVu is what we ship.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    paths = {style: font_file(filename) for style, filename in _FILES.items()}
    if any(path is None for path in paths.values()):
        return FontSet("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", None)
    files: dict[str, Path] = {}
    for style, path in paths.items():
        assert path is not None
        name = f"GuichetDejaVu-{style}"
        pdfmetrics.registerFont(TTFont(name, str(path)))
        files[style] = path
    return FontSet("GuichetDejaVu-regular", "GuichetDejaVu-bold", "GuichetDejaVu-italic", files)


def text_width(text: str, font: str, size: float) -> float:
    """Width of a line of text in points."""
    global _string_width
    if _string_width is None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        _string_width = stringWidth
    return float(_string_width(text, font, size))

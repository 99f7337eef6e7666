"""The agent's text size preference scales every font size of the shipped style sheet."""

from __future__ import annotations

from desktop import resources
from desktop.views.theme import scaled_style_sheet


def test_text_scale_reaches_every_font_size() -> None:
    qss = resources.read_text("theme.qss")
    assert scaled_style_sheet(qss, 100) == qss
    bigger = scaled_style_sheet(qss, 150)
    assert "font-size: 15px" in qss and "font-size: 22px" in bigger and "font-size: 39px" in bigger  # 15, 26
    assert qss.count("font-size") == bigger.count("font-size")
    assert scaled_style_sheet("QLabel { font-size:14px; }", 80) == "QLabel { font-size: 11px; }"

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


def test_disabled_controls_look_disabled(qtbot: object) -> None:
    from PySide6.QtWidgets import QApplication, QPushButton

    from desktop.views.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet = app.font(), app.styleSheet()
    apply_theme(app)
    try:
        looks = {}
        for enabled in (True, False):
            button = QPushButton("Aperçu (Ctrl+Maj+P)")
            button.setProperty("secondary", True)
            button.setEnabled(enabled)
            button.resize(220, 40)
            image = button.grab().toImage()
            looks[enabled] = (image.pixelColor(110, 4).name(), image.pixelColor(1, 20).name())
        # The secondary variant used to override the disabled look (white, blue border): now grey, dashed.
        assert looks[True] != looks[False]
        assert looks[False][0] == "#f6f6f6"
    finally:
        app.setStyleSheet(sheet)
        app.setFont(font)

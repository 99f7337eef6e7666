"""The agent's text size preference scales every font size of the shipped style sheet."""

from __future__ import annotations

import pytest

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


def test_the_os_text_size_is_followed_never_shrunk(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.views import theme

    monkeypatch.setattr(theme._Os, "font_px", theme.OS_NOMINAL_PX * 2)  # the OS draws text twice as big
    assert theme.effective_percent(100) == 200 and theme.effective_percent(80) == 160
    monkeypatch.setattr(theme._Os, "font_px", theme.OS_NOMINAL_PX - 2)  # smaller than usual: 15 px is the floor
    assert theme.effective_percent(100) == 100


def test_the_focus_is_visible_in_every_theme(qtbot: object) -> None:
    """RGAA 10.7: the focused control looks different, with a ring of the theme's focus colour."""
    from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

    from desktop.views.kit import colours
    from desktop.views.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet, palette = app.font(), app.styleSheet(), app.palette()
    checked = 0
    try:
        for name in ("clair", "sombre", "contraste"):
            tokens = apply_theme(app, theme=name)
            host = QWidget()
            layout = QVBoxLayout(host)
            button, edit = QPushButton("Chercher"), QLineEdit()
            layout.addWidget(edit)
            layout.addWidget(button)
            host.show()
            for widget in (button, edit):
                before = widget.grab().toImage()
                widget.setFocus()
                QApplication.processEvents()
                widget.style().unpolish(widget)  # offscreen: no window activation, so polish the focus state
                widget.style().polish(widget)
                if not widget.hasFocus():
                    continue
                after = widget.grab().toImage()
                assert before != after, name
                assert after.pixelColor(1, after.height() // 2).name() == tokens.focus, (name, type(widget))
                checked += 1
            host.close()
        assert checked == 6
    finally:
        app.setStyleSheet(sheet)
        app.setFont(font)
        app.setPalette(palette)
        colours.set_current(colours.CLAIR)


def test_systeme_follows_the_os_when_it_turns_dark_while_running(monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.views import theme
    from desktop.views.kit import colours

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet, palette = app.font(), app.styleSheet(), app.palette()
    try:
        monkeypatch.setattr(theme, "os_prefers_dark", lambda _app: False)
        assert theme.apply_theme(app, theme="systeme", text_scale_percent=120).name == "clair"
        monkeypatch.setattr(theme, "os_prefers_dark", lambda _app: True)  # the OS went dark
        theme.os_scheme_changed(app)
        assert colours.current() is colours.SOMBRE and "font-size: 18px" in app.styleSheet()  # size kept
        theme.apply_theme(app, theme="clair")  # a theme the agent chose is never overridden by the OS
        theme.os_scheme_changed(app)
        assert colours.current() is colours.CLAIR
    finally:
        app.setStyleSheet(sheet)
        app.setFont(font)
        app.setPalette(palette)
        colours.set_current(colours.CLAIR)


def test_check_boxes_grow_with_the_text_their_edge_seen_their_mark_drawn(qtbot: object) -> None:
    """At 200 % the boxes of check boxes and radio buttons stayed 13 px, the smallest targets of the screens, and an
    unticked box's edge was Fusion's light grey (under 2:1 on the ground, RGAA 3.3 asks 3:1)."""
    from pathlib import Path

    from PySide6.QtWidgets import QApplication, QCheckBox, QStyle

    from desktop.views.kit import colours
    from desktop.views.theme import apply_theme, render_style_sheet

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet = app.font(), app.styleSheet()
    try:
        sizes = {}
        for percent in (100, 200):
            apply_theme(app, theme="clair", text_scale_percent=percent)
            box = QCheckBox("Mandant placé sous tutelle (majeur protégé)")
            box.ensurePolished()
            sizes[percent] = box.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, box)
            if percent == 100:
                box.resize(300, 40)
                image = box.grab().toImage()
                edge = image.pixelColor(sizes[100] // 2, box.height() // 2 - sizes[100] // 2 + 1).name()
        assert sizes[100] >= 18 and sizes[200] == 2 * sizes[100]
        assert colours.contrast(edge, colours.CLAIR.background) >= 3 and edge == colours.CLAIR.control_border, edge
    finally:
        app.setStyleSheet(sheet)
        app.setFont(font)
    for tokens in (colours.CLAIR, colours.SOMBRE, colours.CONTRASTE):  # the mark, in the accent's text colour
        qss = render_style_sheet(tokens)
        [url] = [part.split(")")[0] for part in qss.split("image: url(")[1:]]
        assert Path(url).is_file() and colours.contrast(tokens.on_accent, tokens.accent) >= 4.5
        ink = "white" if colours.luminance(tokens.on_accent) > 0.5 else "black"
        assert Path(url).name == f"check-{ink}.svg"

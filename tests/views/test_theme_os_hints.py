"""The `systeme` theme reads the OS's colour scheme and contrast preference as Qt's own ints (views/os_hints.py): the
same answer as PySide6's enums, and the same theme for every OS setting as when it read those enums."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.views import os_hints, theme
from desktop.views.kit import colours

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's getters are called natively on Linux")


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


@linux
def test_the_native_getters_answer_what_pyside_answers(qtbot: object) -> None:
    hints = _app().styleHints()
    scheme = os_hints.native_int(hints, os_hints.COLOR_SCHEME)
    assert scheme is not None  # the symbol was found and called: not the fallback
    assert scheme == hints.colorScheme().value
    accessibility = hints.accessibility()
    assert accessibility is not None
    contrast = os_hints.native_int(accessibility, os_hints.CONTRAST_PREFERENCE)
    assert contrast is not None
    assert contrast == accessibility.contrastPreference().value


@linux
def test_a_native_getter_reads_the_value_qt_holds(qtbot: object) -> None:
    """The offscreen platform cannot turn dark: another enum getter of QStyleHints, set both ways, proves the call
    reads the C++ object's current value (an enum returned as an int)."""
    from PySide6.QtCore import Qt

    hints = _app().styleHints()
    before = hints.tabFocusBehavior()
    try:
        for value in (Qt.TabFocusBehavior.TabFocusTextControls, Qt.TabFocusBehavior.TabFocusAllControls):
            hints.setTabFocusBehavior(value)
            assert os_hints.native_int(hints, "_ZNK11QStyleHints16tabFocusBehaviorEv") == value.value
    finally:
        hints.setTabFocusBehavior(before)


def test_without_the_native_getters_pyside_answers(monkeypatch: pytest.MonkeyPatch, qtbot: object) -> None:
    hints = _app().styleHints()
    monkeypatch.setattr(os_hints._QtGui, "tried", True)
    monkeypatch.setattr(os_hints._QtGui, "lib", None)  # Windows, macOS, or the library not found
    assert os_hints.native_int(hints, os_hints.COLOR_SCHEME) is None
    assert os_hints.color_scheme(hints) == hints.colorScheme().value
    assert os_hints.contrast_preference(hints) == hints.accessibility().contrastPreference().value


def test_an_unknown_symbol_or_value_falls_back(monkeypatch: pytest.MonkeyPatch, qtbot: object) -> None:
    hints = _app().styleHints()
    assert os_hints.native_int(hints, "_ZNK11QStyleHints9noSuchOneEv") is None
    assert os_hints.native_int(object(), os_hints.COLOR_SCHEME) is None  # not a Qt object: never called
    monkeypatch.setattr(os_hints, "native_int", lambda _obj, _symbol: 7)  # not a value Qt defines
    assert os_hints.color_scheme(hints) == hints.colorScheme().value
    assert os_hints.contrast_preference(hints) == hints.accessibility().contrastPreference().value


@pytest.mark.parametrize(
    ("scheme", "contrast", "window", "expected"),
    [
        # What the `Qt` enums gave: high contrast first, then a dark scheme or a dark palette, else light.
        (os_hints.SCHEME_UNKNOWN, os_hints.CONTRAST_NONE, "#efefef", "clair"),
        (os_hints.SCHEME_LIGHT, os_hints.CONTRAST_NONE, "#efefef", "clair"),
        (os_hints.SCHEME_DARK, os_hints.CONTRAST_NONE, "#efefef", "sombre"),  # a dark scheme, a light palette
        (os_hints.SCHEME_UNKNOWN, os_hints.CONTRAST_NONE, "#202020", "sombre"),  # no scheme said, a dark palette
        (os_hints.SCHEME_LIGHT, os_hints.CONTRAST_NONE, "#202020", "sombre"),
        (os_hints.SCHEME_DARK, os_hints.CONTRAST_NONE, "#202020", "sombre"),
        (os_hints.SCHEME_LIGHT, os_hints.CONTRAST_HIGH, "#efefef", "contraste"),
        (os_hints.SCHEME_DARK, os_hints.CONTRAST_HIGH, "#202020", "contraste"),
        (os_hints.SCHEME_UNKNOWN, os_hints.CONTRAST_HIGH, "#000000", "contraste"),
    ],
)
def test_systeme_picks_the_same_theme_for_each_os_setting(
    monkeypatch: pytest.MonkeyPatch, qtbot: object, scheme: int, contrast: int, window: str, expected: str
) -> None:
    app = _app()
    palette = QPalette(app.palette())
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    monkeypatch.setattr(theme._Os, "palette", palette)  # what the OS's palette said before the theme
    monkeypatch.setattr(os_hints, "color_scheme", lambda _hints: scheme)
    monkeypatch.setattr(os_hints, "contrast_preference", lambda _hints: contrast)
    tokens = theme.resolve(
        "systeme", os_dark=theme.os_prefers_dark(app), os_high_contrast=theme.os_prefers_high_contrast(app)
    )
    assert tokens == colours.BY_NAME[expected]

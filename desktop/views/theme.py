"""The application's look: one style sheet template coloured by the agent's theme, the shipped DejaVu Sans font,
the OS text size times the agent's own text size (Ctrl+plus / Ctrl+minus, desktop/views/kit/zoom.py)."""

from __future__ import annotations

import re
import sys

from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontInfo, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop import resources
from desktop.views import os_hints
from desktop.views.kit import colours
from desktop.views.kit.colours import Tokens

MARIANNE_BLUE = "#000091"
BASE_POINT_SIZE = 11.0  # about 15 px at 96 dpi: the style sheet's body size
# The OS's own default text size, in pixels, when the agent has not made text bigger in the OS settings.
OS_NOMINAL_PX = {"win32": 12, "darwin": 13}.get(sys.platform, 13)
MIN_PERCENT, MAX_PERCENT = 80, 200
# The same font on every OS (Windows and macOS have no DejaVu of their own): the faces the screens draw with, and the
# oblique one, which no screen uses (printed documents do: devices/printers/qt_print.py), added after the first frame.
SCREEN_FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
LATER_FONTS = ("DejaVuSans-Oblique.ttf",)


class _Os:
    """What the OS said before the application changed anything (its palette and font are ours afterwards)."""

    palette: QPalette | None = None
    font_px: int | None = None
    fonts_added: tuple[str, ...] = ()  # the shipped fonts, added once (a zoom re-applies the theme, not the fonts)
    following = False  # connected to the OS's colour scheme changes


def scaled_style_sheet(qss: str, percent: int) -> str:
    """The style sheet with every font size scaled (the agent's own text size preference), and the boxes sized
    for text (the navigation's width, an editor's height) with it."""
    if percent == 100:
        return qss
    qss = re.sub(
        r"(font-size|min-width|max-width|min-height):\s*(\d+)px",
        lambda m: f"{m.group(1)}: {round(int(m.group(2)) * percent / 100)}px",
        qss,
    )
    # A check box's or a radio button's box grows with its label, whole (size, edge, corners): a 13 px box at 200 %
    # was the smallest target of the screens.
    return re.sub(
        r"^.*::indicator.*$",
        lambda line: re.sub(r"(\d+)px", lambda m: f"{round(int(m.group(1)) * percent / 100)}px", line.group(0)),
        qss,
        flags=re.MULTILINE,
    )


def render_style_sheet(tokens: Tokens, percent: int = 100) -> str:
    """The shipped template with the theme's colours, fonts scaled; an unknown @token is an error, not a blank."""
    values = colours.token_map(tokens)
    # The check mark drawn on the accent, in the accent's text colour (white on blue, black on a light accent).
    ink = "white" if colours.luminance(tokens.on_accent) > 0.5 else "black"
    values["check_image"] = resources.path("controls", f"check-{ink}.svg").as_posix()

    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in values:
            raise KeyError(f"theme.qss names an unknown colour token @{name}")
        return values[name]

    qss = re.sub(r"@([a-z][a-z0-9_]*)", value, resources.read_text("theme.qss"))
    return scaled_style_sheet(qss, percent)


def os_prefers_dark(app: QGuiApplication) -> bool:
    """Dark when the OS says so (colour scheme) or when its palette's window is dark."""
    # Qt's own int, not PySide6's `Qt` enum: its first use makes ~140 enums (~12 ms) before the first frame.
    if os_hints.color_scheme(app.styleHints()) == os_hints.SCHEME_DARK:
        return True
    palette = _Os.palette or app.palette()
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def os_prefers_high_contrast(app: QGuiApplication) -> bool:
    style_hints = app.styleHints()  # keep the owner alive while its accessibility hints are read
    return os_hints.contrast_preference(style_hints) == os_hints.CONTRAST_HIGH


def resolve(theme: str, *, os_dark: bool, os_high_contrast: bool = False) -> Tokens:
    """The colours of a Settings.theme value; `systeme` follows the OS (high contrast, then dark, else light)."""
    if theme == "systeme":
        return colours.CONTRASTE if os_high_contrast else colours.SOMBRE if os_dark else colours.CLAIR
    return colours.BY_NAME.get(theme, colours.CLAIR)


def palette_for(tokens: Tokens, base: QPalette | None = None) -> QPalette:
    """The Qt palette matching the tokens: what the style sheet does not reach (cells, dialogs) is readable too.

    `base` (the application's palette, a copy) gives the roles the tokens leave alone, as an empty palette would
    once set on the application; `QPalette()` itself makes Qt's ~140 enums (~12 ms) before the first frame."""
    p = QPalette() if base is None else base
    role = QPalette.ColorRole
    for r, value in (
        (role.Window, tokens.background),
        (role.WindowText, tokens.text),
        (role.Base, tokens.background),
        (role.AlternateBase, tokens.surface),
        (role.Text, tokens.text),
        (role.Button, tokens.surface),
        (role.ButtonText, tokens.text),
        (role.BrightText, tokens.error),
        (role.Highlight, tokens.selection),
        (role.HighlightedText, tokens.on_selection),
        (role.ToolTipBase, tokens.background),
        (role.ToolTipText, tokens.text),
        (role.PlaceholderText, tokens.hint),
        (role.Link, tokens.accent),
        (role.LinkVisited, tokens.accent),
        (role.Light, tokens.surface),
        (role.Midlight, tokens.border),
        (role.Mid, tokens.control_border),
        (role.Dark, tokens.control_border),
        (role.Shadow, tokens.text),
    ):
        p.setColor(r, QColor(value))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, r, QColor(tokens.disabled))
    return p


def os_text_factor() -> float:
    """How much bigger than usual the OS draws its text (never below 1: our 15 px body is the floor)."""
    px = _Os.font_px or OS_NOMINAL_PX
    return max(1.0, px / OS_NOMINAL_PX)


def effective_percent(text_scale_percent: int) -> int:
    """The agent's text size (80–200 %) times the OS text size."""
    return round(text_scale_percent * os_text_factor())


def _remember_os(app: QGuiApplication) -> None:
    if _Os.palette is None:
        _Os.palette = app.palette()  # a copy (returned by value)
        _Os.font_px = QFontInfo(QGuiApplication.font()).pixelSize()


def apply_theme(
    app: QApplication,
    *,
    theme: str = "clair",
    text_scale_percent: int = 100,
    os_dark: bool | None = None,
    fusion: bool = False,
    first_frame: bool = False,
) -> Tokens:
    """Colours, font and style sheet for the whole application; returns the colours applied.

    `os_dark` forces what the OS says (screenshots, tests); otherwise `systeme` asks the OS. `fusion`: the
    application was made with the Fusion style (`-style fusion`, views/start.run), so the style is left alone: asking
    it from Python makes QStyle's Python enums (~10 ms before the window's first frame), setting it too.
    `first_frame`: only the fonts the screens draw with; the caller adds `LATER_FONTS` after that frame.
    """
    _remember_os(app)
    if not fusion:
        style = app.style()
        # Qt's own default on Linux (a second one costs 4 ms); under a style sheet the style asked is the sheet's.
        if style is None or style.name() != "fusion":
            app.setStyle("Fusion")
    add_fonts(SCREEN_FONTS if first_frame else SCREEN_FONTS + LATER_FONTS)
    if theme == "systeme":  # only this theme asks the OS (through Qt's own ints: views/os_hints.py)
        dark = os_prefers_dark(app) if os_dark is None else os_dark
        tokens = resolve(theme, os_dark=dark, os_high_contrast=os_dark is None and os_prefers_high_contrast(app))
    else:
        tokens = resolve(theme, os_dark=bool(os_dark))
    colours.set_current(tokens)
    percent = effective_percent(text_scale_percent)
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(BASE_POINT_SIZE * percent / 100)
    app.setFont(font)
    app.setPalette(palette_for(tokens, app.palette()))
    app.setStyleSheet(render_style_sheet(tokens, percent))
    app.setProperty("guichetTheme", theme)
    app.setProperty("guichetTextScale", text_scale_percent)
    app.setProperty("guichetOsDark", os_dark)
    if not _Os.following:
        _Os.following = True
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: os_scheme_changed(app))
    return tokens


def add_fonts(names: tuple[str, ...]) -> None:
    """Add the shipped fonts not added yet (each costs about 0.5 ms: Qt reads the file)."""
    for name in names:
        if name in _Os.fonts_added:
            continue
        _Os.fonts_added += (name,)
        shipped = resources.font_file(name)
        if shipped is not None:
            QFontDatabase.addApplicationFont(str(shipped))


def os_scheme_changed(app: QApplication) -> None:
    """The agent switched the OS to dark or light while Guichet runs: « systeme » follows at once."""
    if app.property("guichetTheme") == "systeme" and not isinstance(app.property("guichetOsDark"), bool):
        apply_theme(app, theme="systeme", text_scale_percent=int(app.property("guichetTextScale") or 100))


def set_text_scale(app: QApplication, percent: int) -> int:
    """Change the text size live, keeping the theme; returns the size applied (kept within 80–200 %)."""
    percent = max(MIN_PERCENT, min(MAX_PERCENT, percent))
    theme = app.property("guichetTheme") or "clair"
    os_dark = app.property("guichetOsDark")
    forced = os_dark if isinstance(os_dark, bool) else None
    apply_theme(app, theme=str(theme), text_scale_percent=percent, os_dark=forced)
    return percent

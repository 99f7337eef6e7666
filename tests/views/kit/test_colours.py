"""Contrast of every theme (RGAA 3.2, 3.3; WCAG 1.4.3, 1.4.11), from the tokens and the palette actually applied."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

import desktop.views
from desktop.views.kit import colours
from desktop.views.kit.colours import BY_NAME, DISABLED_PAIRS, TEXT_PAIRS, UI_PAIRS, Tokens, contrast
from desktop.views.theme import apply_theme, render_style_sheet

THEMES = list(BY_NAME.values())
BOLD_LARGE_PX = 18.7  # 14 pt bold (WCAG "large text")
LARGE_PX = 24.0  # 18 pt


def test_the_contrast_formula_matches_wcag() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    with pytest.raises(ValueError):
        contrast("red", "#ffffff")


@pytest.mark.parametrize("tokens", THEMES, ids=lambda t: t.name)
def test_every_declared_pair_of_every_theme_is_readable(tokens: Tokens) -> None:
    low = []
    for pairs, minimum in ((TEXT_PAIRS, 4.5), (UI_PAIRS, 3.0), (DISABLED_PAIRS, 2.5)):
        for fg, bg in pairs:
            ratio = contrast(getattr(tokens, fg), getattr(tokens, bg))
            if ratio < minimum:
                low.append(f"{fg} on {bg}: {ratio:.2f} < {minimum}")
    for i, series in enumerate(tokens.series):  # chart bars and lines are graphical objects: 3:1
        if contrast(series, tokens.background) < 3.0:
            low.append(f"series{i} on background")
    assert not low, f"{tokens.name}: {low}"


def _rules(qss: str) -> list[tuple[str, dict[str, str]]]:
    out = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", qss, flags=re.S)):
        props = dict(
            (k.strip(), v.strip()) for k, v in (p.split(":", 1) for p in body.split(";") if ":" in p) if k.strip()
        )
        out.append((selector.strip(), props))
    return out


def _size(props: dict[str, str]) -> float:
    m = re.search(r"(\d+)px", props.get("font-size", "15px"))
    return float(m.group(1)) if m else 15.0


@pytest.mark.parametrize("tokens", THEMES, ids=lambda t: t.name)
def test_every_text_colour_of_the_style_sheet_is_readable_on_its_grounds(tokens: Tokens) -> None:
    """Each rule's text colour against the ground it sets, else against every ground text sits on."""
    grounds = {tokens.background, tokens.surface, tokens.field, tokens.field_focus, tokens.notice}
    checked, low = 0, []
    for selector, props in _rules(render_style_sheet(tokens)):
        colour = props.get("color")
        if colour is None or ":disabled" in selector:
            continue  # disabled controls are exempt (WCAG 1.4.3); DISABLED_PAIRS keeps them visible
        ground = props.get("background")
        bold = props.get("font-weight") == "700"
        minimum = 3.0 if _size(props) >= LARGE_PX or (bold and _size(props) >= BOLD_LARGE_PX) else 4.5
        for bg in [ground] if ground and ground.startswith("#") else sorted(grounds):
            checked += 1
            if contrast(colour, bg) < minimum:
                low.append(f"{selector}: {colour} on {bg} = {contrast(colour, bg):.2f}")
    assert checked > 40
    assert not low, f"{tokens.name}: {low}"


@pytest.mark.parametrize(
    ("theme", "os_dark", "expected"),
    [
        ("clair", None, "clair"),
        ("sombre", None, "sombre"),
        ("contraste", None, "contraste"),
        ("systeme", False, "clair"),
        ("systeme", True, "sombre"),
    ],
)
def test_the_applied_palette_is_readable(qtbot: object, theme: str, os_dark: bool | None, expected: str) -> None:
    """What the style sheet does not reach (table cells, dialogs, tooltips) takes the palette: readable too."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette(), app.styleSheet(), app.font()
    try:
        tokens = apply_theme(app, theme=theme, os_dark=os_dark)
        assert tokens.name == expected and colours.current() is tokens
        p, role = app.palette(), QPalette.ColorRole
        for fg, bg in (
            (role.WindowText, role.Window),
            (role.Text, role.Base),
            (role.Text, role.AlternateBase),
            (role.ButtonText, role.Button),
            (role.HighlightedText, role.Highlight),
            (role.ToolTipText, role.ToolTipBase),
            (role.PlaceholderText, role.Base),
        ):
            ratio = contrast(p.color(fg).name(), p.color(bg).name())
            assert ratio >= 4.5, f"{theme}: {fg.name} on {bg.name} = {ratio:.2f}"
        # The bug: a dark OS palette and dark text. The text now follows the ground.
        assert (p.color(role.Base).lightnessF() < 0.5) == tokens.dark
    finally:
        app.setPalette(before[0])
        app.setStyleSheet(before[1])
        app.setFont(before[2])
        colours.set_current(colours.CLAIR)


def test_no_screen_hard_codes_a_colour() -> None:
    """Colours come from the theme's tokens; a literal colour in a view is dark-on-dark waiting to happen."""
    root = Path(desktop.views.__file__).parent
    allowed = {root / "kit" / "colours.py", root / "receipt_preview.py"}  # the receipt is white paper
    found = []
    for path in root.rglob("*.py"):
        if path in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"#[0-9a-fA-F]{6}\b|QColor\(\"[a-z]+\"\)|Qt\.GlobalColor\.\w+", text):
            if m.group(0) == "#000091" and path.name == "theme.py":  # MARIANNE_BLUE, kept for its importers
                continue
            found.append(f"{path.relative_to(root)}: {m.group(0)}")
    assert not found

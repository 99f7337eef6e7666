"""The themes' colours as named tokens, the pairs each one must keep readable, and WCAG contrast (no Qt here).

One style sheet template (theme.qss) names these tokens (``@text``, ``@accent``…); a theme is one set of values.
Views that paint or colour cells themselves (charts, table models, the passport case pane) read `current()`, so a
dark or high-contrast theme never leaves dark text on a dark ground.
"""

from __future__ import annotations

from typing import NamedTuple

THEMES = ("clair", "sombre", "contraste")


class Tokens(NamedTuple):
    """One theme: every colour the style sheet, the palette and the painted widgets use.

    A NamedTuple, not a dataclass: made before the window's first frame, where a frozen dataclass of 35 fields costs
    ~1.5 ms to make (it compiles its generated methods); it is only built, read and copied with changes."""

    name: str
    dark: bool
    background: str  # pages, cards, table cells
    surface: str  # navigation, header rows, status bar, alternate rows
    text: str
    muted: str  # lead sentences, labels in the review table
    hint: str  # format hints under fields
    accent: str  # titles, selected navigation item, secondary buttons' text
    on_accent: str  # text on a primary button
    accent_hover: str
    focus: str  # focus ring
    border: str  # card and table frames (decorative)
    control_border: str  # the line under an editor (identifies the control: 3:1)
    field: str  # editor background
    field_focus: str
    selection: str  # selected row / item
    on_selection: str
    selected_accent: str  # the selected navigation item's text
    hover: str
    error: str
    error_ground: str
    warn: str
    warn_ground: str
    ok: str
    ok_ground: str
    notice: str  # information frame background
    danger: str  # destructive button background
    on_danger: str
    disabled: str  # disabled text (exempt from contrast minimums, WCAG 1.4.3; still kept above 2.5:1)
    disabled_ground: str
    demo: str
    demo_ground: str
    grid: str  # chart grid and table grid lines (decorative)
    series: tuple[str, ...]  # chart series, each at least 3:1 against the background
    focus_width: int = 2


CLAIR = Tokens(
    name="clair",
    dark=False,
    background="#ffffff",
    surface="#f6f6f6",
    text="#161616",
    muted="#3a3a3a",
    hint="#595959",
    accent="#000091",
    on_accent="#ffffff",
    accent_hover="#1212ff",
    focus="#0a76f6",
    border="#dddddd",
    control_border="#3a3a3a",
    field="#eeeeee",
    field_focus="#e8edff",
    selection="#e3e3fd",
    on_selection="#161616",
    selected_accent="#000091",
    hover="#eeeeee",
    error="#ce0500",
    error_ground="#ffe9e9",
    warn="#a33900",
    warn_ground="#fff4f3",
    ok="#18753c",
    ok_ground="#dffee6",
    notice="#e8edff",
    danger="#ce0500",
    on_danger="#ffffff",
    disabled="#929292",
    disabled_ground="#f6f6f6",
    demo="#695a3e",
    demo_ground="#fef7da",
    grid="#dddddd",
    series=("#000091", "#6a6af4", "#00786b", "#8f6b14", "#b8462f", "#a558a0", "#2f6bb0"),
)

SOMBRE = Tokens(
    name="sombre",
    dark=True,
    background="#161616",
    surface="#1e1e1e",
    text="#eeeeee",
    muted="#cecece",
    hint="#b0b0b0",
    accent="#9a9aff",
    on_accent="#161616",
    accent_hover="#bcbcff",
    focus="#5c9dff",
    border="#3a3a3a",
    control_border="#a0a0a0",
    field="#2a2a2a",
    field_focus="#23234a",
    selection="#2c2c5c",
    on_selection="#ffffff",
    selected_accent="#ffffff",
    hover="#2a2a2a",
    error="#ff7a78",
    error_ground="#3b1a1a",
    warn="#ffa46b",
    warn_ground="#3a2212",
    ok="#4fd483",
    ok_ground="#12301f",
    notice="#1f2140",
    danger="#ff7a78",
    on_danger="#161616",
    disabled="#7a7a7a",
    disabled_ground="#1e1e1e",
    demo="#f0d98c",
    demo_ground="#3a3220",
    grid="#3a3a3a",
    series=("#9a9aff", "#e0e0ff", "#34cbb5", "#e4bd4e", "#ff8f78", "#e49ee0", "#7fb2ff"),
)

CONTRASTE = Tokens(
    name="contraste",
    dark=True,
    background="#000000",
    surface="#000000",
    text="#ffffff",
    muted="#ffffff",
    hint="#c4c4c4",  # placeholders must differ from typed text
    accent="#ffff00",
    on_accent="#000000",
    accent_hover="#ffffff",
    focus="#00ffff",
    border="#ffffff",
    control_border="#ffffff",
    field="#000000",
    field_focus="#00204a",
    selection="#ffff00",
    on_selection="#000000",
    selected_accent="#000000",
    hover="#1a1a1a",
    error="#ff9a9a",
    error_ground="#000000",
    warn="#ffc04d",
    warn_ground="#000000",
    ok="#66ff99",
    ok_ground="#000000",
    notice="#000000",
    danger="#ff9a9a",
    on_danger="#000000",
    disabled="#a0a0a0",
    disabled_ground="#000000",
    demo="#ffff00",
    demo_ground="#000000",
    grid="#a0a0a0",
    series=("#ffff00", "#00ffff", "#ff9aff", "#66ff99", "#ffffff", "#ffc04d", "#9ab8ff"),
    focus_width=3,
)

BY_NAME = {t.name: t for t in (CLAIR, SOMBRE, CONTRASTE)}

# Text on its ground: 4.5:1 (WCAG 1.4.3), 3:1 when the text is large (18 pt, or 14 pt bold: 24 / 18.7 px).
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "background"),
    ("text", "surface"),
    ("text", "field"),
    ("text", "field_focus"),
    ("text", "hover"),
    ("text", "notice"),
    ("text", "error_ground"),
    ("text", "warn_ground"),
    ("muted", "background"),
    ("muted", "surface"),
    ("hint", "background"),
    ("hint", "surface"),
    ("accent", "background"),
    ("accent", "surface"),
    ("selected_accent", "selection"),
    ("accent", "notice"),
    ("on_accent", "accent"),
    ("on_accent", "accent_hover"),
    ("on_selection", "selection"),
    ("on_danger", "danger"),
    ("error", "background"),
    ("error", "surface"),
    ("error", "error_ground"),
    ("warn", "background"),
    ("warn", "surface"),
    ("warn", "warn_ground"),
    ("ok", "background"),
    ("ok", "surface"),
    ("ok", "ok_ground"),
    ("demo", "demo_ground"),
)
# Boundaries that identify a control or its state, and the focus ring: 3:1 (WCAG 1.4.11).
UI_PAIRS: tuple[tuple[str, str], ...] = (
    ("control_border", "background"),
    ("control_border", "field"),
    ("control_border", "surface"),  # scroll bar handles
    ("focus", "background"),
    ("focus", "surface"),
    ("accent", "field_focus"),
    ("error", "field"),
    ("accent", "background"),
    ("danger", "background"),
)
DISABLED_PAIRS: tuple[tuple[str, str], ...] = (("disabled", "disabled_ground"),)

_current = CLAIR


def current() -> Tokens:
    """The theme applied now (views that paint themselves read it at paint time)."""
    return _current


def set_current(tokens: Tokens) -> None:
    global _current
    _current = tokens


def token_map(tokens: Tokens) -> dict[str, str]:
    """Token name → value, for the style sheet template (series as series0, series1…)."""
    out = {name: str(getattr(tokens, name)) for name in tokens._fields if name not in ("series", "name", "dark")}
    out["focus_width"] = f"{tokens.focus_width}px"
    out.update({f"series{i}": c for i, c in enumerate(tokens.series)})
    return out


def with_overrides(tokens: Tokens, **values: str) -> Tokens:
    """A variant (tests)."""
    return tokens._replace(**values)  # type: ignore[arg-type]


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)

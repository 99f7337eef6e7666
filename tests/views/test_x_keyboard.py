"""What an agent types on a French keyboard reaches the forms: real key presses, through the X server and Qt's xcb/xkb
input, read back as a screen reader reads the fields.

Every other screen test feeds keys to Qt inside its own process (QTest): the layout, the dead keys, libxkbcommon's
compose table and the clipboard are never crossed. Here the demo runs under Xvfb with the French AZERTY layout
(`xkeyskit`), keys are pressed where they are on that keyboard (« é » is the 2 key, « ê » is ^ then e, « œ » AltGr+O,
the digits need Shift), names are pasted through the X clipboard (xclip) as a mail client gives them, and each field
is read over AT-SPI (`atspikit`). What the counter keeps of it is the service's `PersonInput` (rules/textlimits.py
`typed_text`) and what it accepts R-SAISIE-1's check (`check_person_texts`).

The shortcuts: Qt matches a shortcut on the key's symbol. On AZERTY the digit row gives « & é " ' ( - è _ ç à »
unshifted, and Ctrl+Shift+& is read as Ctrl+1 (Qt tries the key's Shift level too): the digits' shortcuts are
bound to both (views/kit/azerty.py), and Ctrl+Maj+0 is taken before Qt reads it as Ctrl+0.
"""

from __future__ import annotations

import shutil
import time
import unicodedata
from collections.abc import Iterator
from datetime import date

import pytest
from atspikit import App, Desk, Node, Tree, missing
from xkeyskit import DIGIT_ROW, Keyboard, french_keyboard

from desktop.rules.identifiers import normalize_nne
from desktop.rules.names import fold_name
from desktop.rules.textlimits import check_person_texts
from desktop.services.procuration_body import PersonInput
from desktop.views.kit.dates import parse_date

# An X server (its socket in the machine's /tmp/.X11-unix: one at a time, tests/workerskit.py), two buses, the demo
# and its central store: ~25 s in all.
pytestmark = [pytest.mark.slow, pytest.mark.x_server]

KIND = "consulat"
# Names of French civil status typed on AZERTY: keys of their own (é è ç à ù), dead keys (^ ¨), AltGr (œ Œ æ ’).
NAMES = [
    "Hélène",
    "Anaïs",
    "Françoise",
    "Chloé",
    "Œdipe",
    "Cœur-Noël",
    "D’Aubigné",
    "d'Artagnan",
    "Jean-Benoît",
    "Maëlle Zoé",
    "Lætitia",
    "Müller",
]


@pytest.fixture(scope="module")
def desk() -> Iterator[Desk]:
    why = missing() or next(
        (f"{t} absent (make system)" for t in ("setxkbmap", "xmodmap", "xclip") if not shutil.which(t)), ""
    )
    if why:
        pytest.skip(why)
    desk = Desk()
    yield desk
    desk.close()


def _ready(tree: Tree) -> list[Node]:
    return [n for n in tree.shown() if n.role == "push button" and "enabled" in n.states and n.depth > 8]


@pytest.fixture(scope="module")
def app(desk: Desk) -> Iterator[App]:
    app = desk.open_app("fr", station_kind=KIND)
    try:
        app.wait_for(_ready, timeout=40, why="Établir ready")
        app.activate()
        yield app
    finally:
        app.close()


@pytest.fixture(scope="module")
def keyboard(app: App) -> Keyboard:
    return french_keyboard(app.env)  # with the demo connected: Xvfb keeps a layout while a client stays


@pytest.fixture(scope="module")
def form(app: App) -> Tree:
    return app.tree(shown=True)


def _title(app: App) -> str:
    """The main window's title, which names the screen shown (none for a moment while the text size changes)."""
    for _ in range(20):
        windows = app.reader.ask("windows", pid=app.process.pid)
        if windows:
            return str(windows[0])
        time.sleep(0.1)
    raise AssertionError("the application has no window on the bus")


def _text(app: App, node: Node) -> str:
    return str(app.reader.ask("text", path=node.path))


def _typed_into(app: App, keyboard: Keyboard, node: Node, *chords: str) -> str:
    """Empty the field, give it the keyboard, press the keys; what the field holds once they are in."""
    app.set_text(node, "")
    app.focus(node)
    app.events(wait=0.2)
    keyboard.press(*chords)
    app.events(wait=0.3)
    return _text(app, node)


def _back_to_establish(app: App, keyboard: Keyboard) -> None:
    app.activate()
    keyboard.press(f"ctrl+shift+{DIGIT_ROW['1']}")
    app.events(wait=0.3)
    assert _title(app).startswith("Établir"), _title(app)


# -- names, dates and numbers typed ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_a_name_typed_with_azertys_keys_and_dead_keys_is_in_the_field_as_typed(
    app: App, keyboard: Keyboard, form: Tree, name: str
) -> None:
    field = form.find("text", "Nom")
    held = _typed_into(app, keyboard, field, *keyboard.strokes(name))
    assert held == name, (name, ascii(held), keyboard.strokes(name))
    assert unicodedata.is_normalized("NFC", held)  # the compose table gives the composed letter
    kept = PersonInput(last_name=held, given_names=held)
    assert (kept.last_name, kept.given_names) == (name, name)
    assert check_person_texts("mandant", last_name=held, given_names=held) == []  # R-SAISIE-1 lets it through


def test_dead_keys_compose_every_french_accent_and_a_dead_key_then_space_types_the_mark(
    app: App, keyboard: Keyboard, form: Tree
) -> None:
    """ê ë î ï ô ö û ü ÿ and their capitals come from ^ and ¨ only (no key of their own on AZERTY)."""
    letters = "êëîïôöûüÿÊËÎÏÔÖÛÜ"
    field = form.find("text", "Prénoms")
    assert _typed_into(app, keyboard, field, *keyboard.strokes(letters)) == letters
    assert all(len(keyboard.strokes(c)) == 2 for c in letters)  # a dead key, then the letter (as typists do)
    circumflex = keyboard.syms[0xFE52]
    assert _typed_into(app, keyboard, field, circumflex, keyboard.chord(" ")) == "^"


def test_a_birth_date_and_an_nne_typed_on_the_digit_row_with_shift_or_the_keypad(
    app: App, keyboard: Keyboard, form: Tree
) -> None:
    born = form.find("text", "Date de naissance")
    typed = _typed_into(app, keyboard, born, *keyboard.strokes("15/01/1990"))
    assert typed == "15/01/1990" and parse_date(typed) == date(1990, 1, 15)
    assert keyboard.chord("/") == "shift+60" and keyboard.chord("1") == "shift+10"  # AZERTY's Shift row
    nne = form.find("text", "N° national d'électeur (NNE)")
    for chords in (keyboard.strokes("371617504"), [f"KP_{d}" for d in "371617504"]):
        typed = _typed_into(app, keyboard, nne, *chords)
        assert typed == "371617504" and normalize_nne(typed) == "371617504"
    # Without Shift the same keys type the row's own symbols: never a number the form would take for one.
    forgot = _typed_into(app, keyboard, nne, *(str(DIGIT_ROW[d]) for d in "371617504"))
    assert forgot == "\"è&-&è(à'", ascii(forgot)
    app.set_text(nne, "")


# -- pasted from an e-mail -------------------------------------------------------------------------------------
PASTES = [
    # a macOS mail: accents decomposed (NFD), a no-break space between given names, the line's end copied too
    (unicodedata.normalize("NFD", "Hélène\u00a0Anaïs\n"), "Hélène Anaïs"),
    (unicodedata.normalize("NFD", "Lefèvre\r\n"), "Lefèvre"),
    ("Jean\u202fPierre", "Jean Pierre"),  # a narrow no-break space
    ("D’Aubigné ", "D’Aubigné"),
]


@pytest.mark.parametrize(("pasted", "kept"), PASTES)
def test_a_name_pasted_from_a_mail_is_kept_composed_with_plain_spaces(
    app: App, keyboard: Keyboard, form: Tree, pasted: str, kept: str
) -> None:
    field = form.find("text", "Prénoms")
    owner = keyboard.paste_source(pasted)
    try:
        held = _typed_into(app, keyboard, field, "ctrl+v")
    finally:
        owner.terminate()
        owner.wait()
    app.set_text(field, "")
    # Qt's line edit makes a line break a space and keeps the rest as pasted (decomposed accents, no-break spaces).
    assert "\n" not in held and "\r" not in held and fold_name(held) == fold_name(kept), ascii(held)
    assert check_person_texts("mandant", last_name=held, given_names=held) == []
    person = PersonInput(last_name=held, given_names=held)  # what the form gives the services
    assert (person.last_name, person.given_names) == (kept, kept), ascii(person.given_names)


def test_a_search_pasted_from_a_mail_finds_the_person(app: App, keyboard: Keyboard) -> None:
    keyboard.press(f"ctrl+shift+{DIGIT_ROW['3']}")  # Rechercher
    app.events(wait=0.3)
    query = next(n for n in app.tree(shown=True).shown() if n.role == "text" and n.name == "Rechercher")
    owner = keyboard.paste_source(unicodedata.normalize("NFD", "BERNARD\u00a0Luc Henri\n"))
    try:
        _typed_into(app, keyboard, query, "ctrl+v")
    finally:
        owner.terminate()
        owner.wait()
    keyboard.press("Return")
    said = [str(e["any_data"]) for e in app.events(wait=5.0, until="object:announcement")]
    app.set_text(query, "")
    _back_to_establish(app, keyboard)
    assert any("1 résultat" in s for s in said), said


# -- shortcuts ----------------------------------------------------------------------------------------------------
def _after(app: App, keyboard: Keyboard, chord: str) -> str:
    """The screen shown once `chord` is pressed in the main window."""
    app.activate()
    keyboard.press(chord)
    app.events(wait=0.4)
    return _title(app)


@pytest.fixture(scope="module")
def sections(app: App, keyboard: Keyboard) -> dict[str, str]:
    """Each digit's screen, reached by Ctrl+Shift and the digit row's key (Qt reads the key's Shift level: Ctrl+1).
    Ctrl+Maj+0 is the text size's (test_ctrl_shift_zero_brings_the_text_size_back_on_azerty)."""
    shown = {d: _after(app, keyboard, f"ctrl+shift+{DIGIT_ROW[d]}") for d in "123456789"}
    _back_to_establish(app, keyboard)
    return {**shown, "0": "À décider — Guichet"}


def test_ctrl_shift_and_the_digit_rows_key_opens_each_screen_on_azerty(sections: dict[str, str]) -> None:
    assert sections["1"].startswith("Établir") and sections["3"].startswith("Rechercher"), sections
    assert len(set(sections.values())) == 10, sections  # a consulate's ten screens, each its own digit


def test_ctrl_and_the_digit_rows_own_key_opens_the_same_screen_as_its_digit(
    app: App, keyboard: Keyboard, sections: dict[str, str]
) -> None:
    """An agent on AZERTY reads « Ctrl+2 » and presses Ctrl and the 2 key, as browsers and office suites take it:
    « é » without Shift. The 6 key's own symbol is « - »: Ctrl+- makes the text smaller (Ctrl+Shift+- is Ctrl+6)."""
    try:
        missed = {}
        for digit in "0123457890":  # after Ctrl+0's screen, each digit a screen the agent is not on
            shown = _after(app, keyboard, f"ctrl+{DIGIT_ROW[digit]}")
            if shown != sections[digit]:
                missed[f"Ctrl+{_own_symbol(keyboard, digit)} ({digit})"] = shown
        assert not missed, f"pressed on AZERTY, opened nothing (the screen stayed): {missed}"
    finally:
        _back_to_establish(app, keyboard)


def _own_symbol(keyboard: Keyboard, digit: str) -> str:
    key = str(DIGIT_ROW[digit])
    return next(c for c, chord in keyboard.chars.items() if chord == key)


@pytest.mark.parametrize(
    ("letter", "role", "name"),
    [
        ("a", "text", "CAN de la carte (F2 pour lire)"),  # AZERTY's A is QWERTY's Q
        ("z", "text", "Zone MRZ"),
        ("m", "text", "NNE du mandataire"),  # right of L on AZERTY
        ("q", "combo box", ""),  # Scrutin: a combo box is said by its value
        ("w", "combo box", ""),  # Tours
    ],
)
def test_alt_and_a_labels_letter_reaches_its_field_where_the_letter_is_on_azerty(
    app: App, keyboard: Keyboard, form: Tree, letter: str, role: str, name: str
) -> None:
    app.focus(form.find("text", "Nom"))  # elsewhere first: Ctrl+1 leaves the focus in the CAN
    app.events(wait=0.2)
    focused, _seen = app.focus_after(lambda: keyboard.press(f"alt+{keyboard.chord(letter)}"))
    assert focused["role"] == role and (not name or focused["name"] == name), focused


def _size_said(app: App, keyboard: Keyboard, *chords: str, timeout: float = 6.0) -> list[str]:
    """What the text size keys said (« Taille du texte : 110 % »): one a key, each once the window is laid out again
    in the new size (seconds each under Xvfb with the bus on), or what was said in `timeout`."""
    app.events()
    keyboard.press(*chords)
    said: list[str] = []
    end = time.monotonic() + timeout
    while len(said) < len(chords) and time.monotonic() < end:
        events = app.events(wait=min(1.0, max(0.0, end - time.monotonic())), until="object:announcement")
        said += [str(e["any_data"]) for e in events if str(e["any_data"]).startswith("Taille du texte")]
    app.events(wait=0.5)  # and the focus kept in sight
    return said


def test_ctrl_equal_and_ctrl_minus_change_the_text_size_on_azerty(app: App, keyboard: Keyboard) -> None:
    """« Ctrl+plus » is Ctrl and the = key (« + » needs Shift there, Ctrl+= is bound too), Ctrl+- the 6 key."""
    assert _size_said(app, keyboard, f"ctrl+{keyboard.chord('=')}") == ["Taille du texte : 110 %"]
    assert _size_said(app, keyboard, f"ctrl+{keyboard.chord('-')}") == ["Taille du texte : 100 %"]
    assert _title(app).startswith("Établir")


def test_ctrl_shift_zero_brings_the_text_size_back_on_azerty(app: App, keyboard: Keyboard) -> None:
    """The guide's « Ctrl+Maj+0 » is Ctrl, Shift and the à key on AZERTY, which Qt reads as Ctrl+0: « À décider »
    opened and the text kept its size; no other key brings it back to 100 %."""
    bigger = f"ctrl+{keyboard.chord('=')}"
    assert _size_said(app, keyboard, bigger, bigger)[-1] == "Taille du texte : 120 %"
    said = _size_said(app, keyboard, f"ctrl+shift+{DIGIT_ROW['0']}")
    shown = _title(app)
    if not said:  # back to 100 % as the agent could not
        _back_to_establish(app, keyboard)
        _size_said(app, keyboard, *[f"ctrl+{keyboard.chord('-')}"] * 2)
    assert shown.startswith("Établir") and said == ["Taille du texte : 100 %"], (shown, said)


def _tab_after(app: App, keyboard: Keyboard, chord: str) -> str:
    keyboard.press(chord)
    app.events(wait=0.5)
    tabs = [n for n in app.tree(shown=True).shown() if n.role == "page tab" and "selected" in n.states]
    return tabs[-1].name if tabs else ""


def _to_renewals(app: App, keyboard: Keyboard, sections: dict[str, str]) -> None:
    digit = next(d for d, title in sections.items() if title.startswith("Renouvellements"))
    assert _after(app, keyboard, f"ctrl+shift+{DIGIT_ROW[digit]}").startswith("Renouvellements")
    assert _tab_after(app, keyboard, f"alt+shift+{DIGIT_ROW['1']}") == "Passeport à distance"


def test_alt_shift_and_the_digit_rows_key_opens_each_renewals_tab_on_azerty(
    app: App, keyboard: Keyboard, sections: dict[str, str]
) -> None:
    _to_renewals(app, keyboard, sections)
    try:
        assert _tab_after(app, keyboard, f"alt+shift+{DIGIT_ROW['3']}") == "Identifiants de vote par internet"
        assert _tab_after(app, keyboard, f"alt+shift+{DIGIT_ROW['2']}") == "Échéances du jour"
    finally:
        _back_to_establish(app, keyboard)


def test_alt_and_the_digit_rows_own_key_opens_the_same_renewals_tab(
    app: App, keyboard: Keyboard, sections: dict[str, str]
) -> None:
    _to_renewals(app, keyboard, sections)
    try:
        assert _tab_after(app, keyboard, f"alt+{DIGIT_ROW['3']}") == "Identifiants de vote par internet"
        assert _tab_after(app, keyboard, f"alt+{DIGIT_ROW['2']}") == "Échéances du jour"
    finally:
        _back_to_establish(app, keyboard)

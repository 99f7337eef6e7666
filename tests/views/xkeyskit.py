"""A French keyboard on the X server: keys pressed as an agent presses them, by where they are on an AZERTY keyboard.

`french_keyboard(env)` sets the display's layout (setxkbmap: libxkbcommon's own French layouts) and gives a
`Keyboard`, which types a text as key presses of that layout only: each character is found on a key (with Shift,
AltGr or both), or composed with a dead key (« ê » is ^ then e, « ï » is ¨ then i), or it cannot be typed. Nothing is
remapped (xdotool's `type` would give any missing character a spare key of its own: what it types proves nothing
about the layout). The keys go through the X server to the application's xcb/xkb input and its compose table.

The X server keeps the layout while a client stays connected: Xvfb goes back to its default (US) when its last
client leaves, so the layout is set with the application connected.
"""

from __future__ import annotations

import subprocess
import time
import unicodedata
from dataclasses import dataclass

# The French layout most desks have: « fr » with the « oss » variant (Debian's and Ubuntu's « Français (variante) »),
# the one with « œ » on AltGr+O and the typographic apostrophe « ’ » on AltGr+G.
LAYOUT, VARIANT = "fr", "oss"
# xmodmap's columns: plain, Shift, (the second group's two), AltGr, AltGr+Shift.
_COLUMN_KEYS = {0: (), 1: ("shift",), 4: ("ISO_Level3_Shift",), 5: ("shift", "ISO_Level3_Shift")}
# Keysyms older than Unicode keysyms (X11/keysymdef.h) that a French layout holds.
_LEGACY = {0x13BC: "Œ", 0x13BD: "œ", 0xAD0: "‘", 0xAD1: "’", 0xAD2: "“", 0xAD3: "”", 0xAA9: "—", 0xAAA: "–"}
# Dead keys and the combining mark each puts on the next letter.
_DEAD = {
    "\u0300": 0xFE50,  # dead_grave
    "\u0301": 0xFE51,  # dead_acute
    "\u0302": 0xFE52,  # dead_circumflex
    "\u0303": 0xFE53,  # dead_tilde
    "\u0308": 0xFE57,  # dead_diaeresis
    "\u0327": 0xFE5B,  # dead_cedilla
}
# The digit row's keys on the X server (evdev keycodes): « & é " ' ( - è _ ç à », digits with Shift on AZERTY.
DIGIT_ROW = dict(zip("1234567890", range(10, 20), strict=True))


def _char(keysym: int) -> str:
    if 0x20 <= keysym <= 0xFF:
        return chr(keysym)
    if 0x1000000 <= keysym <= 0x110FFFF:  # a Unicode keysym (not XF86's media keys, 0x1008FFxx)
        return chr(keysym - 0x1000000)
    return _LEGACY.get(keysym, "")


@dataclass
class Keyboard:
    """The keys of the display's layout: what each press gives, and how to type a text with them."""

    env: dict[str, str]
    chars: dict[str, str]  # a character -> the chord that types it (« shift+11 »)
    syms: dict[int, str]  # a keysym (the dead keys) -> its chord

    def chord(self, char: str) -> str:
        """The one key press that types `char` on this layout (KeyError: none does)."""
        return self.chars[char]

    def strokes(self, text: str) -> list[str]:
        """The key presses that type `text` as a French typist does: a key of its own, alone or with Shift (« é » is
        the 2 key); else a dead key and the letter (« ê » is ^ then e, though the layout also has it on AltGr+E);
        else AltGr (« œ », « ’ »). AssertionError: not typable on this layout."""
        presses: list[str] = []
        for char in text:
            chord = self.chars.get(char)
            if chord is not None and "ISO_Level3_Shift" not in chord:
                presses.append(chord)
                continue
            base, *marks = unicodedata.normalize("NFD", char)
            dead = [self.syms.get(_DEAD.get(mark, 0)) for mark in marks]
            if marks and base in self.chars and all(dead):
                presses += [*(d for d in dead if d), self.chars[base]]
                continue
            assert chord is not None, f"{char!r} cannot be typed on {LAYOUT}({VARIANT})"
            presses.append(chord)
        return presses

    def press(self, *chords: str) -> None:
        """Key presses through the X server, to the window that has the keyboard."""
        subprocess.run(["xdotool", "key", "--delay", "30", *chords], env=self.env, check=True)

    def type(self, text: str) -> None:
        self.press(*self.strokes(text))

    def paste_source(self, text: str) -> subprocess.Popen[bytes]:
        """Own the X clipboard with `text` (as a mail client does after Ctrl+C) until the process is ended."""
        owner = subprocess.Popen(
            ["xclip", "-selection", "clipboard", "-in", "-quiet"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=self.env,
        )
        assert owner.stdin is not None
        owner.stdin.write(text.encode("utf-8"))
        owner.stdin.close()
        for _ in range(50):  # it owns the selection once it reads it back
            got = subprocess.run(
                ["xclip", "-selection", "clipboard", "-out"], env=self.env, capture_output=True, check=False
            )
            if got.stdout.decode("utf-8", "replace") == text:
                return owner
            time.sleep(0.05)
        raise AssertionError("xclip did not take the clipboard")


def french_keyboard(env: dict[str, str]) -> Keyboard:
    """Set the display's layout to French (AZERTY) and read its keys back from the server."""
    for _ in range(20):
        subprocess.run(["setxkbmap", "-layout", LAYOUT, "-variant", VARIANT], env=env, check=True)
        query = subprocess.run(["setxkbmap", "-query"], env=env, capture_output=True, text=True, check=True).stdout
        if f"variant:    {VARIANT}" in query:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"the X server kept its layout: {query}")
    listing = subprocess.run(["xmodmap", "-pk"], env=env, capture_output=True, text=True, check=True).stdout
    chars: dict[str, str] = {}
    syms: dict[int, str] = {}
    for line in listing.splitlines():
        fields = line.split()
        if not fields or not fields[0].isdigit():
            continue
        keycode = int(fields[0])
        values = [int(f, 16) for f in fields[1:] if f.startswith("0x")]
        for column in sorted(_COLUMN_KEYS):  # the fewest modifiers first
            if column >= len(values) or values[column] == 0:
                continue
            chord = "+".join((*_COLUMN_KEYS[column], str(keycode)))
            char = _char(values[column])
            if char and char not in chars:
                chars[char] = chord
            syms.setdefault(values[column], chord)
    assert chars.get("a") == "24" and chars.get("1") == "shift+10", "not an AZERTY layout"
    return Keyboard(env, chars, syms)


def clipboard_of(env: dict[str, str]) -> str:
    got = subprocess.run(["xclip", "-selection", "clipboard", "-out"], env=env, capture_output=True, check=False)
    return got.stdout.decode("utf-8", "replace")

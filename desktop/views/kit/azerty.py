"""Keys as a French (AZERTY) keyboard types them: the shortcuts written with a digit reachable there too.

Qt matches a shortcut on the key's symbol. The digit row of an AZERTY keyboard gives « & é " ' ( - è _ ç à » without
Shift and the digits with it: Qt reads Ctrl+Maj+é as Ctrl+2 (it tries the key's Shift level) but Ctrl+é, which a
French agent presses for « Ctrl+2 » as browsers take it, as nobody's; and the guide's Ctrl+Maj+0 (Ctrl, Shift and
the à key) as Ctrl+0, « À décider »'s (tests/views/test_x_keyboard.py, real keys through the X server)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

# A digit's key without Shift on AZERTY; the 6 key's « - » is the text size's Ctrl+minus (kit/zoom.py), and Qt reads
# Ctrl+Maj+- as Ctrl+6.
UNSHIFTED = {
    "1": Qt.Key.Key_Ampersand,
    "2": Qt.Key.Key_Eacute,
    "3": Qt.Key.Key_QuoteDbl,
    "4": Qt.Key.Key_Apostrophe,
    "5": Qt.Key.Key_ParenLeft,
    "7": Qt.Key.Key_Egrave,
    "8": Qt.Key.Key_Underscore,
    "9": Qt.Key.Key_Ccedilla,
    "0": Qt.Key.Key_Agrave,
}
_MODIFIERS = {"Ctrl": Qt.KeyboardModifier.ControlModifier, "Alt": Qt.KeyboardModifier.AltModifier}


def digit_keys(modifier: str, digit: str) -> list[QKeySequence]:
    """`modifier`+`digit`, and `modifier` with the digit's key unshifted on AZERTY (« Ctrl+É » for Ctrl+2)."""
    keys = [QKeySequence(f"{modifier}+{digit}")]
    if digit in UNSHIFTED:
        keys.append(QKeySequence(QKeyCombination(_MODIFIERS[modifier], UNSHIFTED[digit])))
    return keys


def bind_digit(owner: QWidget, modifier: str, digit: str, act: Callable[..., object]) -> QShortcut:
    """`modifier`+`digit` does `act` while `owner` is shown, typed with or without Shift on AZERTY."""
    shortcut = QShortcut(owner)
    shortcut.setKeys(digit_keys(modifier, digit))
    shortcut.activated.connect(act)
    return shortcut


def is_shifted_zero(event: QEvent) -> bool:
    """Ctrl+Maj+0 as AZERTY gives it: the key says 0 with Ctrl and Shift held (Shift+0 is « ) » on a US keyboard,
    where the shortcut « Ctrl+Shift+0 » matches), and Qt offers it to the shortcuts as Ctrl+0."""
    return (
        isinstance(event, QKeyEvent)
        and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
        and event.key() == Qt.Key.Key_0
        and event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        == Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )


class ShiftedZero(QObject):
    """Does `act` on Ctrl+Maj+0 typed on AZERTY in `window`, before Qt's shortcuts read it as Ctrl+0. Installed on the
    window: a key the focused field does not take goes up to it (QApplication propagates the override), so no filter
    runs for the application's other events."""

    def __init__(self, window: QWidget, act: Callable[[], object]) -> None:
        super().__init__(window)
        self._act = act
        self._acting = False  # a key press acted on, its press not come up yet

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent) or not is_shifted_zero(event):
            return False
        event.accept()  # the override taken: no shortcut sees the key (its press, when it comes up here, is eaten)
        # Acted on at the override: the press may stop at the page. Qt offers it again before the press, without the
        # window system's timestamp: that one is the same key.
        if event.type() == QEvent.Type.KeyPress:
            self._acting = False
        elif not self._acting or event.timestamp():
            self._acting = True
            self._act()
        return True
